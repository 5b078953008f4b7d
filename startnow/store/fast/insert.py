"""Quick add's insert: one transaction, checked, without the ORM."""

from __future__ import annotations

from datetime import datetime

from startnow.store import tables
from startnow.store.fast import encoded
from startnow.store.fast.rollover import roll_over_lapsed
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
    def work(conn: Any) -> list[int]:
        ids = [insert_task(conn, spec, now) for spec in specs]
        roll_over_lapsed(conn, now, None)  # every write rolls lapsed recurring tasks over
        return ids

    return in_one_transaction(path, work)


def insert_task(conn: Any, spec: Any, now: datetime, source: str = "") -> int:
    """One task in quick add's shape (title, estimate, dates, tags, steps, and
    a recurring one's rule and anchor) and
    its steps, over any DB-API connection inside the caller's transaction."""
    task = {
        "title": spec.title,
        "created_at": now,
        "planned_start": spec.planned_start,
        "due": spec.due,
        "estimate": spec.estimate,
        "tags": spec.tags,
        "source": source,
        "recurrence": getattr(spec, "recurrence", None),
        "anchor": getattr(spec, "anchor", None),
    }
    cursor = conn.cursor()
    try:
        cursor.execute(tables.TASK.insert_sql(), encoded(tables.TASK, task))
        task_id = int(cursor.lastrowid)
        if task["recurrence"] is not None:  # the first instance names the series
            cursor.execute("UPDATE task SET series_id = id WHERE id = ?", (task_id,))
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
