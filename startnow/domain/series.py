"""A recurring task's instances: where the first one lies, and the next.

`recurrence.py` counts occurrences in days; this module puts a task's instants
on them. An instance's day is its planned start's local day, else its due's,
else the day it was made. The successor keeps the planned start's and the
due's local times and their distance in days (DST through `at_local`, so a
9:00 task stays at 9:00 across a clock change).

Pure, imported only when a task has a rule: `recurrence.py` brings
dataclasses and calendar, which quick add must not pay for on a plain line.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from startnow.domain import recurrence
from startnow.domain.localtime import at_local, local_date, local_wall


def rule(text: str) -> recurrence.Recurrence:
    """The stored or typed rule (an InputError naming it if it can't be read)."""
    return recurrence.parse(text)


def describe(text: str) -> str:
    """"every Friday", for the echo and `show`."""
    return rule(text).describe()


def short(text: str) -> str:
    """"every Fri", "every 2 weeks": for a row of Today or `list`."""
    found = rule(text)
    if found.weekdays and found.weekdays != (0, 1, 2, 3, 4):
        return "every " + ",".join(recurrence.WEEKDAYS[d].title() for d in found.weekdays)
    return found.describe().replace("on the last day of every month", "every month's last")


def _day(planned_start: datetime | None, due: datetime | None, made: datetime, tz: tzinfo) -> date:
    when = planned_start or due or made
    return local_date(when, tz)


def _moved(instant: datetime | None, old_day: date, new_day: date, tz: tzinfo) -> datetime | None:
    """An instant moved from `old_day` to `new_day` (and as many days past it
    as it was past the old one), at its own local time."""
    if instant is None:
        return None
    wall = local_wall(instant, tz)
    day = new_day + (wall.date() - old_day)
    return at_local(day, time(wall.hour, wall.minute, wall.second), tz)


def first_instance(
    text: str, planned_start: datetime | None, due: datetime | None, now: datetime, tz: tzinfo
) -> tuple[datetime | None, datetime | None, str]:
    """The first instance's planned start and due, and the series' anchor (ISO
    day). Its day is the planned start's (else the due's, else today's); a
    dated task on a day the rule skips (every:fri typed on a Wednesday) moves
    to the first occurrence on or after it, keeping its times."""
    found = rule(text)
    day = _day(planned_start, due, now, tz)
    if planned_start is None and due is None:
        return None, None, day.isoformat()
    first = recurrence.first_on_or_after(found, day, day)
    return _moved(planned_start, day, first, tz), _moved(due, day, first, tz), first.isoformat()


def instance_day(
    planned_start: datetime | None, due: datetime | None, created_at: datetime, tz: tzinfo
) -> date:
    """The local day an instance stands for."""
    return _day(planned_start, due, created_at, tz)


def _anchor(anchor: str | None, old: date) -> date:
    """The stored anchor; none (an imported task): the instance's own day."""
    return old if anchor is None else date.fromisoformat(anchor)


def next_instance(
    text: str,
    anchor: str | None,
    planned_start: datetime | None,
    due: datetime | None,
    created_at: datetime,
    now: datetime,
    tz: tzinfo,
) -> tuple[datetime | None, datetime | None]:
    """The successor's planned start and due once this instance is closed or
    lapsed `now`: the next occurrence, or the current period's when later (two
    weeks away make one instance). An undated instance makes an undated one."""
    old = instance_day(planned_start, due, created_at, tz)
    new = recurrence.successor(rule(text), _anchor(anchor, old), old, local_date(now, tz))
    return _moved(planned_start, old, new, tz), _moved(due, old, new, tz)


def has_lapsed(
    text: str,
    anchor: str | None,
    planned_start: datetime | None,
    due: datetime | None,
    created_at: datetime,
    now: datetime,
    tz: tzinfo,
) -> bool:
    """Whether an open instance's period is over (its next occurrence has come)."""
    old = instance_day(planned_start, due, created_at, tz)
    first = _anchor(anchor, old)
    return recurrence.has_lapsed(rule(text), first, old, local_date(now, tz))
