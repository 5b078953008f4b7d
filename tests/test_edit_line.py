"""A task as one quick-add line (Today's `e`), and that line read back: the
same task, a piece taken out is cleared, a passed date left alone is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.domain.edit import EditError, edited_values
from startnow.domain.edit_line import edit_from_line, estimate_word, quick_add_line
from startnow.domain.model import TaskInfo
from startnow.domain.quickadd import QuickAddError, parse_quick_add, title_problem
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


# -- titles holding the grammar's own words -------------------------------------

GRAMMAR_LIKE = st.sampled_from([
    "#work", "#3", "#", "C#", "due:", "due:fri", "Due:tomorrow", "start:", "start:9am",
    "every:", "every:day", "Every:2w", "~5m", "~2h", "~x", "~", "::", "::x", "a::b", ";",
    "\\", "\\#work", "\\\\due:", "\\o/", '"every:"', 'due:"next', 'mon"', "“due:", "-due",
    "-#home", "-~", "re:", "http://x", "fri", "tomorrow", "9am", "in", "2h",
])  # fmt: skip
PLAIN_WORD = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")),
    min_size=1, max_size=8,
).filter(lambda w: w == w.strip() and len(w.split()) == 1)  # fmt: skip
TITLES = st.lists(GRAMMAR_LIKE | PLAIN_WORD, min_size=1, max_size=8).map(" ".join).filter(
    lambda title: title_problem(title) is None
)


@settings(max_examples=400, deadline=None)
@given(
    TITLES,
    st.sampled_from([None, 5, 90]),
    st.sampled_from([None, REPORT.planned_start]),
    st.sampled_from([None, REPORT.due]),
    st.sampled_from([(), ("work",), ("q3", "home/x")]),
)
def test_a_title_with_grammar_words_reads_back_as_the_same_task(
    title: str,
    estimate: int | None,
    start: datetime | None,
    due: datetime | None,
    tags: tuple[str, ...],
) -> None:
    """line -> parse -> the same task, whatever words the title holds."""
    task = TaskInfo(9, title, MORNING, planned_start=start, due=due, estimate=estimate, tags=tags)
    line = quick_add_line(task, BERLIN)
    parsed = parse_quick_add(line, MORNING, BERLIN)
    assert (parsed.title, parsed.estimate, parsed.planned_start, parsed.due, parsed.tags) == (
        title, estimate, start, due, tags,
    )  # fmt: skip
    assert parsed.recurrence is None and parsed.chunks == ()
    edit = edit_from_line(task, line, MORNING, BERLIN)
    assert edited_values(values(task), edit, BERLIN) == {}


def test_the_line_escapes_only_the_words_that_need_it() -> None:
    task = TaskInfo(9, "Fix #3 due: date parser", MORNING, tags=("work",))
    assert quick_add_line(task, BERLIN) == r"Fix #3 \due: date parser #work"
    task = TaskInfo(9, 'Read "every:" docs, every: one, ~5m each', MORNING)
    assert quick_add_line(task, BERLIN) == r'Read "every:" docs, \every: one, \~5m each'


def test_a_title_with_odd_spacing_left_as_it_was_is_not_changed() -> None:
    """Another program's "a  b": the line says "a b", and Enter changes nothing."""
    task = TaskInfo(9, "Call  the   bank ", MORNING)
    line = quick_add_line(task, BERLIN)
    assert line == "Call the bank"
    assert edit_from_line(task, line, MORNING, BERLIN).title == "Call  the   bank "
    assert edit_from_line(task, "Call the bank now", MORNING, BERLIN).title == "Call the bank now"
