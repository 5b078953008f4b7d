"""The simulated people the coach benchmark runs on (bench/README.md defends
each number here).

A person has a true chance that each nudge helps them. It is built on the
logit scale from parts they share with other nudges, because people differ in
*kinds* of help, not nudge by nudge: how responsive they are overall, how well
each kind of action suits them (a smaller step, a rough draft, an own
deadline, ...), how well each idea suits them (the two-minute rule, the
Zeigarnik effect, ...), and a part that is this nudge's alone. The centre is
the nudge's `prior` in nudges.toml, the population's expected rate.

A *drifting* person is the same, except that at the start of week 5 the best
nudge for each blocker wears off (its own part drops), so another one is best.

Every random number a week of tasks needs is drawn up front from the person's
own seeded stream, the same for every chooser: the choosers meet the same
people with the same luck.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

from startnow.demo.user import FIRST_DELAY_HOURS
from startnow.domain.nudge_kinds import action_kinds, idea_of
from startnow.domain.nudges import BLOCKERS as ALL_BLOCKERS
from startnow.domain.nudges import NO_NUDGE_BLOCKER, Nudge, NudgeLibrary

# "Nothing — just go" starts the timer with no nudge: nothing to choose there.
BLOCKERS = tuple(b for b in ALL_BLOCKERS if b != NO_NUDGE_BLOCKER)

# -- who the person is ---------------------------------------------------------
PERSON_SD = 0.4  # overall responsiveness, logit scale
KIND_SD = 0.9  # how well a kind of action suits them
IDEA_SD = 0.5  # how well the idea behind a nudge suits them
OWN_SD = 0.6  # this nudge alone
BLOCKER_CONCENTRATION = 0.8  # Dirichlet: most people have two or three usual blockers
WEAR_OFF = 2.0  # a drifting person's best nudges drop by this much (logit) at week 5
DRIFT_WEEK = 4  # 0-based: the change comes at the start of the fifth week

# -- what they do in a session -------------------------------------------------
TASKS_PER_WEEK = 12
DEFAULTED = 0.15  # Enter on the highlighted blocker (overwhelm) without choosing
MISMATCH = 0.6  # a nudge meant for another blocker helps this much as often
ANSWER_RATE = 0.85  # "did the nudge help?" answered, not skipped
TRUTHFUL = 0.92  # an answer is the truth (else the opposite): 78% of sessions overall
SWAP_BASE, SWAP_UNSUITED = 0.05, 0.35  # P(swap) = base + unsuited * (1 - p)
QUICK_BASE, QUICK_SUITED = 0.2, 0.5  # P(start within a minute) = base + suited * p
MOMENTUM = 0.4  # a follow-up session on a task: p + momentum * (1 - p)
FOLLOW_UP = 0.35  # after a completed session, another one on the same task
MAX_SESSIONS = 3  # per task
MAX_SWAPS = 2
# A completed timer: helped or not, a short timer is finished more often.
COMPLETE_HELPED, COMPLETE_NOT, COMPLETE_SHORT = (0.8, 0.15), (0.25, 0.45), 25
ABANDON_SHARE = 0.5  # of sessions not completed, abandoned (else stopped)
EARLY_IF_HELPED, EARLY_IF_NOT = 0.2, 0.7  # of abandoned sessions, within two minutes
# -- start delay ------------------------------------------------------------------
DELAY_SD = 0.9  # lognormal spread around the blocker's median (demo/user.py)
CONFIDENCE_RATE = 0.3  # a blocker's confidence follows its sessions' help
CONFIDENCE_START = 0.4
DELAY_FACTOR = (1.3, 0.8)  # delay x (a - b * confidence)

# -- context (only with --context-effect: bench/README.md says why it is off) ---------
BIG_STEP = 0.5  # of tasks whose next step is big (half an hour or more), else small
# Logit: a smaller step or a short timer helps more on a big step, less on a small one.
STEP_EFFECT = 0.6
STEP_KINDS = frozenset({"small step", "short timer"})
DAYPART_SD = 0.4  # how well a kind of help suits this person at this time of day
DAYPARTS = ("morning", "afternoon", "evening")  # before 12, before 18, after


def daypart(hour: int) -> str:
    return DAYPARTS[0] if hour < 12 else DAYPARTS[1] if hour < 18 else DAYPARTS[2]


TASK_DRAWS = 3  # blocker, defaulted, delay
# swaps, then quick, helped, answered, truthful, completed, abandoned, early, follow-up
SESSION_DRAWS = MAX_SWAPS + 8

_normal = NormalDist()


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class Person:
    index: int
    drifting: bool
    blocker_weights: tuple[float, ...]  # over BLOCKERS
    before: dict[str, float]  # true chance each nudge helps, weeks 1-4
    after: dict[str, float]  # from week 5 (the same as before for a steady person)
    # With a context effect: the logit added per (nudge, big step?, part of the day).
    context: dict[tuple[str, bool, str], float] | None = None

    def chance(
        self, nudge_id: str, week: int, big_step: bool | None = None, part: str | None = None
    ) -> float:
        """The true chance; in context when the person has a context effect and
        the context is given."""
        base = (self.after if week >= DRIFT_WEEK else self.before)[nudge_id]
        if self.context is None or big_step is None or part is None:
            return base
        return _sigmoid(_logit(base) + self.context[(nudge_id, big_step, part)])

    def blocker(self, u: float) -> str:
        total = 0.0
        for blocker, weight in zip(BLOCKERS, self.blocker_weights, strict=True):
            total += weight
            if u < total:
                return blocker
        return BLOCKERS[-1]


def make_person(library: NudgeLibrary, seed: int, index: int, drifting: bool) -> Person:
    rng = random.Random(seed * 7919 + index * 2 + drifting)
    person = rng.gauss(0, PERSON_SD)
    kinds = sorted({k for n in library.nudges for k in action_kinds(n)})
    ideas = sorted({idea_of(n) for n in library.nudges})
    kind_part = {k: rng.gauss(0, KIND_SD) for k in kinds}
    idea_part = {i: rng.gauss(0, IDEA_SD) for i in ideas}
    logits: dict[str, float] = {}
    for nudge in library.nudges:
        own_kinds = action_kinds(nudge)
        kind = sum(kind_part[k] for k in own_kinds) / math.sqrt(len(own_kinds) or 1)
        logits[nudge.id] = (
            _logit(nudge.prior) + person + kind + idea_part[idea_of(nudge)]
            + rng.gauss(0, OWN_SD)
        )  # fmt: skip
    after = dict(logits)
    if drifting:
        for blocker in BLOCKERS:
            best = max(library.for_blocker(blocker), key=lambda n: logits[n.id])
            after[best.id] -= WEAR_OFF
    gammas = [rng.gammavariate(BLOCKER_CONCENTRATION, 1.0) for _ in BLOCKERS]
    weights = tuple(g / sum(gammas) for g in gammas)
    return Person(
        index,
        drifting,
        weights,
        {k: _sigmoid(v) for k, v in logits.items()},
        {k: _sigmoid(v) for k, v in after.items()},
    )


def with_context(library: NudgeLibrary, seed: int, person: Person) -> Person:
    """The same person, whose nudges help more or less by the size of the next
    step and the time of day (drawn from a stream of its own, so every other
    number stays as it was)."""
    rng = random.Random(seed * 15485863 + person.index * 2 + person.drifting)
    kinds = sorted({k for n in library.nudges for k in action_kinds(n)})
    by_part = {(k, p): rng.gauss(0, DAYPART_SD) for k in kinds for p in DAYPARTS}
    context: dict[tuple[str, bool, str], float] = {}
    for nudge in library.nudges:
        own = action_kinds(nudge)
        step = STEP_EFFECT if own & STEP_KINDS else 0.0
        for part in DAYPARTS:
            timed = sum(by_part[(k, part)] for k in own) / math.sqrt(len(own) or 1)
            context[(nudge.id, True, part)] = step + timed
            context[(nudge.id, False, part)] = -step + timed
    return Person(
        person.index, person.drifting, person.blocker_weights, person.before, person.after,
        context,
    )  # fmt: skip


def context_luck(seed: int, person: Person, weeks: int) -> list[list[float]]:
    """Whether each task's next step is big, from a stream of its own."""
    rng = random.Random(seed * 32452843 + person.index * 2 + person.drifting)
    return [[rng.random() for _ in range(TASKS_PER_WEEK)] for _ in range(weeks)]


def luck(seed: int, person: Person, weeks: int) -> list[list[list[float]]]:
    """Every uniform draw the person's tasks need, by week and task."""
    rng = random.Random(seed * 104729 + person.index * 2 + person.drifting)
    size = TASK_DRAWS + MAX_SESSIONS * SESSION_DRAWS
    return [
        [[rng.random() for _ in range(size)] for _ in range(TASKS_PER_WEEK)] for _ in range(weeks)
    ]


def delay_hours(blocker: str, confidence: float, u: float) -> float:
    """Hours from ready to the first start (see bench/README.md)."""
    z = _normal.inv_cdf(min(max(u, 1e-9), 1 - 1e-9))
    a, b = DELAY_FACTOR
    return FIRST_DELAY_HOURS[blocker] * math.exp(DELAY_SD * z) * (a - b * confidence)


def completes(helped: bool, timer_minutes: int | None, u: float) -> bool:
    """A short timer is finished more often, whether or not the nudge helped."""
    minutes = timer_minutes or COMPLETE_SHORT
    shortness = max(0.0, min(1.0, (COMPLETE_SHORT - minutes) / (COMPLETE_SHORT - 2)))
    base, short = COMPLETE_HELPED if helped else COMPLETE_NOT
    return u < base + short * shortness


@dataclass(frozen=True)
class Act:
    """What the person does in one session with the nudge they were left with."""

    helped: bool  # the truth
    answer: bool | None  # what they say (None: skipped)
    outcome: str  # completed / stopped / abandoned
    quick_start: bool
    abandoned_early: bool
    goes_on: bool  # a follow-up session on the same task comes next


def act(
    person: Person,
    nudge: Nudge,
    week: int,
    index: int,
    mismatched: bool,
    u: Sequence[float],
    context: tuple[bool, str] | None = None,
) -> Act:
    """Session `index` of a task (0: the first); `mismatched`: the nudge was
    for a blocker other than the real one (a defaulted answer); `context`:
    (big step?, part of the day)."""
    suits = person.chance(nudge.id, week, *(context or (None, None)))
    chance = suits * (MISMATCH if mismatched else 1.0)
    if index:
        chance += MOMENTUM * (1 - chance)
    quick, helps, answers, truthful, done, abandons, early, follow = u[MAX_SWAPS:]
    helped = helps < chance
    answer = (helped if truthful < TRUTHFUL else not helped) if answers < ANSWER_RATE else None
    completed = completes(helped, nudge.action.timer_minutes, done)
    abandoned = not completed and abandons < ABANDON_SHARE
    limit = EARLY_IF_HELPED if helped else EARLY_IF_NOT
    return Act(
        helped=helped,
        answer=answer,
        outcome="completed" if completed else "abandoned" if abandoned else "stopped",
        quick_start=quick < QUICK_BASE + QUICK_SUITED * suits,
        abandoned_early=abandoned and early < limit,
        goes_on=completed and follow < FOLLOW_UP,
    )


def session_draws(draws: Sequence[float], session: int) -> Sequence[float]:
    start = TASK_DRAWS + session * SESSION_DRAWS
    return draws[start : start + SESSION_DRAWS]
