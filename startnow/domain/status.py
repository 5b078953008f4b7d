"""`startnow status`: the one line a status bar shows, worked out and formatted.

Pure: the store's rows, the clock and the zone come in as arguments. The rules
are Today's and the timer's own (`delays.is_missed`, `focus.remaining`); only
the objects are lighter than `model.py`'s dataclasses, whose creation alone
would cost a status bar that runs this every second more than the whole rest
of the command. A test checks `next_up` against `build_today` on random tasks.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from startnow.domain.delays import GRACE, is_missed, ready_time, start_deadline
from startnow.domain.describe import clip, format_minutes
from startnow.domain.focus import clock_face, elapsed, remaining
from startnow.domain.safe_text import safe

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from startnow.domain.model import SessionInfo, TaskInfo

SMALL_THING_MINUTES = 2  # as model.SMALL_THING_MINUTES (a test keeps them equal)
STATES = ("running", "paused", "interrupted", "idle", "empty")
FORMATS = ("text", "json", "waybar", "tmux")
# The keys of `startnow status --format json`. Bars depend on them: add, never rename.
STATUS_KEYS = (
    "state", "task_id", "title", "step", "remaining_seconds", "planned_minutes", "paused",
    "missed_count", "next", "text",
)  # fmt: skip
NEXT_KEYS = ("task_id", "title", "step", "step_minutes", "missed")
TITLE_WIDTH = 40  # a status bar is narrow: longer titles are clipped with "…"


class OpenTask:
    """An open task as Today's rules read it, with its next step (the first
    open chunk, else the task itself). Plain slots: cheap to make by the hundred."""

    __slots__ = (
        "id", "title", "created_at", "planned_start", "due", "estimate", "first_started_at",
        "has_steps", "step_title", "step_minutes",
    )  # fmt: skip
    status = "open"

    def __init__(
        self,
        id: int,
        title: str,
        created_at: datetime,
        planned_start: datetime | None = None,
        due: datetime | None = None,
        estimate: int | None = None,
        first_started_at: datetime | None = None,
        step_title: str | None = None,
        step_minutes: int | None = None,
    ) -> None:
        self.id, self.title, self.created_at = id, title, created_at
        self.planned_start, self.due, self.estimate = planned_start, due, estimate
        self.first_started_at = first_started_at
        self.has_steps = step_title is not None
        self.step_title = title if step_title is None else step_title
        self.step_minutes = estimate if step_title is None else step_minutes

    @property
    def ready_time(self) -> datetime:
        return ready_time(self.created_at, self.planned_start)

    @property
    def started(self) -> bool:
        return self.first_started_at is not None

    @property
    def is_small(self) -> bool:
        return self.estimate is not None and self.estimate <= SMALL_THING_MINUTES


class OpenSession:
    """A focus session whose `ended_at` is NULL, with its task's title and step."""

    __slots__ = (
        "id", "task_id", "title", "step", "started_at", "planned_minutes", "paused_at",
        "paused_seconds", "blocker", "nudge_id", "kind",
    )  # fmt: skip
    ended_at = None

    def __init__(
        self,
        id: int,
        task_id: int,
        title: str,
        step: str,
        started_at: datetime,
        planned_minutes: int,
        paused_at: datetime | None = None,
        paused_seconds: int = 0,
        blocker: str | None = None,
        nudge_id: str | None = None,
        kind: str = "focus",
    ) -> None:
        self.id, self.task_id, self.title, self.step = id, task_id, title, step
        self.started_at, self.planned_minutes = started_at, planned_minutes
        self.paused_at, self.paused_seconds = paused_at, paused_seconds
        self.blocker, self.nudge_id, self.kind = blocker, nudge_id, kind


def _task(task: OpenTask) -> TaskInfo:
    """The delay rules read only attributes OpenTask has (status, started,
    ready_time, planned_start, due, estimate, created_at)."""
    return task  # type: ignore[return-value]  # duck-typed: the attributes above


def _session(session: OpenSession) -> SessionInfo:
    """The timer arithmetic reads started_at, paused_at, paused_seconds,
    planned_minutes and ended_at, which OpenSession has."""
    return session  # type: ignore[return-value]  # duck-typed: the attributes above


def end_of_local_day(now: datetime, tz: tzinfo) -> datetime:
    """As today.end_of_local_day: midnight at the end of `now`'s local day."""
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=tz)


def next_up(
    tasks: list[OpenTask], now: datetime, end_of_day: datetime, grace: timedelta = GRACE
) -> tuple[OpenTask | None, int]:
    """What Enter on Today would start (the main list's top, else the first
    small thing), and how many starts are missed: build_today's order, without
    building the whole view. `end_of_day`: the end of now's local day
    (end_of_local_day), which decides what counts as planned for today."""
    missed: list[tuple[Any, ...]] = []
    today: list[tuple[Any, ...]] = []
    waiting: list[tuple[Any, ...]] = []
    small: list[tuple[Any, ...]] = []
    for task in tasks:
        info = _task(task)
        if is_missed(info, now, grace):
            missed.append((start_deadline(info) or task.ready_time, task.id, task))
            continue
        if task.is_small:
            if task.ready_time < end_of_day:
                small.append((task.ready_time, task.id, task))
            continue
        deadline = start_deadline(info)
        if task.started or (deadline is not None and deadline < end_of_day):
            today.append((task.started, deadline or task.ready_time, task.id, task))
        elif task.ready_time <= now:
            waiting.append((task.ready_time, task.id, task))
    for lane in (missed, today, waiting, small):
        if lane:
            return min(lane, key=lambda row: row[:-1])[-1], len(missed)
    return None, 0


class Status:
    """What the line says: the open session if there is one, else the next thing."""

    __slots__ = ("state", "session", "remaining", "next", "missed_count", "planned_minutes", "now")

    def __init__(
        self,
        state: str,
        session: OpenSession | None,
        remaining: timedelta | None,
        next: OpenTask | None,
        missed_count: int,
        now: datetime,
    ) -> None:
        self.state, self.session, self.remaining = state, session, remaining
        self.next, self.missed_count, self.now = next, missed_count, now
        self.planned_minutes = session.planned_minutes if session is not None else None


def status_of(
    session: OpenSession | None,
    tasks: list[OpenTask],
    now: datetime,
    end_of_day: datetime,
    grace: timedelta = GRACE,
) -> Status:
    """running / paused while a session is open with time left; interrupted when
    its time ran out but nobody closed it (the app was killed: it is not still
    running); idle with something to start; empty with nothing at all."""
    top, missed = next_up(tasks, now, end_of_day, grace)
    if session is not None:
        left = remaining(_session(session), now)
        if session.paused_at is not None:
            state = "paused"
        elif left <= timedelta(0):
            state = "interrupted"
        else:
            state = "running"
        return Status(state, session, left, top, missed, now)
    return Status("idle" if top is not None else "empty", None, None, top, missed, now)


def _name(text: str) -> str:
    return clip(safe(text), TITLE_WIDTH)


def _minutes(value: int | None) -> str:
    return f" ({format_minutes(value)})" if value is not None else ""


def text_line(status: Status) -> str:
    """'▶ Write Q3 report · 12:41 left', 'next: open the doc (5 min) · 2 missed', or ''."""
    session = status.session
    if session is not None:
        title = _name(session.title)
        if status.state == "interrupted":
            return f"⏸ {title} · interrupted"
        left = clock_face(status.remaining or timedelta(0))
        if status.state == "paused":
            return f"⏸ {title} · {left} left · paused"
        return f"▶ {title} · {left} left"
    if status.next is None:
        return ""
    line = f"next: {_name(status.next.step_title)}{_minutes(status.next.step_minutes)}"
    if status.missed_count:
        line += f" · {status.missed_count} missed"
    return line


def _remaining_seconds(status: Status) -> int | None:
    if status.remaining is None:
        return None
    return int(status.remaining.total_seconds() + 0.999)  # as the countdown shows it


def _next_record(task: OpenTask | None, now: datetime, grace: timedelta) -> dict[str, Any] | None:
    if task is None:
        return None
    return {
        "task_id": task.id,
        "title": task.title,
        "step": task.step_title,
        "step_minutes": task.step_minutes,
        "missed": is_missed(_task(task), now, grace),
    }


def json_record(status: Status, now: datetime, grace: timedelta = GRACE) -> dict[str, Any]:
    """The stable keys: task_id, title and step are the open session's, else the
    next thing's; `next` is always the next thing (or null)."""
    session, top = status.session, status.next
    if session is not None:
        task_id, title, step = session.task_id, session.title, session.step
    elif top is not None:
        task_id, title, step = top.id, top.title, top.step_title
    else:
        task_id, title, step = None, None, None
    record = {
        "state": status.state,
        "task_id": task_id,
        "title": title,
        "step": step,
        "remaining_seconds": _remaining_seconds(status),
        "planned_minutes": status.planned_minutes,
        "paused": status.state == "paused",
        "missed_count": status.missed_count,
        "next": _next_record(top, now, grace),
        "text": text_line(status),
    }
    assert tuple(record) == STATUS_KEYS
    return record


def _pango(text: str) -> str:
    """Waybar reads `text` and `tooltip` as Pango markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def percentage(status: Status) -> int:
    """How much of the session's time has gone, 0-100 (0 without a session)."""
    session = status.session
    if session is None or session.planned_minutes <= 0:
        return 0
    done = elapsed(_session(session), status.now)
    return max(0, min(100, int(100 * done.total_seconds() / (session.planned_minutes * 60))))


def tooltip(status: Status) -> str:
    session, top = status.session, status.next
    lines: list[str] = []
    if session is not None:
        lines.append(safe(session.title))
        if session.step != session.title:
            lines.append(f"step: {safe(session.step)}")
        lines.append(f"{session.planned_minutes} min timer · {status.state}")
    if top is not None and (session is None or top.id != session.task_id):
        lines.append(f"next: {safe(top.step_title)}{_minutes(top.step_minutes)}")
    if status.missed_count:
        lines.append(f"{status.missed_count} missed start" + "s" * (status.missed_count != 1))
    return "\n".join(lines)


def waybar(status: Status) -> str:
    """Waybar's custom-module JSON (`return-type: json`): one object, one line."""
    record = {
        "text": _pango(text_line(status)),
        "tooltip": _pango(tooltip(status)),
        "class": status.state,
        "percentage": percentage(status),
    }
    import json

    return json.dumps(record, ensure_ascii=False)


def tmux(status: Status) -> str:
    """Safe inside `status-right`: one line, no control characters, and every
    `#` doubled so tmux shows it rather than reading a format."""
    return text_line(status).replace("#", "##")


def render(status: Status, fmt: str, now: datetime, grace: timedelta = GRACE) -> str:
    """The output for `--format` (without the final newline)."""
    if fmt == "json":
        import json

        return json.dumps(json_record(status, now, grace), ensure_ascii=False)
    if fmt == "waybar":
        return waybar(status)
    if fmt == "tmux":
        return tmux(status)
    return text_line(status)
