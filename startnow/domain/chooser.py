"""A coach that learns which nudges work for this user (Thompson sampling).

Each nudge's chance of helping is unknown; the coach keeps a Beta belief per
nudge, starting from the nudge's prior and updated by this user's successes
and failures. To choose, it draws one plausible success rate from each belief
and offers the nudge with the highest draw. Nudges that work come first more
and more often; ones that don't, fade; untried ones still get their turn,
because an uncertain belief sometimes draws high.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from startnow.domain.model import Outcome
from startnow.domain.nudges import Nudge, NudgeLibrary

PRIOR_STRENGTH = 2.0  # the prior counts as this many sessions' worth of evidence
# A skip ("another nudge") says "not this one, now": it tilts the draw away a
# little, as half a failure would, but it is no try, so it is never a failure.
SKIP_WEIGHT = 0.5


@dataclass(frozen=True)
class NudgeRecord:
    """This user's outcomes for one nudge, as judged by `is_success`, and the
    times they skipped it on the nudge screen (not sessions: never a try)."""

    nudge_id: str
    successes: int
    failures: int
    skips: int = 0

    @property
    def tries(self) -> int:
        return self.successes + self.failures


def tally(
    outcomes: Iterable[tuple[str, str | None, bool | None, int]],
    swaps: Iterable[tuple[str, int]],
) -> dict[str, NudgeRecord]:
    """This user's record per nudge: `outcomes` are (nudge, outcome, answer,
    count) groups judged by `is_success`; each swap away is a skip, not a try.
    The coach and the review both count this way, so they never disagree."""
    counts: dict[str, list[int]] = {}
    for nudge_id, outcome, helped, count in outcomes:
        verdict = is_success(outcome, None if helped is None else bool(helped))
        if verdict is not None:
            counts.setdefault(nudge_id, [0, 0, 0])[0 if verdict else 1] += count
    for nudge_id, count in swaps:
        counts.setdefault(nudge_id, [0, 0, 0])[2] += count
    return {n: NudgeRecord(n, good, bad, skips) for n, (good, bad, skips) in counts.items()}


def is_success(outcome: str | None, nudge_helped: bool | None) -> bool | None:
    """THE one definition of success for a focus session on which a nudge was applied.

    - The user's own answer to "did the nudge help?" wins: True is a success,
      False a failure, whatever the outcome.
    - Without an answer: a session started and completed (`outcome ==
      "completed"`) is a success; one "stopped" or "abandoned" is a failure.
    - A session still running (no outcome), one found open on launch
      (`"unknown"`: nobody saw how it went) or any other outcome: None, not counted.

    A swap away from a nudge on the nudge screen (the user pressed "another
    nudge") is no session, so it is neither: `tally` keeps it apart, as a skip.
    """
    if nudge_helped is not None:
        return nudge_helped
    if outcome == Outcome.COMPLETED:
        return True
    if outcome in (Outcome.STOPPED, Outcome.ABANDONED):
        return False
    return None


@dataclass(frozen=True)
class Choice:
    nudge: Nudge
    reason: str  # "worked for you 4 of 5 times", "new: trying it out", ...
    # How it was chosen, where the learner chose it (`exploring.py`): the
    # one-in-ten random pick or not, the chance this way of choosing gave it,
    # and the chance a random pick would have. None: not recorded (Thompson).
    at_random: bool | None = None
    probability: float | None = None
    random_probability: float | None = None


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def reason_for(record: NudgeRecord | None) -> str:
    """Why this nudge, in words a person can check against their memory: only
    what happened (a skip is a skip, never a try that failed)."""
    skips = record.skips if record else 0
    if record is None or record.tries == 0:
        return f"you skipped it {times(skips)}; never tried" if skips else "new: trying it out"
    s, n = record.successes, record.tries
    if n == 1:
        said = (
            "worked for you the one time you tried it"
            if s
            else "didn't work the one time you tried it — worth another go"
        )
    elif 2 * s >= n:
        said = f"worked for you {s} of {n} times"
    else:
        said = f"worked for you {s} of {n} times — worth another go"
    return f"{said}; you skipped it {times(skips)}" if skips else said


def _candidates(
    library: NudgeLibrary, blocker: str, exclude: Collection[str], titles: Sequence[str] = ()
) -> tuple[Nudge, ...]:
    """The blocker's nudges that suit the task's titles, less `exclude`; never
    none (all excluded: start over; none suits: the blocker's own)."""
    suited = suited_nudges(library, blocker, titles)
    kept = tuple(n for n in suited if n.id not in exclude)
    return kept or suited


def suited_nudges(library: NudgeLibrary, blocker: str, titles: Sequence[str]) -> tuple[Nudge, ...]:
    """The blocker's nudges that suit these titles (all of them, if none does)."""
    nudges = library.for_blocker(blocker)
    if not nudges:
        raise ValueError(f"no nudges for blocker {blocker!r}")
    return tuple(n for n in nudges if n.fits(titles)) or nudges


def choose_nudge(
    library: NudgeLibrary,
    blocker: str,
    records: Mapping[str, NudgeRecord],
    rng: random.Random,
    exclude: Collection[str] = (),
    titles: Sequence[str] = (),
) -> Choice:
    """Thompson sampling over the blocker's nudges that suit the task's and the
    step's `titles` (minus `exclude`, unless that is all).

    Each candidate draws from Beta(prior*K + successes, (1-prior)*K + failures
    + SKIP_WEIGHT*skips), K = PRIOR_STRENGTH; the highest draw wins (ties: file order).
    """
    best: Nudge | None = None
    best_draw = -1.0
    for nudge in _candidates(library, blocker, exclude, titles):
        record = records.get(nudge.id)
        successes = record.successes if record else 0
        failures = record.failures + SKIP_WEIGHT * record.skips if record else 0.0
        draw = rng.betavariate(
            nudge.prior * PRIOR_STRENGTH + successes,
            (1 - nudge.prior) * PRIOR_STRENGTH + failures,
        )
        if draw > best_draw:
            best, best_draw = nudge, draw
    assert best is not None  # _candidates is never empty
    return Choice(best, reason_for(records.get(best.id)))


def fixed_order_choice(library: NudgeLibrary, blocker: str, exclude: Collection[str] = ()) -> Nudge:
    """The baseline a non-learning coach would use: always the first listed nudge."""
    return _candidates(library, blocker, exclude)[0]
