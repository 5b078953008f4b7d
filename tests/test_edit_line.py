"""A task as one quick-add line (Today's `e`), and that line read back: the
same task, a piece taken out is cleared, a passed date left alone is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from startnow.domain.edit import EditError, edited_values
from startnow.domain.edit_line import edit_from_line, estimate_word, quick_add_line
from startnow.domain.model import TaskInfo
from startnow.domain.quickadd import QuickAddError, parse_quick_add
from startnow.domain.task_filter import TaskFilter
from startnow.domain.today import SmallThing, TodayView, narrowed
from tests.helpers import BERLIN, MORNING

REPORT = TaskInfo(
    1, "Write Q3 report", MORNING - timedelta(days=1),
    planned_start=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),  # Tue 09:00 in Berlin
    due=datetime(2026, 11, 27, 22, 59, tzinfo=UTC),  # Fri, end of the day
    estimate=120, tags=("work", "q3"),
)  # fmt: skip


def values(task: TaskInfo) -> dict[str, object]:
    return {
        "title": task.title, "estimate": task.estimate, "planned_start": task.planned_start,
        "due": task.due, "tags": task.tags,
    }  # fmt: skip


def test_the_line_reads_as_quick_add_writes_it() -> None:
    assert quick_add_line(REPORT, BERLIN) == (
        "Write Q3 report ~2h start:2026-11-24T09:00 due:2026-11-27 #work #q3"
    )


@pytest.mark.parametrize(
    "task",
    [
        REPORT,
        TaskInfo(2, "Buy milk", MORNING),
        TaskInfo(3, "Call Anna", MORNING, estimate=90, due=datetime(2026, 12, 1, 16, 30, 15,
                                                                     tzinfo=UTC)),
        # 02:30 on 25 Oct 2026 happens twice in Berlin: the offset says which.
        TaskInfo(4, "Night shift", MORNING - timedelta(days=40),
                 planned_start=datetime(2026, 10, 25, 1, 30, tzinfo=UTC), tags=("ops",)),
        TaskInfo(5, "Next year", MORNING, due=datetime(2027, 3, 1, 10, 0, tzinfo=UTC),
                 estimate=5),
    ],
    ids=["dates-and-tags", "bare", "seconds", "clock-change", "next-year"],
)  # fmt: skip
def test_parsing_the_line_back_gives_the_same_task(task: TaskInfo) -> None:
    parsed = parse_quick_add(quick_add_line(task, BERLIN), MORNING, BERLIN)
    assert (parsed.title, parsed.estimate, parsed.planned_start, parsed.due, parsed.tags) == (
        task.title, task.estimate, task.planned_start, task.due, task.tags,
    )  # fmt: skip
    edit = edit_from_line(task, quick_add_line(task, BERLIN), MORNING, BERLIN)
    assert edited_values(values(task), edit, BERLIN) == {}


def test_estimates_read_back_as_written() -> None:
    assert [estimate_word(m) for m in (5, 60, 90, 120, 10080)] == [
        "~5m", "~1h", "~1h30m", "~2h", "~168h",
    ]  # fmt: skip


def test_changing_only_the_due_date_changes_only_the_due_date() -> None:
    line = quick_add_line(REPORT, BERLIN).replace("due:2026-11-27", "due:next mon")
    edit = edit_from_line(REPORT, line, MORNING, BERLIN)
    monday_night = datetime(2026, 11, 30, 22, 59, tzinfo=UTC)
    assert edited_values(values(REPORT), edit, BERLIN) == {"due": monday_night}


def test_a_piece_taken_out_is_cleared() -> None:
    edit = edit_from_line(REPORT, "Write Q3 report start:2026-11-24T09:00 #work", MORNING, BERLIN)
    assert edited_values(values(REPORT), edit, BERLIN) == {
        "estimate": None, "due": None, "tags": ("work",),
    }  # fmt: skip


def test_an_overdue_date_left_as_it_was_is_kept_but_a_new_past_one_is_refused() -> None:
    overdue = TaskInfo(6, "Send the invoice", MORNING - timedelta(days=5),
                       due=datetime(2026, 11, 22, 22, 59, tzinfo=UTC))  # fmt: skip
    line = quick_add_line(overdue, BERLIN)
    assert line == "Send the invoice due:2026-11-22"
    edit = edit_from_line(overdue, line.replace("Send", "Email"), MORNING, BERLIN)
    assert edited_values(values(overdue), edit, BERLIN) == {"title": "Email the invoice"}
    with pytest.raises(QuickAddError, match="already past"):
        edit_from_line(overdue, "Send the invoice due:2026-11-21", MORNING, BERLIN)


def test_steps_and_a_second_date_are_refused() -> None:
    with pytest.raises(EditError, match="not its steps"):
        edit_from_line(REPORT, "Write it :: outline", MORNING, BERLIN)
    line = quick_add_line(REPORT, BERLIN) + " due:fri"
    with pytest.raises(EditError, match="only one due"):
        edit_from_line(REPORT, line, MORNING, BERLIN)


def test_todays_filter_keeps_each_task_where_it_was() -> None:
    milk = TaskInfo(2, "Buy milk", MORNING, tags=("home",))
    sam = TaskInfo(7, "Reply to Sam", MORNING, estimate=2, tags=("work",))
    view = TodayView((REPORT,), (milk,), (), (SmallThing(sam, sam.next_step),), ())
    by_tag = narrowed(view, TaskFilter.typed("#work").matches)
    assert (by_tag.missed, by_tag.today, [s.task for s in by_tag.small]) == ((REPORT,), (), [sam])
    by_word = narrowed(view, TaskFilter.typed("MILK").matches)
    assert (by_word.missed, by_word.today, by_word.small) == ((), (milk,), ())
    both = narrowed(view, TaskFilter.typed("report #q3").matches)
    assert both.main == (REPORT,)
