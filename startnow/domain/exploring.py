"""About one nudge in ten chosen at random, so the coach can check its own
picks against chance on the real person, not only in simulation.

The coin is independent of the person, the task and the time, so the random
picks are a fair sample of what chance would do. Every choice keeps the chance
it had under this whole way of choosing and the chance a random pick would
have given it: the review weighs sessions by them (`against_chance.py`). A
nudge the person turned down twice for this blocker (two swaps away on the
nudge screen) is never a random pick: chance must not push back what they
said no to. The coach's own Thompson draw may still offer it, as before.

Pure: the learner, the clock and the random source are passed in.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from startnow.domain.learning import Learner, candidates
from startnow.domain.nudges import Nudge

EXPLORE_SHARE = 0.1  # of choices made at random
TURNED_DOWN = 2  # swaps away on one blocker that take a nudge out of the random picks
SHARE_DRAWS = 100  # Thompson draws to estimate the chance the coach's draw gives each nudge


@dataclass(frozen=True)
class Pick:
    """A nudge and how it was chosen."""

    nudge: Nudge
    at_random: bool
    probability: float  # the chance this way of choosing (coin, then draw or random) gave it
    random_probability: float  # the chance a random pick would have (0: turned down twice)


def turned_down(learner: Learner, blocker: str, nudge_id: str) -> bool:
    """Swapped away at least `TURNED_DOWN` times for this blocker (in the learner's window)."""
    return learner.counts("pair", blocker, nudge_id).swaps >= TURNED_DOWN


def open_to_chance(
    learner: Learner, blocker: str, exclude: Collection[str] = ()
) -> tuple[Nudge, ...]:
    """The nudges a random pick chooses among: the candidates not turned down twice."""
    return tuple(
        n
        for n in candidates(learner.library, blocker, exclude)
        if not turned_down(learner, blocker, n.id)
    )


def thompson_shares(
    learner: Learner,
    blocker: str,
    nudges: Sequence[Nudge],
    now: datetime,
    rng: random.Random,
    draws: int = SHARE_DRAWS,
) -> dict[str, float]:
    """The share of `draws` Thompson draws each nudge wins, drawn as `Learner.pick`
    draws (the same sharpness; ties to the first listed)."""
    sharp = learner.tuning.sharpness
    beliefs = [(n.id, *learner.posterior(blocker, n, now)) for n in nudges]
    wins = dict.fromkeys((n.id for n in nudges), 0)
    for _ in range(draws):
        best_id, best_draw = beliefs[0][0], -1.0
        for nudge_id, a, b in beliefs:
            draw = rng.betavariate(a * sharp, b * sharp)
            if draw > best_draw:
                best_id, best_draw = nudge_id, draw
        wins[best_id] += 1
    return {nudge_id: won / draws for nudge_id, won in wins.items()}


def explore_choice(
    learner: Learner,
    blocker: str,
    now: datetime,
    rng: random.Random,
    exclude: Collection[str] = (),
    share: float = EXPLORE_SHARE,
) -> tuple[Nudge, bool, tuple[Nudge, ...]]:
    """With chance `share`, a nudge at random from those open to chance; else
    the learner's own Thompson draw. Either way the learner later learns from
    the session like any other. Returns the nudge, whether chance chose it,
    and the nudges chance chose among (`explore_pick` adds the chances)."""
    chance_set = open_to_chance(learner, blocker, exclude)
    at_random = share > 0 and bool(chance_set) and rng.random() < share
    nudge = rng.choice(chance_set) if at_random else learner.pick(blocker, now, rng, exclude)
    return nudge, at_random, chance_set


def explore_pick(
    learner: Learner,
    blocker: str,
    now: datetime,
    rng: random.Random,
    exclude: Collection[str] = (),
    share: float = EXPLORE_SHARE,
) -> Pick:
    """`explore_choice`, with the chance of the choice under this way of
    choosing and under a random pick, for the log."""
    nudge, at_random, chance_set = explore_choice(learner, blocker, now, rng, exclude, share)
    offered = candidates(learner.library, blocker, exclude)
    won = thompson_shares(learner, blocker, offered, now, rng).get(nudge.id, 0.0) * SHARE_DRAWS
    # The draw that chose it, if it did, is one more draw of the same kind.
    coach_probability = won / SHARE_DRAWS if at_random else (won + 1) / (SHARE_DRAWS + 1)
    random_probability = 1 / len(chance_set) if nudge in chance_set else 0.0
    if chance_set:
        probability = share * random_probability + (1 - share) * coach_probability
    else:
        probability = coach_probability
    return Pick(nudge, at_random, probability, random_probability)
