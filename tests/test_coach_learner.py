"""The app's coach chooses with the learner (domain/learning.py) by default:
fed this person's recent sessions and swaps through one bounded read, kept
as one learner per coach, and saying why in counts on the nudge screen."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual.widgets import Static

from startnow.clock import ManualClock
from startnow.config import Settings
from startnow.domain.evidence import (
    StoredSession,
    StoredSwap,
    outcomes,
    session_outcome,
    swap_outcome,
)
from startnow.domain.nudges import load_nudges
from startnow.screens.blocker import BlockerScreen
from startnow.screens.nudge import NudgeScreen, chosen_because
from startnow.services import coach as coach_module
from startnow.services.all_services import Services
from startnow.services.coach import without_title
from tests.helpers import MORNING, SIZE, make_app, spec
from tests.scenes import nudged_sessions

LIBRARY = load_nudges()


def stored(**values: object) -> StoredSession:
    fields: dict[str, object] = dict(
        started_at=MORNING, task_id=1, blocker="overwhelm", nudge_id="five-minutes",
        outcome="completed", focused_seconds=300, nudge_helped=None, blocker_chosen=True,
    )  # fmt: skip
    fields.update(values)
    return StoredSession(**fields)  # type: ignore[arg-type]


# ---- what a stored session is evidence of (pure) ---------------------------------


def test_an_unknown_ending_is_no_abandon_and_only_the_answer_counts() -> None:
    unseen = session_outcome(stored(outcome="unknown", focused_seconds=30), LIBRARY)
    assert unseen is not None and (unseen.helped, unseen.abandoned_early) == (None, False)
    answered = session_outcome(stored(outcome="unknown", nudge_helped=True), LIBRARY)
    assert answered is not None and answered.helped is True


def test_abandoning_within_two_minutes_of_focus_is_an_early_abandon() -> None:
    early = session_outcome(stored(outcome="abandoned", focused_seconds=119), LIBRARY)
    late = session_outcome(stored(outcome="abandoned", focused_seconds=120), LIBRARY)
    stopped = session_outcome(stored(outcome="stopped", focused_seconds=10), LIBRARY)
    assert early is not None and early.abandoned_early
    assert late is not None and not late.abandoned_early
    assert stopped is not None and not stopped.abandoned_early


def test_a_running_session_is_no_evidence_and_a_default_is_said() -> None:
    assert session_outcome(stored(outcome=None, focused_seconds=None), LIBRARY) is None
    for chosen in (False, None):  # None: before schema 4, not known
        found = session_outcome(stored(blocker_chosen=chosen), LIBRARY)
        assert found is not None and found.defaulted_blocker
    unnamed = session_outcome(stored(blocker=None), LIBRARY)
    assert unnamed is not None and unnamed.blocker == "overwhelm"  # the nudge's own
    assert session_outcome(stored(blocker=None, nudge_id="gone"), LIBRARY) is None


def test_a_swap_is_a_swap() -> None:
    swap = swap_outcome(StoredSwap(MORNING, "fear", "just-look"), LIBRARY)
    assert swap is not None and swap.swapped and swap.blocker == "fear"
    assert len(outcomes([stored()], [StoredSwap(MORNING, None, "just-look")], LIBRARY)) == 2


def test_the_screen_line_says_the_reason_after_the_title() -> None:
    reason = without_title("Small and rough — helped 3 of 4 times; not sure yet", "Small and rough")
    assert chosen_because(reason) == "Chosen because it helped 3 of 4 times; not sure yet."
    assert chosen_because("new: trying it out; a guess") == "New: trying it out; a guess."


# ---- the coach in the app ---------------------------------------------------------


def test_the_coach_settles_on_what_helped_and_says_so_in_counts(
    services: Services, clock: ManualClock
) -> None:
    nudged_sessions(services, clock, "small-and-rough", True, 5)
    nudged_sessions(services, clock, "five-minutes", False, 3)
    picks = Counter(services.coach.choose("overwhelm").nudge.id for _ in range(40))
    assert picks.most_common(1)[0] == ("small-and-rough", picks["small-and-rough"])
    assert picks["small-and-rough"] >= 30 and picks["five-minutes"] <= 3
    choice = next(
        c for c in (services.coach.choose("overwhelm") for _ in range(20))
        if c.nudge.id == "small-and-rough"
    )  # fmt: skip
    assert choice.reason.startswith("helped 5 of 5 times; ")


def test_the_learner_is_kept_and_rebuilt_only_when_something_was_added(
    services: Services, clock: ManualClock
) -> None:
    coach = services.coach
    first = coach.learner()
    assert coach.learner() is first
    nudged_sessions(services, clock, "five-minutes", True, 1)
    rebuilt = coach.learner()
    assert rebuilt is not first
    coach.swap("overwhelm", "first-move")  # learnt as it happens, no rebuild
    assert coach.learner() is rebuilt
    nudge = LIBRARY.get("first-move")
    assert "swapped away once" in rebuilt.reason("overwhelm", nudge, clock())


def test_the_read_leaves_out_what_is_older_than_its_window(
    services: Services, clock: ManualClock
) -> None:
    nudged_sessions(services, clock, "five-minutes", True, 2)
    nudge = LIBRARY.get("five-minutes")
    assert "helped 2 of 2" in services.coach.learner().reason("overwhelm", nudge, clock())
    clock.advance(days=coach_module.LEARNING_DAYS + 1)
    services.coach._learner = None  # (the clock moved on; nothing was added)
    assert "helped" not in services.coach.learner().reason("overwhelm", nudge, clock())


def test_the_read_takes_at_most_the_newest_sessions(
    services: Services, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coach_module, "LEARNING_SESSIONS", 2)
    nudged_sessions(services, clock, "five-minutes", False, 1)  # the oldest: left out
    nudged_sessions(services, clock, "five-minutes", True, 2)
    nudge = LIBRARY.get("five-minutes")
    assert "helped 2 of 2" in services.coach.learner().reason("overwhelm", nudge, clock())


def test_the_learner_offers_only_nudges_that_suit_the_task(
    services: Services, clock: ManualClock
) -> None:
    task = services.tasks.add(spec("Fix the leaking tap", estimate=30))
    info = services.task(task.id)
    picks = {services.coach.choose("overwhelm", task=info).nudge.id for _ in range(60)}
    assert "small-and-rough" not in picks and len(picks) == 3  # "no fixing" does not suit
    every = {n.id for n in LIBRARY.for_blocker("overwhelm")} - {"small-and-rough"}
    left = services.coach.choose("overwhelm", exclude=every, task=info)
    assert left.nudge.id != "small-and-rough"  # all suited ones excluded: start over


def test_the_thompson_setting_keeps_todays_chooser(services: Services, clock: ManualClock) -> None:
    services.settings = Settings(coach="thompson")
    nudged_sessions(services, clock, "five-minutes", True, 1)
    reasons = {services.coach.choose("overwhelm").reason for _ in range(30)}
    assert "worked for you the one time you tried it" in reasons
    assert not any("sure" in r or "a guess" in r for r in reasons)


async def test_the_nudge_screen_says_why_in_what_happened(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    nudged_sessions(services, clock, "small-and-rough", True, 6)
    for other in ("five-minutes", "two-minute-start", "first-move"):
        nudged_sessions(services, clock, other, False, 4)
    task = services.tasks.add(spec("Write the annual letter", estimate=60))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(BlockerScreen(services.task(task.id)))
        await pilot.pause()
        await pilot.press("home", "enter")  # overwhelm, chosen
        screen = app.screen
        assert isinstance(screen, NudgeScreen)
        assert screen.plan is not None and screen.plan.nudge.id == "small-and-rough"
        line = str(screen.query_one("#nudge-reason", Static).render())
        assert line.startswith("Chosen because it helped 6 of 6 times; ")
        assert "Small and rough —" not in line  # the title is said once, above
