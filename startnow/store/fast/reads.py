"""Today's, `list`'s and one task's reads: the domain's tasks with their steps.

A row holding a value no reader can use is an `UnreadableValue`; the readers
of many rows take `skipped`, a list, and then leave such a row out and put
its error there instead (Today and `list` show the rest, and say so).
"""

from __future__ import annotations

from startnow.domain.safe_text import safe
from startnow.errors import UnreadableValue
from startnow.store import tables
from startnow.store.fast import UNREADABLE, _optional_bool, fetch, field_reader, to_seconds

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from datetime import datetime
    from typing import Any

    from startnow.domain.commitment import CommitmentRecord
    from startnow.domain.model import SessionInfo, StepInfo, TaskInfo
    from startnow.domain.shown import ShownSession, ShownTask
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
# `list --all`: the same, closed tasks too.
ALL_TASKS_BY_READY = f"SELECT {tables.TASK.select_list('t')} FROM task t ORDER BY {READY}"
ALL_STEPS_BY_READY = f"""
SELECT {tables.STEP.select_list("c")}
FROM chunk c JOIN task t ON t.id = c.task_id ORDER BY {READY}, c.position, c.id
"""
# The steps of some tasks (Today's first frame: those of its first rows), a
# batch of ids at a time: well under SQLite's oldest limit on parameters.
SOME_TASKS_STEPS = (
    f"SELECT {tables.STEP.select_list()} FROM chunk WHERE task_id IN ({{marks}}) "
    "ORDER BY task_id, position, id"
)
IDS_PER_QUERY = 500
ONE_TASK = f"SELECT {tables.TASK.select_list()} FROM task WHERE id = ?"
ONE_TASKS_STEPS = (
    f"SELECT {tables.STEP.select_list()} FROM chunk WHERE task_id = ? ORDER BY position, id"
)
TASKS_SESSIONS = (
    f"SELECT {tables.FOCUS_SESSION.select_list()} FROM focus_session "
    "WHERE task_id = ? ORDER BY started_at, id"
)
RUNNING = "SELECT EXISTS(SELECT 1 FROM focus_session WHERE ended_at IS NULL)"
COMMITMENTS = "SELECT id, week, text, kept FROM commitment WHERE week IN (?, ?)"
# Today so far, over the index of sessions by start and the partial index of
# closed tasks by when: the focus sessions started, the minutes on a timer, and
# the tasks done since midnight, with a timer or without (`d` on Today). `+status`:
# not the status index, which would read every task ever done.
DAY_SO_FAR = """
SELECT
  (SELECT COUNT(*) FROM focus_session WHERE started_at >= :day AND kind = 'focus'),
  (SELECT COALESCE(SUM(MAX(ended_at - started_at - paused_seconds, 0)), 0)
     FROM focus_session WHERE started_at >= :day AND ended_at IS NOT NULL),
  (SELECT COUNT(*) FROM task WHERE closed_at >= :day AND +status = 'done')
"""


def read_open_tasks(
    conn: Any, skipped: list[UnreadableValue] | None = None, *, steps: bool = True
) -> list[TaskInfo]:
    """Every open task with its steps in order, over any DB-API connection
    (`steps=False`: without them, each task's `chunks` empty)."""
    return _tasks(fetch(conn, OPEN_TASKS), fetch(conn, OPEN_STEPS) if steps else [], skipped)


def read_steps_of(
    conn: Any, task_ids: Iterable[int], skipped: list[UnreadableValue] | None = None
) -> dict[int, tuple[StepInfo, ...]]:
    """The steps of these tasks, in order, by task (a task without any is absent)."""
    make_step, _ = _makers()
    ids = sorted(set(task_ids))
    found: dict[int, list[StepInfo]] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        batch = ids[start : start + IDS_PER_QUERY]
        sql = SOME_TASKS_STEPS.format(marks=", ".join("?" * len(batch)))
        for row in fetch(conn, sql, batch):
            try:
                found.setdefault(row[1], []).append(make_step(row))
            except UnreadableValue as problem:
                _skip(problem, skipped)
    return {task_id: tuple(steps) for task_id, steps in found.items()}


def iter_open_tasks(
    conn: Any, skipped: list[UnreadableValue] | None = None, *, include_closed: bool = False
) -> Iterator[TaskInfo]:
    """Every open task (`include_closed`: every task) with its steps, the
    longest ready first (ready time, then id), one at a time: memory stays flat
    however many there are. Two cursors in the same order, merged."""

    make_step, make_task = _makers()
    tasks, steps = conn.cursor(), conn.cursor()
    try:
        tasks.execute(ALL_TASKS_BY_READY if include_closed else OPEN_TASKS_BY_READY)
        steps.execute(ALL_STEPS_BY_READY if include_closed else OPEN_STEPS_BY_READY)
        step = steps.fetchone()
        for row in tasks:
            mine: list[StepInfo] = []
            while step is not None and step[1] == row[0]:
                try:
                    mine.append(make_step(step))
                except UnreadableValue as problem:
                    _skip(problem, skipped)
                step = steps.fetchone()
            try:
                task = make_task(row, tuple(mine))
            except UnreadableValue as problem:
                _skip(problem, skipped)
                continue
            yield task
    finally:
        tasks.close()
        steps.close()


def read_task(conn: Any, task_id: int) -> TaskInfo | None:
    """One task, whatever its status, with its steps in order."""
    found = _tasks(fetch(conn, ONE_TASK, (task_id,)), fetch(conn, ONE_TASKS_STEPS, (task_id,)))
    return found[0] if found else None


def _tasks(
    task_rows: list[Any], step_rows: list[Any], skipped: list[UnreadableValue] | None = None
) -> list[TaskInfo]:
    """The domain's tasks from rows of `TASK.select_list()` and `STEP.select_list()`
    (steps in order)."""
    make_step, make_task = _makers()
    steps: dict[int, list[StepInfo]] = {}
    for row in step_rows:
        try:
            steps.setdefault(row[1], []).append(make_step(row))
        except UnreadableValue as problem:
            _skip(problem, skipped)
    found: list[TaskInfo] = []
    for row in task_rows:
        try:
            found.append(make_task(row, tuple(steps.get(row[0], ()))))
        except UnreadableValue as problem:
            _skip(problem, skipped)
    return found


def _skip(problem: UnreadableValue, skipped: list[UnreadableValue] | None) -> None:
    """An unreadable row: its error raised, or with `skipped`, kept there (the
    row is left out)."""
    if skipped is None:
        raise problem
    skipped.append(problem)


_made: list[tuple[Callable[[Any], StepInfo], Callable[[Any, tuple[StepInfo, ...]], TaskInfo]]] = []


def _makers() -> tuple[
    Callable[[Any], StepInfo], Callable[[Any, tuple[StepInfo, ...]], TaskInfo]
]:
    """Row -> StepInfo and row, steps -> TaskInfo, handing over only the columns
    the dataclasses have; built once (Today makes thousands before its first paint)."""
    if not _made:
        from startnow.domain.model import StepInfo, TaskInfo

        step_fields = field_reader(tables.STEP, StepInfo.__dataclass_fields__)
        task_fields = field_reader(tables.TASK, TaskInfo.__dataclass_fields__)

        def make_step(row: Any) -> StepInfo:
            return StepInfo(**step_fields(row))

        def make_task(row: Any, steps: tuple[StepInfo, ...]) -> TaskInfo:
            return TaskInfo(**task_fields(row), chunks=steps)

        _made.append((make_step, make_task))
    return _made[0]


def read_shown(conn: Any, task_id: int) -> tuple[ShownTask, list[ShownSession]] | None:
    """One task, whatever its status, with its steps in order and its sessions
    oldest first, as `show` prints them: namedtuples, not the dataclasses."""
    from startnow.domain.shown import ShownSession, ShownStep, ShownTask

    rows = fetch(conn, ONE_TASK, (task_id,))
    if not rows:
        return None
    step = field_reader(tables.STEP, ShownStep._fields)
    steps = tuple(ShownStep(**step(row)) for row in fetch(conn, ONE_TASKS_STEPS, (task_id,)))
    task = ShownTask(**field_reader(tables.TASK, ShownTask._fields)(rows[0]), chunks=steps)
    session = field_reader(tables.FOCUS_SESSION, ShownSession._fields)
    return task, [ShownSession(**session(row)) for row in fetch(conn, TASKS_SESSIONS, (task_id,))]


def read_sessions(conn: Any, task_id: int) -> list[SessionInfo]:
    """One task's focus sessions, oldest first."""
    from startnow.domain.model import SessionInfo

    read = field_reader(tables.FOCUS_SESSION, SessionInfo.__dataclass_fields__)
    return [SessionInfo(**read(row)) for row in fetch(conn, TASKS_SESSIONS, (task_id,))]


def has_running_session(conn: Any) -> bool:
    return bool(fetch(conn, RUNNING)[0][0])


def read_day_so_far(conn: Any, day_start: datetime) -> DaySoFar:
    """Starts, focused minutes and tasks done since `day_start` (local midnight)."""
    from startnow.domain.today import DaySoFar

    starts, seconds, done = fetch(conn, DAY_SO_FAR, {"day": to_seconds(day_start)})[0]
    return DaySoFar(int(starts), int(seconds) // 60, int(done))


def read_commitments(conn: Any, *weeks: str) -> dict[str, CommitmentRecord]:
    """The implementation intentions of up to two ISO weeks, by week."""
    from startnow.domain.commitment import CommitmentRecord

    asked = (*weeks, *weeks)[:2]
    found = {}
    for row_id, week, text, kept in fetch(conn, COMMITMENTS, asked):
        try:
            found[week] = CommitmentRecord(week, safe(text), _optional_bool(kept))
        except UNREADABLE:  # a blob where the words belong
            raise UnreadableValue("commitment", row_id, "text", tables.TEXT, text) from None
    return found
