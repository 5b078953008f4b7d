"""One write transaction without the ORM, with the cheap checks of the file
first: what quick add, done, drop, edit and undo all go through.

The checks are those the full open would make: a SQLite file that is
startnow's at the current schema, writable, not locked past the busy timeout,
and not damaged: the whole-file check runs under the write lock unless the
record of a clean check beside the store (`store/checked.py`) still matches
the file, so a write costs the same at 20,000 tasks as at 10 while nothing
else touched it. Anything else hands the caller back to the full open, which
creates, upgrades or says what is wrong.
"""

from __future__ import annotations

import os
import sqlite3

from startnow.store import checked, schema
from startnow.store.fast import has_sqlite_header
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
    from collections.abc import Callable
    from os import PathLike
    from typing import TypeVar

    T = TypeVar("T")


class DamagedFile(Exception):
    """quick_check found a problem (raised inside the transaction, to roll it back)."""


class NeedsFullOpen(Exception):
    """Raised inside the transaction: not a store at the current schema."""


def in_one_transaction(
    path: str | PathLike[str], work: Callable[[sqlite3.Connection], T]
) -> T | None:
    """`work(conn)` inside one BEGIN IMMEDIATE ... COMMIT on a checked store,
    and its result; None when the full path is needed (no file yet, an older or
    foreign schema, a read-only file or directory), with nothing done.

    Three answers cannot wait for the full path: a database another startnow
    keeps locked past the busy timeout (falling back would wait a second time),
    a damaged one and a full disk (refused before a byte is written; side files
    made here removed). Whatever `work` raises (a StartnowError for a user's
    mistake) rolls it all back.
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
        result, held = _checked(conn, path, work)
    except NeedsFullOpen:
        return None
    except sqlite3.DatabaseError as exc:
        if not (is_busy(exc) or is_damaged(exc) or is_disk_full(exc, path)):
            return None
        failure = exc
    except DamagedFile as exc:
        failure = exc
    finally:
        conn.close()  # (the last connection to close folds the -wal into the file)
    if failure is None:
        # Clean under the write lock (recorded or checked), then our own write.
        checked.remember(path, checked.marks(path), held.checked_at if held else "")
        return result
    if isinstance(failure, sqlite3.Error) and is_busy(failure):
        raise busy_error(path) from None
    remove_side_files(path, made)
    if isinstance(failure, sqlite3.Error) and is_disk_full(failure, path):
        raise disk_full_error(path) from None
    raise damaged_error(path, failure) from None


def _checked(
    conn: sqlite3.Connection, path: str | PathLike[str], work: Callable[[sqlite3.Connection], T]
) -> tuple[T, checked.Record | None]:
    """`work`'s result and the record of a clean check that held under the
    write lock (None: the file was checked now)."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID or version != schema.SCHEMA_VERSION:
        raise NeedsFullOpen
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")  # as the app's connections: WAL-safe
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Under the write lock: no startnow changes the file between this look and the work.
        held = checked.trusted(path)
        problem = quick_check(conn) if held is None else None
        if problem is not None:
            raise DamagedFile(problem)
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, damage)
            conn.execute("ROLLBACK")
        raise
    return result, held
