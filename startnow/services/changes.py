"""Done, drop, edit and undo: the changes a day is run with, each one
transaction over plain sqlite3 (no ORM: as quick as a quick add), each but
undo leaving its undo record (services/undo_journal.py).

The command line calls these; the app's keys can too (`Services.changes`):
every method takes ids and returns what changed, and says every mistake as one
line (StartnowError) with nothing written. All or nothing: one bad id among
several and no task changes.
"""

from __future__ import annotations

import os
from collections import namedtuple
from datetime import datetime

from startnow.clock import system_clock
from startnow.errors import StartnowError, UsageError
from startnow.services import undo_journal
from startnow.store import tables
from startnow.store.fast import DECODE, stored, to_seconds
from startnow.store.fast.changes import (
    delete_stored,
    running_task_ids,
    set_stored,
    step_counts,
    stored_tasks,
)
from startnow.store.fast.rollover import roll_over, roll_over_lapsed
from startnow.store.fast.write import in_one_transaction

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from datetime import tzinfo
    from sqlite3 import Connection
    from typing import Any, TypeVar

    from startnow.clock import Clock
    from startnow.domain.edit import TaskEdit

    T = TypeVar("T")

CLOSING = {"done": "done", "drop": "dropped"}  # the command -> the status it sets


class TaskLine(
    namedtuple(
        "TaskLine",
        "id title planned_start due estimate tags steps status started recurrence",
        defaults=(None,),
    )
):
    """A changed task, as the command echoes it (decoded: instants, tags)."""

    __slots__ = ()
    if TYPE_CHECKING:
        id: int
        title: str
        planned_start: datetime | None
        due: datetime | None
        estimate: int | None
        tags: tuple[str, ...]
        steps: int
        status: str
        started: bool
        recurrence: str | None


class Undone(namedtuple("Undone", "command ids tasks")):
    """What undo put back: the change it undid (`done`, [3, 4]) and the tasks as they are again."""

    __slots__ = ()
    if TYPE_CHECKING:
        command: str
        ids: list[int]
        tasks: list[TaskLine]


def _decoded(column: str, value: object) -> Any:
    return DECODE[tables.TASK.by_name[column].kind](value)


def _line(row: dict[str, object], steps: int) -> TaskLine:
    return TaskLine(
        row["id"], row["title"], _decoded("planned_start", row["planned_start"]),
        _decoded("due", row["due"]), row["estimate"], _decoded("tags", row["tags"]), steps,
        row["status"], row["first_started_at"] is not None,
        _decoded("recurrence", row["recurrence"]),
    )  # fmt: skip


def _ids_words(ids: Sequence[int]) -> str:
    return ", ".join(str(i) for i in ids)


class Changes:
    """The quick writes of one store (its path): each call is one transaction."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        clock: Clock = system_clock,
        tz: tzinfo | None = None,
    ) -> None:
        self.path = os.fspath(path)
        self.clock = clock
        self.tz = tz  # the zone recurring tasks' days are in (None: the local one)
        self._recorded = False  # this call wrote (or set aside) the undo record

    # ------------------------------------------------------------ the changes

    def done(self, ids: Sequence[int]) -> list[TaskLine]:
        return self.close("done", ids)

    def drop(self, ids: Sequence[int]) -> list[TaskLine]:
        return self.close("drop", ids)

    def close(self, command: str, ids: Sequence[int]) -> list[TaskLine]:
        """Close open tasks as done or dropped, now. A task already closed, or
        with a timer running, is refused (one line), as is an id that does not exist."""
        status = CLOSING[command]
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise UsageError(f"{command}: name at least one task id")

        def work(conn: Connection) -> list[TaskLine]:
            rows = self._existing(conn, ids)
            closed = [i for i in ids if rows[i]["status"] != "open"]
            if closed:
                what = "; ".join(f"task {i} is already {rows[i]['status']}" for i in closed)
                raise StartnowError(f"{what} (nothing was changed)")
            running = [i for i in ids if i in running_task_ids(conn)]
            if running:
                raise StartnowError(
                    f"task {running[0]} has a timer running or paused: end it in startnow "
                    "first (nothing was changed)"
                )
            now = self.clock()
            after = {"status": status, "closed_at": to_seconds(now)}
            changes = []
            for task_id in ids:
                row = rows[task_id]
                changes.append(self._change(row, after))
                set_stored(conn, tables.TASK, task_id, after)
                row.update(after)
            created = roll_over(conn, ids, now, self.tz)  # a recurring task's next instance
            roll_over_lapsed(conn, now, self.tz)
            steps = step_counts(conn, ids)
            made = [
                {"id": r["id"], "after": {n: r[n] for n in tables.TASK.names}}
                for r in stored_tasks(conn, created).values()
            ]
            self._record(command, ids, changes, made)  # last, just before the commit
            return [_line(rows[i], steps.get(i, 0)) for i in ids]

        return self._write(work, ids)

    def edit(self, task_id: int, edit: TaskEdit, tz: tzinfo) -> tuple[TaskLine, bool]:
        """Change only the pieces `edit` names; the task as it is now, and
        whether anything changed (an edit to the values it has already is no change,
        and leaves the last undo as it was)."""
        from startnow.domain.edit import EditError, edited_values

        def work(conn: Connection) -> tuple[TaskLine, bool]:
            row = self._existing(conn, [task_id])[task_id]
            current = {name: _decoded(name, row[name]) for name in tables.TASK.names}
            current["id"] = task_id
            try:
                wanted = edited_values(current, edit, tz)
            except EditError as exc:
                raise UsageError(f"task {task_id}: {exc} (nothing was changed)") from None
            after = {name: stored(tables.TASK, name, value) for name, value in wanted.items()}
            steps = step_counts(conn, [task_id]).get(task_id, 0)
            if after:
                change = self._change(row, after)
                set_stored(conn, tables.TASK, task_id, after)
                row.update(after)
                self._record("edit", [task_id], [change])  # last, just before the commit
            return _line(row, steps), bool(after)

        def edit_then_roll(conn: Connection) -> tuple[TaskLine, bool]:
            result = work(conn)
            roll_over_lapsed(conn, self.clock(), self.tz)
            return result

        return self._write(edit_then_roll, [task_id])

    def undo(self) -> Undone:
        """Put back the rows of the last done, drop or edit, once; refused (one
        line, nothing written) when one of them changed since."""

        def work(conn: Connection) -> Undone:
            record = undo_journal.load(self.path)
            if record is None:
                raise StartnowError("nothing to undo")
            command = record.get("command")
            if command not in ("done", "drop", "edit"):  # (it is printed: never a file's text)
                command = "change"
            changes = [_checked_change(c) for c in record["rows"]]
            made = [_checked_change(_as_change(r)) for r in _listed(record.get("created"))]
            self._remove_successors(conn, command, made)
            rows = stored_tasks(conn, [c["id"] for c in changes])
            for change in changes:
                row = rows.get(change["id"])
                if row is None:
                    raise StartnowError(f"cannot undo: task {change['id']} is gone")
                moved = [k for k, v in change["after"].items() if row[k] != v]
                if moved:
                    raise StartnowError(
                        f"cannot undo the {command}: task "
                        f"{change['id']} has changed since ({moved[0]}); nothing was undone"
                    )
            for change in changes:
                set_stored(conn, tables.TASK, change["id"], change["before"])
                rows[change["id"]].update(change["before"])
            ids = [c["id"] for c in changes]
            steps = step_counts(conn, ids)
            lines = [_line(rows[i], steps.get(i, 0)) for i in ids]
            undo_journal.set_aside(self.path)  # last, just before the commit
            self._recorded = True
            return Undone(command, ids, lines)

        if not os.path.exists(self.path):
            raise StartnowError("nothing to undo")
        try:
            undone = self._write(work, [])
        except BaseException:
            if self._recorded:  # set aside, then the commit failed: it can be undone still
                undo_journal.restore(self.path)
            raise
        undo_journal.drop_aside(self.path)
        return undone

    def last_change(self) -> tuple[str, list[int]] | None:
        """What undo would take back now (its command and ids), or None: Today's
        u checks that it is still the change Today made."""
        record = undo_journal.load(self.path) if os.path.exists(self.path) else None
        if record is None:
            return None
        ids = record.get("ids")
        return str(record.get("command")), list(ids) if isinstance(ids, list) else []

    # ------------------------------------------------------------ the machinery

    @staticmethod
    def _remove_successors(conn: Connection, command: str, made: list[dict[str, Any]]) -> None:
        """An undone close takes back the instance it rolled over to, if that
        is still exactly as made (else: refused, nothing undone)."""
        rows = stored_tasks(conn, [m["id"] for m in made])
        for successor in made:
            row = rows.get(successor["id"])
            if row is None or any(row[k] != v for k, v in successor["after"].items()):
                raise StartnowError(
                    f"cannot undo the {command}: its next instance, task "
                    f"{successor['id']}, has changed since; nothing was undone"
                )
            if conn.execute(
                "SELECT 1 FROM focus_session WHERE task_id = ? LIMIT 1", (successor["id"],)
            ).fetchone():
                raise StartnowError(
                    f"cannot undo the {command}: its next instance, task "
                    f"{successor['id']}, has been worked on; nothing was undone"
                )
            delete_stored(conn, tables.TASK, successor["id"])

    def _existing(self, conn: Connection, ids: Sequence[int]) -> dict[int, dict[str, object]]:
        rows = stored_tasks(conn, ids)
        missing = [i for i in ids if i not in rows]
        if missing:
            raise UsageError(_no_tasks(missing))
        return rows

    @staticmethod
    def _change(row: dict[str, object], values: Mapping[str, object]) -> dict[str, object]:
        """The undo record of one row: the columns changed as they were, and
        the whole row as it will be (undo compares every column with it)."""
        after = {name: values.get(name, row[name]) for name in tables.TASK.names}
        return {
            "table": tables.TASK.name,
            "id": row["id"],
            "before": {name: row[name] for name in values},
            "after": after,
        }

    def _record(
        self,
        command: str,
        ids: list[int],
        changes: list[dict[str, object]],
        created: list[dict[str, object]] | None = None,
    ) -> None:
        """The undo record, written last in the transaction (under its write
        lock, so no other change can come between the two). `created`: the
        rows a close rolled over to, as made (undo deletes them)."""
        from startnow.domain.describe import iso_instant

        record: dict[str, object] = {
            "command": command, "ids": ids, "at": iso_instant(self.clock()), "rows": changes,
        }  # fmt: skip
        if created:
            record["created"] = created
        undo_journal.save(self.path, record)
        self._recorded = True

    def _write(self, work: Callable[[Connection], T], ids: Sequence[int]) -> T:
        """`work` in one transaction; the store upgraded first when it is older
        (the full open, once)."""
        if not os.path.exists(self.path):
            raise UsageError(_no_tasks(ids))
        self._recorded = False
        try:
            result = in_one_transaction(self.path, work)
            if result is None:
                self._full_open()
                result = in_one_transaction(self.path, work)
        except BaseException:
            if self._recorded:  # written, then the commit failed: no change to undo
                undo_journal.forget(self.path)
            raise
        if result is None:
            raise StartnowError(f"cannot write to {self.path}")
        return result

    def _full_open(self) -> None:
        """An older store is upgraded (with its backup) or a foreign one named,
        as every other command does: then the quick path can write."""
        from pathlib import Path

        from startnow.services.all_services import Services

        Services.open(Path(self.path), clock=self.clock).close()


def _no_tasks(ids: Sequence[int]) -> str:
    if not ids:
        return "nothing to undo"
    which = f"is no task {ids[0]}" if len(ids) == 1 else f"are no tasks {_ids_words(ids)}"
    return f"there {which} (nothing was changed; see startnow list --all)"


def _listed(value: object) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise StartnowError("cannot undo: the undo record is damaged (nothing was undone)")
    return value


def _as_change(made: object) -> object:
    """A row a close created, in the shape of a change (nothing before it)."""
    return {"table": tables.TASK.name, "before": {}, **made} if isinstance(made, dict) else made


def _checked_change(change: object) -> dict[str, Any]:
    """One row of the undo record, checked: the file is outside the store, and
    its column names become SQL (set_stored checks them against the declaration)."""
    ok = (
        isinstance(change, dict)
        and change.get("table") == tables.TASK.name
        and isinstance(change.get("id"), int)
        and all(
            isinstance(change.get(side), dict)
            and all(
                name in tables.TASK.by_name and _plain(value)
                for name, value in change[side].items()
            )
            for side in ("before", "after")
        )
    )
    if not ok:
        raise StartnowError("cannot undo: the undo record is damaged (nothing was undone)")
    return change  # type: ignore[return-value]  # checked above


def _plain(value: object) -> bool:
    return value is None or (isinstance(value, (int, str)) and not isinstance(value, bool))
