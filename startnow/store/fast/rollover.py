"""Rolling a recurring task over: the one place a series gets its next instance.

Over any DB-API connection inside the caller's transaction, so every close
(done, drop, the ORM's completions) makes its successor in the same
transaction. The store keeps one open instance per series (the unique
partial index `ux_task_open_series`): when another process has already
rolled the series over, the insert fails the index and the series is left as
that process made it ("already rolled over"), never with two open.

The rule's arithmetic (`domain/series.py`) is imported only when a closed
task has a rule, so a plain done stays as light as a quick add. A rule or
anchor no reader can use (another program wrote it) makes no successor and
is left as it is: the close itself still stands.
"""

from __future__ import annotations

import sqlite3

from startnow.store import tables
from startnow.store.fast import DECODE, encoded, fetch, from_seconds

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime, tzinfo
    from typing import Any

FIELDS = ("id", *tables.TASK.names)
# Open, never started, and its day's instant (planned start, else due, else
# creation: `series.instance_day`) already past: only those can have lapsed,
# so a quick add beside upcoming instances loads none of the rules' modules.
OPEN_RECURRING = (
    f"SELECT {tables.TASK.select_list()} FROM task "
    "WHERE status = 'open' AND series_id IS NOT NULL AND recurrence IS NOT NULL "
    "AND first_started_at IS NULL AND COALESCE(planned_start, due, created_at) < ?"
)
LAPSED_STATUS = "dropped"  # a lapsed instance was never started: closed as dropped


def _rows(conn: Any, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
    return [dict(zip(FIELDS, row, strict=True)) for row in fetch(conn, sql, params)]


def _decoded(row: dict[str, Any], column: str) -> Any:
    return DECODE[tables.TASK.by_name[column].kind](row[column])


def _zone(tz: tzinfo | None) -> tzinfo:
    """The zone the rule's days are counted in (looked up only when needed)."""
    if tz is not None:
        return tz
    from startnow.clock import local_zone

    return local_zone()


def roll_over(conn: Any, ids: Sequence[int], now: datetime, tz: tzinfo | None) -> list[int]:
    """The successors of those of `ids` that are closed instances of a
    series; their new ids (a series another process rolled over gets none)."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    sql = (
        f"SELECT {tables.TASK.select_list()} FROM task WHERE id IN ({marks}) "
        "AND status != 'open' AND recurrence IS NOT NULL AND series_id IS NOT NULL"
    )
    made = [_successor(conn, row, now, _zone(tz)) for row in _rows(conn, sql, list(ids))]
    return [i for i in made if i is not None]


def roll_over_lapsed(conn: Any, now: datetime, tz: tzinfo | None) -> list[int]:
    """Close every open instance whose period has passed without a start (as
    dropped, now) and make one successor for the current period each: two
    weeks away make one open instance, not a pile. The new ids."""
    candidates = _rows(conn, OPEN_RECURRING, (int(now.timestamp()),))
    if not candidates:
        return []
    from startnow.domain.series import has_lapsed

    tz = _zone(tz)
    made = []
    for row in candidates:
        try:
            lapsed = has_lapsed(
                row["recurrence"], row["anchor"], _decoded(row, "planned_start"),
                _decoded(row, "due"), _decoded(row, "created_at"), now, tz,
            )  # fmt: skip
        except ValueError:  # a rule or anchor another program wrote: left as it is
            continue
        if not lapsed:
            continue
        conn.execute(
            "UPDATE task SET status = ?, closed_at = ? WHERE id = ? AND status = 'open'",
            (LAPSED_STATUS, int(now.timestamp()), row["id"]),
        )
        new = _successor(conn, row, now, tz)
        if new is not None:
            made.append(new)
    return made


def _instance_before(conn: Any, row: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    """The planned start and due of the series' instance before `row` (none:
    two Nones): what tells a time moved out of a spring-forward gap from one
    set there (`series._series_wall`)."""
    found = fetch(
        conn,
        "SELECT planned_start, due FROM task WHERE series_id = ? AND id < ? "
        "ORDER BY id DESC LIMIT 1",
        (row["series_id"], row["id"]),
    )
    if not found:
        return None, None
    try:
        return from_seconds(found[0][0]), from_seconds(found[0][1])
    except ValueError:  # a value no reader can use: no evidence either way
        return None, None


def _successor(conn: Any, row: dict[str, Any], now: datetime, tz: tzinfo) -> int | None:
    """Insert the instance after `row` (same title, estimate, tags, notes,
    steps as open steps; dates on the next occurrence); None when the series
    already has its open instance."""
    from startnow.domain.series import next_instance

    def earlier() -> tuple[datetime | None, datetime | None]:
        return _instance_before(conn, row)

    try:
        start, due = next_instance(
            row["recurrence"], row["anchor"], _decoded(row, "planned_start"),
            _decoded(row, "due"), _decoded(row, "created_at"), now, tz, earlier,
        )  # fmt: skip
    except ValueError:  # a rule or anchor no reader can use: the close stands alone
        return None
    task = {
        "title": row["title"],
        "notes": row["notes"],
        "created_at": now,
        "planned_start": start,
        "due": due,
        "estimate": row["estimate"],
        "tags": _decoded(row, "tags"),
        "source": "",
        "recurrence": row["recurrence"],
        "series_id": row["series_id"],
        "anchor": row["anchor"],
    }
    cursor = conn.cursor()
    try:
        cursor.execute("SAVEPOINT successor")
        try:
            cursor.execute(tables.TASK.insert_sql(), encoded(tables.TASK, task))
        except sqlite3.IntegrityError:  # the series has its open instance already
            cursor.execute("ROLLBACK TO successor")
            cursor.execute("RELEASE successor")
            return None
        task_id = int(cursor.lastrowid)
        steps = fetch(
            conn,
            "SELECT position, title, estimate FROM chunk WHERE task_id = ? ORDER BY position, id",
            (row["id"],),
        )
        for position, title, estimate in steps:
            values = {
                "task_id": task_id, "position": position, "title": title,
                "estimate": estimate, "created_at": now,
            }  # fmt: skip
            cursor.execute(tables.STEP.insert_sql(), encoded(tables.STEP, values))
        cursor.execute("RELEASE successor")
    finally:
        cursor.close()
    return task_id
