"""The plain-SQL reads and writes of done, drop, edit and undo: rows as SQLite
keeps them (raw values), so an undo can put back exactly what was there.

Over a connection inside the caller's transaction (`write.in_one_transaction`).
"""

from __future__ import annotations

from startnow.store import tables
from startnow.store.fast import fetch

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

TASK_FIELDS = ("id", *tables.TASK.names)
RUNNING_TASKS = "SELECT DISTINCT task_id FROM focus_session WHERE ended_at IS NULL"


def stored_tasks(conn: Any, ids: Sequence[int]) -> dict[int, dict[str, object]]:
    """{id: {column: the value as stored}} for those of `ids` that exist."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT {tables.TASK.select_list()} FROM task WHERE id IN ({marks})"
    return {row[0]: dict(zip(TASK_FIELDS, row, strict=True)) for row in fetch(conn, sql, ids)}


def step_counts(conn: Any, ids: Sequence[int]) -> dict[int, int]:
    """How many steps each task has (a task without any is left out)."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT task_id, COUNT(*) FROM chunk WHERE task_id IN ({marks}) GROUP BY task_id"
    return {task_id: count for task_id, count in fetch(conn, sql, ids)}


def running_task_ids(conn: Any) -> set[int]:
    """The tasks a focus session is running (or paused) on: the partial index answers."""
    return {row[0] for row in fetch(conn, RUNNING_TASKS)}


def set_stored(conn: Any, table: tables.Table, row_id: int, values: Mapping[str, object]) -> None:
    """Write stored (raw) values into one row. Column names must be `table`'s
    declared ones: a name from a file is checked before it becomes SQL."""
    unknown = [name for name in values if name not in table.by_name]
    if unknown:
        raise ValueError(f"{table.name} has no column {unknown[0]!r}")
    if not values:
        return
    assignments = ", ".join(f"{name} = ?" for name in values)
    conn.execute(
        f"UPDATE {table.name} SET {assignments} WHERE id = ?", (*values.values(), row_id)
    )


def delete_stored(conn: Any, table: tables.Table, row_id: int) -> None:
    """Delete one row (its steps go with it: the foreign keys cascade)."""
    conn.execute(f"DELETE FROM {table.name} WHERE id = ?", (row_id,))
