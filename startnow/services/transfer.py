"""Export everything; import a parsed file in one transaction, adding nothing twice.

A task's import key is its `source` (`todotxt:…`, `taskwarrior:<uuid>`,
`startnow:…`); a task made in startnow has none, and its key is derived from
its creation instant and title (records.native_source). A task whose key is
already in the store is skipped with everything under it. Commitments are
skipped when their week has one; nudge swaps when the same one exists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from startnow.clock import Clock
from startnow.domain.focus import logged_end
from startnow.domain.model import SessionInfo
from startnow.domain.tags import join_tags, split_tags
from startnow.formats.importers.records import (
    RENAMED,
    Batch,
    ChunkRecord,
    CommitmentRecord,
    NudgeSwapRecord,
    RecoveryRecord,
    SessionRecord,
    TaskRecord,
    extra_columns,
    task_key,
    value_of,
    whole_seconds,
)
from startnow.store import tables
from startnow.store.db import Store
from startnow.store.models import Chunk, Commitment, FocusSession, NudgeSwap, Recovery, Task


@dataclass(frozen=True)
class ImportResult:
    kind: str
    added: int
    skipped: int
    sessions: int = 0
    commitments: int = 0

    def summary(self, dry_run: bool = False) -> str:
        """One line: `Imported 12 tasks from todo.txt (3 already there).`"""
        noun = "task" if self.added == 1 else "tasks"
        verb = "Would import" if dry_run else "Imported"
        line = f"{verb} {self.added} {noun} from {self.kind}"
        line += f" ({self.skipped} already there)" if self.skipped else ""
        return line + ("; nothing was written (dry run)." if dry_run else ".")


class Transfer:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    # ------------------------------------------------------------ export

    def snapshot(self) -> Batch:
        """Everything in the store, in a stable order (ids, then time)."""
        with self.store.session() as session:
            tasks = session.exec(select(Task).order_by(col(Task.id))).all()
            chunks = _grouped(session.exec(select(Chunk).order_by(Chunk.position, col(Chunk.id))))
            sessions = _grouped(
                session.exec(
                    select(FocusSession).order_by(FocusSession.started_at, col(FocusSession.id))
                )
            )
            recoveries = _grouped(
                session.exec(select(Recovery).order_by(Recovery.created_at, col(Recovery.id)))
            )
            commitments = session.exec(select(Commitment).order_by(Commitment.week)).all()
            swaps = session.exec(select(NudgeSwap).order_by(NudgeSwap.at, col(NudgeSwap.id))).all()
            return Batch(
                kind="startnow",
                tasks=tuple(
                    _task_record(t, chunks[t.id], sessions[t.id], recoveries[t.id]) for t in tasks
                ),
                commitments=tuple(
                    _record(CommitmentRecord, tables.COMMITMENT, c) for c in commitments
                ),
                nudge_swaps=tuple(_record(NudgeSwapRecord, tables.NUDGE_SWAP, s) for s in swaps),
            )

    # ------------------------------------------------------------ import

    def import_batch(self, batch: Batch, *, dry_run: bool = False) -> ImportResult:
        """All or nothing: one transaction (rolled back on any error, or when dry)."""
        added = skipped = n_sessions = n_commitments = 0
        with self.store.session() as session:
            keys = {
                task_key(source, created_at, title)
                for source, created_at, title in session.exec(
                    select(Task.source, Task.created_at, Task.title)
                )
            }
            running = session.exec(
                select(FocusSession.id).where(col(FocusSession.ended_at).is_(None))
            ).first()
            has_running = running is not None
            series: dict[object, int] = {}  # the file's series id -> this store's
            for record in batch.tasks:
                key = task_key(record.source, record.created_at, record.title)
                if key in keys:
                    skipped += 1
                    continue
                keys.add(key)
                has_running = _insert_task(
                    session, record, key, has_running, self.clock(), series
                )
                added += 1
                n_sessions += len(record.sessions)
            weeks = set(session.exec(select(Commitment.week)))
            for c in batch.commitments:
                if c.week not in weeks:
                    weeks.add(c.week)
                    session.add(Commitment(**_values(tables.COMMITMENT, c)))
                    n_commitments += 1
            swaps = {(s.blocker, s.nudge_id, s.at) for s in session.exec(select(NudgeSwap))}
            for s in batch.nudge_swaps:
                if (s.blocker, s.nudge_id, whole_seconds(s.at)) not in swaps:
                    swaps.add((s.blocker, s.nudge_id, whole_seconds(s.at)))
                    session.add(NudgeSwap(**_values(tables.NUDGE_SWAP, s)))
            session.flush()
            if dry_run:
                session.rollback()
        return ImportResult(batch.kind, added, skipped, n_sessions, n_commitments)


def _grouped(rows: Iterable[Any]) -> defaultdict[int | None, list[Any]]:
    grouped: defaultdict[int | None, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.task_id].append(row)
    return grouped


COLUMN_OF = {field: column for column, field in RENAMED.items()}


def _record(kind: type[Any], table: tables.Table, row: Any, **given: Any) -> Any:
    """An export record from an ORM row, by the record's fields and the table's
    declaration (the columns the record doesn't name go in its `extra`)."""
    values: dict[str, Any] = {}
    for f in fields(kind):
        column = COLUMN_OF.get(f.name, f.name)
        if f.name in given:
            continue
        if f.name == "extra":
            values["extra"] = {
                n: _python(table, n, getattr(row, n)) for n in extra_columns(table, kind)
            }
        elif column in table.by_name or column == "id":
            values[f.name] = _python(table, column, getattr(row, column))
    return kind(**values, **given)


def _python(table: tables.Table, column: str, value: Any) -> Any:
    kind = table.by_name[column].kind if column in table.by_name else tables.INT
    return split_tags(value) if kind == tables.TAGS else value


def _task_record(
    t: Any, chunks: list[Any], sessions: list[Any], recoveries: list[Any]
) -> TaskRecord:
    record: TaskRecord = _record(
        TaskRecord,
        tables.TASK,
        t,
        chunks=tuple(_record(ChunkRecord, tables.STEP, c) for c in chunks),
        sessions=tuple(_record(SessionRecord, tables.FOCUS_SESSION, s) for s in sessions),
        recoveries=tuple(_record(RecoveryRecord, tables.RECOVERY, r) for r in recoveries),
    )
    return record


def _values(table: tables.Table, record: Any, **given: Any) -> dict[str, Any]:
    """An ORM row's values from an import record, by the table's declaration."""
    values = {n: value_of(record, n) for n in table.names if n not in given}
    for name, value in values.items():
        if table.by_name[name].kind == tables.TAGS:
            values[name] = _tags(value)  # type: ignore[arg-type]  # a tags column holds words
        elif value is None and not table.by_name[name].nullable:
            values[name] = table.by_name[name].default
    return {**values, **given}


def _tags(tags: tuple[str, ...]) -> str:
    """Tags as the store keeps them: lowercase words, no '#', no spaces inside."""
    return join_tags([t for t in ("-".join(tag.split()).lstrip("#") for tag in tags) if t])


def _insert_task(
    session: Session,
    record: TaskRecord,
    key: str,
    has_running: bool,
    now: datetime,
    series: dict[object, int],
) -> bool:
    """Insert one task and everything under it; returns whether a session now runs.
    A recurring task's series is the file's first instance of it, as numbered
    here (`series`: the file's series ids, in the order the instances come)."""
    task = Task(**_values(tables.TASK, record, source=key, series_id=None))
    session.add(task)
    session.flush()
    assert task.id is not None
    old_series = value_of(record, "series_id")
    if old_series is not None:
        task.series_id = series.setdefault(old_series, task.id)
        session.flush()
    elif task.recurrence is not None:  # from todo.txt or Taskwarrior: a series of its own
        task.series_id = task.id
        session.flush()
    chunks = [
        Chunk(**_values(tables.STEP, c, task_id=task.id, position=i))
        for i, c in enumerate(record.chunks)
    ]
    recoveries = [
        Recovery(**_values(tables.RECOVERY, r, task_id=task.id)) for r in record.recoveries
    ]
    session.add_all([*chunks, *recoveries])
    session.flush()
    chunk_ids = {c.ref: row.id for c, row in zip(record.chunks, chunks, strict=True)}
    recovery_ids = {r.ref: row.id for r, row in zip(record.recoveries, recoveries, strict=True)}
    for s in record.sessions:
        ended_at, outcome, paused_at = s.ended_at, s.outcome, s.paused_at
        if ended_at is None:
            if has_running:  # only one timer runs at a time: log this one as it stands
                ended_at, outcome = logged_end(_as_info(s), now)
                paused_at = None
            has_running = True
        session.add(
            FocusSession(
                **_values(
                    tables.FOCUS_SESSION,
                    s,
                    task_id=task.id,
                    chunk_id=chunk_ids.get(s.chunk_ref) if s.chunk_ref is not None else None,
                    recovery_id=recovery_ids.get(s.recovery_ref)
                    if s.recovery_ref is not None
                    else None,
                    ended_at=ended_at,
                    outcome=outcome,
                    paused_at=paused_at,
                )
            )
        )
    return has_running


def _as_info(s: SessionRecord) -> SessionInfo:
    return SessionInfo(
        id=0,
        task_id=0,
        chunk_id=None,
        started_at=s.started_at,
        planned_minutes=s.planned_minutes,
        paused_at=s.paused_at,
        paused_seconds=s.paused_seconds,
    )
