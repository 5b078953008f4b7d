"""The coach: chooses a nudge from this user's record, and carries it out."""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import TYPE_CHECKING

from startnow.domain.chooser import Choice, NudgeRecord, choose_nudge
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.domain.nudges import NudgeLibrary, load_nudges
from startnow.domain.plan import StartPlan, plan_start
from startnow.store.fast.review import read_nudge_records

if TYPE_CHECKING:
    from startnow.services.all_services import Services


class Coach:
    """Choosing needs only this user's record (a fast read) and the library,
    so the nudge screen appears without waiting for the ORM; carrying the
    plan out writes through the store."""

    def __init__(
        self,
        services: Services,
        rng: random.Random | None = None,
        library: NudgeLibrary | None = None,
    ) -> None:
        self.services = services
        self.rng = rng or random.Random()
        self.library = library or load_nudges()

    def records(self) -> dict[str, NudgeRecord]:
        """This user's successes and failures per nudge (see chooser.tally)."""
        with self.services.quick_connection() as conn:
            return {} if conn is None else read_nudge_records(conn)

    def choose(self, blocker: str, exclude: Collection[str] = ()) -> Choice:
        return choose_nudge(self.library, blocker, self.records(), self.rng, exclude)

    def plan(self, task: TaskInfo, blocker: str, choice: Choice) -> StartPlan:
        settings = self.services.settings
        return plan_start(task, blocker, choice, self.services.clock(), settings.focus_minutes)

    def swap(self, blocker: str, nudge_id: str) -> None:
        """The user asked for another nudge: one failure for the one they left."""
        store = self.services.store  # the ORM is imported once the store is open
        from startnow.store.models import NudgeSwap

        with store.session() as session:
            session.add(NudgeSwap(blocker=blocker, nudge_id=nudge_id, at=self.services.clock()))

    def start(self, plan: StartPlan, recovery_id: int | None = None) -> SessionInfo:
        """Carry the plan out: shrink the first step, set the deadline, start the timer."""
        services = self.services
        chunk_id = plan.step.chunk_id
        if plan.new_first_step is not None:
            first = plan.new_first_step
            _, chunk_id = services.steps.add(plan.task.id, first.title, first.minutes, first=True)
        if plan.self_due is not None:
            services.tasks.set_self_due(plan.task.id, plan.self_due)
        return services.focus.start(
            plan.task.id,
            chunk_id,
            plan.minutes,
            blocker=plan.blocker,
            nudge_id=plan.nudge.id,
            recovery_id=recovery_id,
        )
