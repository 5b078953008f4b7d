"""The learner's rules as pure functions at fixed clocks and seeds: it finds a
nudge that always helps, drops one that stopped helping, weighs each signal as
stated, and says only what happened. And bench.coach runs and shows every chooser."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bench import coach
from bench.coach_choosers import CHOOSER_NAMES
from startnow.domain.beta import beta_cdf, beta_quantile
from startnow.domain.chooser import Choice
from startnow.domain.exploring import explore_choice
from startnow.domain.learning import (
    DEFAULT_TUNING,
    Learner,
    Outcome,
    Tuning,
    beliefs,
    choose_learned,
    learn,
)
from startnow.domain.nudges import load_nudges

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIBRARY = load_nudges()
ALONE = replace(
    DEFAULT_TUNING, other_blockers=(0, 0), kind=(0, 0), idea=(0, 0), person=(0, 0)
)  # no sharing: a pair's own evidence only


def session(nudge_id: str, blocker: str, day: float, task: int, **kw: object) -> Outcome:
    return Outcome(T0 + timedelta(days=day), blocker, nudge_id, task, **kw)  # type: ignore[arg-type]


def mean(learner: Learner, blocker: str, nudge_id: str, now: datetime) -> float:
    a, b = learner.posterior(blocker, LIBRARY.get(nudge_id), now)
    return a / (a + b)


def own_evidence(
    learner: Learner, blocker: str, nudge_id: str, now: datetime
) -> tuple[float, float]:
    """(good, bad) beyond the prior, with sharing off."""
    nudge = LIBRARY.get(nudge_id)
    a, b = learner.posterior(blocker, nudge, now)
    strength = learner.tuning.prior_strength
    return a - nudge.prior * strength, b - (1 - nudge.prior) * strength


def live(blocker: str, helps: Callable[[str, int], bool], sessions: int, seed: int) -> list[str]:
    """A person answering "did it help?" with `helps(nudge, n)`; the nudges
    offered as the app offers them (one in ten at random: those show as "?",
    so what is asserted is the coach's own picks)."""
    learner = Learner(LIBRARY)
    rng = random.Random(seed)
    offered = []
    for n in range(sessions):
        now = T0 + timedelta(days=n)
        nudge, at_random, _ = explore_choice(learner, blocker, now, rng)
        offered.append("?" if at_random else nudge.id)
        learner.observe(Outcome(now, blocker, nudge.id, task_id=n, helped=helps(nudge.id, n)))
    return offered


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_nudge_that_always_helps_is_offered_within_ten_sessions(seed: int) -> None:
    offered = live("fear", lambda nudge, _n: nudge == "clean-slate", sessions=20, seed=seed)
    assert "clean-slate" in offered[:10]
    own = [nudge for nudge in offered[10:] if nudge != "?"]
    assert own.count("clean-slate") >= len(own) - 1 and len(own) >= 7


@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_a_nudge_that_stops_helping_is_dropped_within_twenty_sessions(seed: int) -> None:
    def helps(nudge: str, n: int) -> bool:  # at session 20 it wore off; another one works
        return nudge == ("rough-draft" if n < 20 else "stop-mid-sentence")

    offered = live("perfectionism", helps, sessions=48, seed=seed)
    assert offered[12:20].count("rough-draft") >= 6
    assert offered[40:48].count("rough-draft") <= 1


def test_a_swap_lowers_a_nudge_a_little_and_for_that_blocker_only() -> None:
    history = [
        session("practice-round", "fear", day, task, helped=True)
        for task, day in enumerate(range(4))
    ]
    history.append(session("rough-draft", "perfectionism", 4, 10, helped=True))
    now = T0 + timedelta(days=5)
    before = learn(LIBRARY, history)
    after = learn(LIBRARY, [*history, session("practice-round", "fear", 5, 0, swapped=True)])
    drop = mean(before, "fear", "practice-round", now) - mean(after, "fear", "practice-round", now)
    assert 0 < drop < 0.05
    for blocker, nudge in (("perfectionism", "rough-draft"), ("overwhelm", "small-and-rough")):
        assert mean(after, blocker, nudge, now) == mean(before, blocker, nudge, now)


def test_a_defaulted_blocker_teaches_nothing_about_the_blocker() -> None:
    defaulted = [
        session("five-minutes", "overwhelm", day, day, helped=True, defaulted_blocker=True)
        for day in range(3)
    ]
    now = T0 + timedelta(days=4)
    fresh, learned = Learner(LIBRARY), learn(LIBRARY, defaulted)
    for nudge in LIBRARY.for_blocker("overwhelm"):
        assert learned.posterior("overwhelm", nudge, now) == fresh.posterior(
            "overwhelm", nudge, now
        )
    assert learned.reason("overwhelm", LIBRARY.get("five-minutes"), now).startswith(
        "Just five minutes — new: trying it out;"
    )
    # ... but it was still the five-minute rule that helped: its sibling for fear gains.
    assert mean(learned, "fear", "just-look", now) > mean(fresh, "fear", "just-look", now)


def test_the_reason_states_only_what_happened() -> None:
    history = [
        session("small-and-rough", "overwhelm", 0, 1, helped=True),
        session("small-and-rough", "overwhelm", 1, 2, helped=True),
        session("small-and-rough", "overwhelm", 2, 3, helped=False),
        session("small-and-rough", "overwhelm", 3, 4, helped=True),
        session("small-and-rough", "overwhelm", 4, 5),  # no answer
        session("small-and-rough", "overwhelm", 4, 6, swapped=True),
        session("practice-round", "fear", 5, 7, helped=True),
    ]
    learner = learn(LIBRARY, history)
    now = T0 + timedelta(days=6)
    reason = learner.reason("overwhelm", LIBRARY.get("small-and-rough"), now)
    assert reason.startswith("Small and rough — helped 3 of 4 times; swapped away once; ")
    unswapped = learner.reason("fear", LIBRARY.get("practice-round"), now)
    assert unswapped.startswith("A practice round — helped 1 of 1 time; ")
    assert "swapped" not in unswapped
    # never tried for perfectionism, but rough drafts were (small-and-rough, practice-round):
    assert learner.reason("perfectionism", LIBRARY.get("rough-draft"), now).startswith(
        "Rough draft only — new here; a rough draft helped you 4 of 5 times on other blockers;"
    )
    assert Learner(LIBRARY).reason("boredom", LIBRARY.get("beat-the-clock"), now) == (
        "Beat the clock — new: trying it out; a guess"
    )


def test_sureness_grows_with_evidence() -> None:
    many = [session("five-minutes", "overwhelm", d / 4, d, helped=True) for d in range(30)]
    now = T0 + timedelta(days=8)
    sure = learn(LIBRARY, many, ALONE).belief("overwhelm", LIBRARY.get("five-minutes"), now)
    assert sure.reason.endswith("; fairly sure")
    assert sure.low < sure.mean < sure.high
    assert sure.high - sure.low < 0.35


def test_old_evidence_halves_every_half_life() -> None:
    learner = learn(LIBRARY, [session("beat-the-clock", "boredom", 0, 1, helped=True)], ALONE)
    later = T0 + timedelta(days=ALONE.half_life_days)
    good, bad = own_evidence(learner, "boredom", "beat-the-clock", later)
    assert good == pytest.approx(0.5)
    assert bad == pytest.approx(0.0)


def test_each_signal_has_its_stated_weight() -> None:
    history = [
        session("beat-the-clock", "boredom", 0, 1, started_within_a_minute=True),
        session("beat-the-clock", "boredom", 0, 2, abandoned_early=True),
        session("beat-the-clock", "boredom", 0, 3, helped=False),
        session("beat-the-clock", "boredom", 0, 3, helped=True),  # a follow-up on task 3
        session("beat-the-clock", "boredom", 0, 0, swapped=True),
    ]
    good, bad = own_evidence(learn(LIBRARY, history, ALONE), "boredom", "beat-the-clock", T0)
    t = ALONE
    assert good == pytest.approx(t.quick_start + t.helped * t.follow_up)
    assert bad == pytest.approx(t.early_abandon + t.helped + t.swap)


def test_a_short_timer_buys_nothing() -> None:
    """The same answers give a 2-minute nudge and a 10-minute one the same evidence."""
    history = [
        session(nudge, "boredom", 0, task, helped=True)
        for task, nudge in enumerate(["smallest-dull-bit", "beat-the-clock"])
    ]
    learner = learn(LIBRARY, history, ALONE)
    assert own_evidence(learner, "boredom", "smallest-dull-bit", T0) == own_evidence(
        learner, "boredom", "beat-the-clock", T0
    )


def test_same_seed_same_choice_and_it_is_the_chooser_choice_type() -> None:
    history = [session("clean-slate", "fear", d, d, helped=d % 2 == 0) for d in range(6)]
    now = T0 + timedelta(days=7)
    picks = [choose_learned(LIBRARY, "fear", history, now, random.Random(9)) for _ in range(2)]
    assert picks[0] == picks[1]
    assert isinstance(picks[0], Choice)
    excluded = choose_learned(
        LIBRARY, "fear", history, now, random.Random(9), exclude=["clean-slate"]
    )
    assert excluded.nudge.id != "clean-slate"


def test_beliefs_cover_every_pair_in_library_order() -> None:
    found = beliefs(LIBRARY, [session("clean-slate", "fear", 0, 1, helped=True)], T0)
    assert [b.nudge_id for b in found] == [n.id for n in LIBRARY.nudges]
    assert all(0 < b.low < b.mean < b.high < 1 for b in found)


def test_beta_quantiles() -> None:
    assert beta_quantile(0.3, 1, 1) == pytest.approx(0.3, abs=1e-9)
    assert beta_quantile(0.25, 2, 1) == pytest.approx(0.5, abs=1e-9)  # cdf is x^2
    assert beta_quantile(0.5, 7, 7) == pytest.approx(0.5, abs=1e-9)
    assert beta_cdf(0.2, 3, 5) + beta_cdf(0.8, 5, 3) == pytest.approx(1.0)


def test_tuning_is_plain_data() -> None:
    assert Tuning() == DEFAULT_TUNING


def test_the_benchmark_prints_every_chooser(capsys: pytest.CaptureFixture[str]) -> None:
    assert coach.main(["--quick", "--people", "2", "--weeks", "2", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    steady, drifting, weekly = out.split("\n\n")[1:4]
    for name in CHOOSER_NAMES:
        assert f"| {name} " in steady
        assert f"| {name} " in drifting
        assert f"delay h: {name}" in weekly
    assert "| week 2 " in steady
    assert "New learner behind today's chooser:" in out


def test_the_benchmark_gives_the_same_figures_in_two_processes() -> None:
    one, two = coach.run(3, 2, seed=4, jobs=1), coach.run(3, 2, seed=4, jobs=2)
    assert one.keys() == two.keys()
    for key, tally in one.items():
        assert [tally.share(w) for w in (1, 2)] == pytest.approx(
            [two[key].share(w) for w in (1, 2)]
        )
        assert sorted(tally.regret) == pytest.approx(sorted(two[key].regret))
        assert [sorted(d) for d in tally.delays] == [sorted(d) for d in two[key].delays]


def test_the_benchmark_runs_the_context_experiment(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--people", "2", "--weeks", "2", "--jobs", "1", "--context-effect", "--explore", "0.5"]
    assert coach.main(args) == 0
    out = capsys.readouterr().out
    assert "the learner picks 50% at random; with a context effect" in out
    assert "| new learner + context " in out


def test_the_benchmarks_random_picks_are_seeded_and_change_the_picks() -> None:
    """The same seed, the same figures; the random picks (the default) differ from none."""
    plain = coach.run(2, 2, seed=3, setup=coach.Setup(explore=0.0), names=["new learner"])
    again = coach.run(2, 2, seed=3, setup=coach.Setup(explore=0.0), names=["new learner"])
    explored = coach.run(2, 2, seed=3, names=["new learner"])
    share = [plain[("new learner", False)].share(w) for w in (1, 2)]
    assert share == [again[("new learner", False)].share(w) for w in (1, 2)]
    assert share != [explored[("new learner", False)].share(w) for w in (1, 2)]


def test_the_informed_reference_learns_from_the_evidence_and_shows_in_the_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """bench.coach --informed: the chooser that knows the model of people weighs
    its cloud by what it sees, and so loses less to the oracle than a random pick."""
    from bench import coach_informed

    names = [coach_informed.InformedBayes.name, "uniform random"]
    setup = coach.Setup(informed=True, cloud=600)
    results = coach.run(4, 3, seed=2, setup=setup, names=names)
    informed = results[(coach_informed.InformedBayes.name, False)]
    chance = results[("uniform random", False)]
    assert sum(informed.regret) < 0.8 * sum(chance.regret)
    assert informed.share(3) > chance.share(3) + 0.2
    args = ["--people", "1", "--weeks", "1", "--jobs", "1", "--informed", "--cloud", "300"]
    assert coach.main(args) == 0
    assert f"| {coach_informed.InformedBayes.name} " in capsys.readouterr().out


def test_the_informed_reference_believes_what_it_is_told() -> None:
    """Answers that one nudge helped and another did not move the cloud's
    expected chances apart, and the one that helped is offered."""
    from bench.coach_choosers import Session
    from bench.coach_informed import InformedBayes

    library = load_nudges()
    first, second = library.for_blocker("perfectionism")[:2]
    chooser = InformedBayes(library, random.Random(5), cloud=2000)
    before = chooser.expected(first.id), chooser.expected(second.id)
    when = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for task in range(8):
        for nudge, helped in ((first, False), (second, True)):
            chooser.pick("perfectionism", when, ())
            chooser.session(Session(when, "perfectionism", nudge, 2 * task + helped,
                                    "completed" if helped else "abandoned", helped,
                                    started_within_a_minute=helped,
                                    abandoned_early=not helped,
                                    defaulted_blocker=False))  # fmt: skip
    assert chooser.expected(first.id) < before[0] - 0.1
    assert chooser.expected(second.id) > before[1] + 0.1
    assert chooser.pick("perfectionism", when, ()).id == second.id
    assert chooser.effective() < 2000 / 2
