"""Outcomes say only what was seen: a session found open on launch ended
unseen ("unknown", never "completed" or "stopped") and teaches the coach
nothing; backing out of the nudge screen is no try and no swap."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from startnow.clock import ManualClock
from startnow.domain.chooser import is_success, tally
from startnow.domain.focus import logged_end
from startnow.domain.model import SessionInfo
from startnow.domain.states import Outcome
from startnow.screens.after import AfterScreen
from startnow.screens.blocker import BlockerScreen
from startnow.screens.nudge import NudgeScreen
from startnow.screens.resume import ResumeScreen
from startnow.services.all_services import Services
from tests.helpers import MORNING, SIZE, cli, make_app, rows, screen_text, spec


def open_session(**values: object) -> SessionInfo:
    fields: dict[str, object] = dict(id=1, task_id=1, chunk_id=None, started_at=MORNING)
    fields.update(planned_minutes=10, **values)
    return SessionInfo(**fields)  # type: ignore[arg-type]


def test_a_bell_that_rang_while_the_app_was_closed_is_no_completion() -> None:
    end, outcome = logged_end(open_session(), MORNING + timedelta(hours=3))
    assert (end, outcome) == (MORNING + timedelta(minutes=10), Outcome.UNKNOWN)


def test_a_pause_found_on_launch_is_no_stop() -> None:
    paused = MORNING + timedelta(minutes=4)
    end, outcome = logged_end(open_session(paused_at=paused), MORNING + timedelta(hours=3))
    assert (end, outcome) == (paused, Outcome.UNKNOWN)


def test_a_session_with_time_left_logged_on_launch_ends_now_unknown() -> None:
    now = MORNING + timedelta(minutes=3)
    assert logged_end(open_session(), now) == (now, Outcome.UNKNOWN)


def test_an_unknown_outcome_is_neither_success_nor_failure() -> None:
    assert is_success(Outcome.UNKNOWN, None) is None
    assert is_success(Outcome.UNKNOWN, True) is True  # the person's own answer still counts
    record = tally([("n1", "unknown", None, 5), ("n1", "completed", None, 1)], [])
    assert (record["n1"].successes, record["n1"].failures) == (1, 0)


async def test_a_paused_session_found_on_launch_is_logged_unknown_and_teaches_nothing(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    task = services.tasks.add(spec("Write the report", chunks=(("open the doc", 10),)))
    session = services.focus.start(
        task.id, None, 10, blocker="fear", blocker_chosen=True, nudge_id="practice-round"
    )
    clock.advance(minutes=4)
    services.focus.pause(session.id)
    clock.advance(hours=5)  # the app was closed with the timer paused
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")  # log it as it stands
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
    [logged] = rows(db_path, "SELECT outcome, ended_at, started_at FROM focus_session")
    assert logged["outcome"] == "unknown"
    assert logged["ended_at"] == logged["started_at"] + 4 * 60  # at its pause
    assert services.coach.records() == {}  # no try, no skip: nothing learned


async def test_backing_out_of_the_nudge_screen_records_no_try_and_no_swap(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    """Esc says "not now", nothing about the nudge: no session, no swap row."""
    services.tasks.add(spec("Renew the passport", chunks=(("find the old one", 5),)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "up", "enter")  # deadline, chosen
        await pilot.pause()
        assert isinstance(app.screen, NudgeScreen)
        assert "Deadline" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BlockerScreen)
    assert rows(db_path, "SELECT * FROM nudge_swap") == []
    assert rows(db_path, "SELECT * FROM focus_session") == []


def test_an_unknown_outcome_survives_export_and_import(
    services: Services, clock: ManualClock, db_path: Path, tmp_path: Path
) -> None:
    task = services.tasks.add(spec("Write the report", chunks=(("open the doc", 10),)))
    session = services.focus.start(task.id, None, 10, blocker="fear", blocker_chosen=True)
    clock.advance(hours=2)
    services.focus.log_as_it_stands(session.id)
    code, out, err = cli("--db", str(db_path), "export", "--format", "json")
    assert (code, err) == (0, "")
    backup = tmp_path / "backup.json"
    backup.write_text(out)
    restored = tmp_path / "restored.db"
    assert cli("--db", str(restored), "import", str(backup))[0] == 0
    [row] = rows(restored, "SELECT outcome FROM focus_session")
    assert row["outcome"] == "unknown"
