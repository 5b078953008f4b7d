"""Start delay, missed starts and Today's order, with fixed clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from startnow.domain.delays import (
    humanize,
    is_missed,
    is_overdue,
    open_delay,
    ready_time,
    start_by,
    start_delay,
    task_delay,
)
from startnow.domain.describe import short_when
from startnow.domain.model import StepInfo, TaskInfo
from startnow.domain.today import build_today, task_details

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)  # Mon 08:52 Berlin


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A Berlin wall time as an aware UTC instant."""
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def task(task_id: int = 1, **kw: object) -> TaskInfo:
    kw.setdefault("title", f"task {task_id}")
    kw.setdefault("created_at", at(20, 10))
    return TaskInfo(id=task_id, **kw)  # type: ignore[arg-type]


def test_delay_counts_from_creation_without_a_planned_start() -> None:
    t = task(created_at=at(20, 10), first_started_at=at(23, 8, 30))
    assert task_delay(t, NOW) == timedelta(days=2, hours=22, minutes=30)


def test_delay_counts_from_the_planned_start_when_set() -> None:
    t = task(created_at=at(1, 10), planned_start=at(23, 8), first_started_at=at(23, 8, 45))
    assert task_delay(t, NOW) == timedelta(minutes=45)


def test_starting_early_is_a_zero_delay_not_a_negative_one() -> None:
    t = task(planned_start=at(24, 9), first_started_at=at(23, 8))
    assert task_delay(t, NOW) == timedelta(0)
    assert start_delay(at(24, 9), at(23, 8)) == timedelta(0)


def test_a_task_never_started_has_an_open_delay_that_keeps_growing() -> None:
    t = task(created_at=at(20, 8, 52))
    assert task_delay(t, NOW) == timedelta(days=3)
    assert task_delay(t, NOW + timedelta(days=1)) == timedelta(days=4)
    assert open_delay(at(24, 9), NOW) == timedelta(0)  # not ready yet: no delay


def test_delay_across_a_daylight_saving_change_is_real_elapsed_time() -> None:
    # Berlin leaves summer time on Sunday 25 October 2026 at 03:00 → 02:00.
    planned = datetime(2026, 10, 24, 9, 0, tzinfo=BERLIN)
    started = datetime(2026, 10, 25, 9, 0, tzinfo=BERLIN)  # same wall time, next day
    t = task(
        created_at=at(1, 10, month=10),
        planned_start=planned.astimezone(UTC),
        first_started_at=started.astimezone(UTC),
    )
    assert task_delay(t, NOW) == timedelta(hours=25)


def test_start_by_is_due_minus_estimate_minus_a_buffer_of_the_estimate() -> None:
    assert start_by(at(27, 17), 120) == at(27, 13)
    assert start_by(at(27, 17), 120, buffer_minutes=30) == at(27, 14, 30)
    assert start_by(at(27, 17), None) is None
    assert start_by(None, 60) is None


@pytest.mark.parametrize(
    ("kw", "missed"),
    [
        ({"planned_start": at(23, 7, 51)}, True),  # 1 h 1 min ago: past the grace hour
        ({"planned_start": at(23, 7, 53)}, False),  # 59 min ago: still within grace
        ({"planned_start": at(20, 9), "first_started_at": at(20, 9)}, False),  # started
        ({"planned_start": at(20, 9), "status": "done"}, False),
        ({"due": at(23, 10), "estimate": 30}, True),  # start-by 09:00 → not yet; see below
        ({"due": at(24, 17), "estimate": 60}, False),
        ({}, False),  # no planned start, no due: never "missed", just waiting
    ],
)
def test_missed_start(kw: dict[str, object], missed: bool) -> None:
    t = task(**kw)
    if "due" in kw and kw.get("estimate") == 30:
        # start-by = 10:00 − 30 − 30 = 09:00; at 10:01 it is missed, at 08:52 it is not.
        assert not is_missed(t, NOW)
        assert is_missed(t, at(23, 10, 1))
        return
    assert is_missed(t, NOW) is missed


def test_today_orders_missed_then_planned_then_waiting_longest() -> None:
    tasks = [
        task(1, title="waiting 3 days", created_at=at(20, 9)),
        task(2, title="waiting 12 days", created_at=at(11, 9)),
        task(3, title="missed Friday", planned_start=at(20, 9)),
        task(4, title="today 10:30", planned_start=at(23, 10, 30)),
        task(5, title="today 09:00", planned_start=at(23, 9)),
        task(6, title="next week", planned_start=at(30, 9)),
        task(7, title="reply to Sam", estimate=2),
        task(8, title="done", status="done"),
        task(
            9,
            title="offsite",
            created_at=at(15, 9),
            chunks=(StepInfo(1, 9, 0, "send one message", 2),),
        ),
    ]
    view = build_today(tasks, NOW, BERLIN)
    assert [t.id for t in view.missed] == [3]
    assert [t.id for t in view.today] == [5, 4]
    assert [t.id for t in view.waiting] == [2, 9, 1]
    assert [t.id for t in view.main] == [3, 5, 4, 2, 9, 1]
    # One rule for the lane (and the sweep): small tasks, not big ones by a
    # small next step, and nothing the main list shows already.
    assert [(s.task.id, s.step.title) for s in view.small] == [(7, "reply to Sam")]
    assert [t.id for t in view.upcoming] == [6]


def test_today_is_the_local_day_across_midnight_utc() -> None:
    late = datetime(2026, 11, 23, 23, 30, tzinfo=BERLIN).astimezone(UTC)  # 22:30 UTC
    tomorrow_early = task(1, planned_start=at(24, 0, 30))
    view = build_today([tomorrow_early], late, BERLIN)
    assert view.main == ()  # 00:30 tomorrow is not today, though it is the same UTC date
    assert view.upcoming == (tomorrow_early,)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=30), "just now"),
        (timedelta(minutes=12), "12 min"),
        (timedelta(hours=5, minutes=59), "5 h"),
        (timedelta(days=1, hours=3), "1 day"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=20), "2 weeks"),
    ],
)
def test_humanize_gives_numbers_a_person_can_act_on(delta: timedelta, text: str) -> None:
    assert humanize(delta) == text


def test_a_task_is_never_missed_from_before_it_was_added() -> None:
    """Added at 17:00, due 20:00 with ~3h: its start-by (14:00) had passed already.
    The grace runs from when it was added, not from 14:00."""
    added = at(23, 17, 0)
    t = task(created_at=added, due=at(23, 20, 0), estimate=180)
    assert start_by(t.due, t.estimate) == at(23, 14, 0)
    assert not is_missed(t, added)
    assert not is_missed(t, at(23, 18, 0))  # within the grace (60 min) after adding
    assert is_missed(t, at(23, 18, 1))
    late = task(created_at=added, planned_start=at(23, 8, 0))  # "start:today 8am" at 17:00
    assert not is_missed(late, at(23, 17, 30)) and is_missed(late, at(23, 18, 1))


def test_a_task_closed_without_a_start_has_no_delay_at_all() -> None:
    from startnow.domain.delays import closed_without_start, measured_delay

    dropped = task(status="dropped", closed_at=at(21, 9))
    assert closed_without_start(dropped) and measured_delay(dropped, NOW) is None
    assert measured_delay(dropped, NOW + timedelta(days=30)) is None  # it never grows
    done_after_start = task(status="done", first_started_at=at(20, 12), closed_at=at(21, 9))
    assert not closed_without_start(done_after_start)
    assert measured_delay(done_after_start, NOW) == timedelta(hours=2)
    still_open = task()
    assert not closed_without_start(still_open)
    assert measured_delay(still_open, NOW) == task_delay(still_open, NOW)


def test_ready_time_is_the_planned_start_but_never_before_the_task_existed() -> None:
    """`start:today 9am` added at 15:00 and started at 15:05 waited five minutes."""
    added = at(23, 15, 0)
    late = task(created_at=added, planned_start=at(23, 9, 0), first_started_at=at(23, 15, 5))
    assert late.ready_time == added
    assert task_delay(late, NOW) == timedelta(minutes=5)
    ahead = task(created_at=added, planned_start=at(24, 9, 0))
    assert ahead.ready_time == at(24, 9, 0)
    assert ready_time(added, None) == added
    assert ready_time(added, at(23, 14, 59)) == added
    assert ready_time(added, at(23, 15, 1)) == at(23, 15, 1)


def test_the_status_lines_light_task_has_the_same_ready_time() -> None:
    from startnow.domain.status import OpenTask

    for created, planned in [
        (at(23, 15), at(23, 9)),
        (at(23, 15), at(24, 9)),
        (at(23, 15), None),
    ]:
        full = task(created_at=created, planned_start=planned)
        light = OpenTask(1, "t", created, planned)
        assert light.ready_time == full.ready_time


def test_overdue_is_an_open_task_whose_due_date_has_passed() -> None:
    assert is_overdue(task(due=at(23, 8, 0)), NOW)
    assert not is_overdue(task(due=at(23, 9, 0)), NOW)
    assert not is_overdue(task(), NOW)
    assert not is_overdue(task(due=at(20, 9), status="done"), NOW)


def test_a_task_due_monday_reads_overdue_on_wednesday_not_start_by_monday() -> None:
    wednesday = at(25, 10, 0)
    due_monday = task(created_at=at(16, 9), due=at(23, 17, 0), estimate=30)
    view = build_today([due_monday], wednesday, BERLIN)
    assert view.missed == (due_monday,)
    details = task_details(due_monday, "missed", wednesday, BERLIN)
    assert details == ["overdue since Mon 17:00", "waiting 9 days", "~30 min"]
    assert not any(d.startswith("start by") for d in details)
    end_of_monday = task(created_at=at(16, 9), due=at(23, 23, 59))
    assert task_details(end_of_monday, "waiting", wednesday, BERLIN) == [
        "waiting 9 days",
        "overdue since Mon",
    ]


def test_a_due_date_in_another_year_always_shows_the_year() -> None:
    wednesday_2032 = datetime(2032, 1, 7, 9, tzinfo=BERLIN).astimezone(UTC)
    old = task(created_at=at(1, 9), due=datetime(2026, 1, 7, 23, 59, tzinfo=BERLIN))
    assert task_details(old, "waiting", wednesday_2032, BERLIN)[-1] == "overdue since 7 Jan 2026"
    ahead = task(due=datetime(2027, 1, 2, 23, 59, tzinfo=BERLIN))
    assert task_details(ahead, "today", NOW, BERLIN) == ["due 2 Jan 2027"]
    assert short_when(datetime(2027, 1, 2, 9, tzinfo=BERLIN), NOW, BERLIN) == "2 Jan 2027 09:00"
    assert short_when(at(30, 9), NOW, BERLIN) == "30 Nov 09:00"


def test_upcoming_holds_what_starts_on_a_later_day_soonest_first() -> None:
    later = task(1, planned_start=at(27, 9))
    sooner = task(2, planned_start=at(24, 9))
    small_later = task(3, estimate=2, planned_start=at(25, 9))
    view = build_today([later, sooner, small_later], NOW, BERLIN)
    assert view.upcoming == (sooner, small_later, later)
    assert view.main == () and view.small == () and not view.is_empty
    assert task_details(sooner, "upcoming", NOW, BERLIN) == ["starts Tue 09:00"]


def test_the_day_so_far_line_leaves_out_the_noughts() -> None:
    from startnow.domain.today import DaySoFar

    assert DaySoFar(3, 46, 2).line == "3 starts · 46 min focused · 2 done"
    assert DaySoFar(1, 0, 0).line == "1 start"
    assert DaySoFar(5, 130, 1).line == "5 starts · 2h10 focused · 1 done"
    assert DaySoFar().line == ""
    assert [DaySoFar(n).long_break_due for n in (0, 3, 4, 5, 8)] == [
        False, False, True, False, True,
    ]  # fmt: skip


def test_a_planned_start_already_past_when_added_reads_start_now() -> None:
    added = at(23, 15, 0)
    late = task(created_at=added, planned_start=at(23, 9, 0))
    view = build_today([late], at(23, 15, 5), BERLIN)
    assert view.today == (late,)
    assert task_details(late, "today", at(23, 15, 5), BERLIN) == ["start now"]
    on_time = task(created_at=at(22, 15), planned_start=at(23, 16, 0))
    assert task_details(on_time, "today", at(23, 15, 5), BERLIN) == ["start 16:00"]
