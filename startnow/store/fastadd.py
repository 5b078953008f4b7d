"""Quick add without SQLAlchemy: plain sqlite3 inserts into the schema that
`models.py` defines.

`import sqlmodel` alone costs ~360 ms; a quick add must cost less than the
thought of it. So on a database already at the current schema, the add path
writes the rows itself. The column lists below are checked against the models
by a test, and a test reads what this wrote back through the models.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from startnow.domain.tags import join_tags
from startnow.store import schema
from startnow.store.preflight import is_read_only
from startnow.store.schema import APPLICATION_ID, BUSY_TIMEOUT_MS, SQLITE_HEADER

TASK_COLUMNS = (
    "title", "notes", "created_at", "planned_start", "due", "self_due", "estimate",
    "tags", "status", "first_started_at", "closed_at", "source",
)  # fmt: skip
CHUNK_COLUMNS = ("task_id", "position", "title", "estimate", "created_at", "done_at")


def seconds(value: datetime | None) -> int | None:
    """The same encoding as models.UTCSeconds."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}")
    return int(value.timestamp() // 1)


def _is_current_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def fast_insert(path: Path, specs: Sequence[Any], now: datetime) -> list[int] | None:
    """Insert the tasks in one transaction and return their ids, or None when the
    full path is needed (no file yet, an older or foreign schema, anything odd);
    the full path then gives the user the proper message or migrates."""
    if not _is_current_sqlite(path) or is_read_only(path):
        return None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version != schema.SCHEMA_VERSION:
            return None
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # as the app's connections: WAL-safe
        conn.execute("BEGIN IMMEDIATE")
        try:
            ids = [_insert_one(conn, spec, seconds(now)) for spec in specs]
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return ids
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _insert_one(conn: sqlite3.Connection, spec: Any, now: int | None) -> int:
    tags = join_tags(list(spec.tags))
    values = (
        spec.title, "", now, seconds(spec.planned_start), seconds(spec.due), None,
        spec.estimate, tags, "open", None, None, "",
    )  # fmt: skip
    cursor = conn.execute(
        f"INSERT INTO task ({', '.join(TASK_COLUMNS)}) VALUES ({', '.join('?' * len(values))})",
        values,
    )
    task_id = cursor.lastrowid
    assert task_id is not None
    for position, chunk in enumerate(spec.chunks):
        conn.execute(
            f"INSERT INTO chunk ({', '.join(CHUNK_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            (task_id, position, chunk.title, chunk.estimate, now, None),
        )
    return task_id
