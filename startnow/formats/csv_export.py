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
Column order is fixed (TABLES below): scripts may rely on it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, timedelta

from startnow.domain.describe import iso_instant
from startnow.formats.importers.records import Batch, SessionRecord, TaskRecord

TASK_COLUMNS = (
    "id", "title", "status", "created_at", "planned_start", "due", "self_due", "estimate",
    "tags", "first_started_at", "start_delay_minutes", "closed_at", "chunks", "chunks_done",
    "sessions", "focus_minutes", "notes", "source",
)  # fmt: skip
CHUNK_COLUMNS = ("task_id", "id", "position", "title", "estimate", "created_at", "done_at")
SESSION_COLUMNS = (
    "task_id", "id", "kind", "chunk_id", "started_at", "planned_minutes", "paused_at",
    "paused_seconds", "ended_at", "outcome", "blocker", "nudge_id", "chunk_done",
    "nudge_helped", "recovery_id",
)  # fmt: skip
RECOVERY_COLUMNS = ("task_id", "id", "option", "text", "forgave", "created_at", "helped")
COMMITMENT_COLUMNS = ("week", "text", "created_at", "kept")
NUDGE_SWAP_COLUMNS = ("blocker", "nudge_id", "at")
CHUNK_SEPARATOR = " | "


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso_instant(value)
    return str(value)


def focus_minutes(sessions: Iterable[SessionRecord]) -> int:
    """Focused time of the ended sessions: wall time minus pauses, in whole minutes."""
    total = timedelta(0)
    for s in sessions:
        if s.ended_at is not None:
            spent = s.ended_at - s.started_at - timedelta(seconds=s.paused_seconds)
            total += max(spent, timedelta(0))
    return int(total.total_seconds() // 60)


def start_delay_minutes(task: TaskRecord) -> int | None:
    if task.first_started_at is None:
        return None
    ready = task.planned_start or task.created_at
    return max(int((task.first_started_at - ready).total_seconds() // 60), 0)


def task_row(task: TaskRecord) -> tuple[object, ...]:
    return (
        task.ref, task.title, task.status, task.created_at, task.planned_start, task.due,
        task.self_due, task.estimate, " ".join(task.tags), task.first_started_at,
        start_delay_minutes(task), task.closed_at,
        CHUNK_SEPARATOR.join(c.title for c in task.chunks),
        sum(1 for c in task.chunks if c.done_at is not None), len(task.sessions),
        focus_minutes(task.sessions), task.notes, task.source,
    )  # fmt: skip


def tables(batch: Batch) -> dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]]:
    """File name -> (header, rows), for the directory form."""
    chunks, sessions, recoveries = [], [], []
    for t in batch.tasks:
        for position, c in enumerate(t.chunks):
            chunks.append((t.ref, c.ref, position, c.title, c.estimate, c.created_at, c.done_at))
        for s in t.sessions:
            sessions.append((
                t.ref, s.ref, s.kind, s.chunk_ref, s.started_at, s.planned_minutes, s.paused_at,
                s.paused_seconds, s.ended_at, s.outcome, s.blocker, s.nudge_id, s.chunk_done,
                s.nudge_helped, s.recovery_ref,
            ))  # fmt: skip
        for r in t.recoveries:
            recoveries.append((t.ref, r.ref, r.option, r.text, r.forgave, r.created_at, r.helped))
    return {
        "tasks.csv": (TASK_COLUMNS, [task_row(t) for t in batch.tasks]),
        "chunks.csv": (CHUNK_COLUMNS, chunks),
        "sessions.csv": (SESSION_COLUMNS, sessions),
        "recoveries.csv": (RECOVERY_COLUMNS, recoveries),
        "commitments.csv": (
            COMMITMENT_COLUMNS,
            [(c.week, c.text, c.created_at, c.kept) for c in batch.commitments],
        ),
        "nudge_swaps.csv": (
            NUDGE_SWAP_COLUMNS,
            [(s.blocker, s.nudge_id, s.at) for s in batch.nudge_swaps],
        ),
    }


def render(header: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> str:
    """One CSV document (RFC 4180: CRLF line ends, quotes where needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()
