"""Every read of `startnow status`, in plain sqlite3 (stdlib only).

A status bar runs the command every second, beside a TUI that may be writing:
the file is opened read-only (`mode=ro`, then `PRAGMA query_only`), so this
never takes a write lock and never changes the file; WAL lets the reads go on
while the app writes. Side files (-wal, -shm) that opening made beside a
closed store are removed again, so the directory is left as it was found.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

from startnow.domain.safe_text import safe
from startnow.domain.status import OpenSession, OpenTask
from startnow.errors import StartnowError, UnreadableValue
from startnow.store import schema
from startnow.store.fast import (
    UNREADABLE,
    _integer,
    _text,
    first_unreadable,
    from_seconds,
    has_sqlite_header,
    instant,
    whole,
)
from startnow.store.preflight import (
    absent_side_files,
    busy_error,
    check_pages,
    database_error,
    disk_full_error,
    is_busy,
    is_disk_full,
    remove_side_files,
)

# The newest session whose ended_at is NULL (any startnow process may have
# started it), with its task's title and its step's, if it has one.
OPEN_SESSION = """
SELECT s.id, s.task_id, t.title, c.title, s.started_at, s.planned_minutes, s.paused_at,
       s.paused_seconds, s.blocker, s.nudge_id, s.kind
FROM focus_session s JOIN task t ON t.id = s.task_id LEFT JOIN chunk c ON c.id = s.chunk_id
WHERE s.ended_at IS NULL ORDER BY s.started_at DESC, s.id DESC LIMIT 1
"""
# Open tasks with their first open chunk (the next step), as Today reads them.
OPEN_TASKS = """
SELECT t.id, t.title, t.created_at, t.planned_start, t.due, t.estimate, t.first_started_at,
       c.title, c.estimate
FROM task t LEFT JOIN chunk c ON c.id = (
    SELECT id FROM chunk WHERE task_id = t.id AND done_at IS NULL ORDER BY position, id LIMIT 1
)
WHERE t.status = 'open'
"""


def uri_of(path: str) -> str:
    """A `file:` URI for sqlite3 that opens `path` read-only, whatever its name holds."""
    escaped = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file://{escaped}?mode=ro"


STARTED_SINCE = "SELECT count(*) FROM focus_session WHERE started_at >= ?"


def read_status(path: str) -> tuple[OpenSession | None, list[OpenTask]] | None:
    """The open session (if any) and every open task; None when there is no
    file at `path` (or an empty one: a store not yet written).

    A file that is not startnow's, or from a newer startnow, is one line."""
    found = _reading(path, None)
    return None if found is None else (found[0], found[1])


def read_for_reminders(
    path: str, since: datetime
) -> tuple[OpenSession | None, list[OpenTask], int] | None:
    """read_status, and how many sessions began since `since` (`startnow
    remind`: "nothing started today"), in the same snapshot."""
    return _reading(path, since)


def _reading(
    path: str, since: datetime | None
) -> tuple[OpenSession | None, list[OpenTask], int] | None:
    if not os.path.exists(path):
        return None
    if os.path.isdir(path):
        raise StartnowError(f"cannot open {path}: it is a directory, not a database file")
    if os.path.getsize(path) == 0:
        return None
    if not has_sqlite_header(path):
        raise StartnowError(f"{path} is not a startnow database (not a SQLite file)")
    made = absent_side_files(path)
    try:
        conn = sqlite3.connect(
            uri_of(path), uri=True, timeout=schema.busy_timeout_ms() / 1000, isolation_level=None
        )
        try:
            return _read(conn, path, since)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise busy_error(None) from None
        if is_disk_full(exc, path):
            raise disk_full_error(path) from None
        raise database_error(exc, None) from None
    finally:
        remove_side_files(path, made)


def _read(
    conn: sqlite3.Connection, path: str, since: datetime | None
) -> tuple[OpenSession | None, list[OpenTask], int]:
    conn.execute("PRAGMA query_only = ON")
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != schema.APPLICATION_ID:
        if app_id == 0 and version == 0 and not _has_tables(conn):
            return None, [], 0  # created, never written: an empty store
        raise StartnowError(f"{path} is a SQLite database, but not startnow's")
    if version > schema.SCHEMA_VERSION:
        raise StartnowError(
            f"{path} was written by a newer startnow (schema {version}; this one knows "
            f"{schema.SCHEMA_VERSION}); upgrade startnow"
        )
    check_pages(path, conn)  # a damaged store is refused here too, not read in part
    conn.execute("BEGIN")  # one snapshot for both reads: a session and its task agree
    try:
        try:
            session = _open_session(conn)
            tasks = _open_tasks(conn)
        except UNREADABLE:  # a value another program wrote: one line naming its row
            raise first_unreadable(conn) or UnreadableValue(None, None, None, "", None) from None
        started = 0
        if since is not None:
            started = conn.execute(STARTED_SINCE, (int(since.timestamp()),)).fetchone()[0]
    finally:
        conn.execute("COMMIT")
    return session, tasks, started


def _has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def _open_session(conn: sqlite3.Connection) -> OpenSession | None:
    row = conn.execute(OPEN_SESSION).fetchone()
    if row is None:
        return None
    sid, task_id, title, step, started, planned, paused_at, paused_s, blocker, nudge, kind = row
    return OpenSession(
        sid,
        task_id,
        safe(title),
        safe(title if step is None else step),
        instant(started),
        whole(planned),
        from_seconds(paused_at),
        _integer(paused_s) or 0,
        blocker,
        nudge,
        kind,
    )


def _open_tasks(conn: sqlite3.Connection) -> list[OpenTask]:
    return [
        OpenTask(
            task_id, safe(title), instant(created), from_seconds(planned), from_seconds(due),
            _integer(estimate), from_seconds(first), _text(step_title),
            _integer(step_minutes),
        )
        for task_id, title, created, planned, due, estimate, first, step_title, step_minutes
        in conn.execute(OPEN_TASKS)
    ]  # fmt: skip
