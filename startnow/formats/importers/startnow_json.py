"""startnow's own JSON export, written and read here: the full backup.

    {"format": "startnow", "version": 1, "exported_at": "2026-11-23T07:52:00Z",
     "tasks": [{task fields…, "chunks": […], "sessions": […], "recoveries": […]}],
     "commitments": […], "nudge_swaps": […]}

Instants are ISO-8601 UTC with a Z, to the second; absent values are null.
Fields (see TASK_FIELDS and friends below, in order):
  task: id, title, notes, status (open/done/dropped), created_at,
        planned_start, due, self_due, estimate (minutes), tags (a list),
        first_started_at, closed_at, source (the import key: where the task
        came from, e.g. "todotxt:…", or "startnow:<hash>" for tasks made here)
  chunk (in order): id, title, estimate, created_at, done_at
  session: id, kind (focus/sweep), chunk_id, started_at, planned_minutes,
        paused_at, paused_seconds, ended_at, outcome
        (completed/stopped/abandoned), blocker, nudge_id, chunk_done
        (yes/partly/no), nudge_helped, recovery_id
  recovery: id, option, text, forgave, created_at, helped
  commitment: week (e.g. 2026-W48), text, created_at, kept
  nudge_swap: blocker, nudge_id, at
The ids are this file's: sessions point at their chunk and recovery by them.
An import gives new ids, so an export of the imported data differs from the
original only in ids (and the references using them) and `exported_at`.
Reading ignores fields it does not know; a missing optional field is null.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from startnow.domain.describe import iso_instant
from startnow.domain.model import TaskStatus
from startnow.domain.quickadd import MAX_ESTIMATE
from startnow.formats.importers.records import (
    CHUNK_DONE,
    OUTCOMES,
    SESSION_KINDS,
    TASK_STATUSES,
    Batch,
    ChunkRecord,
    CommitmentRecord,
    ImportFormatError,
    NudgeSwapRecord,
    RecoveryRecord,
    SessionRecord,
    TaskRecord,
    extra_columns,
    native_source,
    value_of,
)
from startnow.store import tables

KIND = "startnow JSON"
FORMAT = "startnow"
VERSION = 1
# The fields of each record, from the tables' declarations: a new column is
# exported and imported without a change here.
TASK_FIELDS = ("id", *tables.TASK.ordered(first=("title", "notes", "status")))
CHUNK_FIELDS = ("id", *tables.STEP.ordered(without=("task_id", "position")))
SESSION_FIELDS = ("id", *tables.FOCUS_SESSION.ordered(first=("kind",), without=("task_id",)))
RECOVERY_FIELDS = ("id", *tables.RECOVERY.ordered(without=("task_id",)))
COMMITMENT_FIELDS = tables.COMMITMENT.names
NUDGE_SWAP_FIELDS = tables.NUDGE_SWAP.names
MAX_MINUTES = MAX_ESTIMATE  # estimates and planned sessions: 1 minute to 7 days
MAX_SECONDS = 10**10  # paused: checks.py holds it to how long the session ran


def _iso(value: datetime | None) -> str | None:
    return None if value is None else iso_instant(value)


# ---------------------------------------------------------------- writing


def dump(batch: Batch, exported_at: datetime) -> dict[str, Any]:
    """The export as a JSON-ready dict (the records' refs become the ids)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_instant(exported_at),
        "tasks": [_task(t) for t in batch.tasks],
        "commitments": [
            _fields(tables.COMMITMENT, COMMITMENT_FIELDS, c) for c in batch.commitments
        ],
        "nudge_swaps": [
            _fields(tables.NUDGE_SWAP, NUDGE_SWAP_FIELDS, s) for s in batch.nudge_swaps
        ],
    }


def _json_value(table: tables.Table, name: str, value: object) -> object:
    """A column's Python value as the export writes it."""
    kind = table.by_name[name].kind if name in table.by_name else tables.INT
    if kind == tables.INSTANT:
        return _iso(value)  # type: ignore[arg-type]  # an instant column holds datetimes
    if kind == tables.TAGS:
        return list(value)  # type: ignore[call-overload]  # a tags column holds words
    return value


def _fields(table: tables.Table, names: tuple[str, ...], record: Any) -> dict[str, Any]:
    return {name: _json_value(table, name, value_of(record, name)) for name in names}


def _task(t: TaskRecord) -> dict[str, Any]:
    record = _fields(tables.TASK, TASK_FIELDS, t)
    record["source"] = t.source or native_source(t.created_at, t.title)
    record["chunks"] = [_fields(tables.STEP, CHUNK_FIELDS, c) for c in t.chunks]
    record["sessions"] = [_fields(tables.FOCUS_SESSION, SESSION_FIELDS, s) for s in t.sessions]
    record["recoveries"] = [_fields(tables.RECOVERY, RECOVERY_FIELDS, r) for r in t.recoveries]
    return record


def dumps(batch: Batch, exported_at: datetime) -> str:
    return json.dumps(dump(batch, exported_at), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- reading


def _show(value: Any) -> str:
    try:
        text = json.dumps(value)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Typed access to one JSON object; every error names the field's path."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise ImportFormatError(f"expected an object, got {_show(data)}", where)
        self.data = data
        self.where = where

    def fail(self, key: str, message: str) -> ImportFormatError:
        return ImportFormatError(f"{key} {message}", self.where)

    def text(self, key: str, *, required: bool = False, empty: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (not empty and not value.strip()):
            kind = "a string" if empty else "a non-empty string"
            raise self.fail(key, f"must be {kind}, got {_show(value)}")
        return value

    def maybe_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, f"must be a string or null, got {_show(value)}")
        return value

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = self.data.get(key, default)
        if value is None and default is None:
            return None
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, got {_show(value)}")
        return str(value)

    def number(self, key: str, low: int, high: int, default: int | None = None) -> int | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"must be a whole number from {low} to {high}, got {_show(value)}")
        return value

    def flag(self, key: str, default: bool | None = None) -> bool | None:
        value = self.data.get(key, default)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, f"must be true, false or null, got {_show(value)}")
        return value

    def instant(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(key, "is missing")
            return None
        if isinstance(value, str) and len(value) >= 20 and value[10] == "T":
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
                if parsed.tzinfo is not None:
                    return parsed.astimezone(UTC)
            except (ValueError, OverflowError):
                pass
        raise self.fail(key, f'must be an ISO-8601 instant like "2026-11-23T07:52:00Z", '
                        f"got {_show(value)}")  # fmt: skip

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, got {_show(value)}")
        return value

    def ref(self) -> int | None:
        return self.number("id", -(2**63), 2**63 - 1)


def parse_startnow(data: Any) -> Batch:
    """A startnow export, already decoded from JSON."""
    top = _Reader(data, "export")
    if data.get("format") != FORMAT:
        raise ImportFormatError('not a startnow export (no "format": "startnow")')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFormatError(f"bad export version {_show(version)}")
    if version > VERSION:
        raise ImportFormatError(
            f"this export is version {version}, from a newer startnow (this one reads {VERSION})"
        )
    tasks = tuple(_parse_task(t, f"tasks[{i}]") for i, t in enumerate(top.items("tasks")))
    commitments = []
    for i, item in enumerate(top.items("commitments")):
        r = _Reader(item, f"commitments[{i}]")
        commitments.append(
            CommitmentRecord(
                week=r.text("week", required=True, empty=False),
                text=r.text("text"),
                created_at=_required(r.instant("created_at", required=True)),
                kept=r.flag("kept"),
                extra=_extras(r, tables.COMMITMENT, CommitmentRecord),
                where=r.where,
            )
        )
    swaps = []
    for i, item in enumerate(top.items("nudge_swaps")):
        r = _Reader(item, f"nudge_swaps[{i}]")
        swaps.append(
            NudgeSwapRecord(
                blocker=r.text("blocker", required=True),
                nudge_id=r.text("nudge_id", required=True),
                at=_required(r.instant("at", required=True)),
                extra=_extras(r, tables.NUDGE_SWAP, NudgeSwapRecord),
                where=r.where,
            )
        )
    return Batch(kind=KIND, tasks=tasks, commitments=tuple(commitments), nudge_swaps=tuple(swaps))


def _extras(r: _Reader, table: tables.Table, record: type[Any]) -> dict[str, object]:
    """The columns the record class does not name, read by their declared kind;
    one absent (an export from before the column) takes the column's default."""
    values: dict[str, object] = {}
    for name in extra_columns(table, record):
        column = table.by_name[name]
        value: object
        if column.kind == tables.INSTANT:
            value = r.instant(name)
        elif column.kind == tables.INT:
            value = r.number(name, -(2**63), 2**63 - 1)
        elif column.kind == tables.BOOL:
            value = r.flag(name)
        elif column.kind == tables.TAGS:
            value = tuple(str(t) for t in r.items(name))
        else:
            value = r.maybe_text(name)
        values[name] = column.default if value is None and not column.nullable else value
    return values


def _required(value: datetime | None) -> datetime:
    assert value is not None
    return value


def _parse_task(item: Any, where: str) -> TaskRecord:
    r = _Reader(item, where)
    title = r.text("title", required=True, empty=False)
    created_at = _required(r.instant("created_at", required=True))
    tags = r.items("tags")
    if not all(isinstance(t, str) for t in tags):
        raise r.fail("tags", f"must be a list of strings, got {_show(tags)}")
    chunks = []
    for i, c in enumerate(r.items("chunks")):
        cr = _Reader(c, f"{where}.chunks[{i}]")
        chunks.append(
            ChunkRecord(
                title=cr.text("title", required=True, empty=False),
                created_at=_required(cr.instant("created_at", required=True)),
                estimate=cr.number("estimate", 1, MAX_MINUTES),
                done_at=cr.instant("done_at"),
                ref=cr.ref(),
                extra=_extras(cr, tables.STEP, ChunkRecord),
                where=cr.where,
            )
        )
    recoveries = []
    for i, c in enumerate(r.items("recoveries")):
        rr = _Reader(c, f"{where}.recoveries[{i}]")
        recoveries.append(
            RecoveryRecord(
                option=rr.text("option", required=True, empty=False),
                created_at=_required(rr.instant("created_at", required=True)),
                text=rr.text("text"),
                forgave=bool(rr.flag("forgave", False)),
                helped=rr.flag("helped"),
                ref=rr.ref(),
                extra=_extras(rr, tables.RECOVERY, RecoveryRecord),
                where=rr.where,
            )
        )
    chunk_refs = _unique_refs([c.ref for c in chunks], f"{where}.chunks")
    recovery_refs = _unique_refs([c.ref for c in recoveries], f"{where}.recoveries")
    sessions = [
        _parse_session(s, f"{where}.sessions[{i}]", chunk_refs, recovery_refs)
        for i, s in enumerate(r.items("sessions"))
    ]
    return TaskRecord(
        title=title,
        created_at=created_at,
        source=r.text("source") or native_source(created_at, title),
        notes=r.text("notes"),
        planned_start=r.instant("planned_start"),
        due=r.instant("due"),
        self_due=r.instant("self_due"),
        estimate=r.number("estimate", 1, MAX_MINUTES),
        tags=tuple(tags),
        status=str(r.choice("status", TASK_STATUSES, TaskStatus.OPEN)),
        first_started_at=r.instant("first_started_at"),
        closed_at=r.instant("closed_at"),
        chunks=tuple(chunks),
        sessions=tuple(sessions),
        recoveries=tuple(recoveries),
        ref=r.ref(),
        extra=_extras(r, tables.TASK, TaskRecord),
        where=where,
    )


def _unique_refs(refs: list[int | None], where: str) -> set[int]:
    seen: set[int] = set()
    for i, ref in enumerate(refs):
        if ref is not None and ref in seen:
            raise ImportFormatError(f"id {ref} appears twice", f"{where}[{i}]")
        if ref is not None:
            seen.add(ref)
    return seen


def _parse_session(item: Any, where: str, chunks: set[int], recoveries: set[int]) -> SessionRecord:
    r = _Reader(item, where)
    chunk_ref = r.number("chunk_id", -(2**63), 2**63 - 1)
    if chunk_ref is not None and chunk_ref not in chunks:
        raise r.fail("chunk_id", f"{chunk_ref} is not one of this task's chunks")
    recovery_ref = r.number("recovery_id", -(2**63), 2**63 - 1)
    if recovery_ref is not None and recovery_ref not in recoveries:
        raise r.fail("recovery_id", f"{recovery_ref} is not one of this task's recoveries")
    planned = r.number("planned_minutes", 1, MAX_MINUTES)
    if planned is None:
        raise r.fail("planned_minutes", "is missing")
    return SessionRecord(
        started_at=_required(r.instant("started_at", required=True)),
        planned_minutes=planned,
        kind=str(r.choice("kind", SESSION_KINDS, "focus")),
        chunk_ref=chunk_ref,
        paused_at=r.instant("paused_at"),
        paused_seconds=int(r.number("paused_seconds", 0, MAX_SECONDS, 0) or 0),
        ended_at=r.instant("ended_at"),
        outcome=r.choice("outcome", OUTCOMES, None),
        blocker=r.maybe_text("blocker"),
        nudge_id=r.maybe_text("nudge_id"),
        chunk_done=r.choice("chunk_done", CHUNK_DONE, None),
        nudge_helped=r.flag("nudge_helped"),
        recovery_ref=recovery_ref,
        ref=r.ref(),
        extra=_extras(r, tables.FOCUS_SESSION, SessionRecord),
        where=where,
    )
