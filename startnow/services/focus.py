"""Focus sessions: written the moment the timer starts, so nothing is lost if
the terminal closes; every later change is one small update."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from startnow.clock import Clock
from startnow.domain.against_chance import per_million
from startnow.domain.chooser import Choice
from startnow.domain.focus import logged_end
from startnow.domain.model import SessionInfo
from startnow.errors import StartnowError
from startnow.services.tasks import complete_step
from startnow.store.db import Store
from startnow.store.models import FocusSession, Recovery, Task
from startnow.store.orm import get_row, session_info, update_row


class Focus:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def start(
        self,
        task_id: int,
        chunk_id: int | None,
        minutes: int,
        *,
        blocker: str | None = None,
        blocker_chosen: bool = False,
        nudge_id: str | None = None,
        kind: str = "focus",
        recovery_id: int | None = None,
        nudge_shown_at: datetime | None = None,
        choice: Choice | None = None,
    ) -> SessionInfo:
        """Start the timer: the session row and the task's first start, at once.

        A sweep is the exception: it walks several small things and is stored
        on the first one's task, which may well be skipped; each thing swept
        records its own start (SweepScreen, tasks.mark_started)."""
        if minutes < 1:
            raise ValueError("a focus session needs at least one minute")
        now = self.clock()
        with self.store.session() as session:
            if self._running_row(session) is not None:
                raise StartnowError("a focus session is already running")
            task = get_row(session, Task, task_id, "task")
            if task.first_started_at is None and kind != "sweep":  # never overwritten
                task.first_started_at = now
            if recovery_id is None:
                recovery_id = self._waiting_recovery(session, task_id)
            row = FocusSession(
                task_id=task_id,
                chunk_id=chunk_id,
                kind=kind,
                started_at=now,
                planned_minutes=minutes,
                blocker=blocker,
                blocker_chosen=blocker_chosen if blocker is not None else None,
                nudge_id=nudge_id,
                recovery_id=recovery_id,
                nudge_shown_at=nudge_shown_at,
                chosen_at_random=None if choice is None else choice.at_random,
                choice_per_million=None if choice is None else per_million(choice.probability),
                random_per_million=(
                    None if choice is None else per_million(choice.random_probability)
                ),
            )
            session.add(row)
            session.flush()
            return session_info(row)

    @staticmethod
    def _waiting_recovery(session: Session, task_id: int) -> int | None:
        """A recovery of this task not yet followed by a session (its "did that help?")."""
        linked = select(FocusSession.recovery_id).where(col(FocusSession.recovery_id).is_not(None))
        query = (
            select(Recovery.id)
            .where(
                Recovery.task_id == task_id,
                col(Recovery.option).in_(("shrink", "reschedule", "own")),
                col(Recovery.helped).is_(None),
                col(Recovery.id).not_in(linked),
            )
            .order_by(col(Recovery.id).desc())
        )
        found: int | None = session.exec(query).first()
        return found

    @staticmethod
    def _running_row(session: Session) -> Any:
        query = (
            select(FocusSession)
            .where(col(FocusSession.ended_at).is_(None))
            .order_by(col(FocusSession.started_at).desc())
        )
        return session.exec(query).first()

    def running(self) -> SessionInfo | None:
        """A session left open (the app was closed or killed mid-timer)."""
        with self.store.session() as session:
            row = self._running_row(session)
            return session_info(row) if row else None

    def get(self, session_id: int) -> SessionInfo:
        with self.store.session() as session:
            return session_info(get_row(session, FocusSession, session_id, "focus session"))

    def _change(self, session_id: int, **values: object) -> SessionInfo:
        with self.store.session() as session:
            row = update_row(session, FocusSession, session_id, "focus session", **values)
            return session_info(row)

    def pause(self, session_id: int) -> SessionInfo:
        current = self.get(session_id)
        if current.paused_at is not None or current.ended_at is not None:
            return current
        return self._change(session_id, paused_at=self.clock())

    def resume(self, session_id: int) -> SessionInfo:
        current = self.get(session_id)
        if current.paused_at is None:
            return current
        paused = int((self.clock() - current.paused_at).total_seconds())
        return self._change(
            session_id, paused_at=None, paused_seconds=current.paused_seconds + max(paused, 0)
        )

    def extend(self, session_id: int, minutes: int = 5) -> SessionInfo:
        current = self.get(session_id)
        return self._change(session_id, planned_minutes=current.planned_minutes + minutes)

    def finish(self, session_id: int, outcome: str) -> SessionInfo:
        """End the timer now. A pause in progress is closed first."""
        if outcome not in ("completed", "stopped", "abandoned"):
            raise ValueError(outcome)
        current = self.resume(session_id)
        if current.ended_at is not None:
            return current
        return self._change(session_id, ended_at=self.clock(), outcome=outcome)

    def log_as_it_stands(self, session_id: int) -> SessionInfo:
        """Close a session found open on launch, as far as it could have run."""
        current = self.get(session_id)
        if current.ended_at is not None:
            return current
        end, outcome = logged_end(current, self.clock())
        paused = current.paused_seconds
        return self._change(
            session_id, ended_at=end, outcome=outcome, paused_at=None, paused_seconds=paused
        )

    def answer(
        self,
        session_id: int,
        *,
        chunk_done: str | None = None,
        nudge_helped: bool | None = None,
    ) -> SessionInfo:
        """Store the two quick questions; a done step is marked done at once."""
        values: dict[str, object] = {}
        if chunk_done is not None:
            if chunk_done not in ("yes", "partly", "no"):
                raise ValueError(chunk_done)
            values["chunk_done"] = chunk_done
        if nudge_helped is not None:
            values["nudge_helped"] = nudge_helped
        updated = self._change(session_id, **values)
        if chunk_done == "yes":
            self._mark_step_done(updated)
        return updated

    def _mark_step_done(self, info: SessionInfo) -> None:
        with self.store.session() as session:
            complete_step(session, info.task_id, info.chunk_id, self.clock())
