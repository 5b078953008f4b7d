"""How the app opens: Today from the store's fast reads before the ORM, the
store opened behind it, and every check of the file kept."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from startnow.app import StartnowApp
from startnow.services.all_services import Services
from startnow.store.db import open_store
from startnow.store.fast.insert import fast_insert
from tests.helpers import BERLIN, MORNING, spec

FIRST_RUN = r"""
import asyncio, sys, threading
from pathlib import Path
from startnow.app import StartnowApp
from startnow.services.all_services import Services, open_new

path = Path(sys.argv[1])
painted = threading.Event()

def held_back(state):  # the store is made only once the paint has been looked at
    painted.wait()
    return open_new(state)

services = Services.launch(path, opener=held_back)
app = StartnowApp(services, watch_seconds=0)

async def run():
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        orm = [m for m in ("sqlalchemy", "sqlmodel") if m in sys.modules]
        print("painted", type(app.screen).__name__, "orm:", orm, "file:", path.exists())
        painted.set()
        services.warm_up(wait=True)
    services.close()

asyncio.run(run())
"""


def test_a_first_run_paints_before_the_orm_and_creates_the_store_behind(tmp_path: Path) -> None:
    db = tmp_path / "new" / "startnow.db"
    db.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(db)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "painted TodayScreen orm: [] file: False" in done.stdout.splitlines()
    from tests.helpers import rows

    assert rows(db, "PRAGMA user_version")[0][0] >= 1


def damaged_store(path: Path, where: str) -> bytes:
    """A real store of 200 tasks, then 4000 nudge swaps (pages Today never
    reads), with 4 KiB of noise over its middle pages (tasks) or its end."""
    open_store(path).close()
    tasks = [spec(f"task {n}", estimate=25, chunks=((f"open {n}", 5),)) for n in range(200)]
    assert fast_insert(path, tasks, MORNING) is not None
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO nudge_swap (blocker, nudge_id, at) VALUES ('fear', ?, 0)",
            [(f"nudge-{n}",) for n in range(4000)],
        )
    conn.close()
    data = bytearray(path.read_bytes())
    start = len(data) // 4 if where == "tasks" else len(data) - 3 * 4096
    data[start : start + 4096] = random.Random(7).randbytes(4096)
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("where", ["tasks", "pages Today never reads"])
def test_a_damaged_store_ends_the_app_with_one_line_and_stays_as_it_was(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], where: str
) -> None:
    """The first paint reads no more than Today's rows; damage there, or found
    behind the paint by the check of every page, ends the app with one line
    before anything is written."""
    db = tmp_path / "startnow.db"
    before = damaged_store(db, where)
    services = Services.launch(db)  # no page is read yet
    app = StartnowApp(services, tz=BERLIN, watch_seconds=0.05, notify_desktop=False)
    app.run(headless=True, size=(100, 30))
    services.close()
    assert app.return_code == 1
    said = " ".join(capfd.readouterr().err.split())
    assert said.startswith("startnow: ") and "is damaged" in said
    assert db.read_bytes() == before


# The coach's own arguments are read without argparse (its parser is a share
# of the start); anything else goes to argparse, which reads it as before.
TUI_FORMS = (
    [], ["--db", "x.db"], ["--db=x.db"], ["tui"], ["tui", "--task", "3"],
    ["--db", "x.db", "tui", "--task", "#3"], ["tui", "--db", "x.db"],
)  # fmt: skip
NOT_TUI_FORMS = (
    ["--help"], ["--version"], ["tui", "--help"], ["tui", "--task"], ["--db"],
    ["--task", "3"], ["tui", "tui"], ["tui", "--task=3"], ["bogus"], ["list"],
)  # fmt: skip


@pytest.mark.parametrize("argv", TUI_FORMS, ids=" ".join)
def test_the_coachs_plain_forms_read_as_argparse_reads_them(argv: list[str]) -> None:
    from startnow.cli import parse_args, plain_args

    fast = plain_args(argv)
    assert fast is not None
    slow = parse_args(argv)
    for name in ("command", "db", "task"):
        assert getattr(fast, name, None) == getattr(slow, name, None), name


@pytest.mark.parametrize("argv", NOT_TUI_FORMS, ids=" ".join)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    from startnow.cli import plain_args

    assert plain_args(argv) is None


def test_the_coach_without_a_terminal_has_loaded_no_argparse(tmp_path: Path) -> None:
    """`startnow --db X` reaches its own first check (a terminal) without argparse."""
    from tests.test_hygiene import loaded_after

    code = (
        "from startnow.cli import main\n"
        f"assert main(['--db', {str(tmp_path / 's.db')!r}]) == 2"
    )
    assert "argparse" not in loaded_after(code)
