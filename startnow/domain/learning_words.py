"""The learner's reasons in words a person can check: what happened with a
nudge, in plain counts, and how sure that makes the coach.

Apart from `learning.py` because the words change for other reasons than the
rules do; these read the learner's plain counts, never its decayed sums.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from startnow.domain.nudge_kinds import KIND_WORDS
from startnow.domain.nudges import Nudge

if TYPE_CHECKING:
    from startnow.domain.learning import Learner


def sureness(width: float) -> str:
    """How sure, in words, from the width of the 80% interval."""
    return "fairly sure" if width <= 0.35 else "not sure yet" if width <= 0.5 else "a guess"


def times(count: int) -> str:
    return "time" if count == 1 else "times"


def reason(learner: Learner, blocker: str, nudge: Nudge, width: float) -> str:
    """What happened, in counts a person can check, and how sure that makes us."""
    sure = sureness(width)
    own = learner.counts("pair", blocker, nudge.id)
    swaps = ""
    if own.swaps:
        swaps = "; swapped away " + ("once" if own.swaps == 1 else f"{own.swaps} times")
    if own.answered:
        told = f"helped {own.helped} of {own.answered} " + times(own.answered)
    elif own.sessions:
        told = f"used {own.sessions} " + times(own.sessions) + ", no answer yet"
    else:
        told = related_told(learner, blocker, nudge)
    return f"{nudge.title} — {told}{swaps}; {sure}"


def related_told(learner: Learner, blocker: str, nudge: Nudge) -> str:
    """For a pair with no sessions: what its kind did on other blockers, if anything."""
    best: tuple[int, int, str] | None = None
    for kind in sorted(learner.kinds_of(nudge.id)):
        everywhere = learner.counts("kind", kind)
        here = learner.counts("kind", kind, blocker)
        answered, helped = everywhere.answered - here.answered, everywhere.helped - here.helped
        if answered and (best is None or answered > best[0]):
            best = (answered, helped, kind)
    if best is None:
        return "new: trying it out"
    answered, helped, kind = best
    return (
        f"new here; {KIND_WORDS[kind]} helped you {helped} of {answered} "
        + times(answered)
        + " on other blockers"
    )
