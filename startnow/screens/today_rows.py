"""Today's rows: the sections of the main list (missed, today, waiting
longest, upcoming), the small things' lane, each capped at ROWS_PER_SECTION
with a "… N more" row, and each task drawn as one or two lines. The screen's
keys and state are in today.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from startnow.domain.describe import format_minutes
from startnow.domain.model import TaskInfo
from startnow.domain.safe_text import safe
from startnow.domain.today import SmallThing, TodayView, small_details, task_details
from startnow.screens.widgets import clip_cells, coach_app, list_width, two_columns

if TYPE_CHECKING:
    from textual.screen import Screen

    Base = Screen[None]
else:
    Base = object

ROWS_PER_SECTION = 25
T = TypeVar("T")
MORE = "more-"


def more_option(section: str, hidden: int) -> Option:
    """The row standing for a section's rows past the cap."""
    return Option(Text(f"  … {hidden} more: Enter shows them all", style="dim"), id=MORE + section)


def step_line(task: TaskInfo) -> str:
    step = task.next_step
    if step.chunk_id is None:
        return ""
    minutes = f" ({format_minutes(step.minutes)})" if step.minutes else ""
    return f"next: {safe(step.title)}{minutes}"


OVERDUE = r"overdue since [^·]*[^ ·]"


def small_id(item: SmallThing) -> str:
    """The option id of a small thing: its task, and its step or "task"."""
    chunk = item.step.chunk_id if item.step.chunk_id is not None else "task"
    return f"small-{item.task.id}-{chunk}"


class TaskList(OptionList):
    """An OptionList whose Enter reads "start" in the footer.

    Reached by Tab, it highlights its first row: a list with focus but no
    highlighted row leaves Enter doing nothing and the eye nothing to follow."""

    BINDINGS = [Binding("enter", "select", "start")]

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class TodayRows(Base):
    """The rows of TodayScreen (which holds `shown_in_full` and `show_upcoming`)."""

    shown_in_full: set[str]  # sections whose "… more" row was chosen
    show_upcoming: bool  # collapsed: its rows are not even laid out

    @staticmethod
    def highlight(option_list: OptionList, option_id: str | None) -> None:
        """Keep the user's place across a reload; else the top task."""
        ids = [o.id for o in option_list.options if not o.disabled and o.id is not None]
        if not ids:
            return
        target = option_id if option_id in ids else ids[0]
        option_list.highlighted = option_list.get_option_index(target or ids[0])

    def main_options(self, view: TodayView, limit: int | None = None) -> list[Option]:
        """The main list's rows; with `limit`, only its first rows (the first
        frame draws what fits on the screen, the rest follows it)."""
        return list(islice(self.main_rows(view), limit))

    def main_rows(self, view: TodayView) -> Iterator[Option]:
        now = coach_app(self).clock()
        sections = (
            ("missed", "Missed", view.missed),
            ("today", "Today", view.today),
            ("waiting", "Waiting longest", view.waiting),
        )
        for key, heading, tasks in sections:
            if not tasks:
                continue
            style = "bold $warning" if key == "missed" else "bold $accent"
            title = Content.from_markup(f"[{style}]{heading}[/]")
            yield Option(title, id=f"h-{key}", disabled=True)
            for task in self.first_rows(key, tasks):
                yield Option(self.task_prompt(task, key, now), id=f"task-{task.id}")
            if (hidden := len(tasks) - ROWS_PER_SECTION) > 0 and key not in self.shown_in_full:
                yield more_option(key, hidden)
        if view.upcoming:
            count = len(view.upcoming)
            hint = "v hide" if self.show_upcoming else "v show"
            heading = f"[bold $accent]Upcoming ({count})[/] [dim]· {hint}[/]"
            yield Option(Content.from_markup(heading), id="h-upcoming", disabled=True)
            if self.show_upcoming:
                for task in self.first_rows("upcoming", view.upcoming):
                    yield Option(self.task_prompt(task, "upcoming", now), id=f"task-{task.id}")
                hidden = len(view.upcoming) - ROWS_PER_SECTION
                if hidden > 0 and "upcoming" not in self.shown_in_full:
                    yield more_option("upcoming", hidden)

    def first_rows(self, key: str, rows: tuple[T, ...]) -> tuple[T, ...]:
        """A section's rows up to the cap, unless the person asked for all of
        them: a list of hundreds is not read at a glance, and drawing it is what
        would make a long history slow to open."""
        return rows if key in self.shown_in_full else rows[:ROWS_PER_SECTION]

    def task_prompt(self, task: TaskInfo, lane: str, now: datetime) -> Text:
        details = task_details(task, lane, now, coach_app(self).tz)
        width = list_width(self)
        row = two_columns(safe(task.title), " · ".join(details), width)
        row.highlight_regex(OVERDUE, "not dim bold")  # not to be read past
        line = step_line(task)
        if not line:
            return row
        row.append("\n")
        row.append(clip_cells(f"  {line}", width), style="italic")
        return row

    def small_options(
        self, items: tuple[SmallThing, ...], limit: int | None = None
    ) -> list[Option]:
        """The small things' rows; `limit` as for `main_options`."""
        return list(islice(self.small_rows(items), limit))

    def small_rows(self, items: tuple[SmallThing, ...]) -> Iterator[Option]:
        width = list_width(self)
        for item in self.first_rows("small", items):
            title = (
                item.step.title
                if item.step.chunk_id is None
                else (f"{item.task.title}: {item.step.title}")
            )
            yield Option(two_columns(safe(title), small_details(item), width), id=small_id(item))
        if (hidden := len(items) - ROWS_PER_SECTION) > 0 and "small" not in self.shown_in_full:
            yield more_option("small", hidden)
