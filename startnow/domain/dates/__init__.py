"""The `<when>` grammar of quick add: small, predictable, never silently wrong.

A hand-written tokenizer instead of ``dateutil.parser``: that parser is slow to
import and silently wrong for relative phrases. Everything
is computed on naive *local* wall times in ``tz``, then attached to ``tz`` and
converted to UTC, so daylight-saving changes come out right.

The package: ``words`` reads each item (a day, a time, an amount), ``phrase``
which items may combine and where a phrase ends, ``rules`` what it means.

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
    (end of the day or its start?): write ``23:59`` or ``00:00``. A 24-hour
    time may carry its UTC offset, ``02:30+01:00``: that exact instant on the
    day given.
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
    * Nothing is guessed at a clock change either: a wall time that does not
      exist (the spring-forward gap) or happens twice (the fall-back hour) is
      an error offering both readings in a form this grammar reads: ``01:30``
      or ``03:30`` for the gap, ``02:30+02:00`` or ``02:30+01:00`` for the
      overlap. That holds for any wall time the phrase ends on, a default
      (``day_start``) or ``in 3 days`` included.
    * Instants before 1970 or from the year 9000 on are "too far away": the
      store keeps only those (:data:`startnow.domain.localtime.EARLIEST`).
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from startnow.domain.dates.phrase import scan
from startnow.domain.dates.rules import resolve
from startnow.domain.dates.words import EXAMPLES, DateParseError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Literal

    Role = Literal["start", "due"]

__all__ = ["EXAMPLES", "MAX_PHRASE_WORDS", "DateParseError", "longest_when_prefix", "parse_when"]

# The longest phrase is a handful of words ("at 9:30 pm next fri"); a few more
# than that keeps a quick-add greedy scan cheap without ever cutting a phrase.
MAX_PHRASE_WORDS = 8


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
    phrase, used, why, token = scan(words, _local_year(now, tz))
    if used < len(words):
        raise DateParseError(why, token)
    start, end = day_start.replace(tzinfo=None), day_end.replace(tzinfo=None)
    return resolve(phrase, " ".join(words), now, tz, role, start, end)


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
    phrase, used, why, token = scan(words, _local_year(now, tz))
    if used == 0:
        raise DateParseError(why, token)
    start, end = day_start.replace(tzinfo=None), day_end.replace(tzinfo=None)
    text = " ".join(words[:used])
    return resolve(phrase, text, now, tz, role, start, end), used
