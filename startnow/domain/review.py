"""The weekly review: start delays and focus, one ISO week in local time.

Pure: the service hands in plain records (selected columns, never ORM rows),
the clock's "now" and the user's zone; everything here is arithmetic that a
test can check by hand. Definitions:

- a task *started in a week* is one whose first focus session began in it;
- its start delay is `first start - ready time`, never below zero;
- the median is the ordinary one (the mean of the middle two for an even
  count); the 90th percentile is the nearest-rank one: the smallest delay
  that at least 90% of the week's delays do not exceed. Both are whole minutes;
- weeks run Monday 00:00 to the next Monday 00:00 local time, so a week with
  a daylight-saving change is 167 or 169 hours long;
- *still waiting* is judged at the week's end (or now, for the week under
  way): tasks ready by then, neither started nor closed by then;
- a task *closed without a start* was done or dropped in the week without
  any focus session: it has no start delay, so it is counted on its own.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from startnow.domain.commitment import CommitmentRecord as CommitmentRecord  # re-exported
from startnow.domain.input_error import InputError
from startnow.domain.localtime import IsoWeek as IsoWeek  # re-exported: the review's week
from startnow.domain.localtime import local_date, weeks_in
from startnow.domain.localtime import week_bounds as week_bounds
from startnow.domain.localtime import week_of as week_of
from startnow.domain.model import Outcome
from startnow.domain.recurring_review import InstanceStart, SeriesDelays, series_delays

if TYPE_CHECKING:  # types only: Today's first paint imports this module, not the library
    from startnow.domain.against_chance import AgainstChance
    from startnow.domain.chooser import NudgeRecord
    from startnow.domain.nudges import NudgeLibrary
    from startnow.domain.what_works import BlockerLesson

TREND_WEEKS = 12
# Instants are stored as Unix seconds; the trend looks twelve weeks back.
FIRST_YEAR, LAST_YEAR = 1971, 9998
WAITING_SHOWN = 5
BLOCKER_ORDER = ("overwhelm", "fear", "perfectionism", "boredom", "deadline", "none")


_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})")


def parse_week(text: str) -> IsoWeek:
    """'2026-W47' (or '2026W47', '2026-w47'); a week that doesn't exist is an error."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise InputError(f'"{text}" is not a week: write it as 2026-W47 (ISO year and week)', text)
    year, week = int(match.group(1)), int(match.group(2))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = f"{text.strip()}: weeks from {FIRST_YEAR} to {LAST_YEAR} only"
        raise InputError(message, text)
    weeks = weeks_in(year)
    if not 1 <= week <= weeks:
        message = f"{year} has no week {week} (its weeks are W01 to W{weeks})"
        raise InputError(message, text)
    return IsoWeek(year, week)


def check_reviewable(week: IsoWeek, now: datetime, tz: tzinfo) -> IsoWeek:
    """A week that has begun; a future one has nothing to review yet."""
    this_week = week_of(now, tz)
    if week > this_week:
        raise InputError(f"{week} hasn't begun yet (this week is {this_week})", str(week))
    return week


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest rank: the smallest value with at least q% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def whole(minutes: float | None) -> int | None:
    """Whole minutes, halves rounded up (not to even): 2.5 -> 3."""
    return None if minutes is None else math.floor(minutes + 0.5)


# ---- what the service hands in ----------------------------------------------


class StartRecord(NamedTuple):
    """One task's first start, and the blocker named on that first session."""

    task_id: int
    ready: datetime
    first_start: datetime
    blocker: str | None


class SessionRecord(NamedTuple):
    started_at: datetime
    focus_seconds: float  # ended - started - paused; 0 for one still running
    nudge_id: str | None
    outcome: str | None
    helped: bool | None


class WaitingRecord(NamedTuple):
    task_id: int
    title: str
    ready: datetime
    due: datetime | None = None


class ReviewInputs(NamedTuple):
    """Everything `build_review` reads from the store, as the store hands it over."""

    starts: list[StartRecord]
    sessions: list[SessionRecord]
    waiting: list[WaitingRecord]
    waiting_total: int
    commitments: dict[str, CommitmentRecord]
    records: dict[str, NudgeRecord]
    closed_without_start: int = 0
    series_starts: Sequence[InstanceStart] = ()


# ---- what comes out ---------------------------------------------------------


class WeekFigures(NamedTuple):
    week: IsoWeek
    tasks_started: int
    median_delay: int | None  # minutes
    p90_delay: int | None


class BlockerFigures(NamedTuple):
    blocker: str  # overwhelm / fear / ... / none / unknown
    label: str
    tasks_started: int
    median_delay: int | None


class NudgeFigures(NamedTuple):
    nudge_id: str
    title: str
    blocker: str
    blocker_label: str
    used: int
    completed: int
    helped: int


class DayFocus(NamedTuple):
    day: date
    minutes: int


class Waiting(NamedTuple):
    task_id: int
    title: str
    ready: datetime
    waiting_minutes: int
    overdue: bool = False  # its due date had passed by `as_of`


class Review(NamedTuple):
    week: IsoWeek
    start: datetime  # UTC
    end: datetime  # UTC, exclusive
    complete: bool  # the week is over
    as_of: datetime  # what "still waiting" is judged at
    figures: WeekFigures
    previous: WeekFigures
    trend: tuple[WeekFigures, ...]  # TREND_WEEKS, oldest first, ending with `week`
    by_blocker: tuple[BlockerFigures, ...]
    nudges: tuple[NudgeFigures, ...]
    focus_days: tuple[DayFocus, ...]  # Monday .. Sunday
    still_waiting: tuple[Waiting, ...]
    waiting_total: int
    commitment: CommitmentRecord | None  # made for this week
    next_commitment: CommitmentRecord | None  # made for the week after
    suggestion: str  # "When ___, I will ___", from the data
    # Done or dropped this week without any session: never a start delay.
    closed_without_start: int = 0
    # What the coach has learnt by `as_of` (what_works.py): filled by the service.
    what_works: tuple[BlockerLesson, ...] = ()
    recurring: tuple[SeriesDelays, ...] = ()  # recurring tasks' delays over their instances
    # Whether the coach's picks beat chance for this person (against_chance.py),
    # over the learner's read up to `as_of`: filled by the service.
    against_chance: AgainstChance | None = None

    @property
    def delay_change(self) -> int | None:
        """Median delay minus last week's, in minutes; None if either week has none."""
        now, before = self.figures.median_delay, self.previous.median_delay
        return None if now is None or before is None else now - before

    @property
    def focus_total(self) -> int:
        return sum(day.minutes for day in self.focus_days)

    @property
    def is_empty(self) -> bool:
        return not (
            self.figures.tasks_started or self.focus_total or self.nudges
            or self.closed_without_start
        )  # fmt: skip


# ---- the computation --------------------------------------------------------


def delay_minutes(record: StartRecord) -> float:
    """start_delay in minutes (inlined: it runs once per start of twelve weeks)."""
    return max((record.first_start - record.ready).total_seconds(), 0.0) / 60


def figures_for(week: IsoWeek, delays: Sequence[float]) -> WeekFigures:
    return WeekFigures(week, len(delays), whole(median(delays)), whole(percentile(delays, 90)))


def delays_by_week(starts: Iterable[StartRecord], tz: tzinfo) -> dict[IsoWeek, list[float]]:
    weeks: dict[IsoWeek, list[float]] = defaultdict(list)
    for record in starts:
        weeks[week_of(record.first_start, tz)].append(delay_minutes(record))
    return weeks


def blocker_figures(
    starts: Iterable[StartRecord], library: NudgeLibrary
) -> tuple[BlockerFigures, ...]:
    """Start delay by the blocker named when the task was first started;
    the longest median first (the blocker that costs most leads)."""
    groups: dict[str, list[float]] = defaultdict(list)
    for record in starts:
        groups[record.blocker or "unknown"].append(delay_minutes(record))
    rows = []
    for blocker, delays in groups.items():
        info = library.blocker(blocker)
        label = info.label if info else "not named"
        rows.append(BlockerFigures(blocker, label, len(delays), whole(median(delays))))
    order = {b: i for i, b in enumerate(BLOCKER_ORDER)}
    rows.sort(key=lambda r: (-(r.median_delay or 0), order.get(r.blocker, len(order))))
    return tuple(rows)


def nudge_figures(
    sessions: Iterable[SessionRecord], library: NudgeLibrary
) -> tuple[NudgeFigures, ...]:
    """Per nudge applied this week: sessions, completed ones, ones rated helpful."""
    used: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in sessions:
        if s.nudge_id is None:
            continue
        counts = used[s.nudge_id]
        counts[0] += 1
        counts[1] += s.outcome == Outcome.COMPLETED
        counts[2] += s.helped is True
    rows = []
    for nudge_id, (n, completed, helped) in used.items():
        nudge = library.find(nudge_id)
        title = nudge.title if nudge else nudge_id
        blocker = nudge.blocker if nudge else "unknown"
        info = library.blocker(blocker)
        label = info.label if info else "not named"
        rows.append(NudgeFigures(nudge_id, title, blocker, label, n, completed, helped))
    rows.sort(key=lambda r: (-r.used, -r.helped, r.title))
    return tuple(rows)


def focus_by_day(
    sessions: Iterable[SessionRecord], week: IsoWeek, tz: tzinfo
) -> tuple[DayFocus, ...]:
    """Focus minutes per local day, counted on the day the session began."""
    seconds: dict[date, float] = defaultdict(float)
    for s in sessions:
        seconds[local_date(s.started_at, tz)] += max(s.focus_seconds, 0)
    days = [week.monday + timedelta(days=i) for i in range(7)]
    return tuple(DayFocus(day, whole(seconds[day] / 60) or 0) for day in days)


def still_waiting(
    waiting: Iterable[WaitingRecord], as_of: datetime, limit: int = WAITING_SHOWN
) -> tuple[Waiting, ...]:
    """The longest-waiting first, with their open delay at `as_of`."""
    ordered = sorted(waiting, key=lambda w: (w.ready, w.task_id))[:limit]
    return tuple(
        Waiting(
            w.task_id,
            w.title,
            w.ready,
            int(max((as_of - w.ready).total_seconds(), 0) // 60),
            w.due is not None and w.due < as_of,
        )
        for w in ordered
    )


def suggest_commitment(
    by_blocker: Sequence[BlockerFigures],
    records: Mapping[str, NudgeRecord],
    library: NudgeLibrary,
    day_start: time = time(9, 0),
) -> str:
    """An implementation intention from the data: the blocker that cost the
    longest delays, met with the nudge that worked best against it (most
    successes per try; an untried one when nothing has worked yet)."""
    named = [b for b in by_blocker if library.blocker(b.blocker) and b.blocker != "none"]
    if not named:
        return (
            f"When I sit down at {day_start:%H:%M}, I will press Enter on the top task "
            "and give it five minutes."
        )
    worst = named[0]
    info = library.blocker(worst.blocker)
    assert info is not None
    candidates = library.for_blocker(worst.blocker)
    if not candidates:
        return f"When I think “{info.words}”, I will start the timer for five minutes anyway."

    def score(nudge_id: str) -> tuple[float, int]:
        record = records.get(nudge_id)
        if record is None or record.tries == 0:
            return (0.0, 0)
        return (record.successes / record.tries, record.tries)

    best = max(candidates, key=lambda n: score(n.id))
    return f"When I think “{info.words}”, I will choose “{best.title}” and start."


def default_week(now: datetime, tz: tzinfo, busy_weeks: Iterable[IsoWeek]) -> IsoWeek:
    """The last full week; or this week so far, when only this week has anything."""
    this_week = week_of(now, tz)
    last_week = this_week.shift(-1)
    busy = set(busy_weeks)
    if last_week not in busy and this_week in busy:
        return this_week
    return last_week


def build_review(
    week: IsoWeek,
    tz: tzinfo,
    now: datetime,
    *,
    starts: Iterable[StartRecord],
    sessions: Iterable[SessionRecord],
    waiting: Iterable[WaitingRecord],
    waiting_total: int | None = None,
    commitments: Mapping[str, CommitmentRecord],
    records: Mapping[str, NudgeRecord],
    library: NudgeLibrary,
    day_start: time = time(9, 0),
    closed_without_start: int = 0,
    series_starts: Iterable[InstanceStart] = (),
) -> Review:
    """Everything the review shows for `week`.

    `starts` must cover the trend's twelve weeks (more is ignored); `sessions`
    and `waiting` only this week's (the service selects them), and
    `closed_without_start` is the week's count of tasks done or dropped
    without any session (they are in no start delay).
    """
    start, end = week_bounds(week, tz)
    as_of = min(now, end)
    trend_weeks = [week.shift(-n) for n in range(TREND_WEEKS - 1, -1, -1)]
    trend_start = week_bounds(trend_weeks[0], tz)[0]
    window = [s for s in starts if trend_start <= s.first_start < end]
    by_week = delays_by_week(window, tz)
    trend = tuple(figures_for(w, by_week.get(w, [])) for w in trend_weeks)
    this_week_starts = [s for s in window if start <= s.first_start < end]
    twelve_weeks = blocker_figures(window, library)
    sessions = [s for s in sessions if start <= s.started_at < end]
    waiting = list(waiting)
    return Review(
        week=week,
        start=start,
        end=end,
        complete=now >= end,
        as_of=as_of,
        figures=trend[-1],
        previous=trend[-2],
        trend=trend,
        by_blocker=blocker_figures(this_week_starts, library),
        nudges=nudge_figures(sessions, library),
        focus_days=focus_by_day(sessions, week, tz),
        still_waiting=still_waiting(waiting, as_of),
        waiting_total=len(waiting) if waiting_total is None else waiting_total,
        commitment=commitments.get(str(week)),
        next_commitment=commitments.get(str(week.shift(1))),
        suggestion=suggest_commitment(twelve_weeks, records, library, day_start),
        closed_without_start=closed_without_start,
        recurring=series_delays(series_starts),
    )
