"""A recurring task's instances: where the first one lies, and the next.

`recurrence.py` counts occurrences in days; this module puts a task's instants
on them. An instance's day is its planned start's local day, else its due's,
else the day it was made. The successor keeps the planned start's and the
due's local times and their distance in days (DST through `at_local`, so a
9:00 task stays at 9:00 across a clock change).

A time inside a spring-forward gap (02:30 on the night clocks jump from 02:00
to 03:00) is put an hour later that day, 03:30, as `at_local` does. The
instant alone can't tell that 03:30 from a 03:30 meant as such, so the next
instance asks the one before it: when that one stood at 02:30, the series'
time is 02:30 and the next instance goes back to it (`_series_wall`).

Pure, imported only when a task has a rule: `recurrence.py` brings
dataclasses and calendar, which quick add must not pay for on a plain line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

from startnow.domain import recurrence
from startnow.domain.localtime import (
    at_local,
    clock_change,
    local_date,
    local_midnight,
    local_wall,
    wall_to_utc,
)

# An earlier instance's planned start and due, looked up only when needed.
Earlier = Callable[[], tuple[datetime | None, datetime | None]]


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


def _moved(
    instant: datetime | None,
    old_day: date,
    new_day: date,
    tz: tzinfo,
    earlier: datetime | None = None,
) -> datetime | None:
    """An instant moved from `old_day` to `new_day` (and as many days past it
    as it was past the old one), at the series' local time (`_series_wall`)."""
    if instant is None:
        return None
    wall = _series_wall(instant, tz, earlier)
    day = new_day + (wall.date() - old_day)
    return at_local(day, time(wall.hour, wall.minute, wall.second), tz)


def gap_reading(instant: datetime, tz: tzinfo) -> datetime | None:
    """The wall time inside a spring-forward gap that `at_local` puts on
    `instant` (02:30 for 03:30 on the night clocks go from 02:00 to 03:00),
    else None: the one reading of its wall time besides its own."""
    wall = local_wall(instant, tz)
    day = wall.date()
    before = (local_midnight(day, tz) - timedelta(seconds=1)).astimezone(tz).utcoffset()
    after = local_midnight(day + timedelta(days=1), tz).astimezone(tz).utcoffset()
    if before is None or after is None or after <= before:
        return None  # no clock jumps forward that day
    candidate = wall - (after - before)
    change = clock_change(candidate, tz)
    if change is None or not change.gap or wall_to_utc(candidate, tz) != instant:
        return None
    return candidate


def _series_wall(instant: datetime, tz: tzinfo, earlier: datetime | None) -> datetime:
    """The local wall time an instance's instant stands for: its own, unless
    it may be a gap's time moved forward and the instance before it stood at
    that time of day (02:30, then 03:30 on the night of the change: 02:30)."""
    wall = local_wall(instant, tz)
    if earlier is None:
        return wall
    shifted = gap_reading(instant, tz)
    if shifted is not None and local_wall(earlier, tz).time() == shifted.time():
        return shifted
    return wall


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
    earlier: Earlier | None = None,
) -> tuple[datetime | None, datetime | None]:
    """The successor's planned start and due once this instance is closed or
    lapsed `now`: the next occurrence, or the current period's when later (two
    weeks away make one instance). An undated instance makes an undated one.
    `earlier` gives the instance before this one (its planned start and due),
    asked only when this one's time may be a gap's moved forward."""
    old = instance_day(planned_start, due, created_at, tz)
    new = recurrence.successor(rule(text), _anchor(anchor, old), old, local_date(now, tz))
    shifted = [t is not None and gap_reading(t, tz) is not None for t in (planned_start, due)]
    before_start, before_due = earlier() if earlier is not None and any(shifted) else (None, None)
    return (
        _moved(planned_start, old, new, tz, before_start),
        _moved(due, old, new, tz, before_due),
    )


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
