"""The weekly review on a five-year heavy user (~20,000 tasks, 100,000 steps,
200,000 focus sessions): in-process, whole process, and the screen.

    python -m bench.review [--db heavy.db] [--runs 9]

Without --db it writes the heavy store once into the temp dir (make_heavy,
about half a minute) and reuses it. Printed beside the targets, and beside a
reference: the same week's figures computed the naive way, by loading every
task and session as ORM objects (what the service must not do).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import child_env, startnow_script

TARGET_IN_PROCESS_MS = 50
TARGET_PROCESS_MS = 500


def heavy_store(path: Path | None) -> Path:
    if path is not None:
        return path
    cached = Path(tempfile.gettempdir()) / "startnow-bench-heavy.db"
    if not cached.exists():
        from bench.make_heavy import make_heavy

        print(f"writing {cached} (once) ...", flush=True)
        info = make_heavy(cached)
        print(f"  {info['counts']} in {info['total_s']:.1f} s", flush=True)
    return cached


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f}"


def in_process(db: Path, runs: int) -> tuple[list[float], list[float], float, str]:
    from startnow.clock import local_zone
    from startnow.services.all_services import Services

    tz = local_zone()
    services = Services.open(db)
    try:
        week = services.reviews.default_week(tz)
        began = time.perf_counter()
        services.reviews.week(week, tz)
        cold = time.perf_counter() - began
        warm = []
        for _ in range(runs):
            began = time.perf_counter()
            review = services.reviews.week(week, tz)
            warm.append(time.perf_counter() - began)
        naive = []
        for _ in range(max(runs // 3, 1)):
            began = time.perf_counter()
            naive_review(services)
            naive.append(time.perf_counter() - began)
    finally:
        services.close()
    label = f"{week}: {review.figures.tasks_started} started, {review.waiting_total} waiting"
    return warm, naive, cold, label


def naive_review(services) -> int:  # type: ignore[no-untyped-def]
    """The reference: every task and session as ORM objects, then Python."""
    from sqlmodel import select

    from startnow.store.models import FocusSession, Task

    with services.store.session() as session:
        tasks = session.exec(select(Task)).all()
        sessions = session.exec(select(FocusSession)).all()
        return len(tasks) + len(sessions)


def whole_process(db: Path, runs: int, week: str) -> list[float]:
    command = [str(startnow_script()), "--db", str(db), "review", "--week", week]
    command += ["--format", "json"]
    env = child_env()
    subprocess.run(command, env=env, check=True, capture_output=True)  # warm-up: .pyc, page cache
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - began)
    return samples


async def screen(db: Path, runs: int) -> tuple[list[float], list[float]]:
    """Key to painted: 'r' opens the review; '←' redraws the week before."""
    from startnow.app import StartnowApp
    from startnow.screens.review import ReviewScreen
    from startnow.services.all_services import Services

    services = Services.open(db)
    opened, walked = [], []
    try:
        app = StartnowApp(services, watch_seconds=0, notify_desktop=False)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(runs):
                began = time.perf_counter()
                await pilot.press("r")
                await pilot.pause()
                assert isinstance(app.screen, ReviewScreen)
                opened.append(time.perf_counter() - began)
                began = time.perf_counter()
                await pilot.press("left")
                await pilot.pause()
                walked.append(time.perf_counter() - began)
                await pilot.press("escape")
                await pilot.pause()
    finally:
        services.close()
    return opened, walked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.review", description=__doc__)
    parser.add_argument("--db", type=Path, help="a heavy store (default: made once in $TMPDIR)")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    db = heavy_store(args.db)
    size_mb = db.stat().st_size / 1e6
    warm, naive, cold, label = in_process(db, args.runs)
    week = label.split(":")[0]
    process = whole_process(db, args.runs, week)
    opened, walked = asyncio.run(screen(db, max(args.runs // 2, 3)))
    print(f"\nreview benchmark · {db} ({size_mb:.0f} MB) · {label}")
    print(f"median of {args.runs} runs, ms          measured    target / reference")
    print(f"  review, in process (warm)        {ms(warm)}    ≤ {TARGET_IN_PROCESS_MS}")
    print(f"  review, in process (first call)  {cold * 1000:8.1f}")
    print(f"  naive: every row as ORM objects  {ms(naive)}    (reference, not used)")
    print(f"  startnow review --format json    {ms(process)}    ≤ {TARGET_PROCESS_MS}")
    print(f"  screen: r → review painted       {ms(opened)}")
    print(f"  screen: ← → week before painted  {ms(walked)}")
    ok = statistics.median(warm) * 1000 <= TARGET_IN_PROCESS_MS and (
        statistics.median(process) * 1000 <= TARGET_PROCESS_MS
    )
    print("targets met" if ok else "TARGET MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
