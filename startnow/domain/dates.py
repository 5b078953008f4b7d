"""The `<when>` grammar of quick add: small, predictable, never silently wrong.

A hand-written tokenizer instead of ``dateutil.parser``: that parser costs ~42 ms
to import and is silently wrong for relative phrases (see NOTES.md). Everything
is computed on naive *local* wall times in ``tz``, then attached to ``tz`` and
converted to UTC, so daylight-saving changes come out right.

A phrase is at most one day part and at most one time part, in either order
(``fri 9am``, ``9am fri``, ``dec 3 2027 17:30``), or one relative amount.

Day parts
    ``today``, ``tomorrow``, ``tonight`` (today, 20:00 unless a time is given,
    for both roles; after 20:00 a ``due`` stays literal, 20:00, like
    ``today 9am`` at 10:00, while a ``start`` means now — see below);
    weekdays (``mon`` ``monday`` ``tue`` ``tues`` ``wed`` ``thu`` ``thur``
    ``thurs`` ``fri`` ``sat`` ``sun`` ...); ``next <weekday>``; month and day
    (``dec 3``, ``3 dec``, ``december 3rd``, optional year ``dec 3 2027``);
    ISO ``2026-12-03`` (also ``2026-12-03T09:00[:ss]``, optionally with ``Z`` or
    ``+01:00``, which is then an exact instant); ``in 3 days``/``weeks``/
    ``months``/``years``.
Time parts
    ``9am``, ``9 am``, ``9:30am``, ``9:30 pm``, ``12pm`` (noon), ``12am``
    (00:00), ``17:30``, ``9:05``, ``17:30:15``, ``noon``; an optional ``at``
    before any of them (``fri at 9am``). ``midnight`` is rejected as ambiguous
    (end of the day or its start?): write ``23:59`` or ``00:00``.
Relative amounts
    ``in 2h``, ``in 2 hours``, ``in 30m``, ``in 90 min``, ``in 1h30m`` (also
    ``in 1h 30m``, ``in 2 hours 30 minutes``), ``in 1.5h``, ``in an hour``:
    exactly that much real time from now (across a clock change too), never
    combined with anything else.

Rules
    * Weekday: the first such day whose resulting instant is not yet past (the
      current minute still counts). So today's own weekday means today only if
      its time is still ahead: on Friday 08:00 ``fri 9am`` is today 09:00 and
      ``fri 7am`` is next week's Friday. Date-only, the time is the role's
      default: for ``start`` today if ``day_start`` is still ahead, else next
      week; for ``due`` today (``day_end`` is still ahead).
    * ``next <weekday>`` is the same as ``<weekday>`` but never today (1–7 days
      ahead): on Thursday ``next fri`` is tomorrow.
    * A weekday with a date (``fri dec 4``, ``4 dec fri``, ``fri 2026-12-04``):
      the date, and the weekday must be its weekday, or it is an error (``thu
      dec 4`` when Dec 4 is a Friday: which one was meant?).
    * A time alone: today at that time if not yet past, else tomorrow.
    * A date alone: ``day_start`` for role ``start``, ``day_end`` for ``due``.
      For ``start``, a date-only phrase naming *today* whose default time has
      already passed means now (to the minute): ``start:today`` typed at 14:00 is
      14:00, not a start delay that never happened.
    * Month and day without a year: this year's if that date is today or later,
      else next year's. No guessing: ``feb 30``, and ``feb 29`` when that year
      has none, are errors. A year written after a month and day must be this
      year or later (``dec 3 2000 words`` reads ``2000 words`` as title text).
    * ``in 3 days``/``weeks``/``months``: the same wall-clock time that many
      calendar days/months later (``in 1 month`` from Jan 31 is Feb 28/29), or
      that day at the time given (``in 3 days 9am``).
    * A wall time that does not exist (spring-forward gap) moves forward by the
      gap (02:30 → 03:30); an ambiguous one (fall-back) is the first occurrence.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from startnow.domain.input_error import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms)
if TYPE_CHECKING:
    from typing import Literal

    Role = Literal["start", "due"]

__all__ = ["DateParseError", "longest_when_prefix", "parse_when"]

EXAMPLES = "(try: fri, tomorrow 9am, dec 3, in 2 days, 2026-12-03)"
TONIGHT = time(20, 0)
NOON = time(12, 0)
# The longest phrase is a handful of words ("at 9:30 pm next fri"); a few more
# than that keeps a quick-add greedy scan cheap without ever cutting a phrase.
MAX_PHRASE_WORDS = 8


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
_HHMM = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
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


class _Match:
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
        day: tuple[object, ...] | None = None,
        clock: time | None = None,
        soft: time | None = None,
        exact: tuple[object, ...] | None = None,
        error: str = "",
    ) -> None:
        self.n = n
        self.day = day
        self.clock = clock
        self.soft = soft
        self.exact = exact
        self.error = error


class _Phrase:
    """What a scan has understood so far, with the words behind each part."""

    __slots__ = ("day", "day_words", "clock", "clock_words", "soft", "exact", "exact_words",
                 "weekday", "weekday_words")  # fmt: skip

    def __init__(self) -> None:
        self.day: tuple[object, ...] | None = None
        self.day_words = ""
        self.weekday: int | None = None  # `fri dec 4`: the date's weekday, to check
        self.weekday_words = ""
        self.clock: time | None = None
        self.clock_words = ""
        self.soft: time | None = None
        self.exact: tuple[object, ...] | None = None
        self.exact_words = ""

    def clash(self, m: _Match, words: str) -> str:
        """Why `m` cannot join this phrase ('' if it can)."""
        if self.exact is not None:
            return f'"{words}" can\'t be combined with "{self.exact_words}"'
        if m.exact is not None and (self.day is not None or self.clock is not None):
            earlier = self.day_words or self.clock_words
            return f'"{words}" can\'t be combined with "{earlier}"'
        if m.day is not None and self.day is not None and not self.dated_weekday(m.day):
            return f'"{words}" and "{self.day_words}" both name a day: use one'
        if m.clock is not None and self.clock is not None:
            return f'"{words}" and "{self.clock_words}" both name a time: use one'
        return ""

    def dated_weekday(self, day: tuple[object, ...]) -> bool:
        """Whether `day` and the day already read are a weekday and a date, in
        either order (`fri dec 4`, `4 dec fri`): the date counts, the weekday
        is checked against it."""
        kinds = {self.day[0], day[0]} if self.day is not None else set()
        plain_weekday = any(d[0] == "wd" and not d[2] for d in (self.day, day) if d)
        return self.weekday is None and plain_weekday and len(kinds & {"md", "abs"}) == 1

    def add(self, m: _Match, words: str) -> None:
        if m.exact is not None:
            self.exact, self.exact_words = m.exact, words
        if m.day is not None and self.day is not None:  # a weekday and a date
            if m.day[0] == "wd":
                self.weekday, self.weekday_words = m.day[1], words  # type: ignore[assignment]
            else:
                self.weekday, self.weekday_words = self.day[1], self.day_words  # type: ignore[assignment]
                self.day, self.day_words = m.day, words
        elif m.day is not None:
            self.day, self.day_words = m.day, words
        if m.clock is not None:
            self.clock, self.clock_words = m.clock, words
        if m.soft is not None:
            self.soft = m.soft


def _clock(hour: int, minute: int, second: int, meridiem: str | None, text: str) -> _Match:
    """Validate a time of day; 12-hour when `meridiem` is 'a' or 'p'."""
    placeholder = time(0)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            error = f'"{text}" is not a time: with am/pm the hour goes 1 to 12 (try 9am, 5pm)'
            return _Match(0, clock=placeholder, error=error)
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif hour > 23:
        error = f'"{text}" is not a time: hours go 0 to 23 (try 17:30, 5pm)'
        return _Match(0, clock=placeholder, error=error)
    if minute > 59:
        error = f'"{text}" is not a time: minutes go 0 to 59 (try 9:30)'
        return _Match(0, clock=placeholder, error=error)
    if second > 59:
        error = f'"{text}" is not a time: seconds go 0 to 59'
        return _Match(0, clock=placeholder, error=error)
    return _Match(0, clock=time(hour, minute, second))


def _match_time(low: list[str], raw: list[str], i: int) -> _Match | None:
    """A time of day starting at word i (one or two words), or None."""
    w = low[i]
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if w == "noon":
        m = _Match(0, clock=NOON)
    elif w == "midnight":
        error = f'"{raw[i]}" is ambiguous (the end of the day or its start?): write 23:59 or 00:00'
        m = _Match(0, clock=time(0), error=error)
    elif mm := _AMPM.fullmatch(w):
        h, mi, s, ap = mm.groups()
        m = _clock(int(h), int(mi or 0), int(s or 0), ap, raw[i])
    elif (mm := _HHMM.fullmatch(w)) or (_HOUR.fullmatch(w) and nxt in _MERIDIEM):
        h, mi, s = mm.groups() if mm else (w, "0", "0")
        if nxt in _MERIDIEM:
            m = _clock(int(h), int(mi), int(s or 0), _MERIDIEM[nxt], f"{raw[i]} {raw[i + 1]}")
            m.n = 2
            return m
        m = _clock(int(h), int(mi), int(s or 0), None, raw[i])
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
) -> _Match | None:
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
    return _Match(n, day=("md", month, day, year, text), error=_day_of_month(month, day, text))


def _amount(text: str) -> float | None:
    if text in ("a", "an"):
        return 1.0
    return float(text) if _AMOUNT.fullmatch(text) else None


def _relative(value: float, unit: str, text: str) -> _Match:
    """`in <value> <unit>`: hours and minutes are exact; days and longer are calendar."""
    if unit == "min":
        return _Match(0, exact=("delta", value))
    if unit == "h":
        return _Match(0, exact=("delta", value * 60))
    if value != int(value):
        error = f'"{text}": use a whole number of {_UNIT_WORDS[unit]}'
        return _Match(0, day=("rel", unit, 0), error=error)
    return _Match(0, day=("rel", unit, int(value)))


def _amount_at(low: list[str], raw: list[str], j: int) -> tuple[_Match, str, int] | None:
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


def _match_in(low: list[str], raw: list[str], i: int) -> _Match | str:
    """`in 3 days`, `in 2h`, `in 2 hours`, `in 1h30m`, `in 1h 30m`,
    `in 2 hours 30 minutes`, `in an hour`."""
    miss = f'"{raw[i]}" needs an amount of time after it (try: in 3 days, in 2h, in 30m)'
    if i + 1 >= len(low):
        return miss
    if hm := _HOURS_MINUTES.fullmatch(low[i + 1]):
        m = _Match(2, exact=("delta", int(hm.group(1)) * 60 + int(hm.group(2))))
        return m
    found = _amount_at(low, raw, i + 1)
    if found is None:
        return miss
    m, unit, used = found
    m.n = 1 + used
    if unit == "h" and m.exact is not None and m.exact[1] % 60 == 0:
        # whole hours, then minutes: `in 2 hours 30 minutes`, `in 1h 30m`
        more = _amount_at(low, raw, i + m.n)
        if more is not None and more[1] == "min" and more[0].exact is not None:
            m.exact = ("delta", m.exact[1] + more[0].exact[1])  # type: ignore[operator]
            m.n += more[2]
    return m


def _match_iso(w: str, raw: str) -> _Match | None:
    mm = _ISO.fullmatch(w)
    if mm is None:
        return None
    y, mo, d, h, mi, s, off = mm.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return _Match(1, day=("abs", date(2000, 1, 1)), error=f'"{raw}" is not a date')
    if h is None:
        return _Match(1, day=("abs", day))
    clock = _clock(int(h), int(mi), int(s or 0), None, raw)
    if clock.error or off is None:
        clock.n, clock.day = 1, ("abs", day)
        return clock
    assert clock.clock is not None
    if off == "z":
        zone = UTC
    else:
        digits = off[1:].replace(":", "")
        oh, om = int(digits[:2]), int(digits[2:])
        if oh > 23 or om > 59:
            return _Match(1, exact=("at", None), error=f'"{raw}": the UTC offset is not valid')
        sign = -1 if off[0] == "-" else 1
        zone = timezone(sign * timedelta(hours=oh, minutes=om))
    return _Match(1, exact=("at", datetime.combine(day, clock.clock, zone)))


def _match(low: list[str], raw: list[str], i: int, this_year: int) -> _Match | str:
    """The item starting at word i, or a message saying why there is none."""
    w = low[i]
    nxt = low[i + 1] if i + 1 < len(low) else ""
    if (m := _match_time(low, raw, i)) is not None:
        return m
    if w in ("today", "tomorrow"):
        return _Match(1, day=("day", 0 if w == "today" else 1))
    if w == "tonight":
        return _Match(1, day=("day", 0), soft=TONIGHT)
    if w in _WEEKDAYS:
        return _Match(1, day=("wd", _WEEKDAYS[w], False))
    if w == "next":
        if nxt in _WEEKDAYS:
            return _Match(2, day=("wd", _WEEKDAYS[nxt], True))
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


def _scan(raw: list[str], this_year: int) -> tuple[_Phrase, int, str, str]:
    """Read items left to right; stop at the first word that does not fit.

    Returns the phrase, how many words it used, and why it stopped (message and
    offending words; empty when every word was used).
    """
    low = [w.lower() for w in raw]
    phrase = _Phrase()
    i = 0
    while i < len(low):
        m = _match(low, raw, i, this_year)
        if isinstance(m, str):
            return phrase, i, m, raw[i]
        words = " ".join(raw[i : i + m.n])
        if clash := phrase.clash(m, words):
            return phrase, i, clash, words
        if m.error:
            raise DateParseError(m.error, words)
        phrase.add(m, words)
        i += m.n
    return phrase, i, "", ""


def _localize(wall: datetime, tz: tzinfo) -> datetime:
    """A naive local wall time as aware UTC (PEP 495 fold=0: gaps shift forward)."""
    return wall.replace(tzinfo=tz).astimezone(UTC)


def _resolve(
    phrase: _Phrase,
    now: datetime,
    tz: tzinfo,
    role: str,
    day_start: time,
    day_end: time,
) -> datetime:
    """Turn a scanned phrase into an instant, applying the module's rules."""
    now_utc = now.astimezone(UTC)
    if phrase.exact is not None:
        kind, value = phrase.exact
        if kind == "at":
            assert isinstance(value, datetime)
            return value.astimezone(UTC)
        assert isinstance(value, (int, float))
        return now_utc + timedelta(minutes=value)
    wall_now = now_utc.astimezone(tz).replace(tzinfo=None)
    today = wall_now.date()
    floor = now_utc.replace(second=0, microsecond=0)  # the current minute is not past

    def at(day: date, clock: time) -> datetime:
        return _localize(datetime.combine(day, clock), tz)

    if phrase.day is None:  # a time alone: today if not yet past, else tomorrow
        assert phrase.clock is not None
        first = at(today, phrase.clock)
        return first if first >= floor else at(today + timedelta(days=1), phrase.clock)

    default = day_start if role == "start" else day_end
    clock = phrase.clock or phrase.soft or default
    kind = phrase.day[0]
    if kind == "wd":
        _, weekday, strictly_after = phrase.day
        assert isinstance(weekday, int)
        ahead = (weekday - today.weekday()) % 7
        if strictly_after and ahead == 0:
            ahead = 7
        result = at(today + timedelta(days=ahead), clock)
        if result < floor:  # only possible today: the same weekday next week
            result = at(today + timedelta(days=7), clock)
        return result
    if kind == "rel":
        unit, count = phrase.day[1], phrase.day[2]
        assert isinstance(count, int)
        if unit in ("d", "w"):
            wall = wall_now + timedelta(days=count * (7 if unit == "w" else 1))
        else:
            from dateutil.relativedelta import relativedelta

            months = count if unit == "mo" else 12 * count
            wall = wall_now + relativedelta(months=months)
        if phrase.clock is None:  # `in 3 days`: keep the wall time
            return _localize(wall, tz)
        day = wall.date()
    elif kind == "day":  # today, tonight, tomorrow
        offset = phrase.day[1]
        assert isinstance(offset, int)
        day = today + timedelta(days=offset)
    elif kind == "md":
        _, month, dom, year, text = phrase.day
        assert isinstance(month, int) and isinstance(dom, int) and isinstance(text, str)
        if year is None:
            year = today.year + (1 if (month, dom) < (today.month, today.day) else 0)
        assert isinstance(year, int)
        try:
            day = date(year, month, dom)
        except ValueError:
            raise DateParseError(f'"{text}" is not a date: {year} has no Feb 29', text) from None
    else:  # "abs"
        day = phrase.day[1]  # type: ignore[assignment]
        assert isinstance(day, date)
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


def _check(now: datetime, role: str) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if role not in ("start", "due"):
        raise ValueError(f"role must be 'start' or 'due', not {role!r}")


def _local_year(now: datetime, tz: tzinfo) -> int:
    """This year in `tz` (now's own year at the very ends of the calendar)."""
    try:
        return now.astimezone(tz).year
    except (OverflowError, ValueError):
        return now.year


def _resolve_safely(
    phrase: _Phrase, text: str, now: datetime, tz: tzinfo, role: str, start: time, end: time
) -> datetime:
    """Resolve, turning calendar overflow ("in 99999 years") into a user error."""
    try:
        return _resolve(phrase, now, tz, role, start, end)
    except DateParseError:
        raise
    except (OverflowError, ValueError):
        raise DateParseError(f'"{text}" is too far away', text) from None


def parse_when(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    role: Role = "start",
    day_start: time = time(9, 0),
    day_end: time = time(23, 59),
) -> datetime:
    """Return an aware UTC datetime for a phrase like 'fri 9am', in local zone tz.

    Every word must belong to the phrase; anything else raises DateParseError.
    """
    _check(now, role)
    words = text.split()
    if not words:
        raise DateParseError(f"no date or time given {EXAMPLES}", "")
    phrase, used, why, token = _scan(words, _local_year(now, tz))
    if used < len(words):
        raise DateParseError(why, token)
    start, end = day_start.replace(tzinfo=None), day_end.replace(tzinfo=None)
    return _resolve_safely(phrase, " ".join(words), now, tz, role, start, end)


def longest_when_prefix(
    words: list[str],
    now: datetime,
    tz: tzinfo,
    *,
    role: Role = "start",
    day_start: time = time(9, 0),
    day_end: time = time(23, 59),
) -> tuple[datetime, int]:
    """Greedy: the longest prefix of `words` (at least 1 word) that is a valid phrase.

    Returns (instant, words consumed). Words that clearly meant a date or time but
    are invalid (`fri 25:00`) raise instead of silently becoming title text.
    Raises DateParseError naming words[0] if not even words[0] starts a phrase.
    """
    _check(now, role)
    if not words:
        raise DateParseError(f"no date or time given {EXAMPLES}", "")
    words = words[:MAX_PHRASE_WORDS]
    phrase, used, why, token = _scan(words, _local_year(now, tz))
    if used == 0:
        raise DateParseError(why, token)
    start, end = day_start.replace(tzinfo=None), day_end.replace(tzinfo=None)
    text = " ".join(words[:used])
    return _resolve_safely(phrase, text, now, tz, role, start, end), used
