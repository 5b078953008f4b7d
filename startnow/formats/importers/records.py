"""What an import or export carries: plain records, free of the store's ids.

Every importer turns its format into these and nothing else, so the service
that writes them (services/transfer.py) has one shape to trust. `ref` fields
are the ids the records had where they came from; they only tie a session to
its chunk and recovery inside one file, and are never written as ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from startnow.domain.describe import iso_instant
from startnow.domain.input_error import InputError
from startnow.domain.model import Outcome, TaskStatus
from startnow.store import tables

TASK_STATUSES = tuple(TaskStatus)
SESSION_KINDS = ("focus", "sweep")
OUTCOMES = tuple(Outcome)
CHUNK_DONE = ("yes", "partly", "no")


class ImportFormatError(InputError):
    """One malformed line or record; `where` says which ("line 7", "record 3")."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.reason = message


@dataclass(frozen=True)
class Record:
    """What every record has: the columns its class does not name (added
    after it was written), by name, as Python values. They travel through
    every export and import unchanged (keyword-only, so it comes last).
    `where` names the record in the file it came from ("line 7", "record 3",
    "tasks[2].sessions[0]"), so a problem found after parsing can say where."""

    extra: Mapping[str, object] = field(default_factory=dict, kw_only=True)
    where: str = field(default="", kw_only=True, compare=False)


@dataclass(frozen=True)
class ChunkRecord(Record):
    title: str
    created_at: datetime
    estimate: int | None = None
    done_at: datetime | None = None
    ref: int | None = None


@dataclass(frozen=True)
class RecoveryRecord(Record):
    option: str
    created_at: datetime
    text: str = ""
    forgave: bool = False
    helped: bool | None = None
    ref: int | None = None


@dataclass(frozen=True)
class SessionRecord(Record):
    started_at: datetime
    planned_minutes: int
    kind: str = "focus"
    chunk_ref: int | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0
    ended_at: datetime | None = None
    outcome: str | None = None
    blocker: str | None = None
    nudge_id: str | None = None
    chunk_done: str | None = None
    nudge_helped: bool | None = None
    recovery_ref: int | None = None
    ref: int | None = None


@dataclass(frozen=True)
class TaskRecord(Record):
    title: str
    created_at: datetime
    source: str
    notes: str = ""
    planned_start: datetime | None = None
    due: datetime | None = None
    self_due: datetime | None = None
    estimate: int | None = None
    tags: tuple[str, ...] = ()
    status: str = TaskStatus.OPEN
    first_started_at: datetime | None = None
    closed_at: datetime | None = None
    chunks: tuple[ChunkRecord, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    recoveries: tuple[RecoveryRecord, ...] = ()
    ref: int | None = None


@dataclass(frozen=True)
class CommitmentRecord(Record):
    week: str
    text: str
    created_at: datetime
    kept: bool | None = None


@dataclass(frozen=True)
class NudgeSwapRecord(Record):
    blocker: str
    nudge_id: str
    at: datetime


@dataclass(frozen=True)
class Batch:
    """Everything one file holds. `kind` names the format for the summary line."""

    kind: str
    tasks: tuple[TaskRecord, ...] = ()
    commitments: tuple[CommitmentRecord, ...] = ()
    nudge_swaps: tuple[NudgeSwapRecord, ...] = field(default=())


# Where a record's field and its table's column differ in name.
RENAMED = {"id": "ref", "chunk_id": "chunk_ref", "recovery_id": "recovery_ref"}


def value_of(record: Any, column: str) -> object:
    """A record's value for a table's column: its field, else its extras."""
    name = RENAMED.get(column, column)
    if name in _names(type(record)):
        return getattr(record, name)
    return record.extra.get(column)


def extra_columns(table: tables.Table, record: type[Any]) -> tuple[str, ...]:
    """The table's columns a record class does not name: they travel in `extra`."""
    known = _names(record)
    skip = ("task_id", "position")  # said by nesting and order in every format
    return tuple(n for n in table.names if RENAMED.get(n, n) not in known and n not in skip)


def _names(record: type[Any]) -> frozenset[str]:
    return frozenset(f.name for f in fields(record))


def native_source(created_at: datetime, title: str) -> str:
    """The import key of a task made in startnow (its `source` is empty): stable
    across export and import, so importing your own export adds nothing twice."""
    stamp = iso_instant(created_at)
    return "startnow:" + hashlib.sha1(f"{stamp}\n{title}".encode()).hexdigest()[:16]


def task_key(source: str, created_at: datetime, title: str) -> str:
    return source or native_source(created_at, title)


def whole_seconds(value: datetime) -> datetime:
    """An instant as the store will give it back."""
    return datetime.fromtimestamp(int(value.timestamp() // 1), UTC)


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); anything else is one clear error."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
    if "\x00" in text:
        raise ImportFormatError("not a text file (it contains NUL bytes)")
    return text


def load_json(text: str) -> Any:
    """Decoded JSON, or one error naming the line where it went wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"not valid JSON ({exc.msg})", f"line {exc.lineno}") from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise ImportFormatError(f"not valid JSON ({reason})") from None
