"""The weekly review's reads, and the coach's record of each nudge."""

from __future__ import annotations

from datetime import datetime

from startnow.domain.safe_text import safe
from startnow.errors import UnreadableValue
from startnow.store.fast import (
    UNREADABLE,
    _optional_bool,
    fetch,
    first_unreadable,
    instant,
    to_seconds,
)
from startnow.store.fast.reads import read_commitments

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from startnow.domain.chooser import NudgeRecord
    from startnow.domain.review import ReviewInputs

# The ready time (domain/delays.ready_time): the planned start, never before the creation.
READY = "MAX(created_at, COALESCE(planned_start, created_at))"
TASKS_STARTED = f"""
SELECT id, {READY}, first_started_at
FROM task WHERE first_started_at >= ? AND first_started_at < ?
"""
# Every session of the trend window, oldest first: the blocker named on each
# task's first one (only when chosen: a default is no one's answer), the week's
# focus and nudges, and the window's nudge record.
WINDOW_SESSIONS = """
SELECT task_id, started_at, ended_at, paused_seconds,
       CASE WHEN blocker_chosen = 1 THEN blocker END, nudge_id, outcome, nudge_helped,
       blocker_chosen = 1
FROM focus_session WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id
"""
WINDOW_SWAPS = "SELECT nudge_id, COUNT(*) FROM nudge_swap WHERE at >= ? AND at < ? GROUP BY 1"
# Ready by `as_of`, neither started nor closed by then (a closed task without
# a closing time cannot be placed in time, so it does not count as waiting).
WAITING = f"""
SELECT id, title, {READY} AS ready, due, COUNT(*) OVER ()
FROM task
WHERE created_at < :as_of AND {READY} < :as_of
  AND (first_started_at IS NULL OR first_started_at > :as_of)
  AND (closed_at IS NULL OR closed_at > :as_of)
  AND (status = 'open' OR closed_at IS NOT NULL)
ORDER BY ready, id LIMIT :limit
"""
# Done or dropped in the week with no session ever: no start to measure.
CLOSED_WITHOUT_START = """
SELECT COUNT(*) FROM task t
WHERE t.status IN ('done', 'dropped') AND t.closed_at >= ? AND t.closed_at < ?
  AND t.first_started_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM focus_session s WHERE s.task_id = t.id)
"""
# Every started instance (up to the week's end) of each series with an
# instance first started in the week: a recurring task's delays over time.
SERIES_STARTS = f"""
SELECT series_id, title, {READY}, first_started_at FROM task
WHERE series_id IN (
    SELECT series_id FROM task
    WHERE first_started_at >= ? AND first_started_at < ? AND series_id IS NOT NULL
  )
  AND first_started_at IS NOT NULL AND first_started_at < ?
ORDER BY series_id, first_started_at, id
"""
ANY_ACTIVITY = """
SELECT EXISTS(SELECT 1 FROM focus_session WHERE started_at >= ? AND started_at < ?)
    OR EXISTS(SELECT 1 FROM task WHERE first_started_at >= ? AND first_started_at < ?)
"""
# The coach's record: outcomes counted in SQL by group (a few rows, whatever
# the history; the covering index answers it), judged by chooser.tally. Only
# sessions whose blocker was chosen: a nudge offered for a blocker nobody named
# says nothing about how it works against that blocker.
OUTCOME_GROUPS = """
SELECT nudge_id, outcome, nudge_helped, COUNT(*) FROM focus_session
WHERE nudge_id IS NOT NULL AND blocker_chosen = 1 GROUP BY nudge_id, outcome, nudge_helped
"""
SWAPS = "SELECT nudge_id, COUNT(*) FROM nudge_swap GROUP BY nudge_id"
# The blocker this person last chose on this task: where the question opens.
LAST_CHOSEN_BLOCKER = """
SELECT blocker FROM focus_session
WHERE task_id = ? AND blocker_chosen = 1 AND blocker IS NOT NULL
ORDER BY started_at DESC, id DESC LIMIT 1
"""


def any_activity(conn: Any, start: datetime, end: datetime) -> bool:
    """Whether anything was started between `start` and `end`."""
    bounds = (to_seconds(start), to_seconds(end))
    return bool(fetch(conn, ANY_ACTIVITY, bounds * 2)[0][0])


def read_nudge_records(conn: Any) -> dict[str, NudgeRecord]:
    """This user's whole record per nudge, for the chooser."""
    from startnow.domain.chooser import tally

    return tally(fetch(conn, OUTCOME_GROUPS), fetch(conn, SWAPS))


def read_last_chosen_blocker(conn: Any, task_id: int) -> str | None:
    """The blocker last chosen (never a default) on this task's sessions, or None."""
    found = fetch(conn, LAST_CHOSEN_BLOCKER, (task_id,))
    return str(found[0][0]) if found else None


def read_review_inputs(
    conn: Any,
    week: tuple[datetime, datetime],
    window_start: datetime,
    as_of: datetime,
    commitment_weeks: tuple[str, str],
    waiting_shown: int,
) -> ReviewInputs:
    """What the weekly review is computed from: the trend window's first starts
    and sessions (by index, never every row), still-waiting as one ORDER BY ...
    LIMIT with its count, the two weeks' commitments, the window's record and
    the week's tasks closed without a start."""
    start = to_seconds(week[0])
    window = (to_seconds(window_start), to_seconds(week[1]))
    tasks = fetch(conn, TASKS_STARTED, window)
    sessions = fetch(conn, WINDOW_SESSIONS, window)
    swaps = fetch(conn, WINDOW_SWAPS, window)
    waiting = fetch(conn, WAITING, {"as_of": to_seconds(as_of), "limit": waiting_shown})
    closed = fetch(conn, CLOSED_WITHOUT_START, (start, to_seconds(week[1])))[0][0]
    series = fetch(conn, SERIES_STARTS, (start, to_seconds(week[1]), to_seconds(week[1])))
    try:
        inputs = _inputs(conn, tasks, sessions, swaps, waiting, start, commitment_weeks, closed)
        return inputs._replace(series_starts=_series_starts(series))
    except UNREADABLE:  # a time or a title another program wrote: name its row
        raise first_unreadable(conn) or UnreadableValue(None, None, None, "", None) from None


def _series_starts(rows: list[Any]) -> list[Any]:
    from startnow.domain.recurring_review import InstanceStart

    return [
        InstanceStart(series_id, safe(title), instant(ready), instant(first))
        for series_id, title, ready, first in rows
    ]


def _inputs(
    conn: Any,
    tasks: list[Any],
    sessions: list[Any],
    swaps: list[Any],
    waiting: list[Any],
    start: int | None,
    commitment_weeks: tuple[str, str],
    closed: int,
) -> ReviewInputs:
    from startnow.domain.chooser import tally
    from startnow.domain.review import ReviewInputs, SessionRecord, StartRecord, WaitingRecord

    first_blocker: dict[tuple[int, int], str | None] = {}
    for row in sessions:  # oldest first: a task's first session wins
        first_blocker.setdefault((row[0], row[1]), row[4])
    groups: dict[tuple[str, str | None, bool | None], int] = {}
    for row in sessions:
        if row[5] is not None and row[8]:  # the coach's record: chosen blockers only
            key = (row[5], row[6], _optional_bool(row[7]))
            groups[key] = groups.get(key, 0) + 1
    return ReviewInputs(
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
                _optional_bool(helped),
            )
            for _, started, ended, paused, _, nudge_id, outcome, helped, _ in sessions
            if started >= start
        ],
        waiting=[
            WaitingRecord(
                task_id, safe(title), instant(ready), None if due is None else instant(due)
            )
            for task_id, title, ready, due, _ in waiting
        ],
        waiting_total=waiting[0][4] if waiting else 0,
        commitments=read_commitments(conn, *commitment_weeks),
        records=tally(((*key, n) for key, n in groups.items()), swaps),
        closed_without_start=closed,
    )
