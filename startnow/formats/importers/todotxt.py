"""todo.txt (todotxt.org), one task a line, read without a library.

    x 2026-11-20 2026-11-18 Call the plumber +house @phone due:2026-11-21
    (A) 2026-11-22 Write Q3 report +work t:2026-11-24 due:2026-12-03

What becomes what:
  * `x ` first: done; the date after it is the completion date (closed_at),
    a second date the creation date. No completion date: closed now.
  * `(A) `: the priority, kept as the tag `prio-a` (startnow has no priorities).
  * a date after the priority (or first): the creation date (created_at).
  * `+project` and `@context`: tags (lowercase), taken out of the title.
  * `due:YYYY-MM-DD`: due at 23:59 local; `t:YYYY-MM-DD` (threshold): the
    planned start, at the day start (as quick add reads `due:` and `start:`).
  * `rec:1w`, `rec:+1m`, `rec:1b` (the recurrence add-on): the task recurs
    (`every:1w`, `every:1m`, `every:weekday`; importers/recurring.py); a
    `rec:` of another shape is just a key:value (to the notes);
  * `pri:A`: like `(A)`; any other `key:value` goes to the notes, so nothing is
    lost (a URL stays in the title).
  * Dates without a time are local days: creation and completion at the start
    of the day; no creation date means "now" (or the completion date).

The import key (`Task.source`) is `todotxt:` + a hash of the line without its
completion mark, completion date and priority: completing or re-prioritising a
task in todo.txt does not make it new. So two lines that differ only there
are the same task, and the import refuses them (naming both lines) rather
than keep one and drop the other.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, datetime, time, tzinfo

from startnow.domain.localtime import EARLIEST, LATEST, at_local
from startnow.domain.model import TaskStatus
from startnow.formats.importers.records import Batch, ImportFormatError, TaskRecord
from startnow.formats.importers.recurring import from_todotxt, looks_like_rec

KIND = "todo.txt"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PRIORITY = re.compile(r"\(([A-Z])\)")
KEY_VALUE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):([^\s:]+)")
DAY_END = time(23, 59)


# What todo.txt lines never look like, with the reason the import gives.
NOT_A_TASK = (
    (re.compile(r"\s"), "is indented"),
    (re.compile(r"[!#$%&)*,./:;<=>?\\\]^_`|}~-]"), "starts with {start}"),
    (re.compile(r"(?!\S*://)[^\s:]*:[^\s:]*:[^\s:]*:"), "has fields split by colons"),
    (re.compile(r"[A-Za-z_][\w.-]*\s*="), "sets a value (name=value)"),
)  # fmt: skip
CSV_HEADER = re.compile(r"\w+(?:,\w+)+")


def unlike_todotxt(text: str) -> tuple[int, str] | None:
    """The first line that does not read as a todo.txt task, and why (None when
    every line does). A task is a line of words: it is not indented, does not
    start with the punctuation of comments, bullets, quotes, markup or paths
    (`#`, `-`, `*`, `>`, `<`, `/`, …), is not colon-separated fields like
    /etc/passwd, a `name=value` setting, or a CSV header."""
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if number == 1 and CSV_HEADER.fullmatch(line):
            return number, "is a CSV header"
        for pattern, reason in NOT_A_TASK:
            if pattern.match(line):
                return number, reason.format(start=f'"{line[0]}"')
    return None


def parse_todotxt(text: str, now: datetime, tz: tzinfo, day_start: time = time(9, 0)) -> Batch:
    """Every non-blank line as a task; the first bad line raises ImportFormatError."""
    tasks = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        try:
            task = parse_line(line, now, tz, day_start)
        except ImportFormatError as exc:
            raise ImportFormatError(exc.reason, f"line {number}") from None
        tasks.append(replace(task, where=f"line {number}"))
    return Batch(kind=KIND, tasks=tuple(tasks))


def _date(token: str, what: str) -> date:
    if not DATE.fullmatch(token):
        raise ImportFormatError(f'bad date "{token}" in {what} (expected YYYY-MM-DD)')
    try:
        day = date.fromisoformat(token)
    except ValueError:
        raise ImportFormatError(f'bad date "{token}" in {what}') from None
    if not EARLIEST.year <= day.year < LATEST.year:  # nor would it fit every zone
        raise ImportFormatError(
            f'bad date "{token}" in {what} (years {EARLIEST.year} to {LATEST.year - 1})'
        )
    return day


def _leading_date(tokens: list[str], what: str) -> date | None:
    """A date at the head of the line, if the first token looks like one."""
    if tokens and DATE.fullmatch(tokens[0]):
        return _date(tokens.pop(0), what)
    return None


def parse_line(line: str, now: datetime, tz: tzinfo, day_start: time = time(9, 0)) -> TaskRecord:
    tokens = line.split()
    done = tokens[0] == "x" and len(tokens) > 1 and line.startswith("x ")
    completed: date | None = None
    priority: str | None = None
    if done:
        tokens.pop(0)
        completed = _leading_date(tokens, "the completion date")
    if tokens and (m := PRIORITY.fullmatch(tokens[0])):
        priority = m.group(1)
        tokens.pop(0)
    created = _leading_date(tokens, "the creation date")
    if done and completed is not None and created is None and tokens:
        created = _leading_date(tokens, "the creation date")

    words: list[str] = []
    tags: list[str] = []
    extras: list[str] = []
    values: dict[str, str] = {}
    for token in tokens:
        if len(token) > 1 and token[0] in "+@":
            tags.append(token[1:].lower())
            continue
        m = KEY_VALUE.fullmatch(token)
        if m and not m.group(2).startswith("//"):
            key, value = m.group(1), m.group(2)
            if key in ("due", "t", "pri") or (key == "rec" and looks_like_rec(value)):
                if key in values:
                    raise ImportFormatError(f"{key}: given twice")
                values[key] = value
            else:
                extras.append(token)
            continue
        words.append(token)
    if "pri" in values:
        if not re.fullmatch(r"[A-Za-z]", values["pri"]):
            raise ImportFormatError(f'bad priority "{values["pri"]}" in pri: (expected A to Z)')
        priority = priority or values["pri"].upper()

    title = " ".join(words) or " ".join(tokens)
    if not title:
        raise ImportFormatError("no task text")
    key_text = " ".join(([created.isoformat()] if created else []) + tokens)
    source = "todotxt:" + hashlib.sha1(key_text.encode()).hexdigest()[:16]
    closed_at = None
    if done:
        closed_at = at_local(completed, time(0), tz) if completed else now
    if created is not None:
        created_at = at_local(created, time(0), tz)
    else:
        created_at = min(now, closed_at) if closed_at else now
    due = at_local(_date(values["due"], "due:"), DAY_END, tz) if "due" in values else None
    start = at_local(_date(values["t"], "t:"), day_start, tz) if "t" in values else None
    if priority:
        tags.insert(0, f"prio-{priority.lower()}")
    extra = {"recurrence": from_todotxt(values["rec"])} if "rec" in values else {}
    return TaskRecord(
        extra=extra,
        title=title,
        created_at=created_at,
        source=source,
        notes=("todo.txt: " + " ".join(extras)) if extras else "",
        planned_start=start,
        due=due,
        tags=tuple(dict.fromkeys(tags)),
        status=TaskStatus.DONE if done else TaskStatus.OPEN,
        closed_at=closed_at,
    )
