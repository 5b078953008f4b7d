"""Do the coach's picks beat chance for this person? The rule as pure functions
over logged choices, and the review's figures from sessions the coach chose."""

from __future__ import annotations

import json
import random
from datetime import UTC
from pathlib import Path

from textual.widgets import Static

from startnow.clock import ManualClock
from startnow.domain.against_chance import (
    BETTER,
    MINIMUM,
    NO_CLEAR_DIFFERENCE,
    NOT_ENOUGH,
    WORSE,
    ChoiceOutcome,
    against_chance,
    from_per_million,
    per_million,
)
from startnow.formats.review_format import CHANCE_KEYS, review_text
from startnow.services.all_services import Services
from startnow.services.coach import Coach
from tests.helpers import SIZE, cli, make_app, screen_text, spec

SHARE = 0.1


def logged(
    coach_shares: dict[str, float], truth: dict[str, float], n: int, seed: int
) -> list[ChoiceOutcome]:
    """`n` answered sessions chosen as the app chooses: the coin, then a random
    pick among every nudge or the coach's draw by `coach_shares`; each helped
    with its `truth` chance."""
    rng = random.Random(seed)
    names = list(truth)
    found = []
    for _ in range(n):
        at_random = rng.random() < SHARE
        if at_random:
            nudge = rng.choice(names)
        else:
            nudge = rng.choices(names, [coach_shares[x] for x in names])[0]
        probability = SHARE / len(names) + (1 - SHARE) * coach_shares[nudge]
        helped = rng.random() < truth[nudge]
        found.append(ChoiceOutcome(helped, at_random, probability, 1 / len(names)))
    return found


TRUTH = {"a": 0.8, "b": 0.3, "c": 0.3}  # a random pick helps (0.8 + 0.3 + 0.3) / 3 = 0.47


def test_not_enough_data_until_each_side_has_its_minimum() -> None:
    few = against_chance(logged({"a": 0.9, "b": 0.05, "c": 0.05}, TRUTH, 15, seed=1))
    assert few.verdict == NOT_ENOUGH and few.coach_sessions < MINIMUM
    assert few.words().startswith("Not enough data yet to tell whether the coach's picks")
    assert f"that takes {MINIMUM} answered sessions on each side" in few.words()
    assert against_chance([]).verdict == NOT_ENOUGH
    assert against_chance([]).words().startswith("Not enough data yet")


def test_a_coach_that_found_the_best_nudge_beats_chance() -> None:
    found = logged({"a": 0.9, "b": 0.05, "c": 0.05}, TRUTH, 300, seed=2)
    result = against_chance(found)
    assert result.verdict == BETTER
    assert result.coach_helped is not None and abs(result.coach_helped - 0.75) < 0.06
    assert result.random_helped is not None and abs(result.random_helped - 0.47) < 0.08
    # The weights let the coach's picks count for chance too: far more than its own picks.
    assert result.random_effective > 2 * result.random_sessions
    assert result.words().startswith(
        f"The coach's picks helped {round(result.coach_helped * 100)}% of the time, "
        f"random picks {round(result.random_helped * 100)}%, over 300 sessions: "
        "the coach beats chance for you."
    )


def test_a_coach_stuck_on_a_poor_nudge_is_said_to_lose() -> None:
    result = against_chance(logged({"a": 0.02, "b": 0.96, "c": 0.02}, TRUTH, 400, seed=3))
    assert result.verdict == WORSE and "chance does better for now" in result.words()


def test_when_every_nudge_helps_alike_there_is_no_clear_difference() -> None:
    alike = {"a": 0.5, "b": 0.5, "c": 0.5}
    result = against_chance(logged({"a": 0.9, "b": 0.05, "c": 0.05}, alike, 300, seed=4))
    assert result.verdict == NO_CLEAR_DIFFERENCE
    assert result.coach_interval is not None and result.random_interval is not None
    assert result.coach_interval[0] <= result.random_interval[1]


def test_a_nudge_chance_never_picks_weighs_nothing_for_chance() -> None:
    turned_down = [ChoiceOutcome(True, False, 0.9, 0.0) for _ in range(30)]
    fair = [ChoiceOutcome(False, True, 0.5, 0.5) for _ in range(30)]
    result = against_chance(turned_down + fair)
    assert result.random_helped == 0.0 and result.coach_helped == 1.0


def test_probabilities_are_kept_in_millionths() -> None:
    assert per_million(1 / 3) == 333_333 and from_per_million(333_333) == 0.333333
    assert per_million(None) is None and from_per_million(None) is None


# ---- from the store ------------------------------------------------------------------


def coached_sessions(services: Services, clock: ManualClock, n: int, share: float) -> None:
    """`n` sessions chosen by the coach (a random pick with chance `share`),
    each answered: "it helped" for the small step only."""
    coach = Coach(services, random.Random(5), services.library, explore_share=share)
    for i in range(n):
        task = services.task(services.tasks.add(spec(f"Write part {i}", estimate=30)).id)
        plan = coach.plan(task, "overwhelm", coach.choose("overwhelm", task=task))
        clock.advance(seconds=20)
        session = coach.start(plan)
        clock.advance(minutes=5)
        services.focus.finish(session.id, "completed")
        services.focus.answer(session.id, nudge_helped=plan.nudge.id == "small-and-rough")
        clock.advance(hours=3)


def test_the_review_counts_the_coachs_picks_and_the_random_ones(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    coached_sessions(services, clock, 12, share=0.5)
    code, out, err = cli("review", "--db", str(db_path), "--format", "json")
    assert (code, err) == (0, "")
    chance = json.loads(out)["coach_against_chance"]
    assert tuple(chance) == CHANCE_KEYS
    assert chance["verdict"] == "not enough data" and chance["minimum"] == MINIMUM
    assert chance["sessions"] == 12 and 0 < chance["random_sessions"] < 12
    assert chance["coach_sessions"] == 12 - chance["random_sessions"]
    review = services.reviews.week(services.reviews.default_week(UTC), UTC)
    assert "  Not enough data yet to tell whether the coach's picks beat chance" in review_text(
        review
    )


def test_enough_sessions_give_the_figures_in_the_review(
    services: Services, clock: ManualClock
) -> None:
    coached_sessions(services, clock, 70, share=0.3)
    review = services.reviews.week(services.reviews.default_week(UTC), UTC)
    chance = review.against_chance
    assert chance is not None and chance.verdict != NOT_ENOUGH
    assert chance.coach_sessions >= MINIMUM and chance.random_effective >= MINIMUM
    assert f"over {chance.sessions} sessions: " in review_text(review)


async def test_the_review_screen_says_it_under_what_works(
    services: Services, clock: ManualClock
) -> None:
    coached_sessions(services, clock, 6, share=0.5)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        shown = str(app.screen.query_one("#what-works", Static).render())
        assert "Not enough data yet to tell whether the coach's picks beat chance" in shown


def test_a_store_without_recorded_choices_says_nothing_of_chance(services: Services) -> None:
    review = services.reviews.week(services.reviews.default_week(UTC), UTC)
    assert review.against_chance is not None and review.against_chance.sessions == 0
    assert "beat chance" not in review_text(review)


def test_the_review_keeps_its_coach_figures_until_something_is_added(
    services: Services, clock: ManualClock
) -> None:
    coached_sessions(services, clock, 3, share=0.5)
    week = services.reviews.default_week(UTC)
    first = services.reviews.week(week, UTC)
    assert services.reviews.week(week, UTC).against_chance is first.against_chance
    services.coach.swap("overwhelm", "five-minutes")  # something added, at the same instant
    again = services.reviews.week(week, UTC)
    assert again.against_chance is not first.against_chance
    assert again.against_chance == first.against_chance  # (a swap is no answered session)
    clock.advance(minutes=1)  # the same store, a minute on: figures at the new instant
    assert services.reviews.week(week, UTC).against_chance is not again.against_chance


async def test_page_down_reaches_it_past_the_waiting_list(
    services: Services, clock: ManualClock
) -> None:
    """PageDown scrolls the review even while the waiting list has the focus
    (it took the key for its own paging, and the foot of the page stayed hidden)."""
    coached_sessions(services, clock, 4, share=0.5)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "waiting"
        foot = "answered sessions on each side"
        assert foot not in screen_text(app)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert foot in screen_text(app)
