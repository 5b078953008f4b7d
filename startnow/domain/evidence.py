"""What the learner (`learning.py`) is told about a stored session or swap.

The store keeps what happened; this says what each thing is evidence of, so the
rules live in one pure place and the coach's read stays a plain query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from startnow.domain.against_chance import ChoiceOutcome
from startnow.domain.learning import Outcome
from startnow.domain.nudges import NudgeLibrary
from startnow.domain.states import Outcome as Ending

# Abandoning within this much focus says the nudge did not get the person going.
EARLY_ABANDON_SECONDS = 120
# Starting the timer within this long of the nudge appearing says it got them going.
QUICK_START_SECONDS = 60


@dataclass(frozen=True)
class StoredSession:
    """A focus session on which a nudge was applied, as the store has it."""

    started_at: datetime
    task_id: int
    blocker: str | None
    nudge_id: str
    outcome: str | None
    focused_seconds: int | None  # the timer's time less pauses; None while it runs
    nudge_helped: bool | None
    blocker_chosen: bool | None  # None: before schema 4, not known (a default)
    # How the nudge was chosen (schema 7; None before, or not by the learner).
    nudge_shown_at: datetime | None = None
    chosen_at_random: bool | None = None
    choice_probability: float | None = None
    random_probability: float | None = None


@dataclass(frozen=True)
class StoredSwap:
    """A press of "another nudge" on the nudge screen."""

    at: datetime
    blocker: str | None
    nudge_id: str


def session_outcome(session: StoredSession, library: NudgeLibrary) -> Outcome | None:
    """The session as evidence, or None when it is none: still running, or its
    nudge is no longer in the library and the blocker unnamed.

    An "unknown" ending (found open on launch) is not abandoned: only the
    person's own answer, if any, counts. The timer's end is never a signal."""
    if session.focused_seconds is None:
        return None  # still running: nothing happened yet
    blocker = session.blocker or _blocker_of(session.nudge_id, library)
    if blocker is None:
        return None
    early = (
        session.outcome == Ending.ABANDONED
        and session.focused_seconds is not None
        and session.focused_seconds < EARLY_ABANDON_SECONDS
    )
    return Outcome(
        when=session.started_at,
        blocker=blocker,
        nudge_id=session.nudge_id,
        task_id=session.task_id,
        helped=session.nudge_helped,
        started_within_a_minute=started_quickly(session),
        abandoned_early=early,
        defaulted_blocker=not session.blocker_chosen,
    )


def started_quickly(session: StoredSession) -> bool:
    """The timer started within `QUICK_START_SECONDS` of the nudge screen
    showing this nudge (not known before schema 7: no)."""
    if session.nudge_shown_at is None:
        return False
    waited = (session.started_at - session.nudge_shown_at).total_seconds()
    return 0 <= waited <= QUICK_START_SECONDS


def choice_outcome(session: StoredSession) -> ChoiceOutcome | None:
    """The session for the coach's check against chance: answered, and its
    choice recorded; else None."""
    if (
        session.nudge_helped is None
        or session.chosen_at_random is None
        or session.choice_probability is None
        or session.random_probability is None
    ):
        return None
    return ChoiceOutcome(
        session.nudge_helped,
        session.chosen_at_random,
        session.choice_probability,
        session.random_probability,
    )


def swap_outcome(swap: StoredSwap, library: NudgeLibrary) -> Outcome | None:
    """A swap is a weak "not this one" for its blocker (task 0: a swap has none)."""
    blocker = swap.blocker or _blocker_of(swap.nudge_id, library)
    if blocker is None:
        return None
    return Outcome(when=swap.at, blocker=blocker, nudge_id=swap.nudge_id, task_id=0, swapped=True)


def outcomes(
    sessions: Iterable[StoredSession], swaps: Iterable[StoredSwap], library: NudgeLibrary
) -> list[Outcome]:
    """Everything the learner is to see, in no particular order (`learn` sorts)."""
    found = [session_outcome(s, library) for s in sessions]
    found += [swap_outcome(s, library) for s in swaps]
    return [o for o in found if o is not None]


def _blocker_of(nudge_id: str, library: NudgeLibrary) -> str | None:
    nudge = library.find(nudge_id)
    return None if nudge is None else nudge.blocker
