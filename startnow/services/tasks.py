"""Tasks and their chunks: adding, reading, and the small edits the coach makes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from sqlmodel import Session, select

from startnow.clock import Clock
from startnow.domain.delays import GRACE
from startnow.domain.model import TaskInfo
from startnow.domain.tags import join_tags
from startnow.domain.today import TodayView, build_today
from startnow.errors import StartnowError
from startnow.store.db import Store
from startnow.store.fast.reads import read_open_tasks
from startnow.store.fast.rollover import roll_over, roll_over_lapsed
from startnow.store.models import Chunk, Task
from startnow.store.orm import get_row, task_info, update_row


class ChunkSpec(Protocol):
    title: str
    estimate: int | None


class TaskSpec(Protocol):
    """What quick add understood (domain.quickadd.ParsedTask fits)."""

    title: str
    estimate: int | None
    planned_start: datetime | None
    due: datetime | None
    tags: Sequence[str]
    chunks: Sequence[ChunkSpec]


def insert_task(session: Session, spec: TaskSpec, now: datetime, source: str = "") -> Task:
    task = Task(
        title=spec.title,
        created_at=now,
        planned_start=spec.planned_start,
        due=spec.due,
        estimate=spec.estimate,
        tags=join_tags(list(spec.tags)),
        source=source,
        recurrence=getattr(spec, "recurrence", None),
        anchor=getattr(spec, "anchor", None),
    )
    session.add(task)
    session.flush()
    assert task.id is not None
    if task.recurrence is not None:  # the first instance names the series
        task.series_id = task.id
    for position, chunk in enumerate(spec.chunks):
        session.add(
            Chunk(
                task_id=task.id,
                position=position,
                title=chunk.title,
                estimate=chunk.estimate,
                created_at=now,
            )
        )
    return task


class Tasks:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def add(self, spec: TaskSpec) -> TaskInfo:
        return self.add_many([spec])[0]

    def add_many(self, specs: Sequence[TaskSpec]) -> list[TaskInfo]:
        """All or nothing: one transaction for the whole batch."""
        now = self.clock()
        with self.store.session() as session:
            rows = [insert_task(session, spec, now) for spec in specs]
            session.flush()
            ids = [row.id for row in rows if row.id is not None]
        return [self.get(task_id) for task_id in ids]

    def get(self, task_id: int) -> TaskInfo:
        with self.store.session() as session:
            task = get_row(session, Task, task_id, "task")
            chunks = session.exec(select(Chunk).where(Chunk.task_id == task_id)).all()
            return task_info(task, list(chunks))

    def open_tasks(self) -> list[TaskInfo]:
        with self.store.raw() as conn:
            return read_open_tasks(conn)

    def today(self, tz: tzinfo, grace: timedelta = GRACE) -> TodayView:
        return build_today(self.open_tasks(), self.clock(), tz, grace)

    def _update(self, task_id: int, **values: object) -> TaskInfo:
        with self.store.session() as session:
            update_row(session, Task, task_id, "task", **values)
        return self.get(task_id)

    def set_status(self, task_id: int, status: str) -> TaskInfo:
        """Close (a recurring task rolls over to its next instance in the same
        transaction) or reopen (that next instance taken back, if untouched)."""
        if status not in ("open", "done", "dropped"):
            raise ValueError(status)
        now = self.clock()
        closed = None if status == "open" else now
        with self.store.session() as session:
            if status == "open":
                take_back_successor(session, task_id)
            update_row(session, Task, task_id, "task", status=status, closed_at=closed)
            if status != "open":
                roll_over_closed(session, [task_id], now)
        return self.get(task_id)

    def roll_over_lapsed(self) -> list[int]:
        """Recurring instances whose period passed unstarted: closed, one
        successor each for the current period (see store/fast/rollover.py)."""
        with self.store.session() as session:
            return roll_over_lapsed(_dbapi(session), self.clock(), None)

    def reschedule(self, task_id: int, planned_start: datetime) -> TaskInfo:
        return self._update(task_id, planned_start=planned_start)

    def set_self_due(self, task_id: int, when: datetime) -> TaskInfo:
        return self._update(task_id, self_due=when)

    def mark_started(self, task_id: int) -> None:
        """Record a first start outside a timer (a sweep); never overwrites one."""
        with self.store.session() as session:
            task = session.get(Task, task_id)
            if task is not None and task.first_started_at is None:
                task.first_started_at = self.clock()

    def complete_step(self, task_id: int, chunk_id: int | None) -> TaskInfo:
        """Mark a step done. A task without chunks is its own single step."""
        with self.store.session() as session:
            complete_step(session, task_id, chunk_id, self.clock())
        return self.get(task_id)


def complete_step(session: Session, task_id: int, chunk_id: int | None, now: datetime) -> None:
    """The one way a step gets done: a step once (its first done time stays),
    a task without steps closes as done if it is still open."""
    if chunk_id is not None:
        chunk = session.get(Chunk, chunk_id)
        if chunk is not None and chunk.done_at is None:
            chunk.done_at = now
        return
    task = session.get(Task, task_id)
    if task is not None and task.status == "open":
        task.status, task.closed_at = "done", now
        roll_over_closed(session, [task_id], now)


def _dbapi(session: Session) -> object:
    """The session's own sqlite3 connection, inside its transaction."""
    session.flush()
    return session.connection().connection.dbapi_connection


def roll_over_closed(session: Session, ids: Sequence[int], now: datetime) -> None:
    """Every ORM close path ends here: a closed recurring instance gets its
    successor in the same transaction (the one rule: store/fast/rollover.py)."""
    roll_over(_dbapi(session), ids, now, None)


def take_back_successor(session: Session, task_id: int) -> None:
    """Before a closed instance is reopened: its series' open instance made
    after it is deleted if never worked on (one open per series); else refused."""
    task = session.get(Task, task_id)
    if task is None or task.series_id is None or task.status == "open":
        return
    later = session.exec(
        select(Task).where(Task.series_id == task.series_id, Task.status == "open")
    ).all()
    for successor in later:
        if successor.first_started_at is not None:
            raise StartnowError(
                f"task {task_id} cannot be reopened: its next instance, task "
                f"{successor.id}, has been started"
            )
        session.delete(successor)
    session.flush()
