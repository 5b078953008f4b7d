"""`startnow sync` on a five-year heavy user (~20,000 tasks, 100,000 steps,
200,000 focus sessions): the first sync of that store, the other machine's
first sync that takes it all in, a day's changes each way, and a sync with
nothing to do.

    python -m bench.sync [--db heavy.db] [--runs 3] [--day-runs 5]

Without --db it writes the heavy store once into the temp dir (make_heavy)
under a name of its own, and never syncs it in place: every case works on
copies in a scratch directory. Timed in process (the sync itself, without the
interpreter's start-up), median of the runs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._common import machine


def heavy_store(path: Path | None) -> Path:
    if path is not None:
        return path
    from startnow.store import schema

    cached = Path(tempfile.gettempdir()) / f"startnow-bench-heavy-sync-v{schema.SCHEMA_VERSION}.db"
    if not cached.exists():
        from bench.make_heavy import make_heavy

        print(f"writing {cached} (once) ...", flush=True)
        info = make_heavy(cached)
        print(f"  {info['counts']} in {info['total_s']:.1f} s", flush=True)
    return cached


def timed(work: Callable[..., object], *args: object, **kwargs: object) -> float:
    began = time.perf_counter()
    work(*args, **kwargs)
    return time.perf_counter() - began


class Clock:
    """A clock that moves a few minutes on every call's day of work."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def a_days_changes(db: Path, clock: Clock, rng: random.Random) -> None:
    """What a busy day writes: 15 tasks added, 5 done, 2 edited, 8 focus
    sessions, 3 steps (through the services and the quick paths), quietly."""
    with contextlib.redirect_stdout(io.StringIO()):
        _a_days_changes(db, clock, rng)


def _a_days_changes(db: Path, clock: Clock, rng: random.Random) -> None:
    from startnow.cli import main
    from startnow.services.all_services import Services

    os.environ["STARTNOW_NOW"] = clock().isoformat()
    for i in range(15):
        main(["--db", str(db), "add", f"Day task {rng.randrange(10**6)} ~{5 + i}m"])
    services = Services.open(db, clock=clock, rng=rng)
    try:
        with services.store.raw() as conn:
            open_ids = [r[0] for r in conn.execute("SELECT id FROM task WHERE status = 'open'")]
        chosen = rng.sample(open_ids, 18)
        for task in chosen[:8]:
            session = services.focus.start(task, None, 25)
            clock.now += timedelta(minutes=25)
            services.focus.finish(session.id, "completed")
        for task in chosen[8:11]:
            services.steps.add(task, "one more step", 10)
    finally:
        services.close()
    os.environ["STARTNOW_NOW"] = clock().isoformat()
    for task in chosen[11:16]:
        main(["--db", str(db), "done", str(task)])
    for task in chosen[16:18]:
        main(["--db", str(db), "edit", str(task), "~45m"])
    clock.now += timedelta(hours=8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--db", type=Path, help="a heavy store (default: made once in $TMPDIR)")
    parser.add_argument("--runs", type=int, default=3, help="runs of the first syncs (3)")
    parser.add_argument("--day-runs", type=int, default=5, help="runs of a day's changes (5)")
    args = parser.parse_args(argv)
    os.environ.setdefault("STARTNOW_CONFIG", str(Path(tempfile.mkdtemp()) / "config.toml"))

    from startnow.services.sync import sync

    heavy = heavy_store(args.db)
    rng = random.Random(7)
    clock = Clock()
    first_a: list[float] = []
    first_b: list[float] = []
    sent_bytes = 0
    with tempfile.TemporaryDirectory(prefix="startnow-bench-sync-") as scratch:
        root = Path(scratch)
        for run in range(args.runs):
            for old in root.iterdir():
                shutil.rmtree(old) if old.is_dir() else old.unlink()
            folder, laptop, desktop = root / "shared", root / "laptop.db", root / "desktop.db"
            folder.mkdir()
            shutil.copy(heavy, laptop)
            first_a.append(timed(sync, laptop, folder, clock))
            first_b.append(timed(sync, desktop, folder, clock))
            sent_bytes = sum(p.stat().st_size for p in folder.rglob("*.changeset"))
            print(
                f"  first syncs, run {run + 1}: {first_a[-1]:.1f} s, {first_b[-1]:.1f} s",
                flush=True,
            )
        send: list[float] = []
        take: list[float] = []
        idle: list[float] = []
        for _ in range(args.day_runs):
            a_days_changes(laptop, clock, rng)
            send.append(timed(sync, laptop, folder, clock))
            take.append(timed(sync, desktop, folder, clock))
            idle.append(timed(sync, laptop, folder, clock))
        full = timed(sync, desktop, folder, clock, full=True)

    def s(samples: list[float]) -> str:
        return f"{statistics.median(samples):8.2f}"

    print(f"\nsync benchmark · {heavy} ({heavy.stat().st_size / 1e6:.0f} MB) · {machine()}")
    print("median, seconds                                   runs")
    print(f"  first sync of the heavy store (sends it all)   {s(first_a)}   {args.runs}")
    print(f"  the other machine's first sync (takes it in)   {s(first_b)}   {args.runs}")
    print(f"    (the changeset file: {sent_bytes / 1e6:.0f} MB)")
    print(f"  a day's changes, sent                          {s(send)}   {args.day_runs}")
    print(f"  a day's changes, taken in                      {s(take)}   {args.day_runs}")
    print(f"  nothing to do                                  {s(idle)}   {args.day_runs}")
    print(f"  every row compared (sync(full=True)), once     {full:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
