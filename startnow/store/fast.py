"""The store without SQLAlchemy: the reads and the one insert that must be fast.

`import sqlmodel` alone costs more than a whole quick add may, and more than a
bare Textual app takes to paint. So quick add, Today's first paint, `list` and
the printed review go through plain sqlite3, here, in one module; the ORM
(`db.py`) does every other write. Both use the declarations in `tables.py`,
so the columns are spelled once. Stdlib only at import (quick add imports
this); the domain's dataclasses are imported by the readers that return them.

Instants are whole Unix seconds in SQLite and aware UTC datetimes in Python;
`models.UTCSeconds` and everything here go through `to_seconds` / `instant`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime

from startnow.domain.tags import join_tags, split_tags
from startnow.store import schema, tables
from startnow.store.preflight import (
    absent_side_files,
    busy_error,
    damaged_error,
    is_busy,
    is_damaged,
    is_read_only,
    quick_check,
    remove_side_files,
)
from startnow.store.schema import APPLICATION_ID, SQLITE_HEADER, busy_timeout_ms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from os import PathLike
    from pathlib import Path
    from typing import Any

    from startnow.domain.chooser import NudgeRecord
    from startnow.domain.model import ChunkInfo, TaskInfo
    from startnow.domain.review import CommitmentRecord, ReviewInputs
    from startnow.store.preflight import FileState


# ---------------------------------------------------------------- encoding


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


def _optional_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def _as_stored(value: object) -> object:
    return value


DECODE: dict[str, Callable[[Any], object]] = {
    tables.INT: _as_stored,
    tables.TEXT: _as_stored,
    tables.INSTANT: from_seconds,
    tables.BOOL: _optional_bool,
    tables.TAGS: split_tags,
}


def _encode(column: tables.Column, value: object) -> object:
    if column.kind == tables.INSTANT:
        return to_seconds(value)  # type: ignore[arg-type]  # an instant column holds datetimes
    if column.kind == tables.TAGS:
        return join_tags(list(value))  # type: ignore[call-overload]  # a tags column holds words
    if column.kind == tables.BOOL and value is not None:
        return int(bool(value))
    return value


def decoded(table: tables.Table, row: Sequence[Any]) -> dict[str, object]:
    """A row selected with `table.select_list()` as {column: Python value}."""
    values: dict[str, object] = {"id": row[0]}
    for column, value in zip(table.columns, row[1:], strict=True):
        values[column.name] = DECODE[column.kind](value)
    return values


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
    return None


def open_quickly(
    path: Path, *, create_dir: bool, deep: bool = True
) -> tuple[FileState, sqlite3.Connection] | None:
    """The full open's checks of the file (foreign, newer, read-only and, when
    `deep`, damaged anywhere), then a query-only connection, for a store
    already at the current schema: what Today's first paint and `list` need,
    without the ORM. None for a new or older store, which the full open
    (db.open_store) creates or upgrades.

    Not `deep`: the time this takes does not grow with the file. The caller
    then runs preflight.check_pages before anything is written (the app, on
    its opening thread); a read meets SQLite's own checks of each page it reads.
    """
    from startnow.store.preflight import inspect_file, prepare_directory

    if not path.is_file():
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


# ---------------------------------------------------------------- reads

OPEN_TASKS = f"SELECT {tables.TASK.select_list()} FROM task WHERE status = 'open'"
OPEN_STEPS = f"""
SELECT {tables.STEP.select_list("c")}
FROM chunk c JOIN task t ON t.id = c.task_id
WHERE t.status = 'open' ORDER BY c.task_id, c.position, c.id
"""
READY = "COALESCE(t.planned_start, t.created_at), t.id"
OPEN_TASKS_BY_READY = (
    f"SELECT {tables.TASK.select_list('t')} FROM task t WHERE t.status = 'open' ORDER BY {READY}"
)
OPEN_STEPS_BY_READY = f"""
SELECT {tables.STEP.select_list("c")}
FROM chunk c JOIN task t ON t.id = c.task_id
WHERE t.status = 'open' ORDER BY {READY}, c.position, c.id
"""
ONE_TASK = f"SELECT {tables.TASK.select_list()} FROM task WHERE id = ?"
ONE_TASKS_STEPS = (
    f"SELECT {tables.STEP.select_list()} FROM chunk WHERE task_id = ? ORDER BY position, id"
)
RUNNING = "SELECT EXISTS(SELECT 1 FROM focus_session WHERE ended_at IS NULL)"
COMMITMENTS = "SELECT week, text, kept FROM commitment WHERE week IN (?, ?)"


def read_open_tasks(conn: Any) -> list[TaskInfo]:
    """Every open task with its steps in order, over any DB-API connection."""
    return _tasks(fetch(conn, OPEN_TASKS), fetch(conn, OPEN_STEPS))


def iter_open_tasks(conn: Any) -> Iterator[TaskInfo]:
    """Every open task with its steps, the longest ready first (ready time,
    then id), one at a time: memory stays flat however many there are. Two
    cursors in the same order, merged."""

    tasks, steps = conn.cursor(), conn.cursor()
    try:
        tasks.execute(OPEN_TASKS_BY_READY)
        steps.execute(OPEN_STEPS_BY_READY)
        step = steps.fetchone()
        for row in tasks:
            mine: list[ChunkInfo] = []
            while step is not None and step[1] == row[0]:
                mine.append(_step(step))
                step = steps.fetchone()
            yield _task(row, tuple(mine))
    finally:
        tasks.close()
        steps.close()


def read_task(conn: Any, task_id: int) -> TaskInfo | None:
    """One task, whatever its status, with its steps in order."""
    found = _tasks(fetch(conn, ONE_TASK, (task_id,)), fetch(conn, ONE_TASKS_STEPS, (task_id,)))
    return found[0] if found else None


def _tasks(task_rows: list[Any], step_rows: list[Any]) -> list[TaskInfo]:
    """The domain's tasks from rows of `TASK.select_list()` and `STEP.select_list()`
    (steps in order)."""
    steps: dict[int, list[ChunkInfo]] = {}
    for row in step_rows:
        steps.setdefault(row[1], []).append(_step(row))
    return [_task(row, tuple(steps.get(row[0], ()))) for row in task_rows]


def _step(row: Any) -> ChunkInfo:
    """A row of `STEP.select_list()` as the domain's step: only the columns the
    dataclass has are handed over."""
    from startnow.domain.model import ChunkInfo

    values = decoded(tables.STEP, row)
    fields = ChunkInfo.__dataclass_fields__
    return ChunkInfo(**{k: v for k, v in values.items() if k in fields})  # type: ignore[arg-type]  # decoded by kind


def _task(row: Any, steps: tuple[ChunkInfo, ...]) -> TaskInfo:
    from startnow.domain.model import TaskInfo

    values = decoded(tables.TASK, row)
    fields = TaskInfo.__dataclass_fields__
    known = {k: v for k, v in values.items() if k in fields}
    return TaskInfo(**known, chunks=steps)  # type: ignore[arg-type]  # decoded by kind


def has_running_session(conn: Any) -> bool:
    return bool(fetch(conn, RUNNING)[0][0])


def read_commitments(conn: Any, *weeks: str) -> dict[str, CommitmentRecord]:
    """The implementation intentions of up to two ISO weeks, by week."""
    from startnow.domain.review import CommitmentRecord

    asked = (*weeks, *weeks)[:2]
    return {
        week: CommitmentRecord(week, text, _optional_bool(kept))
        for week, text, kept in fetch(conn, COMMITMENTS, asked)
    }


TASKS_STARTED = """
SELECT id, COALESCE(planned_start, created_at), first_started_at
FROM task WHERE first_started_at >= ? AND first_started_at < ?
"""
# Every session of the trend window, oldest first: the blocker named on each
# task's first one, the week's focus and nudges, and the window's nudge record.
WINDOW_SESSIONS = """
SELECT task_id, started_at, ended_at, paused_seconds, blocker, nudge_id, outcome, nudge_helped
FROM focus_session WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id
"""
WINDOW_SWAPS = "SELECT nudge_id, COUNT(*) FROM nudge_swap WHERE at >= ? AND at < ? GROUP BY 1"
# Ready by `as_of`, neither started nor closed by then (a closed task without
# a closing time cannot be placed in time, so it does not count as waiting).
WAITING = """
SELECT id, title, COALESCE(planned_start, created_at) AS ready, COUNT(*) OVER ()
FROM task
WHERE created_at < :as_of AND COALESCE(planned_start, created_at) < :as_of
  AND (first_started_at IS NULL OR first_started_at > :as_of)
  AND (closed_at IS NULL OR closed_at > :as_of)
  AND (status = 'open' OR closed_at IS NOT NULL)
ORDER BY ready, id LIMIT :limit
"""
ANY_ACTIVITY = """
SELECT EXISTS(SELECT 1 FROM focus_session WHERE started_at >= ? AND started_at < ?)
    OR EXISTS(SELECT 1 FROM task WHERE first_started_at >= ? AND first_started_at < ?)
"""
# The coach's record: outcomes counted in SQL by group (a few rows, whatever
# the history; the covering index answers it), judged by chooser.tally.
OUTCOME_GROUPS = """
SELECT nudge_id, outcome, nudge_helped, COUNT(*) FROM focus_session
WHERE nudge_id IS NOT NULL GROUP BY nudge_id, outcome, nudge_helped
"""
SWAPS = "SELECT nudge_id, COUNT(*) FROM nudge_swap GROUP BY nudge_id"


def any_activity(conn: Any, start: datetime, end: datetime) -> bool:
    """Whether anything was started between `start` and `end`."""
    bounds = (to_seconds(start), to_seconds(end))
    return bool(fetch(conn, ANY_ACTIVITY, bounds * 2)[0][0])


def read_nudge_records(conn: Any) -> dict[str, NudgeRecord]:
    """This user's whole record per nudge, for the chooser."""
    from startnow.domain.chooser import tally

    return tally(fetch(conn, OUTCOME_GROUPS), fetch(conn, SWAPS))


def read_review_inputs(
    conn: Any,
    week: tuple[datetime, datetime],
    window_start: datetime,
    as_of: datetime,
    commitment_weeks: tuple[str, str],
    waiting_shown: int,
) -> ReviewInputs:
    """What the weekly review is computed from: the trend window's first starts
    and sessions (by index, never every row), still-waiting as one ORDER BY ...
    LIMIT with its count, the two weeks' commitments and the window's record."""
    from startnow.domain.chooser import tally
    from startnow.domain.review import ReviewInputs, SessionRecord, StartRecord, WaitingRecord

    start = to_seconds(week[0])
    window = (to_seconds(window_start), to_seconds(week[1]))
    tasks = fetch(conn, TASKS_STARTED, window)
    sessions = fetch(conn, WINDOW_SESSIONS, window)
    swaps = fetch(conn, WINDOW_SWAPS, window)
    waiting = fetch(conn, WAITING, {"as_of": to_seconds(as_of), "limit": waiting_shown})
    first_blocker: dict[tuple[int, int], str | None] = {}
    for row in sessions:  # oldest first: a task's first session wins
        first_blocker.setdefault((row[0], row[1]), row[4])
    groups: dict[tuple[str, str | None, bool | None], int] = {}
    for row in sessions:
        if row[5] is not None:
            key = (row[5], row[6], _optional_bool(row[7]))
            groups[key] = groups.get(key, 0) + 1
    return ReviewInputs(
        starts=[
            StartRecord(
                task_id, instant(ready), instant(first), first_blocker.get((task_id, first))
            )
            for task_id, ready, first in tasks
        ],
        sessions=[
            SessionRecord(
                instant(started),
                max(ended - started - (paused or 0), 0) if ended is not None else 0,
                nudge_id,
                outcome,
                _optional_bool(helped),
            )
            for _, started, ended, paused, _, nudge_id, outcome, helped in sessions
            if started >= start
        ],
        waiting=[
            WaitingRecord(task_id, title, instant(ready)) for task_id, title, ready, _ in waiting
        ],
        waiting_total=waiting[0][3] if waiting else 0,
        commitments=read_commitments(conn, *commitment_weeks),
        records=tally(((*key, n) for key, n in groups.items()), swaps),
    )


# ---------------------------------------------------------------- the quick insert


class DamagedFile(Exception):
    """quick_check found a problem (raised inside the transaction, to roll it back)."""


# quick_check reads every page. Quick add must cost the same at 20,000 tasks as
# at 10, so past this size it leaves the whole-file check to the full path (the
# TUI, list, export... check on every open) and relies on SQLite's own checks
# of the pages an insert touches (damage there is refused and rolled back).
FULL_CHECK_MAX_BYTES = 1 << 20


def fast_insert(path: str | PathLike[str], specs: Sequence[Any], now: datetime) -> list[int] | None:
    """Insert the tasks (quick add's parsed specs) in one transaction and return
    their ids, or None when the full path is needed (no file yet, an older or
    foreign schema, anything odd); the full path then gives the user the proper
    message or migrates.

    Two answers cannot wait for the full path: a database another startnow keeps
    locked past the busy timeout (falling back would wait a second time), and a
    damaged one (refused before a byte is written; side files made here removed).
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
    try:
        return _insert_all(conn, specs, now)
    except sqlite3.DatabaseError as exc:
        if not (is_busy(exc) or is_damaged(exc)):
            return None
        failure: Exception = exc
    except DamagedFile as exc:
        failure = exc
    finally:
        conn.close()
    if isinstance(failure, sqlite3.Error) and is_busy(failure):
        raise busy_error(path) from None  # type: ignore[arg-type]  # shown as given
    remove_side_files(path, made)
    raise damaged_error(path, failure) from None  # type: ignore[arg-type]  # shown as given


def _small(conn: sqlite3.Connection) -> bool:
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    return bool(pages * size <= FULL_CHECK_MAX_BYTES)


def _insert_all(conn: sqlite3.Connection, specs: Sequence[Any], now: datetime) -> list[int] | None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID or version != schema.SCHEMA_VERSION:
        return None
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")  # as the app's connections: WAL-safe
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Under the write lock: nobody changes the file after the check.
        problem = quick_check(conn) if _small(conn) else None
        if problem is not None:
            raise DamagedFile(problem)
        ids = [insert_task(conn, spec, now) for spec in specs]
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (disk full, damage)
            conn.execute("ROLLBACK")
        raise
    return ids


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
