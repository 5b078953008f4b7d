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
from startnow.domain.exploring import EXPLORE_SHARE, explore_choice, open_to_chance
from startnow.domain.learning import Learner, Outcome, Tuning, candidates
from startnow.domain.nudges import Nudge, NudgeLibrary

# A session's context, for the people with a context effect: (big step?, part of the day).
Context = tuple[bool, str] | None


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
    context: Context = None


class Chooser:
    """Learns nothing: subclasses override what they need."""

    name = ""

    def __init__(self, library: NudgeLibrary, rng: random.Random) -> None:
        self.library = library
        self.rng = rng

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
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

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        return choose_nudge(self.library, blocker, self.records, self.rng, exclude).nudge

    def session(self, session: Session) -> None:
        verdict = is_success(session.outcome, session.helped)
        if verdict is not None:
            self._count(session.nudge.id, verdict)

    def swapped(self, blocker: str, nudge: Nudge, when: datetime) -> None:
        self._count(nudge.id, False)


class NewLearner(Chooser):
    """The app's default coach: the learner, with its one-in-ten random picks
    (`exploring.py`; `explore` 0: none)."""

    name = "new learner"

    def __init__(
        self,
        library: NudgeLibrary,
        rng: random.Random,
        tuning: Tuning | None = None,
        explore: float = EXPLORE_SHARE,
    ) -> None:
        super().__init__(library, rng)
        self.learner = Learner(library) if tuning is None else Learner(library, tuning)
        self.explore = explore

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        return explore_choice(self.learner, blocker, now, self.rng, exclude, self.explore)[0]

    def session(self, session: Session) -> None:
        self.learner.observe(outcome_of(session))

    def swapped(self, blocker: str, nudge: Nudge, when: datetime) -> None:
        self.learner.observe(Outcome(when, blocker, nudge.id, task_id=0, swapped=True))


def outcome_of(session: Session) -> Outcome:
    return Outcome(
        when=session.when,
        blocker=session.blocker,
        nudge_id=session.nudge.id,
        task_id=session.task_id,
        helped=session.helped,
        started_within_a_minute=session.started_within_a_minute,
        abandoned_early=session.abandoned_early,
        defaulted_blocker=session.defaulted_blocker,
    )


class ContextLearner(NewLearner):
    """The learner, and a belief per (blocker, nudge, context cell) that starts
    from the pair's own belief, shrunk to `strength` sessions' worth, plus the
    evidence in that cell alone: the experiment of issue 16's item 2 (time of
    day and the size of the next step), not the app's."""

    name = "new learner + context"

    def __init__(
        self,
        library: NudgeLibrary,
        rng: random.Random,
        tuning: Tuning | None = None,
        explore: float = EXPLORE_SHARE,
        cell: Callable[[bool, str], str] = lambda big, part: f"{big} {part}",
        strength: float = 4.0,
    ) -> None:
        super().__init__(library, rng, tuning, explore)
        self.cell, self.strength = cell, strength
        self.cells: dict[tuple[str, str, str], list[float]] = {}

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        learner = self.learner
        if context is None:
            return super().pick(blocker, now, exclude)
        chance_set = open_to_chance(learner, blocker, exclude)
        if chance_set and self.rng.random() < self.explore:
            return self.rng.choice(chance_set)
        where = self.cell(*context)
        factor = 1 / learner.weight(now.timestamp())
        sharp = learner.tuning.sharpness
        best, best_draw = None, -1.0
        for nudge in candidates(self.library, blocker, exclude):
            a, b = learner.posterior(blocker, nudge, now)
            shrunk = min(a + b, self.strength) / (a + b)
            good, bad = self.cells.get((blocker, nudge.id, where), (0.0, 0.0))
            draw = self.rng.betavariate(
                (a * shrunk + good * factor) * sharp, (b * shrunk + bad * factor) * sharp
            )
            if draw > best_draw:
                best, best_draw = nudge, draw
        assert best is not None
        return best

    def session(self, session: Session) -> None:
        outcome = outcome_of(session)
        good, bad = self.learner.signal(outcome)
        self.learner.observe(outcome)
        if session.context is None or session.defaulted_blocker:
            return
        weight = self.learner.weight(session.when.timestamp())
        key = (session.blocker, session.nudge.id, self.cell(*session.context))
        sums = self.cells.setdefault(key, [0.0, 0.0])
        sums[0] += good * weight
        sums[1] += bad * weight


class AlwaysFirst(Chooser):
    name = "always first"

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        return fixed_order_choice(self.library, blocker, exclude)


class UniformRandom(Chooser):
    name = "uniform random"

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        return self.rng.choice(candidates(self.library, blocker, exclude))


class Oracle(Chooser):
    """Knows the person's true chances, this week's: the best possible pick."""

    name = "oracle"

    def __init__(
        self,
        library: NudgeLibrary,
        rng: random.Random,
        truth: Callable[[str, datetime, Context], float],
    ) -> None:
        super().__init__(library, rng)
        self.truth = truth

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        offered = candidates(self.library, blocker, exclude)
        return max(offered, key=lambda n: self.truth(n.id, now, context))


CHOOSER_NAMES = (
    TodaysChooser.name, NewLearner.name, AlwaysFirst.name, UniformRandom.name, Oracle.name,
)  # fmt: skip
