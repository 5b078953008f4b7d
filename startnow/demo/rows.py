"""The demo's rows, one class a table, and the history they make up together.

Field names are the store's column names, so a writer maps them one to one; the
rows carry their own ids (1, 2, 3, ...) for an empty store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from startnow.domain.delays import GRACE, ready_time, start_by
from startnow.domain.model import TaskStatus


@dataclass(slots=True)
class SimTask:
    id: int
    title: str
    created_at: datetime
    estimate: int | None
    tags: str
    planned_start: datetime | None = None
    due: datetime | None = None
    self_due: datetime | None = None
    status: str = TaskStatus.OPEN
    first_started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def ready_time(self) -> datetime:
        return ready_time(self.created_at, self.planned_start)


@dataclass(slots=True)
class SimChunk:
    id: int
    task_id: int
    position: int
    title: str
    estimate: int | None
    created_at: datetime
    done_at: datetime | None = None


@dataclass(slots=True)
class SimSession:
    id: int
    task_id: int
    chunk_id: int | None
    started_at: datetime
    planned_minutes: int
    ended_at: datetime
    outcome: str
    blocker: str
    nudge_id: str | None  # None: "Nothing — just go", no nudge
    chunk_done: str | None
    nudge_helped: bool | None
    paused_seconds: int = 0
    kind: str = "focus"
    blocker_chosen: bool = True  # the simulated person names their blocker


@dataclass(slots=True)
class SimSwap:
    id: int
    blocker: str
    nudge_id: str
    at: datetime


@dataclass(slots=True)
class SimCommitment:
    id: int
    week: str
    text: str
    created_at: datetime
    kept: bool | None


@dataclass(frozen=True)
class History:
    start: datetime  # Monday 00:00 local of the first week, as UTC
    now: datetime
    tasks: list[SimTask]
    chunks: list[SimChunk]
    sessions: list[SimSession]
    swaps: list[SimSwap]
    commitments: list[SimCommitment]

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "chunks": len(self.chunks),
            "sessions": len(self.sessions),
            "swaps": len(self.swaps),
            "commitments": len(self.commitments),
        }

    def open_unstarted(self) -> list[SimTask]:
        """Open tasks never started: the review's "still waiting" (and the missed ones)."""
        return [t for t in self.tasks if t.status == TaskStatus.OPEN and t.first_started_at is None]

    def missed(self, grace: timedelta = GRACE) -> list[SimTask]:
        """Missed starts at `now`, by the coach's rule (a start or start-by past the grace)."""
        found = []
        for task in self.open_unstarted():
            deadline = task.planned_start or start_by(task.due, task.estimate)
            if deadline is not None and self.now - deadline > grace:
                found.append(task)
        return found
