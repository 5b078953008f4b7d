"""What every imported record must be before anything is written, whatever its format.

The parsers read their format; these are the store's and the screens' rules,
checked once over the whole batch:

* text that can't drive the terminal, in every text field (notes, tags,
  commitments, recoveries, sessions' words, sources, columns added later), by
  `safe_text.unsafe_character`, the project's one definition; only notes keep
  their line breaks. Titles follow quick add's own rule (`title_problem`), so
  whatever quick add stored (an emoji joined by U+200D, say) comes back from
  an export;
* instants from `localtime.EARLIEST` to `LATEST`, which every zone can show;
* estimates and planned minutes of 1 minute to 7 days, as quick add allows;
  a session that ends after it starts, paused no longer than it ran;
* tags that are what the store keeps (one lowercase word), a week that exists;
* nothing twice: a task the file holds twice (same `source`, e.g. a repeated
  Taskwarrior uuid), a second commitment for one week, a second running
  session. Each of these used to lose a record without a word.

Each problem is one ImportFormatError naming the record (`where`) and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime

from startnow.domain.describe import iso_instant
from startnow.domain.input_error import InputError
from startnow.domain.localtime import EARLIEST, LATEST, weeks_in
from startnow.domain.quickadd import MAX_ESTIMATE, title_problem
from startnow.domain.recurrence import parse as parse_rule
from startnow.domain.safe_text import unsafe_character
from startnow.domain.tags import join_tags
from startnow.formats.importers.records import (
    RENAMED,
    Batch,
    ImportFormatError,
    Record,
    SessionRecord,
    TaskRecord,
    task_key,
)

# Fields whose line breaks are kept: notes are shown with `safe_lines`.
MULTI_LINE = frozenset({"notes"})
MAX_MINUTES = MAX_ESTIMATE  # a planned session, like an estimate: at most 7 days
WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
# Record fields that hold other records or the file's own bookkeeping.
NOT_VALUES = frozenset({"extra", "where", "chunks", "sessions", "recoveries"})
FIELD_NAME = {field: column for column, field in RENAMED.items()}


def check_batch(batch: Batch, now: datetime) -> None:
    """Raise ImportFormatError for the first record that breaks a rule above."""
    keys: dict[str, str] = {}
    running = ""
    open_in_series: dict[object, str] = {}
    for n, task in enumerate(batch.tasks, 1):
        where = task.where or f"task {n}"
        _check_task(task, where)
        _check_recurrence(task, where, open_in_series)
        key = task_key(task.source, task.created_at, task.title)
        if key in keys:
            raise ImportFormatError(
                f"the same task as {keys[key]} (the same source, {_quoted(key)}): "
                "one of them would be lost, so remove or change one",
                where,
            )
        keys[key] = where
        for m, session in enumerate(task.sessions, 1):
            at = session.where or f"{where}, session {m}"
            _check_session(session, at, now)
            if session.ended_at is None:
                if running:
                    raise ImportFormatError(
                        f"a second running session (ended_at is null; {running} runs "
                        "already): only one timer runs at a time",
                        at,
                    )
                running = at
    weeks: dict[str, str] = {}
    for n, commitment in enumerate(batch.commitments, 1):
        where = commitment.where or f"commitment {n}"
        _check_values(commitment, where)
        _check_week(commitment.week, where)
        if commitment.week in weeks:
            raise ImportFormatError(
                f"a second commitment for {commitment.week} ({weeks[commitment.week]} "
                "is the first): a week has one",
                where,
            )
        weeks[commitment.week] = where
    for n, swap in enumerate(batch.nudge_swaps, 1):
        _check_values(swap, swap.where or f"nudge swap {n}")


def _check_recurrence(task: TaskRecord, where: str, open_in_series: dict[object, str]) -> None:
    """A rule startnow can read, a day for its anchor, a whole number for its
    series, and one open instance a series (the store refuses a second)."""
    rule, anchor, series = (task.extra.get(k) for k in ("recurrence", "anchor", "series_id"))
    if rule is not None:
        try:
            parse_rule(rule if isinstance(rule, str) else "")
        except InputError:
            raise ImportFormatError(
                f"recurrence {_quoted(str(rule))} is not an every: rule", where
            ) from None
    if anchor is not None:
        try:
            date.fromisoformat(anchor if isinstance(anchor, str) else "")
        except ValueError:
            raise ImportFormatError(
                f"anchor {_quoted(str(anchor))} is not a day (YYYY-MM-DD)", where
            ) from None
    if series is None:
        return
    if type(series) is not int:
        raise ImportFormatError(f"series_id {_quoted(str(series))} is not a task id", where)
    if task.status == "open":
        if series in open_in_series:
            raise ImportFormatError(
                f"a second open instance of series {series} ({open_in_series[series]} "
                "is open already): a recurring task has one open at a time",
                where,
            )
        open_in_series[series] = where


def _check_task(task: TaskRecord, where: str) -> None:
    if problem := title_problem(task.title):
        raise ImportFormatError(f"the title: {problem}", where)
    _check_values(task, where, titled=True)
    _check_minutes(task.estimate, "estimate", where)
    _check_tags(task.tags, where)
    for m, chunk in enumerate(task.chunks, 1):
        at = chunk.where or f"{where}, step {m}"
        if problem := title_problem(chunk.title):
            raise ImportFormatError(f"the title: {problem}", at)
        _check_values(chunk, at, titled=True)
        _check_minutes(chunk.estimate, "estimate", at)
    for m, recovery in enumerate(task.recoveries, 1):
        _check_values(recovery, recovery.where or f"{where}, recovery {m}")


def _check_session(session: SessionRecord, where: str, now: datetime) -> None:
    _check_values(session, where)
    _check_minutes(session.planned_minutes, "planned_minutes", where)
    started, ended, paused = session.started_at, session.ended_at, session.paused_at
    if ended is not None and ended < started:
        raise ImportFormatError(
            f"ended_at ({iso_instant(ended)}) is before started_at ({iso_instant(started)})",
            where,
        )
    if paused is not None and (paused < started or (ended is not None and paused > ended)):
        raise ImportFormatError(f"paused_at ({iso_instant(paused)}) is outside the session", where)
    last = ended or paused or max(now, started)
    ran = int((last - started).total_seconds())
    if not 0 <= session.paused_seconds <= ran:
        raise ImportFormatError(
            f"paused_seconds must be from 0 to {ran} (how long the session ran), "
            f"got {session.paused_seconds}",
            where,
        )


def _values(record: Record) -> Iterator[tuple[str, object]]:
    """A record's own values and its extra columns, by their names in the file."""
    for f in fields(record):
        if f.name not in NOT_VALUES:
            yield FIELD_NAME.get(f.name, f.name), getattr(record, f.name)
    yield from record.extra.items()


def _check_values(record: Record, where: str, *, titled: bool = False) -> None:
    """Every text and every instant of a record, whichever field holds it
    (`titled`: its title was checked by quick add's rule already)."""
    for name, value in _values(record):
        if titled and name == "title":
            continue
        if isinstance(value, str):
            _check_text(value, name, where)
        elif isinstance(value, datetime):
            _check_instant(value, name, where)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    _check_text(item, name, where)


def _check_text(text: str, name: str, where: str) -> None:
    char = unsafe_character(text, newlines=name in MULTI_LINE)
    if char is not None:
        raise ImportFormatError(
            f"{name}: character U+{ord(char):04X} at position {text.index(char) + 1} "
            "is a control, bidi or zero-width character, which could garble the terminal",
            where,
        )


def _check_instant(value: datetime, name: str, where: str) -> None:
    if not EARLIEST <= value < LATEST:
        raise ImportFormatError(
            f"{name} {iso_instant(value)} is outside the years startnow keeps "
            f"({EARLIEST.year} to {LATEST.year - 1})",
            where,
        )


def _check_minutes(value: int | None, name: str, where: str) -> None:
    if value is not None and not 1 <= value <= MAX_MINUTES:
        raise ImportFormatError(
            f"{name} must be a whole number of minutes from 1 to {MAX_MINUTES} (7 days), "
            f"got {value}",
            where,
        )


def _check_tags(tags: tuple[str, ...], where: str) -> None:
    for tag in tags:
        if not tag or join_tags([tag]) != tag or len(tag.split()) != 1:
            raise ImportFormatError(
                f"tags: {_quoted(tag)} is not a tag: one lowercase word, no spaces, no '#'",
                where,
            )


def _check_week(week: str, where: str) -> None:
    found = WEEK.fullmatch(week)
    year = int(found.group(1)) if found else 0
    if (
        found is None
        or not EARLIEST.year <= year < LATEST.year
        or not 1 <= int(found.group(2)) <= weeks_in(year)
    ):
        raise ImportFormatError(
            f"week {_quoted(week)} is not an ISO week (like 2026-W48; a year has 52 or 53)",
            where,
        )


def _quoted(text: str) -> str:
    """A value for the message, cut short (its characters were checked first)."""
    return '"' + (text if len(text) <= 40 else text[:37] + "...") + '"'
