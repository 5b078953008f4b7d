"""The weekly review's data: a few queries over selected columns, handed to
the pure `domain.review` as plain records.

Never loads every row as ORM objects: on a five-year store (20,000 tasks,
200,000 sessions) only the trend window's first starts and sessions (~a
thousand and ~ten thousand rows, by index) are read; still-waiting is one
ORDER BY ... LIMIT with its count. Plain DB-API and stdlib only, so that
`startnow review --format json` runs without importing SQLAlchemy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import time, tzinfo
from typing import Any

from startnow.clock import Clock
from startnow.domain.chooser import NudgeRecord, is_success
from startnow.domain.nudges import NudgeLibrary
from startnow.domain.review import (
    TREND_WEEKS,
    WAITING_SHOWN,
    CommitmentRecord,
    IsoWeek,
    Review,
    SessionRecord,
    StartRecord,
    WaitingRecord,
    build_review,
    default_week,
    week_bounds,
    week_of,
)
from startnow.store.plain import fetch, instant, to_seconds

TASKS_STARTED = """
SELECT id, COALESCE(planned_start, created_at), first_started_at
FROM task WHERE first_started_at >= ? AND first_started_at < ?
"""
# Every session of the trend window, oldest first: the blocker named on each
# task's first one, the week's focus and nudges, and the window's nudge record.
WINDOW_SESSIONS = """
SELECT task_id, started_at, ended_at, paused_seconds, blocker, nudge_id, outcome, nudge_helped
FROM focus_session WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id
"""
WINDOW_SWAPS = "SELECT nudge_id, COUNT(*) FROM nudge_swap WHERE at >= ? AND at < ? GROUP BY 1"
# Ready by `as_of`, neither started nor closed by then (a closed task without
# a closing time cannot be placed in time, so it does not count as waiting).
WAITING = """
SELECT id, title, COALESCE(planned_start, created_at) AS ready, COUNT(*) OVER ()
FROM task
WHERE created_at < :as_of AND COALESCE(planned_start, created_at) < :as_of
  AND (first_started_at IS NULL OR first_started_at > :as_of)
  AND (closed_at IS NULL OR closed_at > :as_of)
  AND (status = 'open' OR closed_at IS NOT NULL)
ORDER BY ready, id LIMIT :limit
"""
ANY_ACTIVITY = """
SELECT EXISTS(SELECT 1 FROM focus_session WHERE started_at >= ? AND started_at < ?)
    OR EXISTS(SELECT 1 FROM task WHERE first_started_at >= ? AND first_started_at < ?)
"""
COMMITMENTS = "SELECT week, text, kept FROM commitment WHERE week IN (?, ?)"

Connect = Callable[[], AbstractContextManager[Any]]


class ReviewReader:
    """Reads a week's figures over a plain DB-API connection: the app's engine,
    or (for `startnow review --format`) sqlite3 alone, without SQLAlchemy."""

    def __init__(
        self, connect: Connect, clock: Clock, library: NudgeLibrary, day_start: time
    ) -> None:
        self.connect = connect
        self.clock = clock
        self.library = library
        self.day_start = day_start

    def default_week(self, tz: tzinfo) -> IsoWeek:
        """The last full week, or this one so far when only it has anything."""
        now = self.clock()
        this_week = week_of(now, tz)
        busy = []
        with self.connect() as conn:
            for week in (this_week.shift(-1), this_week):
                start, end = (to_seconds(b) for b in week_bounds(week, tz))
                if fetch(conn, ANY_ACTIVITY, (start, end, start, end))[0][0]:
                    busy.append(week)
        return default_week(now, tz, busy)

    def week(self, week: IsoWeek, tz: tzinfo) -> Review:
        now = self.clock()
        start, end = (to_seconds(b) for b in week_bounds(week, tz))
        window = (to_seconds(week_bounds(week.shift(-(TREND_WEEKS - 1)), tz)[0]), end)
        with self.connect() as conn:
            tasks = fetch(conn, TASKS_STARTED, window)
            sessions = fetch(conn, WINDOW_SESSIONS, window)
            swaps = fetch(conn, WINDOW_SWAPS, window)
            waiting = fetch(
                conn, WAITING, {"as_of": min(to_seconds(now), end), "limit": WAITING_SHOWN}
            )
            commitments = fetch(conn, COMMITMENTS, (str(week), str(week.shift(1))))
        first_blocker: dict[tuple[int, int], str | None] = {}
        for row in sessions:  # oldest first: a task's first session wins
            first_blocker.setdefault((row[0], row[1]), row[4])
        return build_review(
            week,
            tz,
            now,
            starts=[
                StartRecord(
                    task_id, instant(ready), instant(first), first_blocker.get((task_id, first))
                )
                for task_id, ready, first in tasks
            ],
            sessions=[
                SessionRecord(
                    instant(started),
                    max(ended - started - (paused or 0), 0) if ended is not None else 0,
                    nudge_id,
                    outcome,
                    None if helped is None else bool(helped),
                )
                for _, started, ended, paused, _, nudge_id, outcome, helped in sessions
                if started >= start
            ],
            waiting=[
                WaitingRecord(task_id, title, instant(ready))
                for task_id, title, ready, _ in waiting
            ],
            waiting_total=waiting[0][3] if waiting else 0,
            commitments={
                w: CommitmentRecord(w, text, None if kept is None else bool(kept))
                for w, text, kept in commitments
            },
            records=window_records(sessions, swaps),
            library=self.library,
            day_start=self.day_start,
        )


def window_records(sessions: list[Any], swaps: list[Any]) -> dict[str, NudgeRecord]:
    """This user's record per nudge over the trend window, judged by is_success:
    counted per (nudge, outcome, answer) first, so is_success runs a few times."""
    groups = Counter((row[5], row[6], row[7]) for row in sessions if row[5] is not None)
    counts: dict[str, list[int]] = {}
    for (nudge_id, outcome, helped), n in groups.items():
        verdict = is_success(outcome, None if helped is None else bool(helped))
        if verdict is not None:
            counts.setdefault(nudge_id, [0, 0])[0 if verdict else 1] += n
    for nudge_id, n in swaps:
        counts.setdefault(nudge_id, [0, 0])[1] += n
    return {n: NudgeRecord(n, good, bad) for n, (good, bad) in counts.items()}
