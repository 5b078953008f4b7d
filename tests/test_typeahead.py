"""Enter, Enter, Enter typed the moment Today appears reaches the running
timer on the top task, however long the store takes to open behind it.

On a task with no blocker named yet, the question opens on "Nothing — just
go", which starts the timer at once; the third Enter lands on the timer and
does nothing. On a missed start the second Enter takes "start 5 minutes now"."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from textual import events

from startnow.app import StartnowApp
from startnow.screens.focus import FocusScreen
from startnow.services.all_services import Services, open_checked
from startnow.store.db import Store, open_store
from startnow.store.fast.insert import fast_insert
from startnow.store.preflight import FileState
from tests.helpers import BERLIN, MORNING, rows, spec


@pytest.mark.parametrize("missed", [False, True], ids=["waiting", "missed start"])
@pytest.mark.parametrize("attempt", range(4))  # bench.startup types it 20 times in tmux
async def test_enter_three_times_typed_ahead_reaches_the_timer(
    tmp_path: Path, attempt: int, missed: bool
) -> None:
    """On a missed start the second Enter takes "start 5 minutes now": the
    third must not start a second timer."""
    db = tmp_path / "startnow.db"
    open_store(db).close()
    planned = MORNING if missed else None  # long past: a missed start on top of Today
    tasks = [
        spec(f"task {n}", estimate=25, planned_start=planned, chunks=((f"open {n}", 5),))
        for n in range(30)
    ]
    assert fast_insert(db, tasks, MORNING - timedelta(hours=1)) is not None
    keys_sent = threading.Event()

    def held_back(state: FileState) -> Store:
        keys_sent.wait(timeout=30)  # the store opens only once every key is in the queue
        return open_checked(state)

    services = Services.launch(db, opener=held_back)
    app = StartnowApp(services, tz=BERLIN, watch_seconds=0, notify_desktop=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):  # as a terminal delivers keys typed faster than screens appear
            app.post_message(events.Key("enter", "\r"))
        keys_sent.set()
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, FocusScreen):
                break
        assert isinstance(app.screen, FocusScreen)
        assert app.return_code is None  # still running, no error line
    services.close()
    [session] = rows(db, "SELECT task_id, ended_at, blocker, blocker_chosen FROM focus_session")
    assert session["task_id"] == 1 and session["ended_at"] is None
    if not missed:  # the question's default, stored as a default: no one named it
        assert (session["blocker"], session["blocker_chosen"]) == ("none", 0)
