"""ORM rows -> plain domain objects (see domain/model.py for why)."""

from __future__ import annotations

from startnow.domain.model import ChunkInfo, SessionInfo, TaskInfo
from startnow.domain.tags import split_tags
from startnow.store.models import Chunk, FocusSession, Task


def chunk_info(chunk: Chunk) -> ChunkInfo:
    assert chunk.id is not None
    return ChunkInfo(
        id=chunk.id,
        task_id=chunk.task_id,
        position=chunk.position,
        title=chunk.title,
        estimate=chunk.estimate,
        done_at=chunk.done_at,
    )


def task_info(task: Task, chunks: list[Chunk] | tuple[Chunk, ...] = ()) -> TaskInfo:
    assert task.id is not None
    ordered = sorted(chunks, key=lambda c: (c.position, c.id or 0))
    return TaskInfo(
        id=task.id,
        title=task.title,
        notes=task.notes,
        created_at=task.created_at,
        planned_start=task.planned_start,
        due=task.due,
        self_due=task.self_due,
        estimate=task.estimate,
        tags=split_tags(task.tags),
        status=task.status,
        first_started_at=task.first_started_at,
        closed_at=task.closed_at,
        chunks=tuple(chunk_info(c) for c in ordered),
    )


def session_info(row: FocusSession) -> SessionInfo:
    assert row.id is not None
    return SessionInfo(
        id=row.id,
        task_id=row.task_id,
        chunk_id=row.chunk_id,
        started_at=row.started_at,
        planned_minutes=row.planned_minutes,
        paused_at=row.paused_at,
        paused_seconds=row.paused_seconds,
        ended_at=row.ended_at,
        outcome=row.outcome,
        blocker=row.blocker,
        nudge_id=row.nudge_id,
        chunk_done=row.chunk_done,
        nudge_helped=row.nudge_helped,
        kind=row.kind,
        recovery_id=row.recovery_id,
    )
