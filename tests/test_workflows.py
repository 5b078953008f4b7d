"""The coach's use cases as service calls, without a screen: what each one
writes to the store."""

from __future__ import annotations

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
