"""Local time and ISO weeks: the user's wall clock and calendar, as instants.

Instants are aware datetimes (the ones made here are UTC); days, times of day and
weeks are the user's, in the zone `tz`. A local wall time that does not exist (the
spring-forward gap) moves forward by the gap, 02:30 -> 03:30; an ambiguous one (the
fall-back hour) is its first occurrence: PEP 495's fold=0, as zoneinfo applies it.
So a week with a daylight-saving change is 167 or 169 hours long.

`clock_change` says when a wall time falls in such a gap or overlap, for the
callers that must not guess (quick add's date grammar).

The instants startnow keeps run from EARLIEST to LATEST: far enough inside
what `datetime` holds that any of them can be shown in every zone and moved by
a week, so an import refuses the rest rather than store what can't be shown.

Strict on purpose: a naive datetime given as an instant, or an aware one given as a
wall time, is a programming error (its meaning depends on the machine's zone, or
its own zone would be silently replaced), so both raise ValueError.

Quick add's date grammar imports this module: the standard datetime module and
collections only (no typing).
"""

from __future__ import annotations

from collections import namedtuple
from datetime import UTC, date, datetime, time, timedelta, tzinfo

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import NamedTuple

    class _YearWeek(NamedTuple):
        year: int
        week: int

    class ClockChange(NamedTuple):
        """A wall time at a clock change. `gap`: it does not exist (else it
        happens twice); `first` and `second`: its two readings, aware in the
        zone, the earlier instant first; `jump_from` and `jump_to`: the wall
        clock just before and just after the change (02:00 and 03:00)."""

        gap: bool
        first: datetime
        second: datetime
        jump_from: datetime
        jump_to: datetime
else:
    _YearWeek = namedtuple("IsoWeek", ("year", "week"))
    ClockChange = namedtuple("ClockChange", ("gap", "first", "second", "jump_from", "jump_to"))


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def to_local(instant: datetime, tz: tzinfo) -> datetime:
    """An instant on the local clock (aware, in `tz`)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an instant must be an aware datetime")
    return instant.astimezone(tz)


def local_date(instant: datetime, tz: tzinfo) -> date:
    """The local day an instant falls on."""
    return to_local(instant, tz).date()


def local_wall(instant: datetime, tz: tzinfo) -> datetime:
    """An instant as the naive wall time a clock in `tz` shows (for calendar arithmetic)."""
    return to_local(instant, tz).replace(tzinfo=None)


def wall_to_utc(wall: datetime, tz: tzinfo) -> datetime:
    """A naive local wall time in `tz` as an aware UTC instant (fold=0: see above)."""
    if wall.tzinfo is not None:
        raise ValueError("a local wall time must be naive")
    return wall.replace(tzinfo=tz).astimezone(UTC)


def clock_change(wall: datetime, tz: tzinfo) -> ClockChange | None:
    """None for a wall time that happens exactly once in `tz`, else its two
    readings (PEP 495: fold=0 takes the offset from before the change)."""
    if wall.tzinfo is not None:
        raise ValueError("a local wall time must be naive")
    before, after = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    offset_before, offset_after = before.utcoffset(), after.utcoffset()
    if offset_before == offset_after or offset_before is None or offset_after is None:
        return None
    early, late = sorted((before.astimezone(UTC), after.astimezone(UTC)))
    gap = before.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall
    # The change itself lies between the two readings: find its second.
    low, high = early, late
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == early.astimezone(tz).utcoffset():
            low = middle
        else:
            high = middle
    change = high.replace(microsecond=0)
    jump_from = (change + offset_before).replace(tzinfo=None)
    jump_to = (change + offset_after).replace(tzinfo=None)
    return ClockChange(gap, early.astimezone(tz), late.astimezone(tz), jump_from, jump_to)


def at_local(day: date, clock: time, tz: tzinfo) -> datetime:
    """A time of day (naive) on a local day, as an aware UTC instant."""
    if clock.tzinfo is not None:
        raise ValueError("a local time of day must be naive")
    return wall_to_utc(datetime.combine(day, clock), tz)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    """The instant a local day begins (a missing midnight moves forward)."""
    return at_local(day, time(0), tz)


def end_of_local_day(now: datetime, tz: tzinfo) -> datetime:
    """The instant the local day of `now` ends: the next day's midnight."""
    return local_midnight(local_date(now, tz) + timedelta(days=1), tz)


def local_monday(instant: datetime, tz: tzinfo) -> date:
    """The Monday of the local week an instant falls in."""
    day = local_date(instant, tz)
    return day - timedelta(days=day.weekday())


class IsoWeek(_YearWeek):
    """An ISO year and week (Monday to Sunday); it prints as 2026-W47."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def shift(self, weeks: int) -> IsoWeek:
        return week_of_date(self.monday + timedelta(weeks=weeks))


def week_of_date(day: date) -> IsoWeek:
    year, week, _ = day.isocalendar()
    return IsoWeek(year, week)


def week_of(instant: datetime, tz: tzinfo) -> IsoWeek:
    """The local ISO week an instant falls in."""
    return week_of_date(local_date(instant, tz))


def iso_week(day: date) -> str:
    """The ISO week of a day as stored and shown: '2026-W47'."""
    return str(week_of_date(day))


def weeks_in(year: int) -> int:
    """How many ISO weeks a year has (52 or 53): 28 December is always in its last."""
    return date(year, 12, 28).isocalendar()[1]


def week_bounds(week: IsoWeek, tz: tzinfo) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) local time, as UTC instants."""
    monday = week.monday
    return local_midnight(monday, tz), local_midnight(monday + timedelta(days=7), tz)
