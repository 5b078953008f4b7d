"""The rules of a `<when>` phrase (see :mod:`startnow.domain.dates`): a scanned phrase,
the clock and the zone in, one instant out.

Computed on naive local wall times in ``tz``, which :mod:`startnow.domain.localtime`
turns into UTC, so daylight-saving changes come out right.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from startnow.domain.dates.phrase import Phrase
from startnow.domain.dates.words import DateParseError
from startnow.domain.localtime import at_local, local_wall, wall_to_utc


def _resolve(
    phrase: Phrase,
    now: datetime,
    tz: tzinfo,
    role: str,
    day_start: time,
    day_end: time,
) -> datetime:
    """Turn a scanned phrase into an instant, applying the module's rules."""
    now_utc = now.astimezone(UTC)
    if phrase.exact is not None:
        if phrase.exact[0] == "at":
            value = phrase.exact[1]
            assert value is not None  # an invalid offset is an error before this
            return value.astimezone(UTC)
        return now_utc + timedelta(minutes=phrase.exact[1])
    wall_now = local_wall(now_utc, tz)
    today = wall_now.date()
    floor = now_utc.replace(second=0, microsecond=0)  # the current minute is not past

    def at(day: date, clock: time) -> datetime:
        return at_local(day, clock, tz)

    if phrase.day is None:  # a time alone: today if not yet past, else tomorrow
        assert phrase.clock is not None
        first = at(today, phrase.clock)
        return first if first >= floor else at(today + timedelta(days=1), phrase.clock)

    default = day_start if role == "start" else day_end
    clock = phrase.clock or phrase.soft or default
    part = phrase.day
    if part[0] == "wd":
        _, weekday, strictly_after = part
        ahead = (weekday - today.weekday()) % 7
        if strictly_after and ahead == 0:
            ahead = 7
        result = at(today + timedelta(days=ahead), clock)
        if result < floor:  # only possible today: the same weekday next week
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
            return wall_to_utc(wall, tz)
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
    if role == "start" and phrase.clock is None and day == today and result < floor:
        return floor  # `start:today` after day_start means from now
    return result


def resolve(
    phrase: Phrase, text: str, now: datetime, tz: tzinfo, role: str, start: time, end: time
) -> datetime:
    """Resolve, turning calendar overflow ("in 99999 years") into a user error."""
    try:
        return _resolve(phrase, now, tz, role, start, end)
    except DateParseError:
        raise
    except (OverflowError, ValueError):
        raise DateParseError(f'"{text}" is too far away', text) from None
