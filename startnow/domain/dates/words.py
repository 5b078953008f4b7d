"""The words of a `<when>` phrase: each item one to three words can be (a day,
a time of day, an amount of time, an exact instant), read by one matcher each.

What the items mean together, and the rules that turn them into an instant, are
in the package's docstring (:mod:`startnow.domain.dates`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from startnow.domain.input_error import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a dated quick add)
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    # A day part, tagged by its first word: a weekday (number, `next`), a day
    # from today (`today` 0, `tomorrow` 1), `in N d|w|mo|y` (unit, count), a
    # month and day (month, day, year or None, the words), an ISO date.
    Day: TypeAlias = (
        tuple[Literal["wd"], int, bool]
        | tuple[Literal["day"], int]
        | tuple[Literal["rel"], str, int]
        | tuple[Literal["md"], int, int, int | None, str]
        | tuple[Literal["abs"], date]
    )
    # An exact instant: minutes from now, or an ISO instant with its offset
    # (None when the offset is invalid, and the match then carries the error).
    Exact: TypeAlias = tuple[Literal["delta"], float] | tuple[Literal["at"], datetime | None]

EXAMPLES = "(try: fri, tomorrow 9am, dec 3, in 2 days, 2026-12-03)"
TONIGHT = time(20, 0)
NOON = time(12, 0)


class DateParseError(InputError):
    """One clear, user-facing message naming the offending token and what was expected."""


_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MAX_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_UNITS = {
    "m": "min", "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
    "mo": "mo", "mos": "mo", "month": "mo", "months": "mo",
    "y": "y", "yr": "y", "yrs": "y", "year": "y", "years": "y",
}  # fmt: skip
_UNIT_WORDS = {"d": "days", "w": "weeks", "mo": "months", "y": "years"}
_MERIDIEM = {"am": "a", "a.m.": "a", "a.m": "a", "pm": "p", "p.m.": "p", "p.m": "p"}

_AMPM = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?(?::([0-9]{2}))?([ap])\.?m\.?")
# A 24-hour time, optionally with its UTC offset (`02:30+01:00`): the way to
# say which of the two 02:30s is meant on the night the clocks go back.
_HHMM = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?([+-][0-9]{2}:?[0-9]{2})?")
_HOUR = re.compile(r"[0-9]{1,2}")
_DAYNUM = re.compile(r"([0-9]{1,2})(st|nd|rd|th)?")
_YEAR = re.compile(r"[0-9]{4}")
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:t([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_AMOUNT = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,6})?")
_AMOUNT_UNIT = re.compile(r"([0-9]{1,9}(?:\.[0-9]{1,6})?)([a-z]+)")
_HOURS_MINUTES = re.compile(r"([0-9]{1,6})h([0-9]{1,6})(?:m|min|mins)?")
_SLASHED = re.compile(r"[0-9]{1,4}[/.][0-9]{1,2}(?:[/.][0-9]{2,4})?")


class Match:
    """One item of a phrase: a day part, a time part, or an exact instant.

    ``error`` is set when the words clearly meant a date or time but are invalid
    (``25:00``, ``feb 30``); it is raised only if the item would be used, so a
    clash with an earlier item still just ends the phrase.
    """

    __slots__ = ("n", "day", "clock", "soft", "exact", "error")

    def __init__(
        self,
        n: int,
        *,
        day: Day | None = None,
        clock: time | None = None,
        soft: time | None = None,
        exact: Exact | None = None,
        error: str = "",
    ) -> None:
        self.n = n
        self.day = day
        self.clock = clock
        self.soft = soft
        self.exact = exact
        self.error = error


def _clock(hour: int, minute: int, second: int, meridiem: str | None, text: str) -> Match:
    """Validate a time of day; 12-hour when `meridiem` is 'a' or 'p'."""
    placeholder = time(0)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            error = f'"{text}" is not a time: with am/pm the hour goes 1 to 12 (try 9am, 5pm)'
            return Match(0, clock=placeholder, error=error)
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif hour > 23:
        error = f'"{text}" is not a time: hours go 0 to 23 (try 17:30, 5pm)'
        return Match(0, clock=placeholder, error=error)
    if minute > 59:
        error = f'"{text}" is not a time: minutes go 0 to 59 (try 9:30)'
        return Match(0, clock=placeholder, error=error)
    if second > 59:
        error = f'"{text}" is not a time: seconds go 0 to 59'
        return Match(0, clock=placeholder, error=error)
    return Match(0, clock=time(hour, minute, second))


def _match_time(low: list[str], raw: list[str], i: int) -> Match | None:
    """A time of day starting at word i (one or two words), or None."""
    w = low[i]
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if w == "noon":
        m = Match(0, clock=NOON)
    elif w == "midnight":
        error = f'"{raw[i]}" is ambiguous (the end of the day or its start?): write 23:59 or 00:00'
        m = Match(0, clock=time(0), error=error)
    elif mm := _AMPM.fullmatch(w):
        h, mi, s, ap = mm.groups()
        m = _clock(int(h), int(mi or 0), int(s or 0), ap, raw[i])
    elif (mm := _HHMM.fullmatch(w)) or (_HOUR.fullmatch(w) and nxt in _MERIDIEM):
        h, mi, s, off = mm.groups() if mm else (w, "0", "0", None)
        if nxt in _MERIDIEM and off is None:
            m = _clock(int(h), int(mi), int(s or 0), _MERIDIEM[nxt], f"{raw[i]} {raw[i + 1]}")
            m.n = 2
            return m
        m = _clock(int(h), int(mi), int(s or 0), None, raw[i])
        if off is not None and m.clock is not None and not m.error:
            zone = _offset(off)
            if zone is None:
                m.error = f'"{raw[i]}": the UTC offset is not valid'
            else:
                m.clock = m.clock.replace(tzinfo=zone)
    else:
        return None
    m.n = 1
    return m


def _day_of_month(month: int, day: int, text: str) -> str:
    """'' if `day` can exist in `month` (in some year), else the error."""
    most = _MAX_DAYS[month - 1]
    if 1 <= day <= most:
        return ""
    name = _MONTH_NAMES[month - 1]
    if day == 0:
        return f'"{text}" is not a date: days start at 1'
    if month == 2:
        return f'"{text}" is not a date: February has 28 days, 29 in leap years'
    return f'"{text}" is not a date: {name} has {most} days'


def _match_month_day(
    low: list[str], raw: list[str], i: int, this_year: int, month_first: bool
) -> Match | None:
    """`dec 3`, `3rd dec`, optionally followed by a year not in the past."""
    if i + 1 >= len(low):
        return None
    if month_first:
        month, dm = _MONTHS[low[i]], _DAYNUM.fullmatch(low[i + 1])
    else:
        month, dm = _MONTHS.get(low[i + 1], 0), _DAYNUM.fullmatch(low[i])
    if not month or dm is None:
        return None
    day, n, year = int(dm.group(1)), 2, None
    if i + 2 < len(low) and _YEAR.fullmatch(low[i + 2]) and int(low[i + 2]) >= this_year:
        year, n = int(low[i + 2]), 3
    text = " ".join(raw[i : i + n])
    return Match(n, day=("md", month, day, year, text), error=_day_of_month(month, day, text))


def _amount(text: str) -> float | None:
    if text in ("a", "an"):
        return 1.0
    return float(text) if _AMOUNT.fullmatch(text) else None


def _relative(value: float, unit: str, text: str) -> Match:
    """`in <value> <unit>`: hours and minutes are exact; days and longer are calendar."""
    if unit == "min":
        return Match(0, exact=("delta", value))
    if unit == "h":
        return Match(0, exact=("delta", value * 60))
    if value != int(value):
        error = f'"{text}": use a whole number of {_UNIT_WORDS[unit]}'
        return Match(0, day=("rel", unit, 0), error=error)
    return Match(0, day=("rel", unit, int(value)))


def _amount_at(low: list[str], raw: list[str], j: int) -> tuple[Match, str, int] | None:
    """`2h` or `2 hours` at word j: the match, its unit and how many words."""
    if j >= len(low):
        return None
    if (au := _AMOUNT_UNIT.fullmatch(low[j])) and au.group(2) in _UNITS:
        unit = _UNITS[au.group(2)]
        return _relative(float(au.group(1)), unit, " ".join(raw[j - 1 : j + 1])), unit, 1
    value = _amount(low[j])
    if value is not None and j + 1 < len(low) and low[j + 1] in _UNITS:
        unit = _UNITS[low[j + 1]]
        return _relative(value, unit, " ".join(raw[j - 1 : j + 2])), unit, 2
    return None


def _match_in(low: list[str], raw: list[str], i: int) -> Match | str:
    """`in 3 days`, `in 2h`, `in 2 hours`, `in 1h30m`, `in 1h 30m`,
    `in 2 hours 30 minutes`, `in an hour`."""
    miss = f'"{raw[i]}" needs an amount of time after it (try: in 3 days, in 2h, in 30m)'
    if i + 1 >= len(low):
        return miss
    if hm := _HOURS_MINUTES.fullmatch(low[i + 1]):
        m = Match(2, exact=("delta", int(hm.group(1)) * 60 + int(hm.group(2))))
        return m
    found = _amount_at(low, raw, i + 1)
    if found is None:
        return miss
    m, unit, used = found
    m.n = 1 + used
    # (hours and minutes are always a "delta": see _relative)
    if unit == "h" and m.exact is not None and m.exact[0] == "delta" and m.exact[1] % 60 == 0:
        # whole hours, then minutes: `in 2 hours 30 minutes`, `in 1h 30m`
        more = _amount_at(low, raw, i + m.n)
        if more is not None and more[1] == "min" and more[0].exact is not None:
            minutes = more[0].exact
            if minutes[0] == "delta":
                m.exact = ("delta", m.exact[1] + minutes[1])
                m.n += more[2]
    return m


def _match_iso(w: str, raw: str) -> Match | None:
    mm = _ISO.fullmatch(w)
    if mm is None:
        return None
    y, mo, d, h, mi, s, off = mm.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return Match(1, day=("abs", date(2000, 1, 1)), error=f'"{raw}" is not a date')
    if h is None:
        return Match(1, day=("abs", day))
    clock = _clock(int(h), int(mi), int(s or 0), None, raw)
    if clock.error or off is None:
        clock.n, clock.day = 1, ("abs", day)
        return clock
    assert clock.clock is not None
    zone = _offset(off)
    if zone is None:
        return Match(1, exact=("at", None), error=f'"{raw}": the UTC offset is not valid')
    return Match(1, exact=("at", datetime.combine(day, clock.clock, zone)))


def _offset(text: str) -> timezone | None:
    """`z`, `+01:00` or `-0530` as a fixed zone; None when it is not a valid offset."""
    if text == "z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def match_item(low: list[str], raw: list[str], i: int, this_year: int) -> Match | str:
    """The item starting at word i, or a message saying why there is none."""
    w = low[i]
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if (m := _match_time(low, raw, i)) is not None:
        return m
    if w in ("today", "tomorrow"):
        return Match(1, day=("day", 0 if w == "today" else 1))
    if w == "tonight":
        return Match(1, day=("day", 0), soft=TONIGHT)
    if w in _WEEKDAYS:
        return Match(1, day=("wd", _WEEKDAYS[w], False))
    if w == "next":
        if nxt in _WEEKDAYS:
            return Match(2, day=("wd", _WEEKDAYS[nxt], True))
        return f'"{raw[i]}" needs a weekday after it (try: next mon, next fri 9am)'
    if w == "at":
        if nxt and (m := _match_time(low, raw, i + 1)) is not None:
            m.n += 1
            return m
        return f'"{raw[i]}" needs a time after it (try: at 9am, at 17:30)'
    if w == "in":
        return _match_in(low, raw, i)
    if w in _MONTHS:
        m = _match_month_day(low, raw, i, this_year, month_first=True)
        return m or f'"{raw[i]}" needs a day of the month (try: {w} 3)'
    if _DAYNUM.fullmatch(w):
        m = _match_month_day(low, raw, i, this_year, month_first=False)
        return m or f'"{raw[i]}" is not a date or time on its own (try: {w} dec, 9am, 17:30)'
    if (m := _match_iso(w, raw[i])) is not None:
        return m
    if _SLASHED.fullmatch(w):
        return f'"{raw[i]}" is ambiguous (day/month or month/day?): write dec 3 or 2026-12-03'
    if _YEAR.fullmatch(w):
        if int(w) < this_year:
            return f'"{raw[i]}" is a past year (a year after a day must be {this_year} or later)'
        return f'"{raw[i]}" is not a date or time here (a year goes after a day: dec 3 {w})'
    return f'can\'t read "{raw[i]}" as a date or time {EXAMPLES}'
