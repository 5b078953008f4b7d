"""One task as `startnow show` reads it: its row, its steps and its sessions
as namedtuples with the fields of the dataclasses in `model.py`.

`show` must cost what a quick add costs, and importing `model.py` (dataclasses,
which import inspect) costs more than the whole read. The delay and focus
rules (`delays.py`, `focus.py`) read these as they read the dataclasses:
the same names, the same values (tests/test_closing.py checks the fields).
"""

from __future__ import annotations

from collections import namedtuple

from startnow.domain.delays import ready_time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    from datetime import datetime


class ShownStep(namedtuple("ShownStep", "id task_id position title estimate done_at")):
    """A step: `model.StepInfo`'s fields."""

    __slots__ = ()
    if TYPE_CHECKING:
        id: int
        task_id: int
        position: int
        title: str
        estimate: int | None
        done_at: datetime | None


class ShownTask(
    namedtuple(
        "ShownTask",
        "id title created_at planned_start due estimate tags status first_started_at "
        "closed_at self_due notes chunks recurrence",
    )
):
    """A task with its steps in order: `model.TaskInfo`'s fields."""

    __slots__ = ()
    if TYPE_CHECKING:
        id: int
        title: str
        created_at: datetime
        planned_start: datetime | None
        due: datetime | None
        estimate: int | None
        tags: tuple[str, ...]
        status: str
        first_started_at: datetime | None
        closed_at: datetime | None
        self_due: datetime | None
        notes: str
        chunks: tuple[ShownStep, ...]
        recurrence: str | None

    @property
    def ready_time(self) -> datetime:
        """As `TaskInfo.ready_time`: the planned start, never before the creation."""
        return ready_time(self.created_at, self.planned_start)


class ShownSession(
    namedtuple(
        "ShownSession",
        "id task_id chunk_id started_at planned_minutes paused_at paused_seconds ended_at "
        "outcome blocker nudge_id chunk_done nudge_helped kind recovery_id",
    )
):
    """A focus session: `model.SessionInfo`'s fields."""

    __slots__ = ()
    if TYPE_CHECKING:
        id: int
        task_id: int
        chunk_id: int | None
        started_at: datetime
        planned_minutes: int
        paused_at: datetime | None
        paused_seconds: int
        ended_at: datetime | None
        outcome: str | None
        blocker: str | None
        nudge_id: str | None
        chunk_done: str | None
        nudge_helped: bool | None
        kind: str
        recovery_id: int | None
