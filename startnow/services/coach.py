"""The coach: chooses a nudge from this user's record, and carries it out."""

from __future__ import annotations

import random
from collections.abc import Collection
from typing import TYPE_CHECKING

from startnow.domain.chooser import Choice, NudgeRecord, choose_nudge, suited_nudges
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.domain.nudges import NudgeLibrary, load_nudges
from startnow.domain.plan import StartPlan, plan_start, timer_minutes
from startnow.store.fast.review import read_last_chosen_blocker, read_nudge_records

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

    def last_chosen_blocker(self, task_id: int) -> str | None:
        """The blocker this person last chose on this task (a default never
        counts): where the blocker question opens."""
        with self.services.quick_connection() as conn:
            return None if conn is None else read_last_chosen_blocker(conn, task_id)

    def choose(
        self, blocker: str, exclude: Collection[str] = (), task: TaskInfo | None = None
    ) -> Choice:
        """A nudge for the blocker that suits the task and its next step."""
        titles = self.titles(task)
        return choose_nudge(self.library, blocker, self.records(), self.rng, exclude, titles)

    def offered(self, blocker: str, task: TaskInfo | None = None) -> int:
        """How many nudges `n` walks through for this blocker on this task."""
        return len(suited_nudges(self.library, blocker, self.titles(task)))

    @staticmethod
    def titles(task: TaskInfo | None) -> tuple[str, ...]:
        return () if task is None else (task.title, task.next_step.title)

    def plan(
        self, task: TaskInfo, blocker: str, choice: Choice, *, blocker_chosen: bool = False
    ) -> StartPlan:
        settings = self.services.settings
        now = self.services.clock()
        return plan_start(
            task, blocker, choice, now, settings.focus_minutes, blocker_chosen=blocker_chosen
        )

    def just_go(self, task: TaskInfo, *, blocker_chosen: bool) -> SessionInfo:
        """ "Nothing — just go": the timer on the next step at once, no nudge;
        as long as the step's estimate, else the focus length from the settings."""
        step = task.next_step
        minutes = timer_minutes(step, None, self.services.settings.focus_minutes)
        return self.services.focus.start(
            task.id, step.chunk_id, minutes, blocker="none", blocker_chosen=blocker_chosen
        )

    def swap(self, blocker: str, nudge_id: str) -> None:
        """The user asked for another nudge: a skip of the one they left (not a try)."""
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
            blocker_chosen=plan.blocker_chosen,
            nudge_id=plan.nudge.id,
            recovery_id=recovery_id,
        )
