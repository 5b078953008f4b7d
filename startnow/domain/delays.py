"""Start delays and missed starts, defined once for every screen and command.

Pure functions over instants: the clock is an argument, so every rule can be
tested at a fixed "now", across daylight-saving changes included.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from startnow.domain.states import TaskStatus

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `startnow status`
if TYPE_CHECKING:  # reads these rules and must not pay for the dataclasses of model.py
    from startnow.domain.model import TaskInfo
    from startnow.domain.shown import ShownTask

GRACE = timedelta(hours=1)
ZERO = timedelta(0)


def ready_time(created_at: datetime, planned_start: datetime | None) -> datetime:
    """When a task became startable: its planned start, but never before it existed.

    A `start:today 9am` typed at 15:00 was not waiting since nine: counting from
    then would give a start delay of hours to a task started five minutes later."""
    if planned_start is None or planned_start < created_at:
        return created_at
    return planned_start


def start_delay(ready: datetime, first_start: datetime) -> timedelta:
    """first start − ready time, never below zero (starting early is not a debt)."""
    return max(first_start - ready, ZERO)


def open_delay(ready: datetime, now: datetime) -> timedelta:
    """How long a never-started task has waited so far; it keeps growing."""
    return max(now - ready, ZERO)


def task_delay(task: TaskInfo | ShownTask, now: datetime) -> timedelta:
    """The start delay if started, else the open delay."""
    if task.first_started_at is not None:
        return start_delay(task.ready_time, task.first_started_at)
    return open_delay(task.ready_time, now)


def closed_without_start(task: TaskInfo | ShownTask) -> bool:
    """Done or dropped with no session ever: there is no start to measure, so
    such a task has no start delay (and stops waiting when it is closed)."""
    return task.status != TaskStatus.OPEN and task.first_started_at is None


def measured_delay(task: TaskInfo | ShownTask, now: datetime) -> timedelta | None:
    """task_delay, or None for a task closed without a start: never a delay
    that grows after the task is gone, nor one counted as a start."""
    return None if closed_without_start(task) else task_delay(task, now)


def start_by(
    due: datetime | None, estimate_minutes: int | None, buffer_minutes: int | None = None
) -> datetime | None:
    """The latest sensible start: due − estimate − a buffer (default: the estimate again)."""
    if due is None or not estimate_minutes:
        return None
    buffer = estimate_minutes if buffer_minutes is None else buffer_minutes
    return due - timedelta(minutes=estimate_minutes + buffer)


def start_deadline(task: TaskInfo) -> datetime | None:
    """When the task should have been started: its planned start, else its start-by."""
    return task.planned_start or start_by(task.due, task.estimate)


def is_missed(task: TaskInfo, now: datetime, grace: timedelta = GRACE) -> bool:
    """Open, never started, and its planned start (or start-by) passed more than `grace` ago.

    Never counted from before the task existed: one added at 17:00 with a
    start-by of 14:00 (due at 20:00, ~3h) gets its grace from 17:00, rather
    than greeting its author as a missed start."""
    if task.status != TaskStatus.OPEN or task.started:
        return False
    deadline = start_deadline(task)
    return deadline is not None and now - max(deadline, task.created_at) > grace


def is_overdue(task: TaskInfo, now: datetime) -> bool:
    """Open and its due date has passed: said as such wherever the task is shown."""
    return task.status == TaskStatus.OPEN and task.due is not None and task.due < now


def minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def humanize(delta: timedelta) -> str:
    """Numbers a person can act on: "3 days", "5 h", "12 min", "just now"."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} h"
    days = int(seconds // 86400)
    if days < 14:
        return f"{days} day" if days == 1 else f"{days} days"
    weeks = days // 7
    return f"{weeks} weeks"
