"""Render the README's screenshots from a fixed, realistic morning.

    python docs/screenshots.py        # writes docs/*.svg (and *.png with rsvg-convert)

Everything comes from a fixed clock and a fresh database, so the pictures only
change when the screens do.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from startnow.app import StartnowApp  # noqa: E402
from startnow.clock import ManualClock  # noqa: E402
from startnow.services.hub import Services  # noqa: E402

HERE = Path(__file__).parent
BERLIN = ZoneInfo("Europe/Berlin")
MORNING = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)  # Mon 08:52 in Berlin


def spec(title: str, **kw: object) -> SimpleNamespace:
    chunks = tuple(SimpleNamespace(title=t, estimate=m) for t, m in kw.pop("chunks", ()))
    base = {"estimate": None, "planned_start": None, "due": None, "tags": ()}
    return SimpleNamespace(title=title, chunks=chunks, **{**base, **kw})


def morning(services: Services, clock: ManualClock) -> None:
    """The wireframe's morning: a missed start, today's plan, old waiters, small things."""
    now = clock()
    clock.now = now - timedelta(days=12)
    services.tasks.add(spec("Plan the team offsite"))
    clock.now = now - timedelta(days=6)
    services.tasks.add(spec("Fix the squeaky hinge"))
    clock.now = now - timedelta(days=4)
    services.tasks.add(
        spec(
            "Renew the car insurance",
            planned_start=now - timedelta(days=3),
            chunks=(("find last year's policy number", 5),),
        )
    )
    clock.now = now - timedelta(hours=14)
    services.tasks.add(
        spec(
            "Write the quarterly report",
            estimate=120,
            planned_start=now + timedelta(minutes=8),
            due=datetime(2026, 11, 27, 22, 59, tzinfo=UTC),
            chunks=(
                ("open the doc and write one rough sentence", 5),
                ("outline the three parts", 20),
            ),
        )
    )
    services.tasks.add(spec("Call the dentist", planned_start=now + timedelta(hours=1, minutes=38)))
    services.tasks.add(spec("Reply to Sam about Friday", estimate=2))
    services.tasks.add(spec("Pay the water bill", estimate=2))
    clock.now = now


async def shoot(services: Services, name: str, keys: list[str], size=(100, 30)) -> Path:
    app = StartnowApp(services, tz=BERLIN, watch_seconds=0, notify_desktop=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        path = HERE / f"{name}.svg"
        app.save_screenshot(str(path.name), str(HERE))
    return path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(MORNING)
        services = Services.open(Path(tmp) / "s.db", clock=clock, rng=random.Random(4))
        morning(services, clock)
        shots = {
            "today": [],
            "blocker": ["down", "down", "down", "enter"],
            "nudge": ["down", "down", "down", "enter", "enter"],
            "timer": ["down", "down", "down", "enter", "enter", "enter"],
        }
        paths = []
        for name, keys in shots.items():
            paths.append(asyncio.run(shoot(services, name, keys)))
            for session in [services.focus.running()]:
                if session:
                    services.focus.finish(session.id, "stopped")
        services.close()
    if shutil.which("rsvg-convert"):
        for path in paths:
            subprocess.run(
                ["rsvg-convert", str(path), "-o", str(path.with_suffix(".png"))], check=True
            )
    print("\n".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
