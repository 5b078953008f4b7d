"""A coach that learns fast from little data: related nudges share what they
teach, recent outcomes weigh more, and every signal has a stated weight.

Today's chooser (`chooser.py`) learns each (blocker, nudge) pair alone, from
the whole history at full weight, so a person needs months of sessions before
it settles, and a nudge that wore off keeps its old glory. This learner keeps
a Beta belief per pair too, and still chooses by Thompson sampling, but:

- **Related arms share strength.** Before this pair's own evidence, the
  belief starts from a prior mean built from the nudge's population prior
  (`prior` in nudges.toml) and, from the *other* blockers only, the same
  nudge's record, the nudges of the same action kind (a smaller step, a
  rough draft, ...), the nudges drawing on the same idea (`source`), and this
  person's record overall. Each of those counts as at most a few sessions, so
  the person's own record with the pair soon outweighs them. A blocker's own
  nudges do not share: they compete, and sharing let the best one lift its
  rivals (bench/README.md).
- **Recent outcomes weigh more.** Evidence halves every `half_life_days`
  (exponential decay from each outcome's `when` to `now`), so a nudge that
  stopped helping fades instead of keeping its old record for ever.
- **Fewer idle tries.** The Thompson draw comes from a narrower Beta with the
  same mean (`sharpness`): the app's one-in-ten random picks (`exploring.py`)
  do the trying, and on the benchmark trying unlikely nudges less often
  otherwise gained more than it lost.
- **Signals, weighed.** "It helped" / "it didn't" counts one session; a swap
  away on the nudge screen is a weak no for that blocker only; starting within
  the first minute of the nudge screen is a weak yes; abandoning in the first
  two minutes is a no. Follow-up sessions on a task already worked on weigh
  less (momentum is not the nudge's doing). A completed timer is *not* a
  signal, so a short timer cannot buy success by being finished more often.
- **A defaulted blocker teaches nothing about the blocker.** Its session
  counts for the nudge, its kind and its idea, never for the (blocker, nudge)
  pair.
- **No context.** Time of day and the size of the next step are left out:
  on the benchmark's people given such an effect, a learner using them did
  no better (bench/README.md).

Pure and deterministic: the clock (`now`) and the random source are passed in.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from startnow.domain import learning_words
from startnow.domain.beta import beta_quantile
from startnow.domain.chooser import Choice
from startnow.domain.nudge_kinds import action_kinds, idea_of
from startnow.domain.nudges import Nudge, NudgeLibrary

_DAY = 86_400.0


@dataclass(frozen=True)
class Outcome:
    """One thing that happened with a nudge: a session on which it was applied,
    or (`swapped`) the person asking for another nudge instead of it.

    Not to be confused with `domain.states.Outcome`, a session's ending.
    """

    when: datetime
    blocker: str
    nudge_id: str
    task_id: int
    helped: bool | None = None  # the answer to "did the nudge help?"; None: skipped
    swapped: bool = False  # a swap record: the other signals are ignored
    started_within_a_minute: bool = False  # of the nudge screen appearing
    abandoned_early: bool = False  # within the first two minutes of the timer
    defaulted_blocker: bool = False  # the blocker was the highlighted default, not chosen


@dataclass(frozen=True)
class Tuning:
    """Every weight the learner uses, stated once (the defaults are the ones
    tuned on `python -m bench.coach`)."""

    half_life_days: float = 56.0
    prior_strength: float = 2.0  # the population prior counts as this many sessions
    helped: float = 1.0  # an explicit yes or no
    swap: float = 0.25  # a swap away: a weak no, for this blocker only
    quick_start: float = 0.25  # started within the first minute: a weak yes
    early_abandon: float = 0.75  # abandoned in the first two minutes: a no
    follow_up: float = 0.5  # a later session on the same task counts this much
    # What related evidence may add to the prior: (weight per session, at most this many).
    other_blockers: tuple[float, float] = (1.0, 6.0)
    kind: tuple[float, float] = (0.7, 6.0)
    idea: tuple[float, float] = (0.7, 4.0)
    person: tuple[float, float] = (0.2, 3.0)
    # Thompson draws come from Beta(a * s, b * s): the same mean, a narrower
    # spread above 1, so a nudge that is unlikely to be best is tried less often.
    sharpness: float = 20.0


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Belief:
    """What the learner believes about one (blocker, nudge) pair, printable."""

    blocker: str
    nudge_id: str
    mean: float  # the posterior mean chance it helps
    low: float  # 80% interval
    high: float
    reason: str  # "Small and rough — helped 7 of 9 times; fairly sure"


@dataclass
class Counts:
    """Plain counts for the reason line: what happened, undecayed."""

    answered: int = 0
    helped: int = 0
    sessions: int = 0
    swaps: int = 0


_NONE = Counts()


class Learner:
    """Beliefs built from outcomes, observed oldest first (`learn` sorts them)."""

    def __init__(self, library: NudgeLibrary, tuning: Tuning = DEFAULT_TUNING) -> None:
        self.library = library
        self.tuning = tuning
        self._half_life = tuning.half_life_days * _DAY
        self._kinds = {n.id: action_kinds(n) for n in library.nudges}
        self._ideas = {n.id: idea_of(n) for n in library.nudges}
        # Decayed yes/no evidence per key, each outcome weighed 2^((when - origin)
        # / half-life), so the sums are valued at `origin` (the first outcome's
        # time): one power per outcome, exact under any order of adding.
        self._sums: dict[tuple[str, ...], list[float]] = {}
        self._origin: float | None = None
        self._counts: dict[tuple[str, ...], Counts] = {}
        # The keys a session adds to, by (nudge, blocker, defaulted): the same every time.
        self._keys: dict[tuple[str, str, bool], list[tuple[list[float], Counts]]] = {}
        self._worked_on: set[int] = set()

    # -- taking outcomes in ------------------------------------------------------

    def signal(self, outcome: Outcome) -> tuple[float, float]:
        """A session's weighed yes and no, before decay: every signal at its
        stated weight, a follow-up on a task already worked on at its share."""
        tuning = self.tuning
        good = tuning.quick_start if outcome.started_within_a_minute else 0.0
        bad = tuning.early_abandon if outcome.abandoned_early else 0.0
        if outcome.helped is not None:
            good += tuning.helped if outcome.helped else 0.0
            bad += 0.0 if outcome.helped else tuning.helped
        if outcome.task_id in self._worked_on:
            good, bad = good * tuning.follow_up, bad * tuning.follow_up
        return good, bad

    def weight(self, at: float) -> float:
        """An outcome's decay weight, relative to the origin (set by the first)."""
        if self._origin is None:
            self._origin = at
        return float(2.0 ** ((at - self._origin) / self._half_life))

    def observe(self, outcome: Outcome) -> None:
        weight = self.weight(outcome.when.timestamp())
        pair = ("pair", outcome.blocker, outcome.nudge_id)
        if outcome.swapped:
            self._add(("swap", *pair[1:]), 0.0, self.tuning.swap * weight)
            self._count(pair).swaps += 1
            return
        good, bad = self.signal(outcome)
        self._worked_on.add(outcome.task_id)
        good, bad = good * weight, bad * weight
        shape = (outcome.nudge_id, outcome.blocker, outcome.defaulted_blocker)
        keys = self._keys.get(shape)
        if keys is None:
            keys = self._keys[shape] = self._keys_for(*shape)
        for sums, counts in keys:
            sums[0] += good
            sums[1] += bad
            counts.sessions += 1
            if outcome.helped is not None:
                counts.answered += 1
                counts.helped += outcome.helped

    def _keys_for(
        self, nudge_id: str, blocker: str, defaulted: bool
    ) -> list[tuple[list[float], Counts]]:
        """Where a session with this nudge and blocker counts: each level twice,
        in all and on this blocker, so a pair can learn from the other blockers
        alone (its own blocker's nudges compete, not share); and the pair
        itself unless the blocker was defaulted."""
        levels = [("nudge", nudge_id), ("person", "")]
        levels += [("kind", kind) for kind in self._kinds.get(nudge_id, ())]
        if nudge_id in self._ideas:
            levels.append(("idea", self._ideas[nudge_id]))
        keys = [key for level in levels for key in (level, (*level, blocker))]
        if not defaulted:
            keys.append(("pair", blocker, nudge_id))
        for key in keys:
            self._add(key, 0.0, 0.0)
        return [(self._sums[key], self._count(key)) for key in keys]

    def _add(self, key: tuple[str, ...], good: float, bad: float) -> None:
        sums = self._sums.get(key)
        if sums is None:
            self._sums[key] = [good, bad]
        else:
            sums[0] += good
            sums[1] += bad

    def _count(self, key: tuple[str, ...]) -> Counts:
        counts = self._counts.get(key)
        if counts is None:
            counts = self._counts[key] = Counts()
        return counts

    # -- beliefs -------------------------------------------------------------------

    def _value(self, key: tuple[str, ...], factor: float) -> tuple[float, float]:
        sums = self._sums.get(key)
        return (0.0, 0.0) if sums is None else (sums[0] * factor, sums[1] * factor)

    def posterior(self, blocker: str, nudge: Nudge, now: datetime) -> tuple[float, float]:
        """The Beta(a, b) belief that `nudge` helps this person with `blocker`."""
        origin = now.timestamp() if self._origin is None else self._origin
        t = 2.0 ** ((origin - now.timestamp()) / self._half_life)  # from `origin` to `now`
        tuning = self.tuning
        own_good, own_bad = self._value(("pair", blocker, nudge.id), t)

        def elsewhere(*level: str) -> tuple[float, float]:
            """A level's evidence from the other blockers."""
            good, bad = self._value(level, t)
            here_good, here_bad = self._value((*level, blocker), t)
            return good - here_good, bad - here_bad

        related = [(*elsewhere("nudge", nudge.id), tuning.other_blockers)]
        kinds = self._kinds.get(nudge.id, frozenset())
        weight, cap = tuning.kind
        for kind in kinds:
            related.append((*elsewhere("kind", kind), (weight / len(kinds), cap / len(kinds))))
        if nudge.id in self._ideas:
            related.append((*elsewhere("idea", self._ideas[nudge.id]), tuning.idea))
        related.append((*elsewhere("person", ""), tuning.person))
        strength = tuning.prior_strength
        weighted = nudge.prior * strength
        for good, bad, (weight, cap) in related:
            good, bad = max(good, 0.0), max(bad, 0.0)
            if good + bad > 1e-9:
                sessions = min(cap, weight * (good + bad))
                strength += sessions
                weighted += sessions * good / (good + bad)
        mean = weighted / strength
        swap_bad = self._value(("swap", blocker, nudge.id), t)[1]
        return mean * strength + own_good, (1 - mean) * strength + own_bad + swap_bad

    def choose(
        self,
        blocker: str,
        now: datetime,
        rng: random.Random,
        exclude: Collection[str] = (),
    ) -> Choice:
        """`pick`, with the reason in words."""
        nudge = self.pick(blocker, now, rng, exclude)
        return Choice(nudge, self.reason(blocker, nudge, now))

    def pick(
        self,
        blocker: str,
        now: datetime,
        rng: random.Random,
        exclude: Collection[str] = (),
    ) -> Nudge:
        """Thompson sampling over the blocker's nudges (minus `exclude`, unless
        that is all): one draw from each belief, the highest wins (ties: file order)."""
        best: Nudge | None = None
        best_draw = -1.0
        for nudge in candidates(self.library, blocker, exclude):
            a, b = self.posterior(blocker, nudge, now)
            draw = rng.betavariate(a * self.tuning.sharpness, b * self.tuning.sharpness)
            if draw > best_draw:
                best, best_draw = nudge, draw
        assert best is not None  # candidates() is never empty
        return best

    def belief(self, blocker: str, nudge: Nudge, now: datetime) -> Belief:
        a, b = self.posterior(blocker, nudge, now)
        low, high = beta_quantile(0.1, a, b), beta_quantile(0.9, a, b)
        words = learning_words.reason(self, blocker, nudge, high - low)
        return Belief(blocker, nudge.id, a / (a + b), low, high, words)

    def record(self, blocker: str, nudge_id: str) -> tuple[int, int, int]:
        """This pair's own plain counts: (answered, helped, swaps)."""
        own = self.counts("pair", blocker, nudge_id)
        return own.answered, own.helped, own.swaps

    def counts(self, *key: str) -> Counts:
        """The plain counts under a key: ("pair", blocker, nudge), ("kind", kind), ..."""
        return self._counts.get(key, _NONE)

    def kinds_of(self, nudge_id: str) -> frozenset[str]:
        return self._kinds.get(nudge_id, frozenset())

    def reason(self, blocker: str, nudge: Nudge, now: datetime) -> str:
        return self.belief(blocker, nudge, now).reason


def candidates(library: NudgeLibrary, blocker: str, exclude: Collection[str]) -> tuple[Nudge, ...]:
    """The blocker's nudges minus `exclude`; all of them if that leaves none."""
    nudges = library.for_blocker(blocker)
    if not nudges:
        raise ValueError(f"no nudges for blocker {blocker!r}")
    kept = tuple(n for n in nudges if n.id not in exclude)
    return kept or nudges


def learn(
    library: NudgeLibrary, outcomes: Iterable[Outcome], tuning: Tuning = DEFAULT_TUNING
) -> Learner:
    """A learner that has seen `outcomes`, taken oldest first (ties keep their order)."""
    learner = Learner(library, tuning)
    for outcome in sorted(outcomes, key=lambda o: o.when):
        learner.observe(outcome)
    return learner


def choose_learned(
    library: NudgeLibrary,
    blocker: str,
    outcomes: Iterable[Outcome],
    now: datetime,
    rng: random.Random,
    exclude: Collection[str] = (),
    tuning: Tuning = DEFAULT_TUNING,
) -> Choice:
    """The one-call form: learn from `outcomes`, then choose for `blocker` at `now`."""
    return learn(library, outcomes, tuning).choose(blocker, now, rng, exclude)


def beliefs(
    library: NudgeLibrary,
    outcomes: Iterable[Outcome],
    now: datetime,
    tuning: Tuning = DEFAULT_TUNING,
) -> tuple[Belief, ...]:
    """Every (blocker, nudge) belief at `now`, in the library's order."""
    learner = learn(library, outcomes, tuning)
    return tuple(learner.belief(n.blocker, n, now) for n in library.nudges)
