"""The coach learns: Thompson sampling tries new nudges, says why it chose one,
and for a synthetic user soon settles on the nudge that works for them."""

from __future__ import annotations

import random
import statistics
from collections import Counter

import pytest

from startnow.domain.chooser import (
    NudgeRecord,
    choose_nudge,
    fixed_order_choice,
    is_success,
    reason_for,
)
from startnow.domain.nudges import (
    BLOCKERS,
    BlockerInfo,
    Nudge,
    NudgeAction,
    NudgeLibrary,
    load_nudges,
)


def draws(blocker: str, records: dict[str, NudgeRecord], seed: int, n: int, **kw) -> Counter[str]:
    rng = random.Random(seed)
    library = load_nudges()
    return Counter(choose_nudge(library, blocker, records, rng, **kw).nudge.id for _ in range(n))


def test_same_seed_same_choices() -> None:
    assert draws("fear", {}, seed=3, n=50) == draws("fear", {}, seed=3, n=50)


@pytest.mark.parametrize("blocker", [b for b in BLOCKERS if b != "none"])
def test_with_no_data_every_nudge_gets_tried(blocker: str) -> None:
    chosen = draws(blocker, {}, seed=11, n=200)
    assert set(chosen) == {n.id for n in load_nudges().for_blocker(blocker)}


def test_a_nudge_that_works_comes_first_and_one_that_fails_fades() -> None:
    records = {
        "five-minutes": NudgeRecord("five-minutes", 1, 9),
        "two-minute-start": NudgeRecord("two-minute-start", 9, 1),
    }
    chosen = draws("overwhelm", records, seed=5, n=300)
    assert chosen.most_common(1)[0][0] == "two-minute-start"
    assert chosen["five-minutes"] < chosen["two-minute-start"] / 5


def test_reasons() -> None:
    assert reason_for(None) == "new: trying it out"
    assert reason_for(NudgeRecord("x", 0, 0)) == "new: trying it out"
    assert reason_for(NudgeRecord("x", 4, 1)) == "worked for you 4 of 5 times"
    assert reason_for(NudgeRecord("x", 1, 2)) == "worked for you 1 of 3 times — worth another go"
    assert reason_for(NudgeRecord("x", 1, 0)) == "worked for you the one time you tried it"
    assert reason_for(NudgeRecord("x", 0, 1)).endswith("worth another go")


def test_the_choice_carries_its_reason() -> None:
    library = load_nudges()
    records = {n.id: NudgeRecord(n.id, 4, 1) for n in library.for_blocker("boredom")}
    choice = choose_nudge(library, "boredom", records, random.Random(1))
    assert choice.reason == "worked for you 4 of 5 times"
    fresh = choose_nudge(library, "boredom", {}, random.Random(1))
    assert fresh.reason == "new: trying it out"


def test_exclude_skips_nudges_already_seen_unless_that_is_all() -> None:
    library = load_nudges()
    ids = [n.id for n in library.for_blocker("fear")]
    chosen = draws("fear", {}, seed=2, n=100, exclude=ids[:-1])
    assert set(chosen) == {ids[-1]}
    everything = draws("fear", {}, seed=2, n=100, exclude=ids)
    assert set(everything) == set(ids)


def test_fixed_order_is_the_first_listed() -> None:
    library = load_nudges()
    ids = [n.id for n in library.for_blocker("overwhelm")]
    assert fixed_order_choice(library, "overwhelm").id == ids[0] == "five-minutes"
    assert fixed_order_choice(library, "overwhelm", exclude=[ids[0]]).id == ids[1]


def test_an_unknown_blocker_is_an_error() -> None:
    with pytest.raises(ValueError, match="laziness"):
        choose_nudge(load_nudges(), "laziness", {}, random.Random(0))


@pytest.mark.parametrize(
    ("outcome", "helped", "expected"),
    [
        ("completed", None, True),
        ("completed", True, True),
        ("completed", False, False),  # the user's own answer wins
        ("stopped", True, True),
        ("abandoned", True, True),
        ("stopped", None, False),
        ("abandoned", None, False),
        ("abandoned", False, False),
        (None, None, None),  # still running: not counted
        ("something-else", None, None),
    ],
)
def test_is_success(outcome: str | None, helped: bool | None, expected: bool | None) -> None:
    assert is_success(outcome, helped) is expected


# -- simulation: a synthetic user over six weeks --------------------------------

TRUE_RATES = {"plain-a": 0.2, "plain-b": 0.35, "best": 0.8, "plain-d": 0.5}  # best NOT first
WEEKS, PER_WEEK = 6, 10
SEEDS = range(12)


def synthetic_library() -> NudgeLibrary:
    action = NudgeAction(timer_minutes=10)
    nudges = tuple(
        Nudge(nid, "fear", nid, "words", "why", "source", 0.5, action) for nid in TRUE_RATES
    )
    return NudgeLibrary((BlockerInfo("fear", "fear of failure", "I'm afraid"),), nudges)


def session_outcome(world: random.Random, nudge_id: str) -> tuple[str, bool | None]:
    """What the synthetic user does: works, or abandons / says it didn't help."""
    if world.random() < TRUE_RATES[nudge_id]:
        return "completed", world.choice([True, None])
    return world.choice([("abandoned", None), ("completed", False), ("stopped", False)])


def simulate(seed: int, learning: bool) -> tuple[int, int, int]:
    """Total successes, best picks in the last two weeks, sessions in the last two weeks."""
    library = synthetic_library()
    rng, world = random.Random(seed), random.Random(10_000 + seed)
    counts: dict[str, list[int]] = {nid: [0, 0] for nid in TRUE_RATES}
    total = best_late = late = 0
    for session in range(WEEKS * PER_WEEK):
        if learning:
            records = {nid: NudgeRecord(nid, s, f) for nid, (s, f) in counts.items()}
            nudge = choose_nudge(library, "fear", records, rng).nudge
        else:
            nudge = fixed_order_choice(library, "fear")
        verdict = is_success(*session_outcome(world, nudge.id))
        assert verdict is not None
        counts[nudge.id][0 if verdict else 1] += 1
        total += verdict
        if session >= (WEEKS - 2) * PER_WEEK:
            late += 1
            best_late += nudge.id == "best"
    return total, best_late, late


def test_simulation_the_coach_learns_what_works_for_this_user() -> None:
    thompson = [simulate(seed, learning=True) for seed in SEEDS]
    fixed = [simulate(seed, learning=False) for seed in SEEDS]
    best_share = sum(b for _, b, _ in thompson) / sum(n for _, _, n in thompson)
    thompson_mean = statistics.mean(t for t, _, _ in thompson)
    fixed_mean = statistics.mean(t for t, _, _ in fixed)
    # In the last two weeks it picks the nudge that works in most sessions...
    assert best_share > 0.6, best_share
    # ...and over six weeks, this user gets far more good starts than with a fixed order.
    assert thompson_mean > fixed_mean + 15, (thompson_mean, fixed_mean)
    assert thompson_mean > 1.8 * fixed_mean
