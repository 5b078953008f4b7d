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
from startnow.services.chunks import Chunks
from startnow.services.focus import Focus
from startnow.services.tasks import Tasks
from startnow.store.db import Store
from startnow.store.models import FocusSession, NudgeSwap


class Coach:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Settings,
        tasks: Tasks,
        chunks: Chunks,
        focus: Focus,
        rng: random.Random | None = None,
        library: NudgeLibrary | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.tasks = tasks
        self.chunks = chunks
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
            first = plan.new_first_step
            _, chunk_id = self.chunks.add(plan.task.id, first.title, first.minutes, first=True)
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
