"""One nudge in ten at random, with the chance of every choice logged, and the
quick start as a signal: the pure rules at fixed seeds, and what a session
started from the coach records in the store."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from startnow.clock import ManualClock
from startnow.domain.evidence import StoredSession, session_outcome, started_quickly
from startnow.domain.exploring import EXPLORE_SHARE, explore_pick, open_to_chance
from startnow.domain.learning import Learner, Outcome
from startnow.domain.nudges import load_nudges
from startnow.screens.blocker import BlockerScreen
from startnow.screens.nudge import NudgeScreen
from startnow.services.all_services import Services
from startnow.services.coach import AT_RANDOM, Coach
from tests.helpers import MORNING, SIZE, make_app, rows, spec

LIBRARY = load_nudges()
OVERWHELM = [n.id for n in LIBRARY.for_blocker("overwhelm")]


def learner_with(*outcomes: Outcome) -> Learner:
    learner = Learner(LIBRARY)
    for outcome in outcomes:
        learner.observe(outcome)
    return learner


def helped(nudge_id: str, task: int, minutes: int = 0) -> Outcome:
    return Outcome(MORNING + timedelta(minutes=minutes), "overwhelm", nudge_id, task, helped=True)


def swap(nudge_id: str) -> Outcome:
    return Outcome(MORNING, "overwhelm", nudge_id, 0, swapped=True)


def test_about_one_choice_in_ten_is_random_and_never_one_turned_down_twice() -> None:
    turned = OVERWHELM[1]
    learner = learner_with(swap(turned), swap(turned), *(helped(OVERWHELM[0], t) for t in range(6)))
    rng = random.Random(3)
    picks = [explore_pick(learner, "overwhelm", MORNING, rng) for _ in range(3000)]
    chance = [p for p in picks if p.at_random]
    assert 0.08 < len(chance) / len(picks) < 0.12
    assert turned not in {p.nudge.id for p in chance}
    spread = Counter(p.nudge.id for p in chance)
    assert set(spread) == set(OVERWHELM) - {turned}
    assert all(p.random_probability == 1 / len(spread) for p in chance)
    # The coach's own draw may still offer it (it was swapped, not forbidden); chance never.
    assert all(p.random_probability == 0 for p in picks if p.nudge.id == turned)


def test_the_logged_chances_are_how_often_each_nudge_is_chosen() -> None:
    learner = learner_with(
        *(helped(OVERWHELM[0], t, t) for t in range(4)),
        Outcome(MORNING, "overwhelm", OVERWHELM[2], 9, helped=False),
    )
    rng = random.Random(11)
    picks = [explore_pick(learner, "overwhelm", MORNING, rng) for _ in range(4000)]
    for nudge_id in OVERWHELM:
        mine = [p for p in picks if p.nudge.id == nudge_id]
        if not mine:
            continue
        # E[1 / P(chosen)] over the picks of a nudge is 1 / P(it); so the
        # count is about the mean logged chance times the number of picks.
        expected = len(picks) * len(mine) / sum(1 / p.probability for p in mine)
        assert abs(len(mine) - expected) < 0.15 * len(mine) + 15, nudge_id


def test_with_every_nudge_turned_down_twice_nothing_is_picked_at_random() -> None:
    learner = learner_with(*(s for n in OVERWHELM for s in (swap(n), swap(n))))
    assert open_to_chance(learner, "overwhelm") == ()
    rng = random.Random(5)
    picks = [explore_pick(learner, "overwhelm", MORNING, rng) for _ in range(200)]
    assert not any(p.at_random for p in picks)
    assert all(p.random_probability == 0 and p.probability > 0 for p in picks)


def test_a_share_of_one_explores_every_time_and_of_zero_never() -> None:
    learner = learner_with()
    rng = random.Random(2)
    always = [explore_pick(learner, "fear", MORNING, rng, share=1.0) for _ in range(50)]
    never = [explore_pick(learner, "fear", MORNING, rng, share=0.0) for _ in range(50)]
    assert all(p.at_random for p in always) and not any(p.at_random for p in never)
    assert EXPLORE_SHARE == 0.1


def stored(**values: object) -> StoredSession:
    fields: dict[str, object] = dict(
        started_at=MORNING, task_id=1, blocker="overwhelm", nudge_id="five-minutes",
        outcome="completed", focused_seconds=300, nudge_helped=True, blocker_chosen=True,
    )  # fmt: skip
    fields.update(values)
    return StoredSession(**fields)  # type: ignore[arg-type]


def test_a_start_within_a_minute_of_the_nudge_is_the_quick_start_signal() -> None:
    assert started_quickly(stored(nudge_shown_at=MORNING - timedelta(seconds=60)))
    assert not started_quickly(stored(nudge_shown_at=MORNING - timedelta(seconds=61)))
    assert not started_quickly(stored(nudge_shown_at=None))  # before schema 7: not known
    # A clock set back between the two: not known to be quick.
    assert not started_quickly(stored(nudge_shown_at=MORNING + timedelta(seconds=5)))
    outcome = session_outcome(stored(nudge_shown_at=MORNING - timedelta(seconds=8)), LIBRARY)
    assert outcome is not None and outcome.started_within_a_minute


def test_a_random_pick_is_learned_from_like_any_other() -> None:
    chosen = stored(chosen_at_random=False, choice_probability=0.8, random_probability=0.25)
    at_random = stored(chosen_at_random=True, choice_probability=0.05, random_probability=0.25)
    assert session_outcome(chosen, LIBRARY) == session_outcome(at_random, LIBRARY)


def test_the_quick_start_moves_the_belief_by_its_weight() -> None:
    nudge = LIBRARY.get("five-minutes")
    plain = learner_with(Outcome(MORNING, "overwhelm", nudge.id, 1))
    quick = learner_with(Outcome(MORNING, "overwhelm", nudge.id, 1, started_within_a_minute=True))
    a0, b0 = plain.posterior("overwhelm", nudge, MORNING)
    a1, b1 = quick.posterior("overwhelm", nudge, MORNING)
    assert b1 == b0 and abs(a1 - a0 - plain.tuning.quick_start) < 1e-9


# ---- in the store -------------------------------------------------------------------


def test_a_started_nudge_records_when_it_was_shown_and_how_it_was_chosen(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    task = services.task(services.tasks.add(spec("Write the report", estimate=30)).id)
    coach = services.coach
    plan = coach.plan(task, "overwhelm", coach.choose("overwhelm", task=task), blocker_chosen=True)
    clock.advance(seconds=40)
    coach.start(plan)
    [row] = rows(db_path, "SELECT * FROM focus_session")
    assert row["nudge_shown_at"] == int(MORNING.timestamp())
    assert row["started_at"] - row["nudge_shown_at"] == 40
    assert row["chosen_at_random"] in (0, 1)
    assert 0 < row["choice_per_million"] <= 1_000_000
    assert row["random_per_million"] == round(1_000_000 / len(OVERWHELM))


def test_a_random_pick_says_so_on_the_nudge_screen(services: Services) -> None:
    coach = Coach(services, random.Random(1), services.library, explore_share=1.0)
    choice = coach.choose("fear")
    assert choice.at_random and choice.reason.startswith(AT_RANDOM + "; ")
    assert choice.random_probability == 1 / len(LIBRARY.for_blocker("fear"))


def test_the_thompson_setting_records_no_choice(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    from startnow.config import Settings

    services.settings = Settings(coach="thompson")
    task = services.task(services.tasks.add(spec("Write the report", estimate=30)).id)
    coach = services.coach
    coach.start(coach.plan(task, "fear", coach.choose("fear", task=task)))
    [row] = rows(db_path, "SELECT * FROM focus_session")
    assert row["chosen_at_random"] is None and row["choice_per_million"] is None
    assert row["nudge_shown_at"] == int(MORNING.timestamp())  # when shown: kept either way


async def test_the_nudge_screen_says_a_random_pick_and_the_session_keeps_it(
    services: Services, clock: ManualClock, db_path: Path
) -> None:
    services.coach.explore_share = 1.0  # every pick at random, to see it said
    task = services.tasks.add(spec("Write the annual letter", estimate=60))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(BlockerScreen(services.task(task.id)))
        await pilot.pause()
        await pilot.press("home", "enter")  # overwhelm, chosen
        assert isinstance(app.screen, NudgeScreen)
        line = str(app.screen.query_one("#nudge-reason", Static).render())
        assert line.startswith(
            "Picked at random this time (about one in ten is), to check the coach against chance; "
        )
        clock.advance(seconds=90)  # a long look at it: no quick start
        await pilot.press("enter")
        await pilot.pause()
    [row] = rows(db_path, "SELECT * FROM focus_session")
    assert row["chosen_at_random"] == 1 and row["started_at"] - row["nudge_shown_at"] == 90
