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
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from startnow.app import StartnowApp  # noqa: E402
from startnow.clock import ManualClock  # noqa: E402
from startnow.services.all_services import Services  # noqa: E402

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from tests.scenes import BERLIN, MORNING, morning  # noqa: E402


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
            "breakdown": ["down", "down", "down", "b"],
        }
        paths = []
        for name, keys in shots.items():
            paths.append(asyncio.run(shoot(services, name, keys)))
            for session in [services.focus.running()]:
                if session:
                    services.focus.finish(session.id, "stopped")
        services.close()
        from startnow.demo.writer import write_history

        demo = Path(tmp) / "demo.db"
        write_history(demo, MORNING, BERLIN, seed=7)
        services = Services.open(demo, clock=ManualClock(MORNING), rng=random.Random(4))
        paths.append(asyncio.run(shoot(services, "review", ["r"])))
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
