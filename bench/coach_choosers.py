"""The five choosers the coach benchmark compares, each behind one small face:
`pick` a nudge, then hear what happened (`session`, `swapped`).

Today's chooser is fed exactly as the app feeds it: a `NudgeRecord` per nudge
counted by `chooser.tally`'s rules (each session judged by `is_success` on its
outcome and answer, each swap one failure, the whole history at full weight).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from startnow.domain.chooser import NudgeRecord, choose_nudge, fixed_order_choice, is_success
from startnow.domain.learning import Learner, Outcome, Tuning, candidates
from startnow.domain.nudges import Nudge, NudgeLibrary


@dataclass(frozen=True)
class Session:
    """What the benchmark's person did with a nudge, in the app's own terms."""

    when: datetime
    blocker: str
    nudge: Nudge
    task_id: int
    outcome: str  # completed / stopped / abandoned
    helped: bool | None
    started_within_a_minute: bool
    abandoned_early: bool
    defaulted_blocker: bool


class Chooser:
    """Learns nothing: subclasses override what they need."""

    name = ""

    def __init__(self, library: NudgeLibrary, rng: random.Random) -> None:
        self.library = library
        self.rng = rng

    def pick(self, blocker: str, now: datetime, exclude: Collection[str]) -> Nudge:
        raise NotImplementedError

    def session(self, session: Session) -> None:
        """Heard after every session."""

    def swapped(self, blocker: str, nudge: Nudge, when: datetime) -> None:
        """Heard when the person asks for another nudge."""


class TodaysChooser(Chooser):
    name = "today's chooser"

    def __init__(self, library: NudgeLibrary, rng: random.Random) -> None:
        super().__init__(library, rng)
        self.records: dict[str, NudgeRecord] = {}

    def _count(self, nudge_id: str, success: bool) -> None:
        old = self.records.get(nudge_id, NudgeRecord(nudge_id, 0, 0))
        self.records[nudge_id] = NudgeRecord(
            nudge_id, old.successes + success, old.failures + (not success)
        )

    def pick(self, blocker: str, now: datetime, exclude: Collection[str]) -> Nudge:
        return choose_nudge(self.library, blocker, self.records, self.rng, exclude).nudge

    def session(self, session: Session) -> None:
        verdict = is_success(session.outcome, session.helped)
        if verdict is not None:
            self._count(session.nudge.id, verdict)

    def swapped(self, blocker: str, nudge: Nudge, when: datetime) -> None:
        self._count(nudge.id, False)


class NewLearner(Chooser):
    name = "new learner"

    def __init__(
        self, library: NudgeLibrary, rng: random.Random, tuning: Tuning | None = None
    ) -> None:
        super().__init__(library, rng)
        self.learner = Learner(library) if tuning is None else Learner(library, tuning)

    def pick(self, blocker: str, now: datetime, exclude: Collection[str]) -> Nudge:
        return self.learner.pick(blocker, now, self.rng, exclude)

    def session(self, session: Session) -> None:
        self.learner.observe(
            Outcome(
                when=session.when,
                blocker=session.blocker,
                nudge_id=session.nudge.id,
                task_id=session.task_id,
                helped=session.helped,
                started_within_a_minute=session.started_within_a_minute,
                abandoned_early=session.abandoned_early,
                defaulted_blocker=session.defaulted_blocker,
            )
        )

    def swapped(self, blocker: str, nudge: Nudge, when: datetime) -> None:
        self.learner.observe(Outcome(when, blocker, nudge.id, task_id=0, swapped=True))


class AlwaysFirst(Chooser):
    name = "always first"

    def pick(self, blocker: str, now: datetime, exclude: Collection[str]) -> Nudge:
        return fixed_order_choice(self.library, blocker, exclude)


class UniformRandom(Chooser):
    name = "uniform random"

    def pick(self, blocker: str, now: datetime, exclude: Collection[str]) -> Nudge:
        return self.rng.choice(candidates(self.library, blocker, exclude))


class Oracle(Chooser):
    """Knows the person's true chances, this week's: the best possible pick."""

    name = "oracle"

    def __init__(
        self, library: NudgeLibrary, rng: random.Random, truth: Callable[[str, datetime], float]
    ) -> None:
        super().__init__(library, rng)
        self.truth = truth

    def pick(self, blocker: str, now: datetime, exclude: Collection[str]) -> Nudge:
        return max(candidates(self.library, blocker, exclude), key=lambda n: self.truth(n.id, now))


CHOOSER_NAMES = (
    TodaysChooser.name, NewLearner.name, AlwaysFirst.name, UniformRandom.name, Oracle.name,
)  # fmt: skip
