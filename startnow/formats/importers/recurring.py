"""Other programs' repeat rules as startnow's `every:` rules, or a refusal.

todo.txt's `rec:` (the recurrence add-on: `rec:1w`, `rec:+2m`, `rec:5d`,
`rec:1b`) and Taskwarrior's `recur` (`weekly`, `monthly`, `2w`, `P1M`…) both
become a `Recurrence.text`. startnow counts every occurrence from the series'
first day, so `rec:+1m` (strict, from the due date) and `rec:1m` (from the
completion) are the same rule here. A rule with no startnow meaning (`rec:2b`:
every second business day) is refused, never guessed.
"""

from __future__ import annotations

import re

from startnow.domain import recurrence
from startnow.domain.input_error import InputError
from startnow.formats.importers.records import ImportFormatError

TODOTXT = re.compile(r"\+?([0-9]{1,3})([dwmyb])")
SHAPE = re.compile(r"\+?[0-9]+[a-z]", re.IGNORECASE)
TASKWARRIOR_WORDS = {
    "daily": "day", "day": "day",
    "weekdays": "weekday",
    "weekly": "week", "week": "week", "sennight": "week",
    "biweekly": "2w", "fortnight": "2w",
    "monthly": "month", "month": "month",
    "bimonthly": "2m", "quarterly": "3m", "semiannual": "6m",
    "yearly": "year", "annual": "year", "year": "year", "biannual": "2y", "biyearly": "2y",
}  # fmt: skip
ISO_PERIOD = re.compile(r"P([0-9]{1,3})([DWMY])")
UNITS = {
    "d": "d", "day": "d", "days": "d", "w": "w", "wk": "w", "wks": "w", "week": "w",
    "weeks": "w", "mo": "m", "mos": "m", "month": "m", "months": "m", "y": "y", "yr": "y",
    "yrs": "y", "year": "y", "years": "y",
}  # fmt: skip
TASKWARRIOR_COUNT = re.compile(r"([0-9]{1,3})\s*(" + "|".join([*UNITS, "q"]) + ")")


def _rule(text: str, said: str) -> str:
    try:
        return recurrence.parse(text).text
    except InputError:
        raise ImportFormatError(f"{said}: a repeat startnow can't follow") from None


def looks_like_rec(value: str) -> bool:
    """Whether a `rec:` value is written as the add-on writes one (a number
    and a unit): only those are read as rules, or refused when startnow has none."""
    return SHAPE.fullmatch(value) is not None


def from_todotxt(value: str) -> str:
    """`rec:` of todo.txt as an `every:` rule (`1b`, one business day: every weekday)."""
    m = TODOTXT.fullmatch(value.lower())
    if m is None:
        raise ImportFormatError(f'rec:{value}: a repeat looks like rec:1w or rec:+1m')
    count, unit = int(m.group(1)), m.group(2)
    if unit == "b":
        if count != 1:
            raise ImportFormatError(f"rec:{value}: every {count} business days has no every: rule")
        return "weekday"
    return _rule(f"{count}{unit}", f"rec:{value}")


def from_taskwarrior(value: str) -> str:
    """Taskwarrior's `recur` as an `every:` rule."""
    word = value.strip().lower()
    if word in TASKWARRIOR_WORDS:
        return _rule(TASKWARRIOR_WORDS[word], f"recur {value!r}")
    if m := ISO_PERIOD.fullmatch(value.strip().upper()):
        return _rule(f"{m.group(1)}{m.group(2).lower()}", f"recur {value!r}")
    if m := TASKWARRIOR_COUNT.fullmatch(word):
        count, unit = int(m.group(1)), m.group(2)
        if unit == "q":
            return _rule(f"{3 * count}m", f"recur {value!r}")
        return _rule(f"{count}{UNITS[unit]}", f"recur {value!r}")
    raise ImportFormatError(f"recur {value!r}: a repeat startnow can't follow")
