"""The coach: chooses a nudge from this user's record, and carries it out."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection

from sqlalchemy import func
from sqlmodel import col, select

from startnow.clock import Clock
from startnow.config import Settings
from startnow.domain.chooser import Choice, NudgeRecord, choose_nudge, is_success
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.domain.nudges import NudgeLibrary, load_nudges
from startnow.domain.plan import StartPlan, plan_start
from startnow.services.focus import Focus
from startnow.services.tasks import Tasks
from startnow.store.db import Store
from startnow.store.models import Chunk, FocusSession, NudgeSwap, Task


class Coach:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Settings,
        tasks: Tasks,
        focus: Focus,
        rng: random.Random | None = None,
        library: NudgeLibrary | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.tasks = tasks
        self.focus = focus
        self.rng = rng or random.Random()
        self.library = library or load_nudges()

    def records(self) -> dict[str, NudgeRecord]:
        """Successes and failures per nudge, counted in SQL by outcome group
        (a few rows, whatever the history), then judged by `is_success`."""
        successes: Counter[str] = Counter()
        failures: Counter[str] = Counter()
        query = (
            select(
                FocusSession.nudge_id,
                FocusSession.outcome,
                FocusSession.nudge_helped,
                func.count(),
            )
            .where(col(FocusSession.nudge_id).is_not(None))
            .group_by(FocusSession.nudge_id, FocusSession.outcome, FocusSession.nudge_helped)
        )
        with self.store.session() as session:
            for nudge_id, outcome, helped, count in session.exec(query):
                verdict = is_success(outcome, helped)
                if verdict is True:
                    successes[nudge_id] += count
                elif verdict is False:
                    failures[nudge_id] += count
            swaps = session.exec(
                select(NudgeSwap.nudge_id, func.count()).group_by(NudgeSwap.nudge_id)
            )
            for nudge_id, count in swaps:
                failures[nudge_id] += count
        return {
            nudge_id: NudgeRecord(nudge_id, successes[nudge_id], failures[nudge_id])
            for nudge_id in set(successes) | set(failures)
        }

    def choose(self, blocker: str, exclude: Collection[str] = ()) -> Choice:
        return choose_nudge(self.library, blocker, self.records(), self.rng, exclude)

    def plan(self, task: TaskInfo, blocker: str, choice: Choice) -> StartPlan:
        return plan_start(task, blocker, choice, self.clock(), self.settings.focus_minutes)

    def swap(self, blocker: str, nudge_id: str) -> None:
        """The user asked for another nudge: one failure for the one they left."""
        with self.store.session() as session:
            session.add(NudgeSwap(blocker=blocker, nudge_id=nudge_id, at=self.clock()))

    def start(self, plan: StartPlan, recovery_id: int | None = None) -> SessionInfo:
        """Carry the plan out: shrink the first step, set the deadline, start the timer."""
        chunk_id = plan.step.chunk_id
        if plan.new_first_step is not None:
            chunk_id = self._insert_first_chunk(plan.task.id, plan.new_first_step)
        if plan.self_due is not None:
            self.tasks.set_self_due(plan.task.id, plan.self_due)
        return self.focus.start(
            plan.task.id,
            chunk_id,
            plan.minutes,
            blocker=plan.blocker,
            nudge_id=plan.nudge.id,
            recovery_id=recovery_id,
        )

    def _insert_first_chunk(self, task_id: int, step) -> int:  # type: ignore[no-untyped-def]
        """Put a chunk in front of the open ones (positions shift by one)."""
        now = self.clock()
        with self.store.session() as session:
            task = session.get(Task, task_id)
            assert task is not None
            chunks = session.exec(select(Chunk).where(Chunk.task_id == task_id)).all()
            first_open = min((c.position for c in chunks if c.done_at is None), default=None)
            if first_open is None:
                position = max((c.position for c in chunks), default=-1) + 1
            else:
                position = first_open
                for chunk in chunks:
                    if chunk.position >= first_open:
                        chunk.position += 1
            row = Chunk(
                task_id=task_id,
                position=position,
                title=step.title,
                estimate=step.minutes,
                created_at=now,
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            return row.id
