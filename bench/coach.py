"""How fast does the coach learn what works for a person? `python -m bench.coach`.

Runs simulated people (bench/coach_model.py) through weeks of tasks with each
chooser (bench/coach_choosers.py), the same people with the same luck, and
prints per chooser: the share of the oracle's gain over a random pick by week,
the regret, and the median start delay by week. bench/README.md states the
model and the figures.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bench import coach_model as model
from bench.coach_choosers import (
    CHOOSER_NAMES,
    AlwaysFirst,
    Chooser,
    Context,
    ContextLearner,
    NewLearner,
    Oracle,
    Session,
    TodaysChooser,
    UniformRandom,
)
from bench.coach_informed import InformedBayes
from startnow.domain.exploring import EXPLORE_SHARE
from startnow.domain.learning import Tuning
from startnow.domain.nudges import BLOCKERS as ALL_BLOCKERS
from startnow.domain.nudges import NO_NUDGE_BLOCKER, Nudge, NudgeLibrary, load_nudges

# "Nothing — just go" starts the timer with no nudge: nothing to choose there.
BLOCKERS = tuple(b for b in ALL_BLOCKERS if b != NO_NUDGE_BLOCKER)

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday
STEADY_WEEKS = (2, 4, 8, 16)
DRIFT_WEEKS = (4, 5, 6, 7, 8, 16)
TASK_SPACING = timedelta(hours=14)
# Every chooser, in the order that numbers their random streams: the default
# five, the learner using context (runs with a context effect), the informed
# reference (--informed).
ALL_NAMES = (*CHOOSER_NAMES, ContextLearner.name, InformedBayes.name)


@dataclass
class Tally:
    """One chooser on one kind of person: sums by week (index 0 = week 1)."""

    weeks: int
    value: list[float] = field(default_factory=list)  # true chance of the first offer
    best: list[float] = field(default_factory=list)  # the oracle's
    mean: list[float] = field(default_factory=list)  # a random pick's, expected
    delays: list[list[float]] = field(default_factory=list)
    regret: list[float] = field(default_factory=list)  # per person, over all weeks

    def __post_init__(self) -> None:
        self.value, self.best, self.mean = ([0.0] * self.weeks for _ in range(3))
        self.delays = [[] for _ in range(self.weeks)]

    def share(self, week: int) -> float:
        """Week `week` (1-based): the part of the oracle's gain over random this chooser got."""
        gain = self.best[week - 1] - self.mean[week - 1]
        return (self.value[week - 1] - self.mean[week - 1]) / gain if gain else 0.0


Results = dict[tuple[str, bool], Tally]  # (chooser, drifting) -> tally


@dataclass(frozen=True)
class Setup:
    """What a run varies besides the people: the learner's tuning, its share
    of random picks, and whether the people have a context effect (then the
    learner that uses context runs too)."""

    tuning: Tuning | None = None
    explore: float = EXPLORE_SHARE
    context: bool = False
    informed: bool = False  # adds the reference that knows the model (bench/coach_informed.py)
    cloud: int = 4000  # the informed reference's possible people


def make_chooser(
    name: str, library: NudgeLibrary, rng: random.Random,
    truth: Callable[[str, datetime, Context], float], setup: Setup,
) -> Chooser:  # fmt: skip
    if name == Oracle.name:
        return Oracle(library, rng, truth)
    if name == NewLearner.name:
        return NewLearner(library, rng, setup.tuning, setup.explore)
    if name == ContextLearner.name:
        return ContextLearner(library, rng, setup.tuning, setup.explore)
    if name == InformedBayes.name:
        return InformedBayes(library, rng, setup.cloud)
    kinds: dict[str, type[Chooser]] = {
        TodaysChooser.name: TodaysChooser, AlwaysFirst.name: AlwaysFirst,
        UniformRandom.name: UniformRandom,
    }  # fmt: skip
    return kinds[name](library, rng)


def week_of(when: datetime) -> int:
    return (when - START).days // 7


def live_person(
    person: model.Person,
    chooser: Chooser,
    draws: Sequence[Sequence[Sequence[float]]],
    library: NudgeLibrary,
    tally: Tally,
    steps: Sequence[Sequence[float]] | None = None,
) -> None:
    """One person, every week, with one chooser; adds to `tally`. With `steps`
    (the person has a context effect), each session has a context: whether the
    task's next step is big, and the part of the day it starts in."""
    confidence: dict[str, float] = dict.fromkeys(BLOCKERS, model.CONFIDENCE_START)
    nudges_for: dict[str, tuple[Nudge, ...]] = {b: library.for_blocker(b) for b in BLOCKERS}
    regret = 0.0
    task_id = 0
    for week, tasks in enumerate(draws):
        for number, task_draws in enumerate(tasks):
            task_id += 1
            ready = START + timedelta(days=7 * week) + number * TASK_SPACING
            blocker = person.blocker(task_draws[0])
            defaulted = task_draws[1] < model.DEFAULTED
            shown = "overwhelm" if defaulted else blocker
            delay = model.delay_hours(blocker, confidence[blocker], task_draws[2])
            tally.delays[week].append(delay)
            big = None if steps is None else steps[week][number] < model.BIG_STEP
            for index in range(model.MAX_SESSIONS):
                u = model.session_draws(task_draws, index)
                when = ready + timedelta(hours=delay + index)
                context = None if big is None else (big, model.daypart(when.hour))
                here = context or (None, None)
                nudge = chooser.pick(shown, when, (), context)
                if not defaulted:
                    chances = [person.chance(n.id, week, *here) for n in nudges_for[shown]]
                    value = person.chance(nudge.id, week, *here)
                    tally.value[week] += value
                    tally.best[week] += max(chances)
                    tally.mean[week] += sum(chances) / len(chances)
                    regret += max(chances) - value
                seen: list[str] = []
                for swap in range(model.MAX_SWAPS):
                    unsuited = 1 - person.chance(nudge.id, week, *here)
                    if u[swap] >= model.SWAP_BASE + model.SWAP_UNSUITED * unsuited:
                        break
                    if len(seen) + 1 >= len(nudges_for[shown]):
                        break
                    chooser.swapped(shown, nudge, when)
                    seen.append(nudge.id)
                    nudge = chooser.pick(shown, when, seen, context)
                act = model.act(person, nudge, week, index, shown != blocker, u, context)
                chooser.session(
                    Session(
                        when, shown, nudge, task_id, act.outcome, act.answer,
                        started_within_a_minute=act.quick_start,
                        abandoned_early=act.abandoned_early,
                        defaulted_blocker=defaulted, context=context,
                    )
                )  # fmt: skip
                rate = model.CONFIDENCE_RATE
                confidence[blocker] += rate * (float(act.helped) - confidence[blocker])
                if not act.goes_on:
                    break
    tally.regret.append(regret)


def _run_some(
    people: Sequence[tuple[bool, int]],
    weeks: int,
    seed: int,
    setup: Setup,
    names: Sequence[str],
) -> Results:
    library = load_nudges()
    results: Results = {(name, d): Tally(weeks) for name in names for d in (False, True)}
    for drifting, index in people:
        person = model.make_person(library, seed, index, drifting)
        draws = model.luck(seed, person, weeks)
        steps = None
        if setup.context:
            person = model.with_context(library, seed, person)
            steps = model.context_luck(seed, person, weeks)

        def truth(
            nudge_id: str, when: datetime, context: Context, person: model.Person = person
        ) -> float:
            return person.chance(nudge_id, week_of(when), *(context or (None, None)))

        for name in names:
            # Each chooser's own stream, by its place in the full list (so adding
            # one leaves the others' draws as they were).
            number = ALL_NAMES.index(name)
            rng = random.Random(seed * 1_000_003 + index * 31 + number * 2 + drifting)
            chooser = make_chooser(name, library, rng, truth, setup)
            live_person(person, chooser, draws, library, results[(name, drifting)], steps)
    return results


def _merge(into: Results, more: Results) -> None:
    for key, tally in more.items():
        mine = into[key]
        for week in range(mine.weeks):
            mine.value[week] += tally.value[week]
            mine.best[week] += tally.best[week]
            mine.mean[week] += tally.mean[week]
            mine.delays[week] += tally.delays[week]
        mine.regret += tally.regret


def run(
    people: int,
    weeks: int,
    seed: int = 1,
    setup: Setup = Setup(),
    names: Sequence[str] | None = None,
    jobs: int = 1,
) -> Results:
    """Every chooser on `people` steady and `people` drifting people, in `jobs` processes."""
    if names is None:
        names = (*CHOOSER_NAMES, *([ContextLearner.name] if setup.context else []),
                 *([InformedBayes.name] if setup.informed else []))  # fmt: skip
    everyone = [(drifting, index) for drifting in (False, True) for index in range(people)]
    slices = [everyone[job::jobs] for job in range(jobs)]
    if jobs == 1:
        return _run_some(everyone, weeks, seed, setup, names)
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        parts = pool.starmap(_run_some, [(part, weeks, seed, setup, names) for part in slices])
    results = parts[0]
    for part in parts[1:]:
        _merge(results, part)
    return results


# -- the tables -------------------------------------------------------------------


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_row(header, widths), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(lines + [_row(r, widths) for r in rows])


def share_table(results: Results, drifting: bool, weeks: Sequence[int]) -> str:
    names = [name for name, d in results if d == drifting]
    shown = [w for w in weeks if w <= results[(names[0], drifting)].weeks]
    rows = []
    for name in names:
        tally = results[(name, drifting)]
        cells = [f"{tally.share(w):.2f}" for w in shown]
        rows.append([name, *cells, f"{statistics.fmean(tally.regret):.1f}"])
    header = ["chooser", *(f"week {w}" for w in shown), "regret per person"]
    return table(header, rows)


def weekly_table(results: Results) -> str:
    names = sorted({name for name, _ in results}, key=ALL_NAMES.index)
    weeks = results[(names[0], False)].weeks
    header = ["week", "today's / new, steady", "today's / new, drifting"]
    header += [f"delay h: {name}" for name in names]
    rows = []
    for week in range(1, weeks + 1):
        cells = [str(week)]
        for drifting in (False, True):
            if (TodaysChooser.name, drifting) in results and (NewLearner.name, drifting) in results:
                old = results[(TodaysChooser.name, drifting)].share(week)
                new = results[(NewLearner.name, drifting)].share(week)
                cells.append(f"{old:.2f} / {new:.2f}")
            else:
                cells.append("-")
        for name in names:
            delays = (
                results[(name, False)].delays[week - 1] + results[(name, True)].delays[week - 1]
            )
            cells.append(f"{statistics.median(delays):.1f}")
        rows.append(cells)
    return table(header, rows)


def behind_weeks(results: Results) -> list[str]:
    """Weeks in which the new learner got less of the oracle's gain than today's chooser."""
    behind = []
    for drifting in (False, True):
        old, new = results[(TodaysChooser.name, drifting)], results[(NewLearner.name, drifting)]
        for week in range(1, old.weeks + 1):
            if new.share(week) < old.share(week):
                kind = "drifting" if drifting else "steady"
                behind.append(
                    f"week {week} ({kind}: {new.share(week):.2f} < {old.share(week):.2f})"
                )
    return behind


def report(
    results: Results, people: int, seed: int, seconds: float, setup: Setup = Setup()
) -> str:
    weeks = next(iter(results.values())).weeks
    context = "; with a context effect" if setup.context else ""
    parts = [
        f"bench.coach: {people} steady and {people} drifting people, {weeks} weeks, "
        f"{model.TASKS_PER_WEEK} tasks a week, seed {seed}; the learner picks "
        f"{setup.explore:.0%} at random{context}; {seconds:.1f} s on "
        f"{platform.machine()} Python {platform.python_version()}",
        "",
        "Steady people: share of the oracle's gain over a random pick, in the week",
        share_table(results, False, STEADY_WEEKS),
        "",
        f"Drifting people (their best nudges wear off at the start of week {model.DRIFT_WEEK + 1})",
        share_table(results, True, DRIFT_WEEKS),
        "",
        "By week: share of the oracle's gain, and the median start delay (hours, everyone)",
        weekly_table(results),
    ]
    if (TodaysChooser.name, False) in results and (NewLearner.name, False) in results:
        behind = behind_weeks(results)
        parts += ["", "New learner behind today's chooser: " + ("; ".join(behind) or "no week")]
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coach", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 people of each kind, 8 weeks")
    parser.add_argument("--people", type=int, help="people of each kind (100; --quick 20)")
    parser.add_argument("--weeks", type=int, help="weeks (16; --quick 8)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="processes (2)")
    parser.add_argument(
        "--explore", type=float, default=EXPLORE_SHARE,
        help=f"the learner's share of random picks ({EXPLORE_SHARE}, as in the app)",
    )  # fmt: skip
    parser.add_argument(
        "--context-effect", action="store_true",
        help="people whose nudges help by step size and time of day; adds the learner using them",
    )  # fmt: skip
    parser.add_argument(
        "--informed", action="store_true",
        help="adds a reference that knows the model of people: about the most any learner "
        "can reach on this evidence (slower)",
    )  # fmt: skip
    parser.add_argument("--cloud", type=int, default=4000,
                        help="the informed reference's possible people (4000)")  # fmt: skip
    args = parser.parse_args(argv)
    people = args.people or (20 if args.quick else 100)
    weeks = args.weeks or (8 if args.quick else 16)
    if people < 1 or weeks < 1 or args.jobs < 1:
        parser.error("--people, --weeks and --jobs must be at least 1")
    if not 0 <= args.explore <= 1:
        parser.error("--explore must be from 0 to 1")
    if args.cloud < 1:
        parser.error("--cloud must be at least 1")
    setup = Setup(
        explore=args.explore, context=args.context_effect, informed=args.informed,
        cloud=args.cloud,
    )  # fmt: skip
    began = time.perf_counter()
    results = run(people, weeks, args.seed, setup, jobs=min(args.jobs, 2 * people))
    print(report(results, people, args.seed, time.perf_counter() - began, setup))
    return 0


if __name__ == "__main__":
    sys.exit(main())
