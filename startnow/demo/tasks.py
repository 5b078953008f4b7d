"""The made-up tasks of the demo's user: when they occur, what they are, their steps.

Every instant is an aware UTC datetime in whole seconds; days and work hours are
the user's local time (`tz`). All randomness comes from the one injected `rng`, in
a fixed order, so a seed gives the same tasks every time.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from startnow.demo.rows import SimChunk, SimTask
from startnow.demo.user import FILL, KINDS, SMALL_TITLES, Kind, Profile
from startnow.domain.localtime import at_local, local_monday
from startnow.domain.tags import join_tags
from startnow.domain.templates import Template, match_template

# -- local time --------------------------------------------------------------------


def whole_seconds(hours: float) -> timedelta:
    """A span in whole seconds: the store keeps whole seconds, so the rows do too."""
    return timedelta(seconds=round(hours * 3600))


def history_start(now: datetime, tz: tzinfo, weeks: int) -> datetime:
    """Monday 00:00 local, `weeks` weeks before this week's: that many full weeks (the
    review's 12-week trend is full from the first morning) and this week so far."""
    return at_local(local_monday(now, tz) - timedelta(weeks=weeks), time(0), tz)


# -- a task before and as it is made ------------------------------------------------


@dataclass
class Seed:
    """A task before it is generated: when it appears and what part it plays."""

    created_at: datetime
    role: str  # normal / waiting / missed / small
    progress: float  # 0 at the start of the history, 1 at its end
    planned_start: datetime | None = None


@dataclass
class Work:
    """A task's steps as the user sees them: ordered, some added by a shrink."""

    task: SimTask
    kind: Kind | None = None  # None: a small thing
    order: list[SimChunk] = field(default_factory=list)
    planned: bool = False  # it had steps from the start: done when all are done


def weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


class TaskMaker:
    """The made-up tasks: when each occurs to the user, what it is, its steps, and
    when the user is about to work. The simulation builds on it (sessions, nudges)."""

    def __init__(
        self,
        now: datetime,
        tz: tzinfo,
        rng: random.Random,
        profile: Profile,
        templates: Sequence[Template],
    ) -> None:
        if now.tzinfo is None:
            raise ValueError("simulate needs an aware `now`")
        self.now = now.astimezone(UTC).replace(microsecond=0)
        self.tz = tz
        self.rng = rng
        self.profile = profile
        self.templates = templates
        self.start = history_start(self.now, tz, profile.weeks)
        self.tasks: list[SimTask] = []
        self.chunks: list[SimChunk] = []
        self.kind_weights = [(k.name, k.weight) for k in KINDS]
        self.kinds = {k.name: k for k in KINDS}
        self.template_of: dict[str, Template] = {}
        self.recent_titles: deque[str] = deque(maxlen=30)

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

    def seeds(self) -> list[Seed]:
        profile, rng = self.profile, self.rng
        monday0 = local_monday(self.start, self.tz)
        cutoff = self.now - timedelta(minutes=10)
        seeds: list[Seed] = []
        for week in range(profile.weeks + 1):
            low, high = profile.tasks_per_week
            for _ in range(round(rng.uniform(low, high))):
                created = self.creation_time(monday0 + timedelta(weeks=week))
                if created < cutoff:
                    progress = (created - self.start) / (self.now - self.start)
                    seeds.append(Seed(created, "normal", progress))
        # Still waiting: a few tasks from earlier weeks the user never got to.
        older = [s for s in seeds if s.created_at < self.now - timedelta(days=9)]
        for seed in rng.sample(older, min(profile.old_waiting, len(older))):
            seed.role = "waiting"
        # Small things that occurred in the last two days.
        for _ in range(profile.small_open):
            created = self.now - whole_seconds(rng.uniform(0.5, 44))
            seeds.append(Seed(created, "small", 1.0))
        # Missed starts: planned for a weekday morning that has gone by.
        planned = self.now - timedelta(hours=2)
        for number in range(profile.missed_now):
            planned = self.latest_weekday_nine(planned - timedelta(days=1 if number else 0))
            created = planned - whole_seconds(rng.uniform(14, 60))
            seeds.append(Seed(created, "missed", 1.0, planned))
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

    def new_task(self, seed: Seed) -> Work:
        rng = self.rng
        if seed.role == "small" or (seed.role == "normal" and rng.random() < 0.07):
            title = self.title(SMALL_TITLES)
            one_tag = join_tags([rng.choice(("admin", "home", "work"))])
            task = SimTask(len(self.tasks) + 1, title, seed.created_at, rng.choice((1, 2)), one_tag)
            self.tasks.append(task)
            return Work(task)
        kind = self.kinds[weighted(rng, self.kind_weights)]
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
        work = Work(task, kind)
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
