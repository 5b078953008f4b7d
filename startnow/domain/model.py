"""Plain, immutable views of the stored data.

Screens and the CLI get these, never ORM rows: they can be passed anywhere,
compared in tests, and cannot trigger a lazy load on a closed session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from startnow.domain.delays import ready_time
from startnow.domain.states import Outcome, TaskStatus

__all__ = [
    "SMALL_THING_MINUTES", "StepInfo", "Outcome", "SessionInfo", "Step", "TaskInfo", "TaskStatus",
]  # fmt: skip

SMALL_THING_MINUTES = 2


@dataclass(frozen=True)
class StepInfo:
    id: int
    task_id: int
    position: int
    title: str
    estimate: int | None
    done_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.done_at is None


@dataclass(frozen=True)
class Step:
    """The next step of a task: its first open chunk, or the task itself."""

    task_id: int
    chunk_id: int | None
    title: str
    minutes: int | None


@dataclass(frozen=True)
class TaskInfo:
    id: int
    title: str
    created_at: datetime
    planned_start: datetime | None = None
    due: datetime | None = None
    estimate: int | None = None
    tags: tuple[str, ...] = ()
    status: str = TaskStatus.OPEN
    first_started_at: datetime | None = None
    closed_at: datetime | None = None
    self_due: datetime | None = None
    notes: str = ""
    chunks: tuple[StepInfo, ...] = field(default=())
    recurrence: str | None = None  # the `every:` rule (domain/recurrence.py), None: a one-off

    @property
    def ready_time(self) -> datetime:
        """When the task became startable: its planned start, else its creation,
        whichever is later (see delays.ready_time)."""
        return ready_time(self.created_at, self.planned_start)

    @property
    def started(self) -> bool:
        return self.first_started_at is not None

    @property
    def open_chunks(self) -> tuple[StepInfo, ...]:
        return tuple(c for c in self.chunks if c.is_open)

    @property
    def next_step(self) -> Step:
        """A task with no open chunks behaves as one chunk: itself."""
        for chunk in self.chunks:
            if chunk.is_open:
                return Step(self.id, chunk.id, chunk.title, chunk.estimate)
        return Step(self.id, None, self.title, self.estimate)

    @property
    def has_steps(self) -> bool:
        return bool(self.open_chunks)

    @property
    def is_small(self) -> bool:
        """A small thing: two minutes or less. Do it now, don't schedule it."""
        return self.estimate is not None and self.estimate <= SMALL_THING_MINUTES


@dataclass(frozen=True)
class SessionInfo:
    id: int
    task_id: int
    chunk_id: int | None
    started_at: datetime
    planned_minutes: int
    paused_at: datetime | None = None
    paused_seconds: int = 0
    ended_at: datetime | None = None
    outcome: str | None = None
    blocker: str | None = None
    nudge_id: str | None = None
    chunk_done: str | None = None
    nudge_helped: bool | None = None
    kind: str = "focus"
    recovery_id: int | None = None

    @property
    def running(self) -> bool:
        return self.ended_at is None
