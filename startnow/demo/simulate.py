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
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from startnow.domain.chooser import PRIOR_STRENGTH, NudgeRecord, choose_nudge, is_success
from startnow.domain.delays import GRACE, start_by
from startnow.domain.model import Step
from startnow.domain.nudges import BLOCKERS, Nudge, NudgeLibrary, load_nudges
from startnow.domain.plan import timer_minutes
from startnow.domain.tags import join_tags
from startnow.domain.templates import (
    SuggestedChunk,
    Template,
    load_templates,
    match_template,
    smaller_first_step,
)

DEFAULT_SEED = 7
FOCUS_MINUTES = 25

# -- the rows ----------------------------------------------------------------------
# Field names are the store's column names, so writers can map them one to one.


@dataclass(slots=True)
class SimTask:
    id: int
    title: str
    created_at: datetime
    estimate: int | None
    tags: str
    planned_start: datetime | None = None
    due: datetime | None = None
    self_due: datetime | None = None
    status: str = "open"
    first_started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def ready_time(self) -> datetime:
        return self.planned_start or self.created_at


@dataclass(slots=True)
class SimChunk:
    id: int
    task_id: int
    position: int
    title: str
    estimate: int | None
    created_at: datetime
    done_at: datetime | None = None


@dataclass(slots=True)
class SimSession:
    id: int
    task_id: int
    chunk_id: int | None
    started_at: datetime
    planned_minutes: int
    ended_at: datetime
    outcome: str
    blocker: str
    nudge_id: str
    chunk_done: str | None
    nudge_helped: bool | None
    paused_seconds: int = 0
    kind: str = "focus"


@dataclass(slots=True)
class SimSwap:
    id: int
    blocker: str
    nudge_id: str
    at: datetime


@dataclass(slots=True)
class SimCommitment:
    id: int
    week: str
    text: str
    created_at: datetime
    kept: bool | None


@dataclass(frozen=True)
class History:
    start: datetime  # Monday 00:00 local of the first week, as UTC
    now: datetime
    tasks: list[SimTask]
    chunks: list[SimChunk]
    sessions: list[SimSession]
    swaps: list[SimSwap]
    commitments: list[SimCommitment]

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "chunks": len(self.chunks),
            "sessions": len(self.sessions),
            "swaps": len(self.swaps),
            "commitments": len(self.commitments),
        }

    def open_unstarted(self) -> list[SimTask]:
        """Open tasks never started: the review's "still waiting" (and the missed ones)."""
        return [t for t in self.tasks if t.status == "open" and t.first_started_at is None]

    def missed(self, grace: timedelta = GRACE) -> list[SimTask]:
        """Missed starts at `now`, by PRODUCT.md's rule."""
        found = []
        for task in self.open_unstarted():
            deadline = task.planned_start or start_by(task.due, task.estimate)
            if deadline is not None and self.now - deadline > grace:
                found.append(task)
        return found


@dataclass(frozen=True)
class Profile:
    """How much history, and how busy the user is."""

    weeks: int = 12  # full weeks before this one (which is there too, so far)
    tasks_per_week: tuple[float, float] = (10, 20)
    chunks_per_task: tuple[int, int] = (2, 5)
    # Scales the chance a session gets its step done: below 1, steps take more sessions.
    done_scale: float = 1.0
    swap_rate: float = 0.05  # sessions preceded by "another nudge, please"
    commitment_rate: float = 0.85  # weeks with a commitment
    old_waiting: int = 7  # tasks from earlier weeks never started (the review's "still waiting")
    small_open: int = 3  # small things open right now
    missed_now: int = 2  # missed starts right now
    avoid_overlap: bool = True  # one timer at a time (off for benchmark volumes)
    # The real coach (Thompson sampling) picks the nudges; off: a cheaper stand-in that
    # also favours what worked, for benchmark volumes.
    thompson: bool = True


DEMO = Profile()


def heavy_profile(tasks: int = 20_000, years: float = 5.0) -> Profile:
    """A years-long heavy user: ~5 steps a task and ~2 sessions a step."""
    weeks = max(2, round(years * 52.18))
    per_week = tasks / weeks
    return Profile(
        weeks=weeks,
        tasks_per_week=(per_week * 0.8, per_week * 1.2),
        chunks_per_task=(4, 8),
        done_scale=0.66,
        swap_rate=0.03,
        commitment_rate=0.95,
        old_waiting=10,
        avoid_overlap=False,
        thompson=False,
    )


# -- what the simulated user does ---------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of work: titles, tags, estimates, and why such tasks tend to wait."""

    name: str
    weight: float
    titles: tuple[str, ...]
    tags: tuple[str, ...]
    estimates: tuple[int, ...]
    blockers: tuple[tuple[str, float], ...]


KINDS: tuple[Kind, ...] = (
    Kind("write", 1.4, (
        "Write the Q{q} report", "Draft the blog post on {topic}",
        "Write {person}'s reference letter", "Write up the notes from the {topic} workshop",
        "Draft the {topic} proposal", "Write the intro chapter of the thesis",
        "Rewrite the README for the {topic} project",
    ), ("work", "writing"), (45, 60, 90, 120, 180),
        (("perfectionism", 4), ("fear", 2), ("overwhelm", 3), ("deadline", 2), ("none", 2))),
    Kind("email", 1.5, (
        "Reply to {person} about the {topic} plan", "Email {org} about the refund",
        "Answer {person}'s questions on the {topic} draft", "Get back to {person} about dinner",
        "Email the landlord about the heating", "Reply to the recruiter",
    ), ("work",), (5, 10, 15, 20),
        (("boredom", 2), ("fear", 2), ("none", 4), ("deadline", 1))),
    Kind("call", 1.0, (
        "Call {org} about the bill", "Call mum back", "Phone the garage about the {thing}",
        "Call {person} about the weekend", "Ring the council about the bins",
    ), ("home",), (5, 10, 15, 20),
        (("fear", 3), ("boredom", 2), ("none", 3), ("deadline", 1))),
    Kind("clean", 1.0, (
        "Clean the bathroom", "Do the laundry", "Tidy the desk", "Clean the oven",
        "Wash the windows", "Hoover the stairs and the {room}",
    ), ("home",), (15, 20, 30, 45, 60),
        (("boredom", 5), ("none", 2), ("deadline", 1), ("overwhelm", 1))),
    Kind("study", 1.0, (
        "Study chapter {n} for the {course} exam", "Revise the {course} notes",
        "Read the paper on {topic}", "Learn the {course} formulas",
    ), ("study",), (30, 45, 60, 90),
        (("overwhelm", 2), ("boredom", 3), ("deadline", 3), ("fear", 1), ("none", 1))),
    Kind("fix", 0.9, (
        "Fix the leaking tap", "Fix the login bug", "Repair the bike's brakes",
        "Fix the flaky CI test", "Fix the squeaky {room} door",
    ), ("home",), (20, 30, 45, 60, 90),
        (("overwhelm", 2), ("fear", 1), ("boredom", 1), ("none", 3))),
    Kind("plan", 0.8, (
        "Plan the team offsite", "Plan next week", "Plan {person}'s birthday party",
        "Outline the Q{q} roadmap", "Plan the trip to {city}",
    ), ("work",), (20, 30, 45, 60),
        (("overwhelm", 3), ("perfectionism", 2), ("none", 2), ("deadline", 1))),
    Kind("taxes", 0.6, (
        "Do the tax return", "Sort the receipts for the tax return",
        "Send the invoices for {month}", "File the expenses for the {city} trip",
        "Update the budget spreadsheet",
    ), ("admin", "money"), (30, 60, 90, 120),
        (("fear", 3), ("overwhelm", 3), ("boredom", 3), ("deadline", 3))),
    Kind("shop", 0.8, (
        "Buy a present for {person}", "Order printer ink", "Buy groceries for the week",
        "Buy new running shoes",
    ), ("errand",), (10, 15, 30, 45),
        (("none", 4), ("boredom", 2), ("deadline", 1))),
    Kind("cook", 0.6, (
        "Cook a big batch of chili", "Bake bread for Sunday", "Meal-prep lunches for the week",
    ), ("home",), (30, 45, 60, 90),
        (("none", 3), ("boredom", 2))),
    Kind("exercise", 0.8, (
        "Go for a 5k run", "Yoga session", "Gym: legs day", "Swim 20 lengths",
    ), ("health",), (30, 45, 60),
        (("boredom", 3), ("none", 3), ("deadline", 1), ("fear", 1))),
    Kind("book", 0.7, (
        "Book a dentist appointment", "Book the car's service", "Book a haircut",
        "Book the train to {city}", "Book a doctor's appointment about the {thing}",
    ), ("admin",), (5, 10, 15),
        (("fear", 2), ("boredom", 2), ("none", 3), ("deadline", 2))),
    Kind("pay", 0.5, (
        "Pay the electricity bill", "Pay the {month} rent", "Renew the car insurance",
    ), ("admin", "money"), (5, 10, 15),
        (("boredom", 3), ("none", 3), ("deadline", 2))),
    Kind("code", 0.9, (
        "Refactor the import module", "Implement the CSV export", "Write tests for the parser",
        "Script the weekly {topic} backup",
    ), ("work", "code"), (45, 60, 90, 120),
        (("overwhelm", 2), ("perfectionism", 3), ("none", 3), ("boredom", 1))),
)  # fmt: skip

SMALL_TITLES = (
    "Reply to {person}'s text", "Confirm the dentist appointment", "Send {person} the slides",
    "Pay the window cleaner", "RSVP to {person}'s party", "Forward the invoice to {person}",
    "Text {person} the address", "Sign the school form",
)  # fmt: skip

SMALL_BLOCKERS = (("none", 4.0), ("boredom", 2.0), ("fear", 1.0))

FILL = {
    "person": ("Sam", "Priya", "Jonas", "Mia", "Tom", "Aisha", "Lea", "Marco", "Ines", "Ben"),
    "org": ("the bank", "the insurance", "the phone company", "the airline", "the gym"),
    "topic": ("pricing", "onboarding", "API redesign", "remote work", "accessibility", "search"),
    "q": ("1", "2", "3", "4"),
    "n": ("3", "4", "5", "6", "7", "8"),
    "course": ("statistics", "German", "accounting", "biology"),
    "month": ("October", "November", "December", "September"),
    "city": ("Leipzig", "Lyon", "Porto", "Vienna", "Ghent"),
    "thing": ("clutch", "rash", "back pain", "brakes"),
    "room": ("kitchen", "hall", "bedroom"),
}

# Median hours from ready time to the first start, by the blocker the user names.
# Overwhelm and fear wait longest; a dull task waits a little; "nothing" hardly at all.
FIRST_DELAY_HOURS = {
    "none": 3.0,
    "boredom": 10.0,
    "deadline": 30.0,
    "perfectionism": 22.0,
    "fear": 44.0,
    "overwhelm": 50.0,
}

# How often each nudge really helps this user. Some clearly beat others.
NUDGE_EFFECT = {
    "five-minutes": 0.80, "two-minute-start": 0.86, "first-move": 0.55, "small-and-rough": 0.40,
    "practice-round": 0.74, "name-the-worry": 0.45, "clean-slate": 0.60, "just-look": 0.82,
    "rough-draft": 0.86, "good-enough": 0.62, "finish-line": 0.40, "stop-mid-sentence": 0.55,
    "treat-while-you-work": 0.80, "beat-the-clock": 0.66, "reward-at-the-bell": 0.50,
    "smallest-dull-bit": 0.35,
    "own-deadline": 0.45, "ten-minutes-now": 0.82, "leave-it-open": 0.55,
    "three-days-early": 0.35,
    "straight-in": 0.86, "keep-it-warm": 0.72,
}  # fmt: skip
DEFAULT_EFFECT = 0.6

COMMITMENTS = (
    "When I sit down with my first coffee, I will start the top task for five minutes",
    "When I close my laptop at lunch, I will reply to one message that's waiting",
    "When I want to check my email, I will do two minutes of the next step first",
    "When it's Monday 9:00, I will open the tax folder and sort one receipt",
    "When I catch myself polishing, I will send it as it is",
    "When a task scares me, I will write the worst case in one line and start anyway",
    "When I get home on Wednesday, I will put on my running shoes",
    "When the stand-up ends, I will start the timer before opening Slack",
    "When I plan tomorrow, I will make every first step five minutes or less",
    "When I think there's still time, I will set my own deadline a day earlier",
)


# -- local time --------------------------------------------------------------------


def _hours(hours: float) -> timedelta:
    """A span in whole seconds: the store keeps whole seconds, so the rows do too."""
    return timedelta(seconds=round(hours * 3600))


def at_local(day: date, clock: time, tz: tzinfo) -> datetime:
    """A wall-clock time on a local day, as an aware UTC instant."""
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def local_monday(instant: datetime, tz: tzinfo) -> date:
    day = instant.astimezone(tz).date()
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def history_start(now: datetime, tz: tzinfo, weeks: int) -> datetime:
    """Monday 00:00 local, `weeks` weeks before this week's: that many full weeks (the
    review's 12-week trend is full from the first morning) and this week so far."""
    return at_local(local_monday(now, tz) - timedelta(weeks=weeks), time(0), tz)


# -- the simulation ----------------------------------------------------------------


@dataclass
class _Seed:
    """A task before it is generated: when it appears and what part it plays."""

    created_at: datetime
    role: str  # normal / waiting / missed / small
    progress: float  # 0 at the start of the history, 1 at its end
    planned_start: datetime | None = None


@dataclass
class _Work:
    """A task's steps as the user sees them: ordered, some added by a shrink."""

    task: SimTask
    kind: Kind | None = None  # None: a small thing
    order: list[SimChunk] = field(default_factory=list)
    planned: bool = False  # it had steps from the start: done when all are done


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


class _Simulation:
    def __init__(
        self,
        now: datetime,
        tz: tzinfo,
        rng: random.Random,
        profile: Profile,
        library: NudgeLibrary,
        templates: Sequence[Template],
    ) -> None:
        if now.tzinfo is None:
            raise ValueError("simulate needs an aware `now`")
        self.now = now.astimezone(UTC).replace(microsecond=0)
        self.tz = tz
        self.rng = rng
        self.profile = profile
        self.library = library
        self.templates = templates
        self.start = history_start(self.now, tz, profile.weeks)
        self.tasks: list[SimTask] = []
        self.chunks: list[SimChunk] = []
        self.sessions: list[SimSession] = []
        self.swaps: list[SimSwap] = []
        self.commitments: list[SimCommitment] = []
        self.records: dict[str, NudgeRecord] = {}
        self.busy: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self.kind_weights = [(k.name, k.weight) for k in KINDS]
        self.kinds = {k.name: k for k in KINDS}
        self.template_of: dict[str, Template] = {}
        self.recent_titles: deque[str] = deque(maxlen=30)
        self.smaller_of: dict[tuple[str, int], SuggestedChunk] = {}
        self.by_blocker = {b: library.for_blocker(b) for b in BLOCKERS}
        self.effect = {n.id: NUDGE_EFFECT.get(n.id, DEFAULT_EFFECT) for n in library.nudges}

    # -- random pieces --------------------------------------------------------------

    def fill(self, text: str) -> str:
        if "{" not in text:
            return text
        return text.format(**{k: self.rng.choice(v) for k, v in FILL.items()})

    def title(self, choices: Sequence[str]) -> str:
        """A title unlike the last few tasks' (two open "Tidy the desk" look like a bug)."""
        for _ in range(4):
            title = self.fill(self.rng.choice(choices))
            if title not in self.recent_titles:
                break
        self.recent_titles.append(title)
        return title

    def local_day_time(self, day: date, hour: float) -> datetime:
        minutes = int(hour * 60)
        return at_local(day, time(minutes // 60 % 24, minutes % 60), self.tz)

    def creation_time(self, monday: date) -> datetime:
        """When a task occurs to the user: any day, mostly work hours, some evenings."""
        day = monday + timedelta(days=self.rng.choices(range(7), (1, 1, 1, 1, 0.9, 0.45, 0.4))[0])
        roll = self.rng.random()
        if roll < 0.6:
            hour = self.rng.uniform(8.0, 18.0)
        elif roll < 0.9:
            hour = self.rng.uniform(18.0, 23.0)
        else:
            hour = self.rng.uniform(6.5, 8.0)
        return self.local_day_time(day, hour).replace(second=self.rng.randrange(60))

    def active(self, instant: datetime) -> datetime:
        """The first plausible moment to work at or after `instant`: weekdays mostly
        in work hours, some evenings, less at weekends."""
        rng = self.rng
        for _ in range(14):
            local = instant.astimezone(self.tz)
            hour = local.hour + local.minute / 60
            weekday = local.weekday() < 5
            if weekday and 8.5 <= hour < 18:
                return instant
            if weekday and 18 <= hour < 22 and rng.random() < 0.3:
                return instant
            if not weekday and 10 <= hour < 19 and rng.random() < 0.35:
                return instant
            day = local.date() if hour < 8.5 else local.date() + timedelta(days=1)
            morning = 9.0 if day.weekday() < 5 else 10.0
            instant = self.local_day_time(day, morning + min(rng.expovariate(1 / 1.2), 7.5))
            instant = instant.replace(second=rng.randrange(60))
            if instant.astimezone(self.tz).weekday() < 5:
                return instant
        return instant

    def next_weekday_nine(self, after: datetime, skip_days: int = 0) -> datetime:
        day = after.astimezone(self.tz).date() + timedelta(days=skip_days)
        candidate = at_local(day, time(9), self.tz)
        while candidate <= after or day.weekday() >= 5:
            day += timedelta(days=1)
            candidate = at_local(day, time(9), self.tz)
        return candidate

    # -- the plan of the whole history ----------------------------------------------

    def seeds(self) -> list[_Seed]:
        profile, rng = self.profile, self.rng
        monday0 = local_monday(self.start, self.tz)
        cutoff = self.now - timedelta(minutes=10)
        seeds: list[_Seed] = []
        for week in range(profile.weeks + 1):
            low, high = profile.tasks_per_week
            for _ in range(round(rng.uniform(low, high))):
                created = self.creation_time(monday0 + timedelta(weeks=week))
                if created < cutoff:
                    progress = (created - self.start) / (self.now - self.start)
                    seeds.append(_Seed(created, "normal", progress))
        # Still waiting: a few tasks from earlier weeks the user never got to.
        older = [s for s in seeds if s.created_at < self.now - timedelta(days=9)]
        for seed in rng.sample(older, min(profile.old_waiting, len(older))):
            seed.role = "waiting"
        # Small things that occurred in the last two days.
        for _ in range(profile.small_open):
            created = self.now - _hours(rng.uniform(0.5, 44))
            seeds.append(_Seed(created, "small", 1.0))
        # Missed starts: planned for a weekday morning that has gone by.
        planned = self.now - timedelta(hours=2)
        for number in range(profile.missed_now):
            planned = self.latest_weekday_nine(planned - timedelta(days=1 if number else 0))
            created = planned - _hours(rng.uniform(14, 60))
            seeds.append(_Seed(created, "missed", 1.0, planned))
        seeds.sort(key=lambda s: s.created_at)
        return seeds

    def latest_weekday_nine(self, before: datetime) -> datetime:
        day = before.astimezone(self.tz).date()
        candidate = at_local(day, time(9), self.tz)
        while candidate > before or day.weekday() >= 5:
            day -= timedelta(days=1)
            candidate = at_local(day, time(9), self.tz)
        return candidate

    # -- one task -------------------------------------------------------------------

    def new_task(self, seed: _Seed) -> _Work:
        rng = self.rng
        if seed.role == "small" or (seed.role == "normal" and rng.random() < 0.07):
            title = self.title(SMALL_TITLES)
            tags = join_tags([rng.choice(("admin", "home", "work"))])
            task = SimTask(len(self.tasks) + 1, title, seed.created_at, rng.choice((1, 2)), tags)
            self.tasks.append(task)
            return _Work(task)
        kind = self.kinds[_weighted(rng, self.kind_weights)]
        title = self.title(kind.titles)
        tags = list(kind.tags)
        if rng.random() < 0.15:
            tags.append(rng.choice(("urgent", "someday", "family", "deep-work")))
        estimate = rng.choice(kind.estimates) if rng.random() < 0.9 else None
        task = SimTask(len(self.tasks) + 1, title, seed.created_at, estimate, join_tags(tags))
        self.tasks.append(task)
        if seed.role == "missed":
            task.planned_start = seed.planned_start
        elif seed.role == "normal":
            if rng.random() < 0.3:
                task.planned_start = self.next_weekday_nine(seed.created_at, rng.randint(0, 5))
            if rng.random() < 0.3:
                task.due = at_local(
                    (seed.created_at + timedelta(days=rng.randint(2, 21)))
                    .astimezone(self.tz)
                    .date(),
                    time(17),
                    self.tz,
                )
                if task.planned_start is not None and task.due <= task.planned_start:
                    task.due = task.planned_start + timedelta(days=2)
        elif seed.role == "waiting" and rng.random() < 0.3:
            task.due = at_local(
                (self.now + timedelta(days=rng.randint(12, 30))).astimezone(self.tz).date(),
                time(17),
                self.tz,
            )
        work = _Work(task, kind)
        if estimate is not None and estimate > 10 and rng.random() < 0.88:
            work.order = self.steps_for(task)
            work.planned = True
        return work

    def steps_for(self, task: SimTask) -> list[SimChunk]:
        """2–5 steps from the breakdown template for the title; the first is always
        the template's first physical action (five minutes or less)."""
        template = self.template_of.get(task.title)
        if template is None:
            template = self.template_of[task.title] = match_template(task.title, self.templates)
        low, high = self.profile.chunks_per_task
        wanted = self.rng.randint(low, high)
        rest = template.steps[1:]
        if len(rest) > wanted - 1:
            keep = sorted(self.rng.sample(range(len(rest)), wanted - 1))
            rest = tuple(rest[i] for i in keep)
        chunks = []
        for step in (template.steps[0], *rest):
            chunk = SimChunk(
                len(self.chunks) + 1, task.id, 0, step.title, step.minutes, task.created_at
            )
            self.chunks.append(chunk)
            chunks.append(chunk)
        return chunks

    # -- working on it --------------------------------------------------------------

    def first_start(self, task: SimTask, blocker: str, progress: float) -> datetime:
        rng = self.rng
        if task.planned_start is not None and rng.random() < 0.06:
            # Started early: between adding it and its planned start.
            span = (task.planned_start - task.created_at).total_seconds()
            return self.active(task.created_at + _hours(rng.uniform(0, span) / 3600))
        # The coach works: week by week, starts come sooner and less erratically.
        better = 1.5 - 1.3 * progress
        if blocker == "deadline" and task.due is not None and task.estimate:
            # The deadline habit: start around the start-by (at first), or after it.
            latest = start_by(task.due, task.estimate)
            assert latest is not None
            span = max((latest - task.ready_time).total_seconds(), 0.0) / 3600
            late = span * rng.uniform(0.6, 1.05) * better + rng.uniform(0, task.estimate / 30)
            return self.active(task.ready_time + _hours(late))
        median = FIRST_DELAY_HOURS[blocker] * better
        hours = median * math.exp(rng.gauss(0, 0.9 - 0.3 * progress))
        return self.active(task.ready_time + _hours(min(hours, 24 * 40)))

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
        return _weighted(self.rng, kind_blockers)

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
        old = self.records.get(nudge_id)
        successes, failures = (old.successes, old.failures) if old else (0, 0)
        self.records[nudge_id] = (
            NudgeRecord(nudge_id, successes + 1, failures)
            if success
            else NudgeRecord(nudge_id, successes, failures + 1)
        )

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

    def outcome(self, nudge: Nudge) -> tuple[str, str | None, bool | None]:
        """outcome, chunk_done, and nudge_helped as answered (None: skipped or not asked).
        Whether the nudge really helped is drawn from this user's NUDGE_EFFECT."""
        rng = self.rng
        helped = rng.random() < self.effect[nudge.id]
        roll = rng.random()
        if helped:
            outcome = "completed" if roll < 0.92 else "stopped" if roll < 0.98 else "abandoned"
        else:
            outcome = "completed" if roll < 0.45 else "stopped" if roll < 0.7 else "abandoned"
        scale = self.profile.done_scale
        roll = rng.random()
        if outcome == "completed":
            yes = (0.88 if helped else 0.5) * scale
            done = "yes" if roll < yes else "partly" if roll < yes + (1 - yes) * 0.7 else "no"
        elif outcome == "stopped":
            done = "yes" if roll < 0.1 * scale else "partly" if roll < 0.65 else "no"
        else:
            done = "partly" if roll < 0.2 else "no"
        if outcome == "stopped" and rng.random() < 0.5:
            return outcome, None, None  # logged on the next launch, no questions
        answered = helped if rng.random() < 0.78 else None
        return outcome, done, answered

    def duration(self, outcome: str, planned: int, done: str | None) -> tuple[int, int]:
        """Focused seconds and paused seconds of one session."""
        rng = self.rng
        full = planned * 60
        if outcome == "completed":
            focused = (
                int(full * rng.uniform(0.5, 0.95))
                if done == "yes" and rng.random() < 0.25
                else full
            )
        elif outcome == "stopped":
            focused = int(full * rng.uniform(0.2, 0.9))
        else:
            focused = int(full * rng.uniform(0.05, 0.5))
        paused = rng.randint(60, 600) if rng.random() < 0.15 else 0
        return max(focused, 30), paused

    def work_on(self, work: _Work, progress: float) -> None:
        rng, task = self.rng, work.task
        kind_blockers = work.kind.blockers if work.kind else SMALL_BLOCKERS
        first_blocker = _weighted(rng, kind_blockers)
        at = self.first_start(task, first_blocker, progress)
        attempts = 0
        limit = self.now - timedelta(minutes=5)
        while True:
            step = next((c for c in work.order if c.done_at is None), None)
            if step is None and work.planned:
                last = max(c.done_at for c in work.order if c.done_at is not None)
                task.status, task.closed_at = "done", last
                return
            blocker = (
                first_blocker
                if task.first_started_at is None
                else self.follow_up_blocker(first_blocker, kind_blockers)
            )
            nudge, swapped = self.choose(blocker)
            minutes = step.estimate if step is not None else task.estimate
            shrink = nudge.action.shrink_to
            new_step: SimChunk | None = None
            if shrink and (minutes is None or minutes > shrink):
                title = step.title if step is not None else task.title
                smaller = self.smaller(title, shrink)
                new_step = SimChunk(len(self.chunks) + 1, task.id, 0, smaller.title, shrink, at)
                minutes = shrink
            planned = timer_minutes(
                Step(task.id, None, "", minutes), nudge.action.timer_minutes, FOCUS_MINUTES
            )
            outcome, done, answered = self.outcome(nudge)
            if outcome == "completed" and rng.random() < 0.08:
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
                self.count(swapped, False)
            if task.first_started_at is None:
                task.first_started_at = at
            self.sessions.append(
                SimSession(
                    len(self.sessions) + 1, task.id, step.id if step else None, at, planned,
                    end, outcome, blocker, nudge.id, done, answered, paused,
                )
            )  # fmt: skip
            if self.profile.avoid_overlap:
                self.busy[int(at.timestamp() // 86400)].append((at.timestamp(), end.timestamp()))
            self.count(nudge.id, is_success(outcome, answered))
            hours = nudge.action.self_deadline_hours
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
                    task.status, task.closed_at = "done", end
                    return
            if outcome == "abandoned" and (rng.random() < 0.12 or attempts >= 6):
                dropped = end + _hours(rng.uniform(1, 48))
                if dropped < limit:
                    task.status, task.closed_at = "dropped", dropped
                return
            if done == "yes" and outcome == "completed" and rng.random() < 0.6:
                at = end + _hours(rng.uniform(3, 15) / 60)  # a break, then the next step
                if at.astimezone(self.tz).hour >= 21:
                    at = self.active(at)
            else:
                gap = 18 * (1 - 0.3 * progress) * math.exp(rng.gauss(0, 1.0))
                at = self.active(end + _hours(gap))

    def run_task(self, seed: _Seed) -> _Work:
        work = self.new_task(seed)
        task = work.task
        if seed.role != "normal":
            return work  # still waiting, missed, or a small thing not yet done
        if self.rng.random() < 0.03:  # dropped without ever being started
            dropped = task.ready_time + _hours(144 * math.exp(self.rng.gauss(0, 0.6)))
            if dropped < self.now - GRACE:
                task.status, task.closed_at = "dropped", dropped
                return work
        self.work_on(work, seed.progress)
        if task.status == "open" and task.first_started_at is None:
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

    def renumber(self, works: list[_Work]) -> None:
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
