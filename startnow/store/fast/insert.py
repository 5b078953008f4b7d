"""Quick add's insert: one transaction, checked, without the ORM."""

from __future__ import annotations

from datetime import datetime

from startnow.store import tables
from startnow.store.fast import encoded
from startnow.store.fast.write import DamagedFile, in_one_transaction

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from os import PathLike
    from typing import Any

__all__ = ["DamagedFile", "fast_insert", "insert_task"]


def fast_insert(path: str | PathLike[str], specs: Sequence[Any], now: datetime) -> list[int] | None:
    """Insert the tasks (quick add's parsed specs) in one checked transaction
    (`write.in_one_transaction`) and return their ids, or None when the full
    path is needed (no file yet, an older or foreign schema, anything odd); the
    full path then gives the user the proper message or migrates."""
    return in_one_transaction(path, lambda conn: [insert_task(conn, spec, now) for spec in specs])


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
