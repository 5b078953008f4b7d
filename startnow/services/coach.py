"""The coach: chooses a nudge from this user's record, and carries it out."""

from __future__ import annotations

import random
from collections.abc import Collection

from startnow.clock import Clock
from startnow.config import Settings
from startnow.domain.chooser import Choice, NudgeRecord, choose_nudge
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.domain.nudges import NudgeLibrary, load_nudges
from startnow.domain.plan import StartPlan, plan_start
from startnow.services.chunks import Chunks
from startnow.services.focus import Focus
from startnow.services.tasks import Tasks
from startnow.store.db import Store
from startnow.store.fast import read_nudge_records
from startnow.store.models import NudgeSwap


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
        """This user's successes and failures per nudge (see chooser.tally)."""
        with self.store.raw() as conn:
            return read_nudge_records(conn)

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
