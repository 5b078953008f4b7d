"""The rules of a `<when>` phrase (see :mod:`startnow.domain.dates`): a scanned phrase,
the clock and the zone in, one instant out.

Computed on naive local wall times in ``tz``, which :mod:`startnow.domain.localtime`
turns into UTC, so daylight-saving changes come out right.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from startnow.domain.dates.phrase import Phrase
from startnow.domain.dates.words import DateParseError
from startnow.domain.localtime import (
    EARLIEST,
    LATEST,
    at_local,
    clock_change,
    local_wall,
    wall_to_utc,
)


def _resolve(
    phrase: Phrase,
    now: datetime,
    tz: tzinfo,
    role: str,
    day_start: time,
    day_end: time,
) -> tuple[datetime, datetime | None]:
    """Turn a scanned phrase into an instant, applying the module's rules; with
    it the local wall time it was read as (None when it was exact), for the
    clock-change check."""
    now_utc = now.astimezone(UTC)
    if phrase.exact is not None:
        if phrase.exact[0] == "at":
            value = phrase.exact[1]
            assert value is not None  # an invalid offset is an error before this
            return value.astimezone(UTC), None
        return now_utc + timedelta(minutes=phrase.exact[1]), None
    wall_now = local_wall(now_utc, tz)
    today = wall_now.date()
    floor = now_utc.replace(second=0, microsecond=0)  # the current minute is not past

    def at(day: date, clock: time) -> tuple[datetime, datetime | None]:
        if clock.tzinfo is not None:  # `02:30+01:00`: that offset, exactly
            return datetime.combine(day, clock).astimezone(UTC), None
        return at_local(day, clock, tz), datetime.combine(day, clock)

    if phrase.day is None:  # a time alone: today if not yet past, else tomorrow
        assert phrase.clock is not None
        first = at(today, phrase.clock)
        return first if first[0] >= floor else at(today + timedelta(days=1), phrase.clock)

    default = day_start if role == "start" else day_end
    clock = phrase.clock or phrase.soft or default
    part = phrase.day
    if part[0] == "wd":
        _, weekday, strictly_after = part
        ahead = (weekday - today.weekday()) % 7
        if strictly_after and ahead == 0:
            ahead = 7
        result = at(today + timedelta(days=ahead), clock)
        if result[0] < floor:  # only possible today: the same weekday next week
            result = at(today + timedelta(days=7), clock)
        return result
    if part[0] == "rel":
        _, unit, count = part
        if unit in ("d", "w"):
            wall = wall_now + timedelta(days=count * (7 if unit == "w" else 1))
        else:
            from dateutil.relativedelta import relativedelta

            months = count if unit == "mo" else 12 * count
            wall = wall_now + relativedelta(months=months)
        if phrase.clock is None:  # `in 3 days`: keep the wall time
            return wall_to_utc(wall, tz), wall
        day = wall.date()
    elif part[0] == "day":  # today, tonight, tomorrow
        day = today + timedelta(days=part[1])
    elif part[0] == "md":
        _, month, dom, year, text = part
        if year is None:
            year = today.year + (1 if (month, dom) < (today.month, today.day) else 0)
        try:
            day = date(year, month, dom)
        except ValueError:
            raise DateParseError(f'"{text}" is not a date: {year} has no Feb 29', text) from None
    else:  # "abs"
        day = part[1]
    if phrase.weekday is not None and day.weekday() != phrase.weekday:
        names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        raise DateParseError(
            f'"{phrase.weekday_words}" and "{phrase.day_words}" don\'t agree: '
            f"{day.day} {day:%b %Y} is a {names[day.weekday()]}, "
            f"not a {names[phrase.weekday]}",
            phrase.weekday_words,
        )
    result = at(day, clock)
    if role == "start" and phrase.clock is None and day == today and result[0] < floor:
        return floor, None  # `start:today` after day_start means from now
    return result


def _zone_name(tz: tzinfo) -> str:
    name = getattr(tz, "key", None)
    return name if isinstance(name, str) and name != "localtime" else "your time zone"


def _reading(instant: datetime, wall: datetime, *, offset: bool) -> str:
    """One reading of a wall time, as it can be typed back: the time, with
    its date when that differs, and with its UTC offset when it must say which."""
    text = f"{instant:%H:%M}" if instant.date() == wall.date() else f"{instant:%Y-%m-%d %H:%M}"
    if offset:
        text += f"{instant:%z}"[:3] + ":" + f"{instant:%z}"[3:]
    return text


def clock_change_error(wall: datetime, tz: tzinfo, text: str) -> DateParseError | None:
    """Nothing is guessed: a wall time the clocks skip, or pass twice, is an
    error that offers both readings in a form the grammar reads."""
    change = clock_change(wall, tz)
    if change is None:
        return None
    shown, zone = f"{wall:%Y-%m-%d %H:%M}", _zone_name(tz)
    said = f'"{text}"' if text == shown else f'"{text}" ({shown})'
    jump = f"{change.jump_from:%H:%M}\u2192{change.jump_to:%H:%M}"
    if change.gap:
        first = _reading(change.first, wall, offset=False)
        second = _reading(change.second, wall, offset=False)
        why = f"does not exist in {zone} (clocks jump {jump})"
        return DateParseError(f"{said} {why}: say {first} or {second}", text)
    first = f"{_reading(change.first, wall, offset=True)} ({change.first:%Z})"
    second = f"{_reading(change.second, wall, offset=True)} ({change.second:%Z})"
    why = f"happens twice in {zone} (clocks go back {jump})"
    return DateParseError(f"{said} {why}: say {first} or {second}", text)


def resolve(
    phrase: Phrase, text: str, now: datetime, tz: tzinfo, role: str, start: time, end: time
) -> datetime:
    """Resolve, turning calendar overflow ("in 99999 years") and instants past
    the store's years into a user error, and a wall time at a clock change too."""
    try:
        instant, wall = _resolve(phrase, now, tz, role, start, end)
    except DateParseError:
        raise
    except (OverflowError, ValueError):
        raise DateParseError(f'"{text}" is too far away', text) from None
    if not EARLIEST <= instant < LATEST:
        raise DateParseError(f'"{text}" is too far away', text)
    if wall is not None and (error := clock_change_error(wall, tz, text)) is not None:
        raise error
    return instant
