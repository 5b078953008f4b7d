"""Today straight from sqlite3: the first paint of `startnow` without waiting
for SQLAlchemy.

Importing the ORM costs ~0.4 s, more than a whole bare Textual app takes to
paint. So the app paints Today from these few queries (stdlib and domain only)
and opens the full services in the background while the person reads; the
first key that needs them waits for them. `read_open_tasks` is also how the
full Tasks service reads Today, so both paths show the same thing.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import datetime, tzinfo
from typing import Any

from startnow.clock import Clock
from startnow.domain.model import ChunkInfo, TaskInfo
from startnow.domain.review import CommitmentRecord, week_of
from startnow.domain.tags import split_tags
from startnow.domain.today import TodayView, build_today
from startnow.store.plain import fetch, from_seconds, instant

OPEN_TASKS = """
SELECT id, title, notes, created_at, planned_start, due, self_due, estimate, tags, status,
       first_started_at, closed_at
FROM task WHERE status = 'open'
"""
OPEN_CHUNKS = """
SELECT c.id, c.task_id, c.position, c.title, c.estimate, c.done_at
FROM chunk c JOIN task t ON t.id = c.task_id
WHERE t.status = 'open' ORDER BY c.task_id, c.position, c.id
"""
RUNNING = "SELECT EXISTS(SELECT 1 FROM focus_session WHERE ended_at IS NULL)"
COMMITMENT = "SELECT week, text, kept FROM commitment WHERE week = ?"


def read_open_tasks(conn: Any) -> list[TaskInfo]:
    """Every open task with its chunks in order, over any DB-API connection."""
    chunks: dict[int, list[ChunkInfo]] = defaultdict(list)
    for chunk_id, task_id, position, title, estimate, done_at in fetch(conn, OPEN_CHUNKS):
        chunks[task_id].append(
            ChunkInfo(chunk_id, task_id, position, title, estimate, from_seconds(done_at))
        )
    return [
        TaskInfo(
            id=task_id,
            title=title,
            notes=notes,
            created_at=instant(created),
            planned_start=from_seconds(planned),
            due=from_seconds(due),
            self_due=from_seconds(self_due),
            estimate=estimate,
            tags=split_tags(tags),
            status=status,
            first_started_at=from_seconds(first),
            closed_at=from_seconds(closed),
            chunks=tuple(chunks.get(task_id, ())),
        )
        for task_id, title, notes, created, planned, due, self_due, estimate, tags, status, first,
        closed in fetch(conn, OPEN_TASKS)
    ]  # fmt: skip


def read_commitment(conn: Any, now: datetime, tz: tzinfo) -> CommitmentRecord | None:
    """This week's implementation intention, shown at the foot of Today."""
    week = str(week_of(now, tz))
    for name, text, kept in fetch(conn, COMMITMENT, (week,)):
        return CommitmentRecord(name, text, None if kept is None else bool(kept))
    return None


class QuickLook:
    """What Today shows, over one plain sqlite3 connection (query-only)."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock, grace: Any) -> None:
        self.conn = conn
        self.clock = clock
        self.grace = grace

    def today(self, tz: tzinfo) -> TodayView:
        return build_today(read_open_tasks(self.conn), self.clock(), tz, self.grace)

    def commitment(self, tz: tzinfo) -> CommitmentRecord | None:
        return read_commitment(self.conn, self.clock(), tz)

    def has_running_session(self) -> bool:
        return bool(fetch(self.conn, RUNNING)[0][0])

    def data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()
