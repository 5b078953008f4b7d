"""The review says what the coach learnt: per blocker, the nudge that works
best for this person and how sure, and a nudge it all but stopped offering."""

from __future__ import annotations

import json
from datetime import UTC, timedelta
from pathlib import Path

from textual.widgets import Static

from startnow.clock import ManualClock
from startnow.domain.learning import Outcome, learn
from startnow.domain.nudges import load_nudges
from startnow.domain.what_works import what_works
from startnow.formats.review_format import LESSON_KEYS, NOT_ENOUGH, review_text
from startnow.screens.review import ReviewScreen
from startnow.services.all_services import Services
from tests.helpers import MORNING, SIZE, cli, make_app, screen_text
from tests.scenes import nudged_sessions

LIBRARY = load_nudges()


def answered(nudge_id: str, helped: bool, day: int, task_id: int) -> Outcome:
    blocker = LIBRARY.get(nudge_id).blocker
    when = MORNING + timedelta(days=day)
    return Outcome(when, blocker, nudge_id, task_id, helped=helped)


def a_history() -> list[Outcome]:
    """Small and rough helped 7 of 9 times; Just five minutes 0 of 4, and swapped away twice."""
    found = [answered("small-and-rough", i not in (2, 5), i, 100 + i) for i in range(9)]
    found += [answered("five-minutes", False, i, 200 + i) for i in range(4)]
    swap = Outcome(MORNING + timedelta(days=5), "overwhelm", "five-minutes", 0, swapped=True)
    return [*found, swap, swap]


def test_the_best_nudge_per_blocker_with_its_record_and_how_sure() -> None:
    now = MORNING + timedelta(days=10)
    [overwhelm] = what_works(learn(LIBRARY, a_history()), now)
    assert overwhelm.blocker == "overwhelm"
    best = overwhelm.best
    assert (best.nudge_id, best.helped, best.tries) == ("small-and-rough", 7, 9)
    assert best.sure in ("fairly sure", "not sure yet") and best.chance > 0.6
    assert overwhelm.words().startswith("Small and rough — helped 7 of 9 times; ")


def test_a_nudge_offered_rarely_now_is_named_with_why() -> None:
    now = MORNING + timedelta(days=10)
    [overwhelm] = what_works(learn(LIBRARY, a_history()), now)
    stopped = overwhelm.stopped
    assert stopped is not None and stopped.nudge_id == "five-minutes"
    assert (stopped.helped, stopped.tries, stopped.swaps) == (0, 4, 2)
    assert stopped.offered < 0.1 < overwhelm.best.offered
    assert overwhelm.words().endswith(
        ". Rarely offered now: Just five minutes, almost never"
        " (helped 0 of 4 times; swapped away 2 times: it mostly did not help)"
    )


def test_with_the_other_chooser_it_claims_nothing_about_what_is_offered() -> None:
    now = MORNING + timedelta(days=10)
    [overwhelm] = what_works(learn(LIBRARY, a_history()), now, offering=False)
    assert overwhelm.stopped is None and overwhelm.best.nudge_id == "small-and-rough"


def test_without_an_answer_there_is_nothing_to_say() -> None:
    unanswered = [Outcome(MORNING, "fear", "just-look", task) for task in (1, 2)]
    assert what_works(learn(LIBRARY, unanswered), MORNING + timedelta(days=1)) == ()


def test_the_same_history_always_reads_the_same() -> None:
    now = MORNING + timedelta(days=10)
    assert what_works(learn(LIBRARY, a_history()), now) == what_works(
        learn(LIBRARY, list(reversed(a_history()))), now
    )


async def test_the_review_screen_shows_what_works_for_you(
    services: Services, clock: ManualClock
) -> None:
    nudged_sessions(services, clock, "small-and-rough", True, 5)
    nudged_sessions(services, clock, "five-minutes", False, 4)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        box = app.screen.query_one("#what-works", Static)
        assert box.border_title == "What works for you"
        shown = str(box.render())
        assert "Small and rough — helped 5 of 5 times;" in shown
        assert "Rarely offered now: Just five minutes" in shown
        assert "(helped 0 of 4 times: it mostly did not help)" in shown
        assert "What works for you" in screen_text(app)
        assert "Small and rough — helped 5 of 5 times" in screen_text(app)


async def test_the_review_screen_says_when_there_is_not_enough_yet(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        shown = str(app.screen.query_one("#what-works", Static).render())
        assert shown.startswith("Not enough data yet")


def test_review_json_has_what_works_under_documented_keys(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    nudged_sessions(services, clock, "small-and-rough", True, 4)
    nudged_sessions(services, clock, "five-minutes", False, 4)
    nudged_sessions(services, clock, "practice-round", True, 1)
    code, out, err = cli("review", "--db", str(db_path), "--week", "2026-W48", "--format", "json")
    assert (code, err) == (0, "")
    works = json.loads(out)["what_works"]
    assert [w["blocker"] for w in works] == ["overwhelm", "fear"]
    overwhelm = works[0]
    assert tuple(overwhelm) == ("blocker", "label", "best", "stopped_offering")
    assert tuple(overwhelm["best"]) == LESSON_KEYS
    best = overwhelm["best"]
    assert (best["nudge_id"], best["helped"], best["tries"]) == ("small-and-rough", 4, 4)
    assert best["sure"] in ("fairly sure", "not sure yet", "a guess") and 0 < best["chance"] < 1
    stopped = overwhelm["stopped_offering"]
    assert stopped is not None and (stopped["nudge_id"], stopped["helped"]) == ("five-minutes", 0)
    assert works[1]["best"]["nudge_id"] == "practice-round"


def test_review_json_and_text_on_a_new_store(db_path: Path, services: Services) -> None:
    code, out, _ = cli("review", "--db", str(db_path), "--format", "json")
    assert code == 0 and json.loads(out)["what_works"] == []
    review = services.reviews.week(services.reviews.default_week(UTC), UTC)
    assert f"What works for you\n  {NOT_ENOUGH}" in review_text(review)


def test_a_good_nudge_offered_rarely_is_said_to_be_outdone_not_to_fail() -> None:
    found = [answered("small-and-rough", True, i, 100 + i) for i in range(12)]
    found += [answered("five-minutes", i != 3, i, 200 + i) for i in range(5)]
    [overwhelm] = what_works(learn(LIBRARY, found), MORNING + timedelta(days=13))
    assert overwhelm.stopped is not None and overwhelm.stopped.nudge_id == "five-minutes"
    assert overwhelm.words().endswith("(helped 4 of 5 times: Small and rough helps more)")
