"""What Today shows, and in which order.

Missed starts first (longest missed first), then what is planned for today or
already under way, then the open tasks that have waited longest. Small things
(tasks of two minutes or less) stand in their own lane, and only there: one
rule for the lane and the sweep. Tasks planned for a later day wait under
Upcoming, soonest first, out of the way until then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from startnow.domain.delays import (
    GRACE,
    humanize,
    is_missed,
    is_overdue,
    open_delay,
    start_by,
    start_deadline,
)
from startnow.domain.describe import due_text, format_minutes, short_when
from startnow.domain.localtime import end_of_local_day
from startnow.domain.model import Step, StepInfo, TaskInfo, TaskStatus


@dataclass(frozen=True)
class SmallThing:
    """One item of the small-things lane: a small task, or a small next step."""

    task: TaskInfo
    step: Step


@dataclass(frozen=True)
class TodayView:
    missed: tuple[TaskInfo, ...]
    today: tuple[TaskInfo, ...]
    waiting: tuple[TaskInfo, ...]
    small: tuple[SmallThing, ...]
    upcoming: tuple[TaskInfo, ...] = ()
    # Only the tasks of the first rows have their steps (`with_steps`): the
    # first frame's view, followed at once by the whole one.
    partial: bool = False

    def first_task_ids(self, rows: int) -> set[int]:
        """The tasks of the first `rows` of each section: all the first frame
        can show (sections are placed in order, each row a line at least)."""
        sections = (self.missed, self.today, self.waiting, self.upcoming)
        ids = {task.id for tasks in sections for task in tasks[:rows]}
        return ids | {item.task.id for item in self.small[:rows]}

    def with_steps(
        self, steps: dict[int, tuple[StepInfo, ...]], *, partial: bool
    ) -> TodayView:
        """The same view, each task in `steps` given its steps (a small
        thing's next step with them); `partial`: others were left without."""

        def stepped(task: TaskInfo) -> TaskInfo:
            found = steps.get(task.id)
            return task if found is None else replace(task, chunks=found)

        def again(tasks: tuple[TaskInfo, ...]) -> tuple[TaskInfo, ...]:
            return tuple(map(stepped, tasks))

        small = tuple(
            item if item.task.id not in steps else SmallThing(t := stepped(item.task), t.next_step)
            for item in self.small
        )
        return TodayView(
            again(self.missed), again(self.today), again(self.waiting), small,
            again(self.upcoming), partial,
        )  # fmt: skip

    @property
    def main(self) -> tuple[TaskInfo, ...]:
        """The main list top to bottom: its first item is the one Enter starts."""
        return self.missed + self.today + self.waiting

    @property
    def is_empty(self) -> bool:
        return not (self.main or self.small or self.upcoming)


def narrowed(view: TodayView, keep: Callable[[TaskInfo], bool]) -> TodayView:
    """Today with only the tasks `keep` takes (Today's `/`: a TaskFilter's
    `matches`), each where it was."""
    return TodayView(
        tuple(filter(keep, view.missed)),
        tuple(filter(keep, view.today)),
        tuple(filter(keep, view.waiting)),
        tuple(s for s in view.small if keep(s.task)),
        tuple(filter(keep, view.upcoming)),
        view.partial,
    )


def build_today(
    tasks: list[TaskInfo] | tuple[TaskInfo, ...],
    now: datetime,
    tz: tzinfo,
    grace: timedelta = GRACE,
) -> TodayView:
    end_of_day = end_of_local_day(now, tz)
    missed: list[TaskInfo] = []
    today: list[TaskInfo] = []
    waiting: list[TaskInfo] = []
    small: list[SmallThing] = []
    upcoming: list[TaskInfo] = []
    for task in tasks:
        if task.status != TaskStatus.OPEN:
            continue
        if is_missed(task, now, grace):
            missed.append(task)
            continue
        if task.is_small:
            if task.ready_time < end_of_day:
                small.append(SmallThing(task, task.next_step))
            else:
                upcoming.append(task)
            continue
        deadline = start_deadline(task)
        if task.started or (deadline is not None and deadline < end_of_day):
            today.append(task)
        elif task.ready_time <= now:
            waiting.append(task)
        else:
            upcoming.append(task)
    missed.sort(key=lambda t: (start_deadline(t) or t.ready_time, t.id))
    today.sort(key=lambda t: (t.started, start_deadline(t) or t.ready_time, t.id))
    waiting.sort(key=lambda t: (t.ready_time, t.id))
    small.sort(key=lambda s: (s.task.ready_time, s.task.id))
    upcoming.sort(key=lambda t: (t.ready_time, t.id))
    return TodayView(tuple(missed), tuple(today), tuple(waiting), tuple(small), tuple(upcoming))


# The Pomodoro technique: a long break after every fourth session of the day.
LONG_BREAK_EVERY = 4
LONG_BREAK_MINUTES = 15


@dataclass(frozen=True)
class DaySoFar:
    """What got started and finished today, so a finished task is not simply gone."""

    starts: int = 0  # focus sessions started today
    focused_minutes: int = 0  # time on a timer today, pauses left out
    done: int = 0  # tasks finished today

    @property
    def line(self) -> str:
        """'3 starts · 46 min focused · 2 done'; a nought is left out, so the
        line is empty before the day's first start."""
        parts = []
        if self.starts:
            parts.append(f"{self.starts} start" + ("" if self.starts == 1 else "s"))
        if self.focused_minutes:
            parts.append(f"{format_minutes(self.focused_minutes)} focused")
        if self.done:
            parts.append(f"{self.done} done")
        return " · ".join(parts)

    @property
    def long_break_due(self) -> bool:
        """After the fourth session of the day (and the eighth, …): a long break."""
        return self.starts > 0 and self.starts % LONG_BREAK_EVERY == 0


def small_details(item: SmallThing) -> str:
    """The right-hand column of a small thing: its minutes, and a recurring
    task's rule ("2 min · every 2 days")."""
    details = format_minutes(item.step.minutes)
    if item.task.recurrence is not None:
        from startnow.domain.series import short

        details += " · " + short(item.task.recurrence)
    return details


def task_details(task: TaskInfo, lane: str, now: datetime, tz: tzinfo) -> list[str]:
    """The right-hand column of a task on Today, by its section ("missed",
    "today", "waiting", "upcoming"): when it starts or was meant to, how long
    it has waited, when it is due. A due date that has passed reads "overdue
    since Mon", never "due Mon" as if it were coming."""
    details: list[str] = []
    overdue = is_overdue(task, now)
    if lane == "missed":
        if overdue:
            pass  # "overdue since …" below says more than a start that has passed
        elif task.planned_start is not None:
            details.append(f"planned {short_when(task.planned_start, now, tz)}")
        elif (deadline := start_deadline(task)) is not None:
            details.append(f"start by {short_when(deadline, now, tz)}")
    elif lane == "today":
        if task.started:
            details.append("under way")
        elif task.planned_start is not None and task.planned_start < task.created_at:
            details.append("start now")  # "start:9am" typed at 15:00: ready since it was added
        elif task.planned_start is not None:
            details.append(f"start {task.planned_start.astimezone(tz):%H:%M}")
        elif (by := start_by(task.due, task.estimate)) is not None and not overdue:
            details.append(f"start by {by.astimezone(tz):%H:%M}")
    elif lane == "upcoming":
        details.append(f"starts {short_when(task.ready_time, now, tz)}")
    else:
        details.append(f"waiting {humanize(open_delay(task.ready_time, now))}")
    if task.due is not None and (overdue or lane != "missed"):
        details.append(due_text(task.due, now, tz))
    if lane == "missed":
        details.append(f"waiting {humanize(open_delay(task.ready_time, now))}")
    if task.estimate and lane != "waiting":
        details.append(f"~{format_minutes(task.estimate)}")
    if task.recurrence is not None:  # "every Fri": it comes back when done
        from startnow.domain.series import short

        details.append(short(task.recurrence))
    return details
