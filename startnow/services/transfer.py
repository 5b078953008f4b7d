"""Export everything; import a parsed file in one transaction, adding nothing twice.

A task's import key is its `source` (`todotxt:…`, `taskwarrior:<uuid>`,
`startnow:…`); a task made in startnow has none, and its key is derived from
its creation instant and title (records.native_source). A task whose key is
already in the store is skipped with everything under it. Commitments are
skipped when their week has one; nudge swaps when the same one exists.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from startnow.clock import Clock
from startnow.domain.focus import logged_end
from startnow.domain.model import SessionInfo
from startnow.domain.tags import join_tags, split_tags
from startnow.formats.importers.records import (
    Batch,
    ChunkRecord,
    CommitmentRecord,
    NudgeSwapRecord,
    RecoveryRecord,
    SessionRecord,
    TaskRecord,
    task_key,
    whole_seconds,
)
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
                    CommitmentRecord(c.week, c.text, c.created_at, c.kept) for c in commitments
                ),
                nudge_swaps=tuple(NudgeSwapRecord(s.blocker, s.nudge_id, s.at) for s in swaps),
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
            for record in batch.tasks:
                key = task_key(record.source, record.created_at, record.title)
                if key in keys:
                    skipped += 1
                    continue
                keys.add(key)
                has_running = _insert_task(session, record, key, has_running, self.clock())
                added += 1
                n_sessions += len(record.sessions)
            weeks = set(session.exec(select(Commitment.week)))
            for c in batch.commitments:
                if c.week not in weeks:
                    weeks.add(c.week)
                    session.add(Commitment(week=c.week, text=c.text, created_at=c.created_at,
                                           kept=c.kept))  # fmt: skip
                    n_commitments += 1
            swaps = {(s.blocker, s.nudge_id, s.at) for s in session.exec(select(NudgeSwap))}
            for s in batch.nudge_swaps:
                if (s.blocker, s.nudge_id, whole_seconds(s.at)) not in swaps:
                    swaps.add((s.blocker, s.nudge_id, whole_seconds(s.at)))
                    session.add(NudgeSwap(blocker=s.blocker, nudge_id=s.nudge_id, at=s.at))
            session.flush()
            if dry_run:
                session.rollback()
        return ImportResult(batch.kind, added, skipped, n_sessions, n_commitments)


def _grouped(rows) -> defaultdict[int | None, list]:  # type: ignore[no-untyped-def]
    grouped: defaultdict[int | None, list] = defaultdict(list)  # type: ignore[type-arg]
    for row in rows:
        grouped[row.task_id].append(row)
    return grouped


def _task_record(
    t: Task, chunks: list[Chunk], sessions: list[FocusSession], recoveries: list[Recovery]
) -> TaskRecord:
    return TaskRecord(
        title=t.title,
        created_at=t.created_at,
        source=t.source,
        notes=t.notes,
        planned_start=t.planned_start,
        due=t.due,
        self_due=t.self_due,
        estimate=t.estimate,
        tags=split_tags(t.tags),
        status=t.status,
        first_started_at=t.first_started_at,
        closed_at=t.closed_at,
        chunks=tuple(
            ChunkRecord(c.title, c.created_at, c.estimate, c.done_at, ref=c.id) for c in chunks
        ),
        sessions=tuple(
            SessionRecord(
                started_at=s.started_at,
                planned_minutes=s.planned_minutes,
                kind=s.kind,
                chunk_ref=s.chunk_id,
                paused_at=s.paused_at,
                paused_seconds=s.paused_seconds,
                ended_at=s.ended_at,
                outcome=s.outcome,
                blocker=s.blocker,
                nudge_id=s.nudge_id,
                chunk_done=s.chunk_done,
                nudge_helped=s.nudge_helped,
                recovery_ref=s.recovery_id,
                ref=s.id,
            )
            for s in sessions
        ),
        recoveries=tuple(
            RecoveryRecord(r.option, r.created_at, r.text, r.forgave, r.helped, ref=r.id)
            for r in recoveries
        ),
        ref=t.id,
    )


def _tags(tags: tuple[str, ...]) -> str:
    """Tags as the store keeps them: lowercase words, no '#', no spaces inside."""
    return join_tags([t for t in ("-".join(tag.split()).lstrip("#") for tag in tags) if t])


def _insert_task(
    session: Session, record: TaskRecord, key: str, has_running: bool, now: datetime
) -> bool:
    """Insert one task and everything under it; returns whether a session now runs."""
    task = Task(
        title=record.title,
        notes=record.notes,
        created_at=record.created_at,
        planned_start=record.planned_start,
        due=record.due,
        self_due=record.self_due,
        estimate=record.estimate,
        tags=_tags(record.tags),
        status=record.status,
        first_started_at=record.first_started_at,
        closed_at=record.closed_at,
        source=key,
    )
    session.add(task)
    session.flush()
    assert task.id is not None
    chunks = [
        Chunk(task_id=task.id, position=i, title=c.title, estimate=c.estimate,
              created_at=c.created_at, done_at=c.done_at)
        for i, c in enumerate(record.chunks)
    ]  # fmt: skip
    recoveries = [
        Recovery(task_id=task.id, option=r.option, text=r.text, forgave=r.forgave,
                 created_at=r.created_at, helped=r.helped)
        for r in record.recoveries
    ]  # fmt: skip
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
                task_id=task.id,
                chunk_id=chunk_ids.get(s.chunk_ref) if s.chunk_ref is not None else None,
                kind=s.kind,
                started_at=s.started_at,
                planned_minutes=s.planned_minutes,
                paused_at=paused_at,
                paused_seconds=s.paused_seconds,
                ended_at=ended_at,
                outcome=outcome,
                blocker=s.blocker,
                nudge_id=s.nudge_id,
                chunk_done=s.chunk_done,
                nudge_helped=s.nudge_helped,
                recovery_id=recovery_ids.get(s.recovery_ref)
                if s.recovery_ref is not None
                else None,
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
