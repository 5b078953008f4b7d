"""The store without SQLAlchemy: the reads and the one insert that must be fast.

`import sqlmodel` alone costs more than a whole quick add may, and more than a
bare Textual app takes to paint. So quick add (`insert`), Today's first paint
and `list` (`reads`), the printed review (`review`) and `startnow status`
(`status`) go through plain sqlite3, in this package; the ORM (`db.py`) does
every other write. Both use the declarations in `tables.py`, so the columns
are spelled once. Stdlib only at import (quick add imports this); the
domain's dataclasses are imported by the readers that return them.

This module: the encoding of values (instants are whole Unix seconds in
SQLite and aware UTC datetimes in Python; `models.UTCSeconds` goes through
here too) and the connections.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime

from startnow.domain.safe_text import safe
from startnow.domain.tags import join_tags, split_tags
from startnow.errors import UnreadableValue
from startnow.store import schema, tables
from startnow.store.schema import SQLITE_HEADER, busy_timeout_ms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from os import PathLike
    from typing import Any

    from startnow.store.preflight import FileState


# ---------------------------------------------------------------- encoding


def to_seconds(value: datetime | None) -> int | None:
    """Aware datetime -> whole Unix seconds. A naive one is refused: whose local time?"""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: store aware UTC instants")
    return int(value.timestamp() // 1)


# The instants a reader can use: from 2 January of year 1 to 30 December
# 9999, so that local time (a day either side of UTC at most) stays inside
# what Python's datetime can hold. Anything else was written by another program.
FIRST_SECOND = -62135510400  # 0001-01-02T00:00:00Z
LAST_SECOND = 253402214399  # 9999-12-30T23:59:59Z


def instant(value: int) -> datetime:
    """Whole Unix seconds -> an aware UTC datetime (a column that is never null).
    A value no datetime can hold, or not a number, is a ValueError."""
    try:
        if FIRST_SECOND <= value <= LAST_SECOND:
            return datetime.fromtimestamp(value, UTC)
    except TypeError:  # text or a blob where seconds belong
        pass
    raise ValueError(f"not an instant: {value!r}")


def from_seconds(value: int | None) -> datetime | None:
    return None if value is None else instant(value)


def _optional_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def _integer(value: object) -> int | None:
    if value is None or type(value) is int:
        return value
    raise ValueError(f"not a whole number: {value!r}")


def whole(value: object) -> int:
    """A number a column that is never null holds (text there is a ValueError)."""
    if type(value) is int:
        return value
    raise ValueError(f"not a whole number: {value!r}")


def _text(value: str | None) -> str | None:
    """Stored text as it may be shown: on one line, nothing a terminal acts on
    (a blob is an error)."""
    return None if value is None else safe(value)


def _tags(value: str) -> tuple[str, ...]:
    return split_tags(safe(value))


# How a reader gets each kind into the domain's dataclasses: checked, and text
# made safe to show once, here, for every screen and command that shows it
# (the export reads through the ORM and keeps text as it was).
DECODE: dict[str, Callable[[Any], object]] = {
    tables.INT: _integer,
    tables.TEXT: _text,
    tables.INSTANT: from_seconds,
    tables.BOOL: _optional_bool,
    tables.TAGS: _tags,
}
# What decoding a value another program wrote can raise (a blob has no str methods).
UNREADABLE = (TypeError, ValueError, OverflowError, OSError, AttributeError)


def _encode(column: tables.Column, value: object) -> object:
    if column.kind == tables.INSTANT:
        return to_seconds(value)  # type: ignore[arg-type]  # an instant column holds datetimes
    if column.kind == tables.TAGS:
        return join_tags(list(value))  # type: ignore[call-overload]  # a tags column holds words
    if column.kind == tables.BOOL and value is not None:
        return int(bool(value))
    return value


def stored(table: tables.Table, name: str, value: object) -> object:
    """One Python value as column `name` of `table` keeps it in SQLite."""
    return _encode(table.by_name[name], value)


def decoded(table: tables.Table, row: Sequence[Any]) -> dict[str, object]:
    """A row selected with `table.select_list()` as {column: Python value}; a
    value no reader can use is an UnreadableValue naming the row and column."""
    values: dict[str, object] = {"id": row[0]}
    try:
        for column, value in zip(table.columns, row[1:], strict=True):
            values[column.name] = DECODE[column.kind](value)
    except UNREADABLE:  # (free in Python 3.11 until something is raised)
        raise UnreadableValue(table.name, row[0], column.name, column.kind, value) from None
    return values


def field_reader(
    table: tables.Table, fields: Iterable[str]
) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A row of `table.select_list()` -> {field: decoded value} for only the
    columns in `fields` (a dataclass's): worked out once per reader, because
    Today decodes thousands of steps before its first paint."""
    wanted = set(fields)
    plan: list[tuple[int, str, Callable[[Any], object]]] = [(0, "id", whole)]
    for index, column in enumerate(table.columns, start=1):
        if column.name in wanted:
            plan.append((index, column.name, DECODE[column.kind]))

    def read(row: Sequence[Any]) -> dict[str, Any]:
        try:
            return {name: decode(row[i]) for i, name, decode in plan}
        except UNREADABLE:  # decoded() names the row and the column
            decoded(table, row)
            raise

    return read


# What `decoded` refuses, in SQL: found by SQLite's own scan, not row by row in Python.
_REFUSED = {
    tables.INSTANT: "typeof({c}) NOT IN ('integer', 'real', 'null') "
    f"OR {{c}} < {FIRST_SECOND} OR {{c}} > {LAST_SECOND}",
    tables.INT: "typeof({c}) NOT IN ('integer', 'null')",
    tables.TEXT: "typeof({c}) NOT IN ('text', 'null')",
    tables.TAGS: "typeof({c}) NOT IN ('text', 'null')",
}


def first_unreadable(conn: Any) -> UnreadableValue | None:
    """The first stored value of any table that `decoded` refuses, or None:
    for naming the row after a read has failed (it scans every table)."""
    for table in tables.TABLES:
        refused = " OR ".join(
            f"({_REFUSED[c.kind].format(c=c.name)})" for c in table.columns if c.kind in _REFUSED
        )
        sql = f"SELECT {table.select_list()} FROM {table.name} WHERE {refused} LIMIT 1"
        for row in fetch(conn, sql):
            try:
                decoded(table, row)
            except UnreadableValue as found:
                return found
    return None


def encoded(table: tables.Table, values: dict[str, object]) -> tuple[object, ...]:
    """Every column but `id`, in declaration order, for `table.insert_sql()`;
    a column not given takes its declared default."""
    return tuple(_encode(c, values.get(c.name, c.default)) for c in table.columns)


# ---------------------------------------------------------------- connections


def fetch(conn: Any, sql: str, params: Any = ()) -> list[Any]:
    """All rows of one query, over any DB-API connection (sqlite3's or the pool's)."""
    cursor = conn.cursor()
    try:
        return list(cursor.execute(sql, params).fetchall())
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


def connect_for_reading(path: str | PathLike[str]) -> sqlite3.Connection | None:
    """A query-only connection to a store that is plainly startnow's at the
    current schema; None otherwise (the full open then says what is wrong, or
    creates or upgrades the file)."""
    if not has_sqlite_header(path):
        return None
    from startnow.store.preflight import absent_side_files, remove_side_files

    made = absent_side_files(path)
    conn = sqlite3.connect(path, timeout=busy_timeout_ms() / 1000, check_same_thread=False)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == schema.APPLICATION_ID and version == schema.SCHEMA_VERSION:
            conn.execute("PRAGMA query_only = ON")
            return conn
    except sqlite3.DatabaseError:
        pass
    conn.close()
    remove_side_files(path, made)  # (a full disk leaves a -shm it could not grow)
    return None


def open_quickly(
    path: str | PathLike[str], *, create_dir: bool, deep: bool = True
) -> tuple[FileState, sqlite3.Connection] | None:
    """The full open's checks of the file (foreign, newer, read-only and, when
    `deep`, damaged anywhere), then a query-only connection, for a store
    already at the current schema: what Today's first paint and `list` need,
    without the ORM. None for a new or older store, which the full open
    (db.open_store) creates or upgrades.

    `deep` reads every page only when the file changed since its last clean
    check (store/checked.py). Not `deep` (the app's first paint): the caller
    runs preflight.check_pages before anything is written (the app, on its
    opening thread).
    """
    from startnow.store.preflight import inspect_file, prepare_directory

    if not os.path.isfile(path):
        return None
    prepare_directory(path, create=create_dir)
    state = inspect_file(path, deep=deep)  # before any connection: see db.open_store's `checked`
    if state.version != schema.SCHEMA_VERSION:
        return None
    conn = connect_for_reading(path)
    return None if conn is None else (state, conn)


def data_version(conn: Any) -> int:
    """Changes whenever another connection commits: a cheap way to notice a
    quick add from another terminal (under WAL the file's mtime stays put)."""
    return int(fetch(conn, "PRAGMA data_version")[0][0])
