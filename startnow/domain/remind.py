"""What `startnow remind` says at one check: pure rules over the open tasks,
the clock and what was said before (each reminder has a key, said once).

Three kinds, never while a focus session is open, never in quiet hours, never
about a task already started:
- a planned start has arrived (within the grace period: after it, it is missed);
- a start was missed (Today's rule), with the five-minute offer;
- the morning passed `remind_by` with nothing started today.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from startnow.domain.delays import GRACE, is_missed, start_deadline
from startnow.domain.describe import clip, format_minutes
from startnow.domain.status import OpenTask, end_of_local_day, next_up

TITLE_WIDTH = 60


class Reminder:
    """One notification: `key` says what it is about, so it is sent once;
    `task` is the task it is about (None for the morning nudge); `opens` is
    the task the coach opens on from it (the morning nudge's is the next one
    to start). The message ends in words: where and how it opens the coach
    (a click, or a command to type) is the notifier's part."""

    __slots__ = ("key", "title", "message", "task", "opens")

    def __init__(
        self,
        key: str,
        title: str,
        message: str,
        task: OpenTask | None = None,
        opens: int | None = None,
    ) -> None:
        self.key, self.title, self.message, self.task = key, title, message, task
        self.opens = opens if opens is not None else (task.id if task is not None else None)

    @property
    def is_missed_start(self) -> bool:
        return self.key.startswith("missed:")

    def __repr__(self) -> str:
        return f"Reminder({self.key!r}, {self.message!r})"


def parse_hhmm(text: str) -> time | None:
    """ "10:00" -> 10:00; "" (off) -> None. (The settings reader checked the form.)"""
    if not text:
        return None
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def in_quiet_hours(now: datetime, tz: tzinfo, quiet: str) -> bool:
    """Whether `now` falls in "HH:MM-HH:MM" local (a span may cross midnight)."""
    if not quiet:
        return False
    start, end = (parse_hhmm(part) for part in quiet.split("-"))
    assert start is not None and end is not None
    local = now.astimezone(tz).time().replace(tzinfo=None)
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def _when(instant: datetime, now: datetime, tz: tzinfo) -> str:
    """'at 09:00' today, 'on Fri at 09:00' another day (as the app says it)."""
    local, today = instant.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return f"at {local:%H:%M}"
    return f"on {local:%a} at {local:%H:%M}"


def _step(task: OpenTask) -> str:
    minutes = f" ({format_minutes(task.step_minutes)})" if task.step_minutes else ""
    return f"{clip(task.step_title, TITLE_WIDTH)}{minutes}"


def reminders(
    tasks: list[OpenTask],
    session_open: bool,
    started_today: int,
    now: datetime,
    tz: tzinfo,
    said: set[str] | frozenset[str] = frozenset(),
    *,
    grace: timedelta = GRACE,
    remind_by: str = "",
    quiet: str = "",
) -> list[Reminder]:
    """What to send now, oldest first; nothing already in `said`."""
    if session_open or in_quiet_hours(now, tz, quiet):
        return []
    out: list[Reminder] = []
    for task in sorted(tasks, key=lambda t: (t.ready_time, t.id)):
        if task.started:
            continue
        info = task  # the delay rules read OpenTask's attributes
        deadline = start_deadline(info)  # type: ignore[arg-type]  # OpenTask has what it reads
        title = clip(task.title, TITLE_WIDTH)
        if is_missed(info, now, grace):  # type: ignore[arg-type]  # OpenTask has what it reads
            assert deadline is not None
            out.append(Reminder(
                f"missed:{task.id}:{int(deadline.timestamp())}", "startnow",
                f"{title} didn't get started {_when(deadline, now, tz)}. "
                "Five minutes now?", task,
            ))  # fmt: skip
        elif task.planned_start is not None and task.planned_start <= now:
            first = (
                f"first: {_step(task)}" if task.has_steps
                else f"planned {_when(task.planned_start, now, tz)}"
            )  # fmt: skip
            out.append(Reminder(
                f"start:{task.id}:{int(task.planned_start.timestamp())}", "Time to start",
                f"{title} — {first}.", task,
            ))  # fmt: skip
    by = parse_hhmm(remind_by)
    local = now.astimezone(tz)
    if by is not None and local.time().replace(tzinfo=None) >= by and not started_today:
        top, _ = next_up(tasks, now, end_of_local_day(now, tz), grace)
        if top is not None:
            out.append(Reminder(
                f"morning:{local.date().isoformat()}", "Nothing started yet today",
                f"Five minutes on {_step(top)}?", opens=top.id,
            ))  # fmt: skip
    return [r for r in out if r.key not in said]


def start_of_local_day(now: datetime, tz: tzinfo) -> datetime:
    return end_of_local_day(now, tz) - timedelta(days=1)
