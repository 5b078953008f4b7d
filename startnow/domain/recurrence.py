"""Recurring tasks: the `every:` rules, and which instance is due when.

A recurring task is a chain of instances, one open at a time. Each instance is
planned on an *occurrence*: a local calendar day the rule produces, counted
from the chain's first day (its anchor). The rules work on days only; the time
of day comes from the task, and `at_local` turns the two into an instant (a
time that falls in a spring-forward gap moves on by the gap, as everywhere).

What the rules never do:

* pile up: after two weeks away there is one open instance, the one of the
  current period, never one per missed day;
* drift: "every month" from 31 January is 28/29 February, 31 March, 30 April,
  31 May (each occurrence is counted from the anchor, not from the last one);
* guess: a rule that can't be read is an `InputError` naming it.

The grammar (after `every:`): `day`, `weekday` (Monday to Friday), a weekday
or a comma-separated list of them (`mon`, `mon,thu`), `week`, `month`,
`year`, a number and a unit (`3d`, `2w`, `6m`, `1y`), or a day of the month
(`1st`, `15th`, `last`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from startnow.domain.input_error import InputError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
_LONG_WEEKDAYS = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES)}
_UNITS = {"d": "day", "w": "week", "m": "month", "y": "year"}
_UNIT_WORDS = {"day": "day", "week": "week", "month": "month", "year": "year"}
MAX_INTERVAL = 366
LAST_DAY = -1


@dataclass(frozen=True)
class Recurrence:
    """One `every:` rule. `unit` is day, week, month or year; `interval` how
    many of them; `weekdays` (0 = Monday) narrows a weekly rule to those days;
    `month_day` fixes a monthly rule to a day of the month (`LAST_DAY` for the
    last), else the anchor's day is used."""

    unit: str
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None

    @property
    def text(self) -> str:
        """The rule as it is typed and stored (`parse(rule.text) == rule`)."""
        if self.weekdays:
            if self.weekdays == (0, 1, 2, 3, 4):
                return "weekday"
            return ",".join(WEEKDAYS[d] for d in self.weekdays)
        if self.month_day is not None:
            return "last" if self.month_day == LAST_DAY else _ordinal(self.month_day)
        if self.interval == 1:
            return self.unit
        return f"{self.interval}{self.unit[0]}"

    def describe(self) -> str:
        """The rule in words, for the echo and Today ("every Friday")."""
        if self.weekdays == (0, 1, 2, 3, 4):
            return "every weekday"
        if self.weekdays:
            names = [_WEEKDAY_NAMES[d] for d in self.weekdays]
            return "every " + (
                names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            )
        if self.month_day == LAST_DAY:
            return "on the last day of every month"
        if self.month_day is not None:
            return f"on the {_ordinal(self.month_day)} of every month"
        if self.interval == 1:
            return f"every {self.unit}"
        return f"every {self.interval} {self.unit}s"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def parse(text: str) -> Recurrence:
    """The rule after `every:`; an `InputError` naming it if it can't be read."""
    word = text.strip().lower()
    if not word:
        raise InputError("every: needs a rule, e.g. every:fri, every:2w, every:month", text)
    if word in ("day", "daily"):
        return Recurrence("day")
    if word in ("weekday", "weekdays"):
        return Recurrence("week", weekdays=(0, 1, 2, 3, 4))
    if word in _UNIT_WORDS:
        return Recurrence(_UNIT_WORDS[word])
    if word == "last":
        return Recurrence("month", month_day=LAST_DAY)
    days = _weekdays(word)
    if days is not None:
        return Recurrence("week", weekdays=days)
    if word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
        day = int(word[:-2])
        if not 1 <= day <= 31 or word != _ordinal(day):
            raise InputError(f"every:{text}: a day of the month is 1st to 31st, or last", text)
        return Recurrence("month", month_day=day)
    if word[:-1].isdigit() and word[-1] in _UNITS:
        count = int(word[:-1])
        if not 1 <= count <= MAX_INTERVAL:
            raise InputError(f"every:{text}: the number must be 1 to {MAX_INTERVAL}", text)
        return Recurrence(_UNITS[word[-1]], interval=count)
    raise InputError(
        f"every:{text} isn't a rule I know: "
        "try day, weekday, mon,thu, 2w, month, 1st, last or year",
        text,
    )


def _weekdays(word: str) -> tuple[int, ...] | None:
    """`mon`, `mon,thu`, `friday`: the weekdays in week order, or None."""
    found: set[int] = set()
    for part in word.split(","):
        if part in WEEKDAYS:
            found.add(WEEKDAYS.index(part))
        elif part in _LONG_WEEKDAYS:
            found.add(_LONG_WEEKDAYS[part])
        else:
            return None
    return tuple(sorted(found))


# -- occurrences ----------------------------------------------------------------


def _add_months(anchor: date, months: int, month_day: int | None) -> date:
    """The anchor's month plus `months`, on `month_day` (else the anchor's day),
    held to the month's last day when the month is shorter."""
    index = anchor.year * 12 + anchor.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    wanted = anchor.day if month_day is None else (last if month_day == LAST_DAY else month_day)
    return date(year, month + 1, min(wanted, last))


def _nth(rule: Recurrence, anchor: date, n: int) -> date:
    """The n-th occurrence of a rule without weekdays (n = 0 is the anchor's
    own period: for a fixed day of the month, that day in the anchor's month)."""
    if rule.unit == "day":
        return anchor + timedelta(days=n * rule.interval)
    if rule.unit == "week":
        return anchor + timedelta(weeks=n * rule.interval)
    months = n * rule.interval * (12 if rule.unit == "year" else 1)
    return _add_months(anchor, months, rule.month_day)


def first_on_or_after(rule: Recurrence, anchor: date, day: date) -> date:
    """The first occurrence on or after `day` (never before the anchor)."""
    day = max(day, anchor)
    if rule.weekdays:
        monday = anchor - timedelta(days=anchor.weekday())
        candidate = day
        while True:  # at most a week, plus skipped weeks of an interval
            weeks = (candidate - monday).days // 7
            if weeks % rule.interval == 0 and candidate.weekday() in rule.weekdays:
                return candidate
            candidate += timedelta(days=1)
    if rule.unit in ("day", "week"):
        step = rule.interval * (7 if rule.unit == "week" else 1)
        behind = (day - anchor).days
        return anchor + timedelta(days=-(-behind // step) * step)
    months_per = rule.interval * (12 if rule.unit == "year" else 1)
    n = max(0, ((day.year - anchor.year) * 12 + day.month - anchor.month) // months_per - 1)
    while (found := _nth(rule, anchor, n)) < day:
        n += 1
    return found


def next_after(rule: Recurrence, anchor: date, day: date) -> date:
    """The first occurrence strictly after `day`."""
    return first_on_or_after(rule, anchor, day + timedelta(days=1))


def _longest_period(rule: Recurrence) -> timedelta:
    days = {"day": 1, "week": 7, "month": 31, "year": 366}[rule.unit]
    return timedelta(days=days * rule.interval)


def latest_on_or_before(rule: Recurrence, anchor: date, day: date) -> date | None:
    """The last occurrence on or before `day`; None before the first one.
    Some occurrence lies in any stretch as long as the longest period, so the
    walk starts one such stretch back and takes a step or two."""
    found = None
    candidate = first_on_or_after(rule, anchor, day - _longest_period(rule))
    while candidate <= day:
        found = candidate
        candidate = next_after(rule, anchor, candidate)
    return found


# -- the chain of instances -----------------------------------------------------


def has_lapsed(rule: Recurrence, anchor: date, instance: date, today: date) -> bool:
    """Whether an open instance's period is over (the next occurrence has come)."""
    return next_after(rule, anchor, instance) <= today


def successor(rule: Recurrence, anchor: date, instance: date, today: date) -> date:
    """The day of the instance that follows `instance`, closed or lapsed on
    `today`: the next occurrence, or the current period's own when that is later
    (so two weeks away make one instance, not fourteen)."""
    following = next_after(rule, anchor, instance)
    current = latest_on_or_before(rule, anchor, today)
    return current if current is not None and current > following else following
