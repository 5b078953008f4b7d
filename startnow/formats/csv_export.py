"""The CSV export: for spreadsheets, not for backups (JSON is the backup).

One CSV cannot hold tasks, their chunks and their sessions, so there are two
shapes:
  * `--format csv` to standard output or a FILE: `tasks.csv` alone, one row a
    task, with its chunks' titles joined by " | " and a few summaries
    (chunks done, focus sessions, focus minutes, start delay).
  * `--format csv --output DIR/` (an existing directory, or a path ending in
    "/"): six files, everything: tasks.csv, chunks.csv, sessions.csv,
    recoveries.csv, commitments.csv, nudge_swaps.csv. Rows point at their task
    with `task_id` (and sessions at `chunk_id`, `recovery_id`).
Instants are ISO-8601 UTC with a Z; booleans are true/false; empty means none.
Text has nothing in it a terminal acts on, and text a spreadsheet would run
as a formula (starting with = + - @) starts with "'".
Column order is fixed (TABLES below): scripts may rely on it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from startnow.domain.delays import ready_time
from startnow.domain.describe import iso_instant
from startnow.domain.safe_text import safe_lines
from startnow.errors import UnreadableValue
from startnow.formats.importers.records import Batch, SessionRecord, TaskRecord, value_of
from startnow.store import tables

# Computed per task, placed after the stored column they follow.
SUMMARIES = {
    "first_started_at": ("start_delay_minutes",),
    "closed_at": ("chunks", "chunks_done", "sessions", "focus_minutes"),
}
LAST = ("notes", "source")  # the long free text at the end, where a spreadsheet can spare it


def _task_columns() -> tuple[str, ...]:
    columns = ["id"]
    for name in tables.TASK.ordered(first=("title", "status"), without=LAST):
        columns += [name, *SUMMARIES.get(name, ())]
    return (*columns, *LAST)


# From the tables' declarations: a new column is in the CSV without a change here.
TASK_COLUMNS = _task_columns()
CHUNK_COLUMNS = ("task_id", "id", *tables.STEP.ordered(without=("task_id",)))
SESSION_COLUMNS = (
    "task_id", "id", *tables.FOCUS_SESSION.ordered(first=("kind",), without=("task_id",)),
)  # fmt: skip
RECOVERY_COLUMNS = ("task_id", "id", *tables.RECOVERY.ordered(without=("task_id",)))
COMMITMENT_COLUMNS = tables.COMMITMENT.names
NUDGE_SWAP_COLUMNS = tables.NUDGE_SWAP.names
CHUNK_SEPARATOR = " | "


# A cell a spreadsheet would run as a formula starts with one of these
# (OWASP's list; tab and CR are gone already): such text gets a leading "'",
# which spreadsheets read as "this is text".
FORMULA_STARTS = ("=", "+", "-", "@")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_instant(value)
    if isinstance(value, str):
        return text_cell(value)
    return str(value)


def text_cell(value: str) -> str:
    """Stored text as a cell: nothing a terminal acts on (line breaks stay,
    quoted), and never a formula."""
    shown = safe_lines(value)
    return "'" + shown if shown.startswith(FORMULA_STARTS) else shown


def focus_minutes(sessions: Iterable[SessionRecord]) -> int:
    """Focused time of the ended sessions: wall time minus pauses, in whole
    minutes. In whole seconds, as the review counts it: a pause too long for a
    timedelta (written by another program) only makes a session count nothing."""
    total = 0
    for s in sessions:
        if s.ended_at is not None:
            paused = s.paused_seconds or 0
            if type(paused) is not int:
                raise UnreadableValue("focus_session", s.ref, "paused_seconds", tables.INT, paused)
            total += max(int((s.ended_at - s.started_at).total_seconds()) - paused, 0)
    return total // 60


def start_delay_minutes(task: TaskRecord) -> int | None:
    if task.first_started_at is None:
        return None
    ready = ready_time(task.created_at, task.planned_start)
    return max(int((task.first_started_at - ready).total_seconds() // 60), 0)


def task_row(task: TaskRecord) -> tuple[object, ...]:
    computed = {
        "start_delay_minutes": start_delay_minutes(task),
        "chunks": CHUNK_SEPARATOR.join(c.title for c in task.chunks),
        "chunks_done": sum(1 for c in task.chunks if c.done_at is not None),
        "sessions": len(task.sessions),
        "focus_minutes": focus_minutes(task.sessions),
    }
    return tuple(
        computed[name] if name in computed else _stored(task, name) for name in TASK_COLUMNS
    )


def _stored(record: Any, name: str) -> object:
    value = value_of(record, name)
    return " ".join(value) if isinstance(value, tuple) else value  # tags: words


def _rows(
    columns: tuple[str, ...], records: Iterable[Any], **known: object
) -> list[tuple[object, ...]]:
    """One row a record; `known` gives the columns a record can't (its task's id)."""
    return [tuple(known[n] if n in known else _stored(r, n) for n in columns) for r in records]


def tables_of(batch: Batch) -> dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]]:
    """File name -> (header, rows), for the directory form."""
    chunks: list[tuple[object, ...]] = []
    sessions: list[tuple[object, ...]] = []
    recoveries: list[tuple[object, ...]] = []
    for t in batch.tasks:
        for position, c in enumerate(t.chunks):
            chunks += _rows(CHUNK_COLUMNS, [c], task_id=t.ref, position=position)
        sessions += _rows(SESSION_COLUMNS, t.sessions, task_id=t.ref)
        recoveries += _rows(RECOVERY_COLUMNS, t.recoveries, task_id=t.ref)
    return {
        "tasks.csv": (TASK_COLUMNS, [task_row(t) for t in batch.tasks]),
        "chunks.csv": (CHUNK_COLUMNS, chunks),
        "sessions.csv": (SESSION_COLUMNS, sessions),
        "recoveries.csv": (RECOVERY_COLUMNS, recoveries),
        "commitments.csv": (COMMITMENT_COLUMNS, _rows(COMMITMENT_COLUMNS, batch.commitments)),
        "nudge_swaps.csv": (NUDGE_SWAP_COLUMNS, _rows(NUDGE_SWAP_COLUMNS, batch.nudge_swaps)),
    }


def render(header: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> str:
    """One CSV document (RFC 4180: CRLF line ends, quotes where needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()
