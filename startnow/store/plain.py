"""The store's one encoding of instants, and the few plain-sqlite3 helpers that
the paths without SQLAlchemy share (quick add, Today's first paint, the printed
review). Stdlib only: quick add imports this.

Instants are whole Unix seconds in SQLite and aware UTC datetimes in Python;
models.UTCSeconds, the fast insert and the plain readers all go through here.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime

from startnow.store.schema import SQLITE_HEADER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from os import PathLike
    from typing import Any


def to_seconds(value: datetime | None) -> int | None:
    """Aware datetime -> whole Unix seconds. A naive one is refused: whose local time?"""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: store aware UTC instants")
    return int(value.timestamp() // 1)


def instant(value: int) -> datetime:
    """Whole Unix seconds -> an aware UTC datetime (a column that is never null)."""
    return datetime.fromtimestamp(value, UTC)


def from_seconds(value: int | None) -> datetime | None:
    return None if value is None else instant(value)


def fetch(conn: Any, sql: str, params: Any = ()) -> list[Any]:
    """All rows of one query, over any DB-API connection (sqlite3's or the pool's)."""
    cursor = conn.cursor()
    try:
        return cursor.execute(sql, params).fetchall()
    finally:
        cursor.close()


def has_sqlite_header(path: str | PathLike[str]) -> bool:
    """Whether the file starts as a SQLite 3 database (read before sqlite3 touches it)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would block the read
            return False
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False
