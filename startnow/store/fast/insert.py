"""Quick add's insert: one transaction, checked, without the ORM."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from startnow.store import checked, schema, tables
from startnow.store.fast import encoded, has_sqlite_header
from startnow.store.preflight import (
    absent_side_files,
    busy_error,
    damaged_error,
    disk_full_error,
    is_busy,
    is_damaged,
    is_disk_full,
    is_read_only,
    quick_check,
    remove_side_files,
)
from startnow.store.schema import APPLICATION_ID, busy_timeout_ms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import Any


class DamagedFile(Exception):
    """quick_check found a problem (raised inside the transaction, to roll it back)."""


def fast_insert(path: str | PathLike[str], specs: Sequence[Any], now: datetime) -> list[int] | None:
    """Insert the tasks (quick add's parsed specs) in one transaction and return
    their ids, or None when the full path is needed (no file yet, an older or
    foreign schema, anything odd); the full path then gives the user the proper
    message or migrates.

    Three answers cannot wait for the full path: a database another startnow keeps
    locked past the busy timeout (falling back would wait a second time), a
    damaged one and a full disk (refused before a byte is written; side files
    made here removed).
    """
    if (
        not has_sqlite_header(path)
        or is_read_only(path)
        or is_read_only(os.path.dirname(os.path.abspath(path)))
    ):
        return None
    made = absent_side_files(path)
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms() / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    failure: Exception | None = None
    try:
        ids, held = _insert_all(conn, path, specs, now)
    except sqlite3.DatabaseError as exc:
        if not (is_busy(exc) or is_damaged(exc) or is_disk_full(exc, path)):
            return None
        failure = exc
    except DamagedFile as exc:
        failure = exc
    finally:
        conn.close()  # (the last connection to close folds the -wal into the file)
    if failure is None:
        if ids is not None:  # clean under the write lock (recorded or checked), then our write
            checked.remember(path, checked.marks(path), held.checked_at if held else "")
        return ids
    if isinstance(failure, sqlite3.Error) and is_busy(failure):
        raise busy_error(path) from None  # type: ignore[arg-type]  # shown as given
    remove_side_files(path, made)
    if isinstance(failure, sqlite3.Error) and is_disk_full(failure, path):
        raise disk_full_error(path) from None
    raise damaged_error(path, failure) from None


def _insert_all(
    conn: sqlite3.Connection, path: str | PathLike[str], specs: Sequence[Any], now: datetime
) -> tuple[list[int] | None, checked.Record | None]:
    """The ids (None: not a store at the current schema) and the record of a
    clean check that held under the write lock (None: the file was checked)."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID or version != schema.SCHEMA_VERSION:
        return None, None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")  # as the app's connections: WAL-safe
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Under the write lock: no startnow changes the file between this look and the insert.
        held = checked.trusted(path)
        problem = quick_check(conn) if held is None else None
        if problem is not None:
            raise DamagedFile(problem)
        ids = [insert_task(conn, spec, now) for spec in specs]
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, damage)
            conn.execute("ROLLBACK")
        raise
    return ids, held


def insert_task(conn: Any, spec: Any, now: datetime, source: str = "") -> int:
    """One task in quick add's shape (title, estimate, dates, tags, steps) and
    its steps, over any DB-API connection inside the caller's transaction."""
    task = {
        "title": spec.title,
        "created_at": now,
        "planned_start": spec.planned_start,
        "due": spec.due,
        "estimate": spec.estimate,
        "tags": spec.tags,
        "source": source,
    }
    cursor = conn.cursor()
    try:
        cursor.execute(tables.TASK.insert_sql(), encoded(tables.TASK, task))
        task_id = int(cursor.lastrowid)
        for position, step in enumerate(spec.chunks):
            values = {
                "task_id": task_id,
                "position": position,
                "title": step.title,
                "estimate": step.estimate,
                "created_at": now,
            }
            cursor.execute(tables.STEP.insert_sql(), encoded(tables.STEP, values))
    finally:
        cursor.close()
    return task_id
