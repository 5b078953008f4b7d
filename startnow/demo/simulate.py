"""Made-up but believable history, for the demo and for benchmarks.

Pure and reproducible: a seed and an injected `now` give the same rows every
time, twelve full weeks and this week so far. The simulated user adds ten to
twenty tasks a week, waits longer to start the scary and the overwhelming ones
than the dull ones, works mostly on weekdays in work hours, and gets faster to
start as the weeks go by. The coach in the simulation is the real one
(`choose_nudge` over the real nudge library), and some nudges work clearly
better than others for this user, so the review and the chooser have something
to show.

The rows carry their own ids (1, 2, 3, …), so a writer can insert them as they
are into an empty store. Every instant is an aware UTC datetime in whole
seconds; weeks, days and work hours are the user's local time (`tz`).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from startnow.demo.rows import History, SimChunk, SimCommitment, SimSession, SimSwap, SimTask
from startnow.demo.tasks import Seed, TaskMaker, Work, weighted, whole_seconds
from startnow.demo.user import (
    COMMITMENTS,
    DEFAULT_EFFECT,
    DEMO,
    FIRST_DELAY_HOURS,
    JUST_GO_EFFECT,
    NUDGE_EFFECT,
    SMALL_BLOCKERS,
    Profile,
)
from startnow.domain.chooser import PRIOR_STRENGTH, NudgeRecord, choose_nudge, is_success
from startnow.domain.delays import GRACE, start_by
from startnow.domain.localtime import iso_week, local_monday
from startnow.domain.model import Outcome, Step, TaskStatus
from startnow.domain.nudges import BLOCKERS, Nudge, NudgeAction, NudgeLibrary, load_nudges
from startnow.domain.plan import timer_minutes
from startnow.domain.templates import SuggestedChunk, Template, load_templates, smaller_first_step

DEFAULT_SEED = 7
FOCUS_MINUTES = 25


class _Simulation(TaskMaker):
    """The day-by-day use: sessions on each task, the nudges the real coach picks and
    how they work out, swaps, drops, and a commitment most weeks."""

    def __init__(
        self,
        now: datetime,
        tz: tzinfo,
        rng: random.Random,
        profile: Profile,
        library: NudgeLibrary,
        templates: Sequence[Template],
    ) -> None:
        super().__init__(now, tz, rng, profile, templates)
        self.library = library
        self.sessions: list[SimSession] = []
        self.swaps: list[SimSwap] = []
        self.commitments: list[SimCommitment] = []
        self.records: dict[str, NudgeRecord] = {}
        self.busy: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self.smaller_of: dict[tuple[str, int], SuggestedChunk] = {}
        self.by_blocker: dict[str, tuple[Nudge, ...]] = {
            b: library.for_blocker(b) for b in BLOCKERS
        }
        self.effect = {n.id: NUDGE_EFFECT.get(n.id, DEFAULT_EFFECT) for n in library.nudges}

    # -- working on it --------------------------------------------------------------

    def first_start(self, task: SimTask, blocker: str, progress: float) -> datetime:
        rng = self.rng
        if task.planned_start is not None and rng.random() < 0.06:
            # Started early: between adding it and its planned start.
            span = (task.planned_start - task.created_at).total_seconds()
            return self.active(task.created_at + whole_seconds(rng.uniform(0, span) / 3600))
        # The coach works: week by week, starts come sooner and less erratically.
        better = 1.5 - 1.3 * progress
        if blocker == "deadline" and task.due is not None and task.estimate:
            # The deadline habit: start around the start-by (at first), or after it.
            latest = start_by(task.due, task.estimate)
            assert latest is not None
            span = max((latest - task.ready_time).total_seconds(), 0.0) / 3600
            late = span * rng.uniform(0.6, 1.05) * better + rng.uniform(0, task.estimate / 30)
            return self.active(task.ready_time + whole_seconds(late))
        median = FIRST_DELAY_HOURS[blocker] * better
        hours = median * math.exp(rng.gauss(0, 0.9 - 0.3 * progress))
        return self.active(task.ready_time + whole_seconds(min(hours, 24 * 40)))

    def smaller(self, title: str, minutes: int) -> SuggestedChunk:
        key = (title, minutes)
        found = self.smaller_of.get(key)
        if found is None:
            found = self.smaller_of[key] = smaller_first_step(title, minutes, self.templates)
        return found

    def follow_up_blocker(self, first: str, kind_blockers: Sequence[tuple[str, float]]) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return "none"
        if roll < 0.8:
            return first
        return weighted(self.rng, kind_blockers)

    def choose(self, blocker: str) -> tuple[Nudge, str | None]:
        """The nudge the coach offers and the user takes, and the one they asked
        to swap away from first, if they did."""
        nudge = self.pick(blocker, ())
        if self.rng.random() < self.profile.swap_rate:
            return self.pick(blocker, (nudge.id,)), nudge.id
        return nudge, None

    def pick(self, blocker: str, exclude: tuple[str, ...]) -> Nudge:
        if self.profile.thompson:
            return choose_nudge(self.library, blocker, self.records, self.rng, exclude).nudge
        best, best_score = None, -1.0
        for nudge in self.by_blocker[blocker]:
            if nudge.id in exclude:
                continue
            record = self.records.get(nudge.id)
            tries = record.tries if record else 0
            wins = record.successes if record else 0
            mean = (nudge.prior * PRIOR_STRENGTH + wins) / (PRIOR_STRENGTH + tries)
            score = mean + self.rng.random() * 0.6 / (1 + tries) ** 0.5
            if score > best_score:
                best, best_score = nudge, score
        assert best is not None
        return best

    def count(self, nudge_id: str, success: bool | None) -> None:
        if success is None:
            return
        old = self.records.get(nudge_id) or NudgeRecord(nudge_id, 0, 0)
        successes, failures = old.successes + success, old.failures + (not success)
        self.records[nudge_id] = NudgeRecord(nudge_id, successes, failures, old.skips)

    def skip(self, nudge_id: str) -> None:
        """A swap away, as the coach counts it: a skip, not a failed try."""
        old = self.records.get(nudge_id) or NudgeRecord(nudge_id, 0, 0)
        self.records[nudge_id] = NudgeRecord(nudge_id, old.successes, old.failures, old.skips + 1)

    def place(self, start: datetime, minutes: int) -> datetime:
        """Move a session past any other one it would overlap: one timer at a time."""
        if not self.profile.avoid_overlap:
            return start
        begin = start.timestamp()
        for _ in range(40):
            end = begin + minutes * 60 + 600
            clash = None
            day = int(begin // 86400)
            for key in (day - 1, day, day + 1):
                for other_start, other_end in self.busy.get(key, ()):
                    if other_start < end and begin < other_end:
                        clash = other_end if clash is None else max(clash, other_end)
            if clash is None:
                break
            begin = clash + self.rng.uniform(120, 600)
        return datetime.fromtimestamp(int(begin), UTC)

    def outcome(self, nudge: Nudge | None) -> tuple[str, str | None, bool | None]:
        """outcome, chunk_done, and nudge_helped as answered (None: skipped or not asked).
        Whether the nudge really helped is drawn from this user's NUDGE_EFFECT
        (without a nudge: how well just going works, JUST_GO_EFFECT; not asked)."""
        rng = self.rng
        helped = rng.random() < (self.effect[nudge.id] if nudge else JUST_GO_EFFECT)
        roll = rng.random()
        completed, stopped = (0.92, 0.98) if helped else (0.45, 0.7)
        if roll < completed:
            outcome = Outcome.COMPLETED
        elif roll < stopped:
            outcome = Outcome.STOPPED
        else:
            outcome = Outcome.ABANDONED
        scale = self.profile.done_scale
        roll = rng.random()
        if outcome == Outcome.COMPLETED:
            yes = (0.88 if helped else 0.5) * scale
            done = "yes" if roll < yes else "partly" if roll < yes + (1 - yes) * 0.7 else "no"
        elif outcome == Outcome.STOPPED:
            done = "yes" if roll < 0.1 * scale else "partly" if roll < 0.65 else "no"
        else:
            done = "partly" if roll < 0.2 else "no"
        if outcome == Outcome.STOPPED and rng.random() < 0.5:
            return outcome, None, None  # logged on the next launch, no questions
        answered = helped if rng.random() < 0.78 and nudge is not None else None
        return outcome, done, answered

    def duration(self, outcome: str, planned: int, done: str | None) -> tuple[int, int]:
        """Focused seconds and paused seconds of one session."""
        rng = self.rng
        full = planned * 60
        if outcome == Outcome.COMPLETED:
            focused = (
                int(full * rng.uniform(0.5, 0.95))
                if done == "yes" and rng.random() < 0.25
                else full
            )
        elif outcome == Outcome.STOPPED:
            focused = int(full * rng.uniform(0.2, 0.9))
        else:
            focused = int(full * rng.uniform(0.05, 0.5))
        paused = rng.randint(60, 600) if rng.random() < 0.15 else 0
        return max(focused, 30), paused

    def work_on(self, work: Work, progress: float) -> None:
        rng, task = self.rng, work.task
        kind_blockers = work.kind.blockers if work.kind else SMALL_BLOCKERS
        first_blocker = weighted(rng, kind_blockers)
        at = self.first_start(task, first_blocker, progress)
        attempts = 0
        limit = self.now - timedelta(minutes=5)
        while True:
            step = next((c for c in work.order if c.done_at is None), None)
            if step is None and work.planned:
                last = max(c.done_at for c in work.order if c.done_at is not None)
                task.status, task.closed_at = TaskStatus.DONE, last
                return
            blocker = (
                first_blocker
                if task.first_started_at is None
                else self.follow_up_blocker(first_blocker, kind_blockers)
            )
            # "Nothing — just go" starts the timer with no nudge, as the app does.
            nudge, swapped = (None, None) if blocker == "none" else self.choose(blocker)
            action = nudge.action if nudge is not None else NudgeAction()
            minutes = step.estimate if step is not None else task.estimate
            shrink = action.shrink_to
            new_step: SimChunk | None = None
            if shrink and (minutes is None or minutes > shrink):
                title = step.title if step is not None else task.title
                smaller = self.smaller(title, shrink)
                new_step = SimChunk(len(self.chunks) + 1, task.id, 0, smaller.title, shrink, at)
                minutes = shrink
            planned = timer_minutes(
                Step(task.id, None, "", minutes), action.timer_minutes, FOCUS_MINUTES
            )
            outcome, done, answered = self.outcome(nudge)
            if outcome == Outcome.COMPLETED and rng.random() < 0.08:
                planned += 5  # "+": five more minutes
            focused, paused = self.duration(outcome, planned, done)
            at = self.place(at, planned)
            end = at + timedelta(seconds=focused + paused)
            if end > limit:
                return  # the rest lies in the future
            if new_step is not None:
                new_step.created_at = at
                self.chunks.append(new_step)
                index = work.order.index(step) if step is not None else len(work.order)
                work.order.insert(index, new_step)
                step = new_step
            if swapped is not None:
                swap_at = at - timedelta(seconds=rng.randint(8, 60))
                self.swaps.append(SimSwap(len(self.swaps) + 1, blocker, swapped, swap_at))
                self.skip(swapped)
            if task.first_started_at is None:
                task.first_started_at = at
            self.sessions.append(
                SimSession(
                    len(self.sessions) + 1, task.id, step.id if step else None, at, planned,
                    end, outcome, blocker, nudge.id if nudge else None, done, answered, paused,
                )
            )  # fmt: skip
            if self.profile.avoid_overlap:
                self.busy[int(at.timestamp() // 86400)].append((at.timestamp(), end.timestamp()))
            if nudge is not None:
                self.count(nudge.id, is_success(outcome, answered))
            hours = action.self_deadline_hours
            if hours and task.self_due is None:
                own = at + timedelta(hours=hours)
                if task.due is None or own < task.due:
                    task.self_due = own
            attempts += 1
            if done == "yes":
                attempts = 0
                if step is not None:
                    step.done_at = end
                else:
                    task.status, task.closed_at = TaskStatus.DONE, end
                    return
            if outcome == Outcome.ABANDONED and (rng.random() < 0.12 or attempts >= 6):
                dropped = end + whole_seconds(rng.uniform(1, 48))
                if dropped < limit:
                    task.status, task.closed_at = TaskStatus.DROPPED, dropped
                return
            if done == "yes" and outcome == Outcome.COMPLETED and rng.random() < 0.6:
                at = end + whole_seconds(rng.uniform(3, 15) / 60)  # a break, then the next step
                if at.astimezone(self.tz).hour >= 21:
                    at = self.active(at)
            else:
                gap = 18 * (1 - 0.3 * progress) * math.exp(rng.gauss(0, 1.0))
                at = self.active(end + whole_seconds(gap))

    def run_task(self, seed: Seed) -> Work:
        work = self.new_task(seed)
        task = work.task
        if seed.role != "normal":
            return work  # still waiting, missed, or a small thing not yet done
        if self.rng.random() < 0.03:  # dropped without ever being started
            dropped = task.ready_time + whole_seconds(144 * math.exp(self.rng.gauss(0, 0.6)))
            if dropped < self.now - GRACE:
                task.status, task.closed_at = TaskStatus.DROPPED, dropped
                return work
        self.work_on(work, seed.progress)
        if task.status == TaskStatus.OPEN and task.first_started_at is None:
            self.reschedule_if_missed(task)
        return work

    def reschedule_if_missed(self, task: SimTask) -> None:
        """Only the chosen few stay missed: any other open, unstarted task whose
        start has gone by was rescheduled by the user (a missed-start recovery)."""
        deadline = task.planned_start or start_by(task.due, task.estimate)
        if deadline is None or self.now - deadline <= GRACE:
            return
        task.planned_start = self.next_weekday_nine(self.now, self.rng.randint(0, 3))
        if task.due is not None and task.estimate:
            latest = start_by(task.due, task.estimate)
            if latest is not None and latest < task.planned_start:
                task.due = task.planned_start + timedelta(days=self.rng.randint(2, 7))

    def renumber(self, works: list[Work]) -> None:
        """Dense positions in each task's order; ids in the order rows came to be,
        as an autoincrementing store would have given them."""
        for work in works:
            for position, chunk in enumerate(work.order):
                chunk.position = position
        self.chunks.sort(key=lambda c: (c.created_at, c.id))
        new_ids = {}
        for number, chunk in enumerate(self.chunks, 1):
            new_ids[chunk.id] = number
            chunk.id = number
        self.sessions.sort(key=lambda s: s.started_at)
        for number, session in enumerate(self.sessions, 1):
            session.id = number
            if session.chunk_id is not None:
                session.chunk_id = new_ids[session.chunk_id]
        self.swaps.sort(key=lambda s: s.at)
        for number, swap in enumerate(self.swaps, 1):
            swap.id = number

    # -- commitments ----------------------------------------------------------------

    def add_commitments(self) -> None:
        rng = self.rng
        this_monday = local_monday(self.now, self.tz)
        monday = local_monday(self.start, self.tz) + timedelta(weeks=1)
        while monday <= this_monday:
            if rng.random() < self.profile.commitment_rate or monday == this_monday:
                if rng.random() < 0.5:
                    created = self.local_day_time(monday - timedelta(days=1), rng.uniform(19, 22))
                else:
                    created = self.local_day_time(monday, rng.uniform(8, 9.5))
                if created >= self.now:
                    created = self.local_day_time(monday - timedelta(days=1), rng.uniform(19, 22))
                kept: bool | None = None
                if monday < this_monday:
                    roll = rng.random()
                    kept = True if roll < 0.6 else False if roll < 0.85 else None
                self.commitments.append(
                    SimCommitment(
                        len(self.commitments) + 1,
                        iso_week(monday),
                        rng.choice(COMMITMENTS),
                        created,
                        kept,
                    )
                )
            monday += timedelta(weeks=1)

    def run(self) -> History:
        works = [self.run_task(seed) for seed in self.seeds()]
        self.renumber(works)
        self.add_commitments()
        return History(
            self.start, self.now, self.tasks, self.chunks, self.sessions, self.swaps,
            self.commitments,
        )  # fmt: skip


def simulate(
    now: datetime,
    tz: tzinfo,
    seed: int = DEFAULT_SEED,
    profile: Profile = DEMO,
    library: NudgeLibrary | None = None,
    templates: Sequence[Template] | None = None,
) -> History:
    """`profile.weeks` ISO weeks of history ending at `now`, the same for the same seed."""
    return _Simulation(
        now,
        tz,
        random.Random(seed),
        profile,
        library or load_nudges(),
        templates if templates is not None else load_templates(),
    ).run()
