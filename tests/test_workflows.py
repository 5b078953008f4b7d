"""The coach's use cases as service calls, without a screen: what each one
writes to the store."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.domain.dates import DateParseError
from startnow.domain.model import SessionInfo
from startnow.services.all_services import Services
from tests.helpers import BERLIN, rows, spec


def test_start_now_on_a_missed_start_records_the_recovery_and_links_the_session(
    services: Services, db_path: Path
) -> None:
    task = services.tasks.add(spec("Renew the car insurance", estimate=30))
    session = services.workflows.recover(task, "start", forgave=True, tz=BERLIN)
    assert isinstance(session, SessionInfo)
    assert session.planned_minutes == 5
    [recovery] = rows(db_path, "SELECT id, option, forgave FROM recovery")
    assert (recovery["option"], recovery["forgave"]) == ("start", 1)
    assert session.recovery_id == recovery["id"]


def test_a_reschedule_that_cannot_be_read_records_nothing(
    services: Services, db_path: Path
) -> None:
    task = services.tasks.add(spec("Call the bank"))
    with pytest.raises(DateParseError):
        services.workflows.recover(task, "reschedule", text="frday", tz=BERLIN)
    assert rows(db_path, "SELECT * FROM recovery") == []
    assert rows(db_path, "SELECT planned_start FROM task")[0][0] is None


def test_a_reschedule_moves_the_start_and_keeps_the_words(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    task = services.tasks.add(spec("Call the bank"))
    when = services.workflows.recover(task, "reschedule", text="tomorrow 9am", tz=BERLIN)
    assert when == services.tasks.get(task.id).planned_start
    assert when is not None and when > clock()
    assert [tuple(r) for r in rows(db_path, "SELECT option, text FROM recovery")] == [
        ("reschedule", "tomorrow 9am")
    ]


def test_yes_after_a_session_on_a_stepless_task_closes_it_once(
    services: Services, clock: ManualClock
) -> None:
    task = services.tasks.add(spec("Water the plants", estimate=5))
    session = services.workflows.start_now(task)
    clock.advance(minutes=5)
    session = services.focus.finish(session.id, "completed")
    after = services.workflows.answer_step_done(session, "yes")
    assert not after.task_open
    closed = services.tasks.get(task.id)
    assert closed.status == "done" and closed.closed_at == clock()
    clock.advance(minutes=1)
    services.tasks.complete_step(task.id, None)  # a second "done" changes nothing
    assert services.tasks.get(task.id).closed_at == closed.closed_at


def test_a_swept_small_thing_gets_its_own_start_and_is_done(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    first = services.tasks.add(spec("Reply to Sam", estimate=2))
    second = services.tasks.add(spec("Pay the water bill", estimate=2))
    sweep = services.workflows.start_sweep(first.next_step)
    clock.advance(minutes=1)
    services.workflows.sweep_done(second.next_step)
    services.workflows.end_sweep(sweep)
    by_id = {r["id"]: r for r in rows(db_path, "SELECT id, status, first_started_at FROM task")}
    assert by_id[first.id]["first_started_at"] is None  # skipped: never started
    assert by_id[second.id]["status"] == "done"
    assert by_id[second.id]["first_started_at"] == int(clock().timestamp())


def test_a_reschedule_past_the_due_date_is_refused_and_changes_nothing(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    due = clock() + timedelta(days=1)
    task = services.tasks.add(spec("Renew the insurance", due=due))
    with pytest.raises(DateParseError) as caught:
        services.workflows.recover(task, "reschedule", text="in 3 days", tz=BERLIN)
    assert "after its due date (is due" in str(caught.value)
    clock.advance(days=2)  # the due date has passed: no start can come before it now
    with pytest.raises(DateParseError) as caught:
        services.workflows.reschedule(services.tasks.get(task.id), "tomorrow 9am", BERLIN)
    assert "was due" in str(caught.value)
    assert rows(db_path, "SELECT planned_start FROM task")[0][0] is None
    assert rows(db_path, "SELECT * FROM recovery") == []


def test_a_small_thing_starts_a_two_minute_timer_without_a_blocker(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    task = services.tasks.add(spec("Reply to Anna", estimate=2))
    session = services.workflows.start_small(task.next_step)
    [row] = rows(db_path, "SELECT * FROM focus_session")
    assert (row["planned_minutes"], row["blocker"], row["nudge_id"]) == (2, None, None)
    assert (row["kind"], row["id"]) == ("focus", session.id)
    assert rows(db_path, "SELECT first_started_at FROM task")[0][0] == int(clock().timestamp())


def test_a_small_thing_done_from_the_lane_counts_in_the_day_so_far(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    first = services.tasks.add(spec("Reply to Anna", estimate=2))
    second = services.tasks.add(spec("Pay the water bill", estimate=2))
    services.tasks.add(spec("Still open", estimate=2))
    services.workflows.small_done(first.next_step)
    sweep = services.workflows.start_sweep(second.next_step)
    clock.advance(minutes=3)
    services.workflows.sweep_done(second.next_step)
    services.workflows.end_sweep(sweep)
    assert [r["status"] for r in rows(db_path, "SELECT status FROM task ORDER BY id")] == [
        "done", "done", "open",
    ]  # fmt: skip
    so_far = services.day_so_far(BERLIN)
    assert (so_far.starts, so_far.focused_minutes, so_far.done) == (0, 3, 2)
    assert so_far.line == "3 min focused · 2 done"
    # A thing done without a timer of its own is started and closed, with no
    # session of its own: the sweep's one session holds the three minutes.
    sessions = rows(db_path, "SELECT task_id, kind, planned_minutes FROM focus_session")
    assert [tuple(r) for r in sessions] == [(second.id, "sweep", 10)]
    started = rows(db_path, "SELECT first_started_at, closed_at FROM task ORDER BY id")
    assert [tuple(r) for r in started][:2] == [
        (int(clock().timestamp()) - 180, int(clock().timestamp()) - 180),
        (int(clock().timestamp()), int(clock().timestamp())),
    ]


def test_the_sweeps_first_thing_swept_at_once_has_only_the_sweeps_row(
    services: Services, db_path: Path
) -> None:
    """The sweep's own session starts on it: no second row beside it."""
    first = services.tasks.add(spec("Reply to Anna", estimate=2))
    sweep = services.workflows.start_sweep(first.next_step)
    services.workflows.sweep_done(first.next_step)
    services.workflows.end_sweep(sweep)
    assert len(rows(db_path, "SELECT * FROM focus_session")) == 1
    assert services.day_so_far(BERLIN).done == 1


def test_a_swept_thing_exports_and_imports_again(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    from tests.helpers import cli

    services.workflows.small_done(services.tasks.add(spec("Reply to Anna", estimate=2)).next_step)
    code, out, err = cli("--db", str(db_path), "export", "--format", "json")
    assert code == 0, err
    dump = tmp_path / "export.json"
    dump.write_text(out)
    code, out, err = cli("--db", str(tmp_path / "other.db"), "import", str(dump))
    assert code == 0, err
    copied = rows(tmp_path / "other.db", "SELECT status, first_started_at FROM task")
    assert [(r["status"], r["first_started_at"] is not None) for r in copied] == [("done", True)]
    assert rows(tmp_path / "other.db", "SELECT * FROM focus_session") == []
