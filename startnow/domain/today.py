"""What Today shows, and in which order.

Missed starts first (longest missed first), then what is planned for today or
already under way, then the open tasks that have waited longest. Small things
(two minutes or less) stand in their own lane. Tasks planned for a later day
stay out of the way until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from startnow.domain.delays import GRACE, is_missed, start_deadline
from startnow.domain.localtime import end_of_local_day
from startnow.domain.model import SMALL_THING_MINUTES, Step, TaskInfo, TaskStatus


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

    @property
    def main(self) -> tuple[TaskInfo, ...]:
        """The main list top to bottom: its first item is the one Enter starts."""
        return self.missed + self.today + self.waiting

    @property
    def is_empty(self) -> bool:
        return not (self.main or self.small)


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
    for task in tasks:
        if task.status != TaskStatus.OPEN:
            continue
        if is_missed(task, now, grace):
            missed.append(task)
            continue
        if task.is_small and not task.has_steps:
            if task.ready_time < end_of_day:
                small.append(SmallThing(task, task.next_step))
            continue
        step = task.next_step
        if task.has_steps and step.minutes is not None and step.minutes <= SMALL_THING_MINUTES:
            small.append(SmallThing(task, step))
        deadline = start_deadline(task)
        if task.started or (deadline is not None and deadline < end_of_day):
            today.append(task)
        elif task.ready_time <= now:
            waiting.append(task)
    missed.sort(key=lambda t: (start_deadline(t) or t.ready_time, t.id))
    today.sort(key=lambda t: (t.started, start_deadline(t) or t.ready_time, t.id))
    waiting.sort(key=lambda t: (t.ready_time, t.id))
    small.sort(key=lambda s: (s.task.ready_time, s.task.id))
    return TodayView(tuple(missed), tuple(today), tuple(waiting), tuple(small))
