"""Do the coach's picks beat chance for this person? Measured on their own
sessions, thanks to the one-in-ten random picks (`exploring.py`).

- **The coach's side**: the share of the coach's own picks answered "it
  helped" (plain: these are exactly the picks it made).
- **Chance's side**: what a random pick would have scored, estimated from
  *every* answered session by inverse-propensity weighting (the self-normalised
  form): each session weighs (the chance a random pick gave its nudge) / (the
  chance this way of choosing gave it). The random picks alone would say the
  same without bias, but from a tenth of the sessions; the weights let the
  coach's picks of a nudge chance would also pick count too. A nudge turned
  down twice weighs nothing (chance never picks it).
- **The rule**: "not enough data yet" until each side rests on at least
  `MINIMUM` answered sessions (chance's side: the effective number behind the
  weighed estimate, (sum of weights)^2 / sum of squared weights). Then a 90%
  interval for each (Beta, Jeffreys' prior, chance's side over its effective
  number); the coach beats chance only when its interval lies wholly above
  chance's, and loses only when wholly below; overlapping: no clear difference.

Sessions without an answer are left out (taken as missing at random); so are
sessions from before the choice was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from startnow.domain.beta import beta_quantile

MINIMUM = 20  # answered sessions on each side before any verdict
LOW, HIGH = 0.05, 0.95  # the 90% interval

BETTER = "better"
WORSE = "worse"
NO_CLEAR_DIFFERENCE = "no clear difference"
NOT_ENOUGH = "not enough data"


def per_million(probability: float | None) -> int | None:
    """A probability as the store keeps it: whole millionths."""
    return None if probability is None else round(probability * 1_000_000)


def from_per_million(value: int | None) -> float | None:
    return None if value is None else value / 1_000_000


@dataclass(frozen=True)
class ChoiceOutcome:
    """One answered session whose choice was recorded."""

    helped: bool
    at_random: bool
    probability: float  # the chance the coach's way of choosing gave its nudge
    random_probability: float  # the chance a random pick would have


@dataclass(frozen=True)
class AgainstChance:
    sessions: int  # answered sessions with a recorded choice
    coach_sessions: int  # of them, the coach's own picks
    coach_helped: float | None  # their share answered "it helped"
    coach_interval: tuple[float, float] | None
    random_sessions: int  # of them, picked at random
    random_effective: float  # the effective number of sessions behind chance's figure
    random_helped: float | None  # what a random pick would have scored (weighed)
    random_interval: tuple[float, float] | None
    verdict: str  # BETTER / WORSE / NO_CLEAR_DIFFERENCE / NOT_ENOUGH

    def words(self) -> str:
        """One sentence for the review."""
        if self.verdict == NOT_ENOUGH or self.coach_helped is None or self.random_helped is None:
            return (
                f"Not enough data yet to tell whether the coach's picks beat chance for you: "
                f"that takes {MINIMUM} answered sessions on each side "
                f"({self.coach_sessions} of the coach's so far, "
                f"{self.random_effective:.0f} by weight for chance)."
            )
        figures = (
            f"The coach's picks helped {_percent(self.coach_helped)} of the time, "
            f"random picks {_percent(self.random_helped)}, over {self.sessions} sessions"
        )
        said = {
            BETTER: "the coach beats chance for you",
            WORSE: "chance does better for now, so the coach is still learning you",
            NO_CLEAR_DIFFERENCE: "no clear difference from chance yet",
        }[self.verdict]
        return f"{figures}: {said}."


def against_chance(outcomes: Iterable[ChoiceOutcome]) -> AgainstChance:
    """The two sides and the verdict, by the rule in the module's docstring."""
    seen = list(outcomes)
    coach = [o for o in seen if not o.at_random]
    helped = sum(o.helped for o in coach)
    coach_rate = helped / len(coach) if coach else None
    weights = [(o.random_probability / o.probability, o.helped) for o in seen if o.probability > 0]
    total = sum(w for w, _ in weights)
    squares = sum(w * w for w, _ in weights)
    effective = total * total / squares if squares else 0.0
    random_rate = sum(w for w, h in weights if h) / total if total else None
    coach_interval = random_interval = None
    verdict = NOT_ENOUGH
    if coach_rate is not None and random_rate is not None:
        coach_interval = _interval(helped, len(coach) - helped)
        random_interval = _interval(random_rate * effective, (1 - random_rate) * effective)
        if len(coach) >= MINIMUM and effective >= MINIMUM:
            if coach_interval[0] > random_interval[1]:
                verdict = BETTER
            elif coach_interval[1] < random_interval[0]:
                verdict = WORSE
            else:
                verdict = NO_CLEAR_DIFFERENCE
    return AgainstChance(
        len(seen), len(coach), coach_rate, coach_interval,
        sum(o.at_random for o in seen), effective, random_rate, random_interval, verdict,
    )  # fmt: skip


def _interval(helped: float, not_helped: float) -> tuple[float, float]:
    a, b = helped + 0.5, not_helped + 0.5
    return beta_quantile(LOW, a, b), beta_quantile(HIGH, a, b)


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"
