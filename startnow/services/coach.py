"""The coach: chooses a nudge from this user's record, and carries it out.

Two ways to choose, by the `coach` setting: the learner (`domain/learning.py`,
the default), fed this person's recent sessions and swaps, or today's
Thompson sampling over each nudge's whole record (`domain/chooser.py`)."""

from __future__ import annotations

import random
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from startnow.domain.chooser import Choice, NudgeRecord, choose_nudge, suited_nudges
from startnow.domain.evidence import StoredSession, StoredSwap, outcomes, swap_outcome
from startnow.domain.exploring import EXPLORE_SHARE, explore_pick
from startnow.domain.learning import Learner, learn
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.domain.nudges import NudgeLibrary, load_nudges
from startnow.domain.plan import StartPlan, plan_start, timer_minutes
from startnow.store.fast import fetch
from startnow.store.fast.coach import read_learning_rows
from startnow.store.fast.review import read_last_chosen_blocker, read_nudge_records

if TYPE_CHECKING:
    from startnow.services.all_services import Services

# What the learner reads: ten half-lives of days (older evidence weighs under
# a thousandth) and at most this many sessions, so a heavy store stays quick.
LEARNING_DAYS = 560
LEARNING_SESSIONS = 1000
# Whether anything was added since the learner was built: a new session (the
# one it chose for, answered by now) or a swap. Two primary-key lookups.
NEWEST = "SELECT (SELECT MAX(id) FROM focus_session), (SELECT MAX(id) FROM nudge_swap)"
# The nudge screen says so when chance picked the nudge: the person is never misled.
AT_RANDOM = "picked at random this time (about one in ten is), to check the coach against chance"


def learning_rows(conn: Any, until: datetime) -> tuple[list[StoredSession], list[StoredSwap]]:
    """The bounded read of the nudged sessions and swaps before `until`."""
    since = until - timedelta(days=LEARNING_DAYS)
    return read_learning_rows(conn, since, until, LEARNING_SESSIONS)


def learned_by(conn: Any, library: NudgeLibrary, until: datetime) -> Learner:
    """A learner that has seen the bounded read of what happened before `until`."""
    sessions, swaps = learning_rows(conn, until)
    return learn(library, outcomes(sessions, swaps, library))


def without_title(reason: str, title: str) -> str:
    """The learner's reason after "Title — ": the screen shows the title already."""
    prefix = f"{title} — "
    return reason[len(prefix) :] if reason.startswith(prefix) else reason


class Coach:
    """Choosing needs only this user's record (a fast read) and the library,
    so the nudge screen appears without waiting for the ORM; carrying the
    plan out writes through the store."""

    def __init__(
        self,
        services: Services,
        rng: random.Random | None = None,
        library: NudgeLibrary | None = None,
        explore_share: float = EXPLORE_SHARE,
    ) -> None:
        self.services = services
        self.rng = rng or random.Random()
        self.library = library or load_nudges()
        self.explore_share = explore_share  # of the learner's choices made at random
        self._learner: Learner | None = None
        self._newest: tuple[Any, Any] | None = None  # NEWEST when it was built

    def learner(self) -> Learner:
        """One learner per coach, built from the bounded read and rebuilt only
        when a session or swap was added since."""
        with self.services.quick_connection() as conn:
            if conn is None:  # a first run whose store is still being made
                return self._learner or Learner(self.library)
            newest = tuple(fetch(conn, NEWEST)[0])
            if self._learner is None or newest != self._newest:
                # A day ahead: a session stamped by a clock a little fast still counts.
                until = self.services.clock() + timedelta(days=1)
                self._learner = learned_by(conn, self.library, until)
                self._newest = (newest[0], newest[1])
            return self._learner

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
        """A nudge for the blocker that suits the task and its next step (less
        `exclude`, unless that is all), by the learner or by Thompson sampling."""
        titles = self.titles(task)
        if self.services.settings.coach == "thompson":
            return choose_nudge(self.library, blocker, self.records(), self.rng, exclude, titles)
        suited = suited_nudges(self.library, blocker, titles)
        kept = {n.id for n in suited if n.id not in exclude} or {n.id for n in suited}
        left_out = [n.id for n in self.library.for_blocker(blocker) if n.id not in kept]
        learner, now = self.learner(), self.services.clock()
        pick = explore_pick(learner, blocker, now, self.rng, left_out, self.explore_share)
        reason = without_title(learner.reason(blocker, pick.nudge, now), pick.nudge.title)
        if pick.at_random:
            reason = f"{AT_RANDOM}; {reason}"
        return Choice(pick.nudge, reason, pick.at_random, pick.probability, pick.random_probability)

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

        now = self.services.clock()
        with store.session() as session:
            row = NudgeSwap(blocker=blocker, nudge_id=nudge_id, at=now)
            session.add(row)
            session.flush()
            swap_id = row.id
        if self._learner is not None and self._newest is not None:  # learnt as it happens
            swapped = swap_outcome(StoredSwap(now, blocker, nudge_id), self.library)
            if swapped is not None:
                self._learner.observe(swapped)
            self._newest = (self._newest[0], swap_id)

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
            nudge_shown_at=plan.shown_at,
            choice=plan.choice,
        )
