"""`startnow` paints Today from plain sqlite3 before the ORM is even imported,
then opens the full services behind it: Enter, Enter, Enter still works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from startnow.cli import main
from tests.helpers import rows

SCRIPT = r"""
import asyncio, sys, threading
from pathlib import Path
from startnow.app import StartnowApp
from startnow.services.all_services import Services
from tests.helpers import screen_text

path = Path(sys.argv[1])
release = threading.Event()

def held_back_open(state):
    release.wait()
    from startnow.store.db import open_store
    return open_store(path, checked=state)

services = Services.launch(path, opener=held_back_open)
app = StartnowApp(services)

async def run():
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        painted = "Water the plants" in screen_text(app)
        orm = [m for m in ("sqlalchemy", "sqlmodel") if m in sys.modules]
        print("painted" if painted else "not painted", "orm:", orm)
        release.set()
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        print("screen:", type(app.screen).__name__)
    services.close()

asyncio.run(run())
"""


def test_today_paints_before_the_orm_loads_and_the_loop_still_runs(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "add", "Water the plants ~5m"]) == 0
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "painted orm: []" in lines
    assert "screen: FocusScreen" in lines
    [session] = rows(db, "SELECT task_id, ended_at FROM focus_session")
    assert tuple(session) == (1, None)


def test_a_new_store_takes_the_full_way(tmp_path: Path) -> None:
    from startnow.store.fast import open_quickly

    assert open_quickly(tmp_path / "new.db", create_dir=False) is None
    assert not (tmp_path / "new.db").exists()
