"""Today's, `list`'s and one task's reads: the domain's tasks with their steps."""

from __future__ import annotations

from startnow.store import tables
from startnow.store.fast import _optional_bool, decoded, fetch, to_seconds

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime
    from typing import Any

    from startnow.domain.model import StepInfo, TaskInfo
    from startnow.domain.review import CommitmentRecord
    from startnow.domain.today import DaySoFar

OPEN_TASKS = f"SELECT {tables.TASK.select_list()} FROM task WHERE status = 'open'"
OPEN_STEPS = f"""
SELECT {tables.STEP.select_list("c")}
FROM chunk c JOIN task t ON t.id = c.task_id
WHERE t.status = 'open' ORDER BY c.task_id, c.position, c.id
"""
# The ready time (domain/delays.ready_time): the planned start, never before the creation.
READY_TIME = "MAX(t.created_at, COALESCE(t.planned_start, t.created_at))"
READY = f"{READY_TIME}, t.id"
OPEN_TASKS_BY_READY = (
    f"SELECT {tables.TASK.select_list('t')} FROM task t WHERE t.status = 'open' ORDER BY {READY}"
)
OPEN_STEPS_BY_READY = f"""
SELECT {tables.STEP.select_list("c")}
FROM chunk c JOIN task t ON t.id = c.task_id
WHERE t.status = 'open' ORDER BY {READY}, c.position, c.id
"""
ONE_TASK = f"SELECT {tables.TASK.select_list()} FROM task WHERE id = ?"
ONE_TASKS_STEPS = (
    f"SELECT {tables.STEP.select_list()} FROM chunk WHERE task_id = ? ORDER BY position, id"
)
RUNNING = "SELECT EXISTS(SELECT 1 FROM focus_session WHERE ended_at IS NULL)"
COMMITMENTS = "SELECT week, text, kept FROM commitment WHERE week IN (?, ?)"
# Today so far, over the index of sessions by start: the focus sessions started,
# the minutes on a timer, and the tasks finished among those worked on today
# (a small thing done from the lane or a sweep leaves a session too, see
# services/focus.record_swept). `+status`: not the status index, which would
# read every task ever done.
DAY_SO_FAR = """
SELECT
  (SELECT COUNT(*) FROM focus_session WHERE started_at >= :day AND kind = 'focus'),
  (SELECT COALESCE(SUM(MAX(ended_at - started_at - paused_seconds, 0)), 0)
     FROM focus_session WHERE started_at >= :day AND ended_at IS NOT NULL),
  (SELECT COUNT(*) FROM task WHERE +status = 'done' AND closed_at >= :day
     AND id IN (SELECT task_id FROM focus_session WHERE started_at >= :day))
"""


def read_open_tasks(conn: Any) -> list[TaskInfo]:
    """Every open task with its steps in order, over any DB-API connection."""
    return _tasks(fetch(conn, OPEN_TASKS), fetch(conn, OPEN_STEPS))


def iter_open_tasks(conn: Any) -> Iterator[TaskInfo]:
    """Every open task with its steps, the longest ready first (ready time,
    then id), one at a time: memory stays flat however many there are. Two
    cursors in the same order, merged."""

    tasks, steps = conn.cursor(), conn.cursor()
    try:
        tasks.execute(OPEN_TASKS_BY_READY)
        steps.execute(OPEN_STEPS_BY_READY)
        step = steps.fetchone()
        for row in tasks:
            mine: list[StepInfo] = []
            while step is not None and step[1] == row[0]:
                mine.append(_step(step))
                step = steps.fetchone()
            yield _task(row, tuple(mine))
    finally:
        tasks.close()
        steps.close()


def read_task(conn: Any, task_id: int) -> TaskInfo | None:
    """One task, whatever its status, with its steps in order."""
    found = _tasks(fetch(conn, ONE_TASK, (task_id,)), fetch(conn, ONE_TASKS_STEPS, (task_id,)))
    return found[0] if found else None


def _tasks(task_rows: list[Any], step_rows: list[Any]) -> list[TaskInfo]:
    """The domain's tasks from rows of `TASK.select_list()` and `STEP.select_list()`
    (steps in order)."""
    steps: dict[int, list[StepInfo]] = {}
    for row in step_rows:
        steps.setdefault(row[1], []).append(_step(row))
    return [_task(row, tuple(steps.get(row[0], ()))) for row in task_rows]


def _step(row: Any) -> StepInfo:
    """A row of `STEP.select_list()` as the domain's step: only the columns the
    dataclass has are handed over."""
    from startnow.domain.model import StepInfo

    values = decoded(tables.STEP, row)
    fields = StepInfo.__dataclass_fields__
    return StepInfo(**{k: v for k, v in values.items() if k in fields})  # type: ignore[arg-type]  # decoded by kind


def _task(row: Any, steps: tuple[StepInfo, ...]) -> TaskInfo:
    from startnow.domain.model import TaskInfo

    values = decoded(tables.TASK, row)
    fields = TaskInfo.__dataclass_fields__
    known = {k: v for k, v in values.items() if k in fields}
    return TaskInfo(**known, chunks=steps)  # type: ignore[arg-type]  # decoded by kind


def has_running_session(conn: Any) -> bool:
    return bool(fetch(conn, RUNNING)[0][0])


def read_day_so_far(conn: Any, day_start: datetime) -> DaySoFar:
    """Starts, focused minutes and tasks done since `day_start` (local midnight)."""
    from startnow.domain.today import DaySoFar

    starts, seconds, done = fetch(conn, DAY_SO_FAR, {"day": to_seconds(day_start)})[0]
    return DaySoFar(int(starts), int(seconds) // 60, int(done))


def read_commitments(conn: Any, *weeks: str) -> dict[str, CommitmentRecord]:
    """The implementation intentions of up to two ISO weeks, by week."""
    from startnow.domain.review import CommitmentRecord

    asked = (*weeks, *weeks)[:2]
    return {
        week: CommitmentRecord(week, text, _optional_bool(kept))
        for week, text, kept in fetch(conn, COMMITMENTS, asked)
    }
