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
from startnow.commands.tui import quick_app
from startnow.store.preflight import inspect_file
from startnow.store.reader import connect_for_reading
from tests.helpers import screen_text

path = Path(sys.argv[1])
state = inspect_file(path)
conn = connect_for_reading(path)
release = threading.Event()

def held_back_open():
    release.wait()
    from startnow.services.hub import Services
    return Services.open(path, checked=state)

app, quick, opening = quick_app(path, state, conn, opener=held_back_open)

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
    opening.get().close()
    quick.close()

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
    from startnow.commands.tui import quick_start

    class Args:
        db = str(tmp_path / "new.db")

    assert quick_start(Args()) is None  # type: ignore[arg-type]
    assert not (tmp_path / "new.db").exists()
