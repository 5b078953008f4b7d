"""What the coach has learnt about this person, said plainly for the review:
per blocker, the nudge that works best and how sure the coach is, and a nudge
it has all but stopped offering, and why.

Pure: a learner (`learning.py`) and a time in, records out. How often a nudge
is offered is estimated from the learner's own Thompson draws with a fixed
seed, so the same history always reads the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from startnow.domain.beta import beta_quantile
from startnow.domain.exploring import thompson_shares
from startnow.domain.learning import Learner
from startnow.domain.learning_words import sureness
from startnow.domain.nudges import Nudge

DRAWS = 100  # Thompson draws per blocker to estimate how often each nudge is offered
RARELY = 0.1  # offered less often than this: "stopped offering"
SEED = 16


@dataclass(frozen=True)
class NudgeLesson:
    """One nudge as the coach now sees it for one blocker."""

    nudge_id: str
    title: str
    helped: int  # answered "it helped"
    tries: int  # sessions answered either way
    swaps: int  # times swapped away on the nudge screen
    chance: float  # the posterior mean chance it helps
    sure: str  # "fairly sure", "not sure yet", "a guess"
    offered: float  # the share of choices it would get now (0..1; estimated when shown)

    def record_words(self) -> str:
        """What happened: "helped 7 of 9 times", and the swaps if any."""
        parts = []
        if self.tries:
            parts.append(f"helped {self.helped} of {self.tries} " + _times(self.tries))
        if self.swaps:
            parts.append("swapped away " + ("once" if self.swaps == 1 else f"{self.swaps} times"))
        return "; ".join(parts) or "no answers yet"


@dataclass(frozen=True)
class BlockerLesson:
    blocker: str
    label: str  # "feeling overwhelmed"
    best: NudgeLesson
    stopped: NudgeLesson | None  # offered rarely now, on this person's own record

    def words(self) -> str:
        """One line: "Small and rough — helped 7 of 9 times; fairly sure"."""
        best = self.best
        line = f"{best.title} — {best.record_words()}; {best.sure}"
        if self.stopped is not None:
            stopped = self.stopped
            why = "it mostly did not help" if stopped.chance < 0.5 else f"{best.title} helps more"
            line += (
                f". Rarely offered now: {stopped.title}, {_how_often(stopped.offered)}"
                f" ({stopped.record_words()}: {why})"
            )
        return line


def what_works(
    learner: Learner, now: datetime, *, offering: bool = True
) -> tuple[BlockerLesson, ...]:
    """Each blocker on which this person answered "did it help?" at least once,
    in the library's order. `offering` False (the other chooser is in use): no
    claim about what the coach offers."""
    lessons = []
    for blocker in learner.library.blockers:
        nudges = learner.library.for_blocker(blocker.id)
        if not nudges:
            continue
        seen = [_lesson(learner, blocker.id, n, now) for n in nudges]
        if not any(lesson.tries for lesson in seen):
            continue
        best = max(
            (lesson for lesson in seen if lesson.tries),
            key=lambda lesson: (lesson.chance, lesson.tries),
        )
        own = [s for s in seen if s is not best and (s.tries or s.swaps)] if offering else []
        shares = _offered(learner, blocker.id, nudges, now) if own else {}
        rare = [s for s in own if shares[s.nudge_id] < RARELY]
        stopped = min(rare, key=lambda s: (shares[s.nudge_id], s.chance), default=None)
        lessons.append(
            BlockerLesson(
                blocker.id,
                blocker.label,
                _said(learner, blocker.id, best, shares, now),
                None if stopped is None else _said(learner, blocker.id, stopped, shares, now),
            )
        )
    return tuple(lessons)


def _lesson(learner: Learner, blocker: str, nudge: Nudge, now: datetime) -> NudgeLesson:
    """The record and the mean; how sure and how often offered come in `_said`."""
    a, b = learner.posterior(blocker, nudge, now)
    tries, helped, swaps = learner.record(blocker, nudge.id)
    return NudgeLesson(nudge.id, nudge.title, helped, tries, swaps, a / (a + b), "", 0.0)


def _said(
    learner: Learner, blocker: str, lesson: NudgeLesson, shares: dict[str, float], now: datetime
) -> NudgeLesson:
    """A lesson to show: how sure (the interval, as the nudge screen words it)
    and its share of the choices (1 when nothing else has a record here)."""
    nudge = learner.library.get(lesson.nudge_id)
    a, b = learner.posterior(blocker, nudge, now)
    return NudgeLesson(
        lesson.nudge_id, lesson.title, lesson.helped, lesson.tries, lesson.swaps,
        lesson.chance, _sure(a, b), shares.get(lesson.nudge_id, 1.0 if not shares else 0.0),
    )  # fmt: skip


def _sure(a: float, b: float) -> str:
    """`sureness` of the Beta(a, b) 80% interval. Past 30 sessions' worth the
    interval is narrower than 0.25 whatever the mean (at most 2.56 standard
    deviations of 0.5 / sqrt(31)): "fairly sure", without the slow quantiles."""
    if a + b > 30:
        return sureness(0.0)
    return sureness(beta_quantile(0.9, a, b) - beta_quantile(0.1, a, b))


def _offered(
    learner: Learner, blocker: str, nudges: tuple[Nudge, ...], now: datetime
) -> dict[str, float]:
    """The share of `DRAWS` seeded Thompson draws each nudge wins, as `Learner.pick` draws."""
    return thompson_shares(learner, blocker, nudges, now, random.Random(SEED), DRAWS)


def _how_often(share: float) -> str:
    """How often a rarely offered nudge still comes up: "about 1 time in 20"."""
    return "almost never" if share * DRAWS < 1 else f"about 1 time in {round(1 / share)}"


def _times(count: int) -> str:
    return "time" if count == 1 else "times"
