"""Editing a task's chunks: every change is saved as it is made.

Positions are kept dense (0, 1, 2, …) in the order the user sees, so moving a
chunk is a swap and inserting at the front shifts the rest by one.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from startnow.clock import Clock
from startnow.domain.model import TaskInfo
from startnow.store.db import Store
from startnow.store.models import Chunk, Task
from startnow.store.orm import get_row, task_info


def ordered_chunks(session: Session, task_id: int) -> list[Chunk]:
    query = (
        select(Chunk).where(Chunk.task_id == task_id).order_by(col(Chunk.position), col(Chunk.id))
    )
    return list(session.exec(query))


def renumber(chunks: list[Chunk]) -> None:
    for position, chunk in enumerate(chunks):
        chunk.position = position


class Steps:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def _task(self, session: Session, task_id: int) -> Task:
        return get_row(session, Task, task_id, "task")

    def _chunk(self, session: Session, chunk_id: int) -> Chunk:
        return get_row(session, Chunk, chunk_id, "step")

    def _info(self, session: Session, task_id: int) -> TaskInfo:
        return task_info(self._task(session, task_id), ordered_chunks(session, task_id))

    def add(
        self, task_id: int, title: str, estimate: int | None, *, first: bool = False
    ) -> tuple[TaskInfo, int]:
        """Append a chunk, or put it in front of the open ones (`first`)."""
        with self.store.session() as session:
            self._task(session, task_id)
            chunks = ordered_chunks(session, task_id)
            row = Chunk(
                task_id=task_id, position=0, title=title, estimate=estimate, created_at=self.clock()
            )
            if first:
                index = next((i for i, c in enumerate(chunks) if c.done_at is None), len(chunks))
                chunks.insert(index, row)
            else:
                chunks.append(row)
            renumber(chunks)
            session.add(row)
            session.flush()
            assert row.id is not None
            return self._info(session, task_id), row.id

    def update(self, chunk_id: int, title: str, estimate: int | None) -> TaskInfo:
        with self.store.session() as session:
            chunk = self._chunk(session, chunk_id)
            chunk.title, chunk.estimate = title, estimate
            session.flush()
            return self._info(session, chunk.task_id)

    def move(self, chunk_id: int, offset: int) -> TaskInfo:
        """Move a chunk up (-1) or down (+1); at either end it stays put."""
        with self.store.session() as session:
            chunk = self._chunk(session, chunk_id)
            chunks = ordered_chunks(session, chunk.task_id)
            index = next(i for i, c in enumerate(chunks) if c.id == chunk_id)
            target = index + offset
            if 0 <= target < len(chunks):
                chunks[index], chunks[target] = chunks[target], chunks[index]
                renumber(chunks)
            session.flush()
            return self._info(session, chunk.task_id)

    def delete(self, chunk_id: int) -> TaskInfo:
        with self.store.session() as session:
            chunk = self._chunk(session, chunk_id)
            task_id = chunk.task_id
            session.delete(chunk)
            session.flush()
            renumber(ordered_chunks(session, task_id))
            session.flush()
            return self._info(session, task_id)

    def set_done(self, chunk_id: int, done: bool = True) -> TaskInfo:
        with self.store.session() as session:
            chunk = self._chunk(session, chunk_id)
            chunk.done_at = self.clock() if done else None
            session.flush()
            return self._info(session, chunk.task_id)

    def shrink_first_step(self, task_id: int) -> TaskInfo:
        """Put a first step of five minutes or less in front of the task's next step.

        A task with no steps gets its template's first physical action; a step
        that is already that small gets an even smaller start (two minutes).
        """
        from startnow.domain.breakdown import FIRST_STEP_MINUTES
        from startnow.domain.templates import smaller_first_step, suggest_chunks

        with self.store.session() as session:
            task = self._info(session, task_id)
        step = task.next_step
        taken = [c.title for c in task.chunks]
        if step.chunk_id is None:
            first = suggest_chunks(task.title, 1)[0]
        elif step.minutes is None or step.minutes > FIRST_STEP_MINUTES:
            first = smaller_first_step(step.title, FIRST_STEP_MINUTES, taken=taken)
        else:
            first = smaller_first_step(step.title, 2, taken=taken)
        info, _ = self.add(task_id, first.title, first.minutes, first=True)
        return info
