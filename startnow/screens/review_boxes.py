"""What the review screen's boxes hold, drawn from a `Review` alone: the
charts, the small tables, the recurring tasks, what works, the commitment and
the still-waiting rows. No screen state and no keys (those are in
`review.py`), so each box can be read and tested by itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from startnow.domain.model import TaskInfo, TaskStatus
from startnow.domain.review import Review
from startnow.formats.review_format import (
    NOT_ENOUGH,
    bar,
    chance_words,
    delay_words,
    recurring_words,
)

TABLE_ROWS = 4  # the longest-delay blockers, the most-used nudges: all fit in 30 rows


def more(shown: int, total: int) -> str:
    """' · 3 more' for a box that shows only the first rows (the printed review,
    `startnow review --format text`, has them all)."""
    hidden = total - shown
    return f" · {hidden} more" if hidden > 0 else ""


def small_table(rows: Sequence[tuple[str, ...]], empty: str, gap: int) -> Table | Text:
    """The first TABLE_ROWS rows: a clipped label, then right-aligned figures."""
    if not rows:
        return Text(empty, style="dim")
    table = Table.grid(padding=(0, gap), expand=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for _ in rows[0][1:]:
        table.add_column(justify="right", no_wrap=True)
    for row in rows[:TABLE_ROWS]:
        table.add_row(*row)
    return table


def moved_on(task: TaskInfo) -> str | None:
    """What became of a task that was waiting then: None while it still waits."""
    if task.status == TaskStatus.OPEN and not task.started:
        return None
    since: dict[str, str] = {TaskStatus.DROPPED: "dropped since", TaskStatus.DONE: "done since"}
    return since.get(task.status, "started since")


class WaitingList(OptionList):
    """Still-waiting tasks; Enter reads "start 5 min" in the footer.

    The list sits low in a scrolling page: moving its cursor scrolls the page
    to it, or the highlighted task (the one s, t and x act on) could be out of
    sight on a short terminal."""

    BINDINGS = [Binding("enter", "select", "start 5 min")]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.has_focus:  # a key moved it (not the first fill, before the focus)
            self.scroll_visible(animate=False)


def what_works_text(review: Review) -> Text:
    """Per blocker, the best nudge and how sure; one rarely offered now, and why;
    then whether the coach's picks beat chance."""
    chance = chance_words(review)
    if not review.what_works:
        text = Text(NOT_ENOUGH[0].upper() + NOT_ENOUGH[1:] + ".", style="dim")
        if chance is not None:
            text.append("\n" + chance, style="dim")
        return text
    text = Text()
    for lesson in review.what_works:
        text.append(f"{lesson.label.capitalize()}: ", style="bold")
        text.append(lesson.words() + "\n")
    if chance is not None:
        text.append(chance, style="italic")
    text.rstrip()
    return text


def recurring_text(review: Review) -> Table:
    """The first TABLE_ROWS recurring tasks, the longest average delay first, in
    the printed review's words: 'Weekly report: started 3 h late on average,
    40 min last time (4 times)'; each clipped to one line."""
    table = Table.grid(expand=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for series in review.recurring[:TABLE_ROWS]:
        words = recurring_words(series).removeprefix(series.title)
        table.add_row(Text.assemble((series.title, "bold"), words))
    return table


def focus_bars(review: Review) -> Text:
    top = max((d.minutes for d in review.focus_days), default=0)
    text = Text()
    for d in review.focus_days:
        text.append(f"{d.day:%a} ", style="dim")
        text.append(bar(d.minutes, top, 20) or "·", style="" if d.minutes else "dim")
        text.append(f" {d.minutes}\n" if d.minutes else "\n", style="dim")
    text.rstrip()
    return text


def blocker_table(review: Review) -> Table | Text:
    rows = [(b.label, str(b.tasks_started), delay_words(b.median_delay))
            for b in review.by_blocker]  # fmt: skip
    return small_table(rows, "No starts this week.", gap=2)


def nudge_table(review: Review) -> Table | Text:
    rows = [(n.title, f"{n.used} / {n.completed} / {n.helped}") for n in review.nudges]
    return small_table(rows, "No nudges used this week.", gap=1)


def commitment_text(review: Review, can_commit: bool) -> Text:
    """This week's commitment and whether it was kept; next week's, or the
    suggestion to make one when the week after the reviewed one is still ahead."""
    text = Text()
    if review.commitment is not None:
        kept = {True: "kept ✓", False: "not kept", None: "kept? press k"}
        text.append(f"Week {review.week.week}: {review.commitment.text}  ")
        text.append(f"({kept[review.commitment.kept]})\n", style="dim")
    nxt = review.next_commitment
    if nxt is not None:
        text.append(f"Week {review.week.shift(1).week}: {nxt.text}")
    elif not can_commit:
        text.append(f"No commitment was made for week {review.week.shift(1).week}.", "dim")
    else:
        text.append(f"For week {review.week.shift(1).week}, one sentence: ", style="dim")
        text.append(review.suggestion, style="italic")
        text.append("  (c to commit)", style="dim")
    return text


def waiting_options(review: Review, task: Callable[[int], TaskInfo]) -> list[Option]:
    """One row a still-waiting task (`task` looks it up as it is now), or one
    disabled row saying there is none."""
    options = []
    for w in review.still_waiting:
        # A past week's list is history; what happened to a task since
        # (dropped here a moment ago, started on Tuesday) is said beside it.
        since = moved_on(task(w.task_id))
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        if since is None:
            overdue = " · overdue" if w.overdue else ""
            grid.add_row(
                Text(w.title), Text(f"waiting {delay_words(w.waiting_minutes)}{overdue}", "dim")
            )
        else:
            grid.add_row(Text(w.title, "dim strike"), Text(since, "dim"))
        options.append(Option(grid, id=f"task-{w.task_id}"))
    if not options:
        empty = (
            "Nothing waiting: every ready task got started."
            if review.figures.tasks_started
            else "Nothing waiting."
        )
        options.append(Option(Text(empty, "dim"), disabled=True))
    return options
