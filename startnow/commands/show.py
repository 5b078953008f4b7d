"""`startnow show ID [--json]`: one task, whatever its status: its pieces, its
steps, its focus sessions and its start delay. Read-only, no ORM."""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from startnow.domain.delays import closed_without_start, humanize, measured_delay
from startnow.domain.describe import format_minutes, iso_instant, local_when
from startnow.domain.focus import elapsed
from startnow.domain.safe_text import safe, safe_lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser
    from startnow.domain.shown import ShownSession, ShownTask

# The keys of `startnow show --json`, of each step and of each session. Scripts
# depend on them: add, never rename.
SHOW_KEYS = (
    "id", "title", "status", "tags", "estimate", "created_at", "planned_start", "due",
    "self_due", "first_started_at", "closed_at", "notes", "start_delay_minutes",
    "waited_minutes", "closed_without_start", "steps", "sessions", "recurrence",
)  # fmt: skip
STEP_KEYS = ("id", "position", "title", "estimate", "done_at")
SESSION_KEYS = (
    "id", "step_id", "kind", "started_at", "ended_at", "planned_minutes", "focus_minutes",
    "outcome", "blocker", "nudge_id", "nudge_helped",
)  # fmt: skip

EPILOG = """\
examples:
  startnow show 12
  startnow show 12 --json | jq '.sessions | length'

The start delay is first start − ready time (the planned start, else when it
was added). A task not started yet shows how long it has waited so far; one
done or dropped without a session has none: "closed without a start"."""


def register(command: CommandParser) -> None:
    show = command("show", "one task: its steps, focus sessions and start delay", EPILOG)
    show.add_argument("id", metavar="ID", help="the task's id (see startnow list --all)")
    show.add_argument("--json", action="store_true", help="print a JSON object (stable keys)")


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    from types import SimpleNamespace

    from startnow.commands.changing import plain_args

    found = plain_args(argv, "show", flags=("--json",))
    if found is None or len(found[1]) != 1:
        return None
    return SimpleNamespace(command="show", db=found[0], id=found[1][0], json="--json" in found[2])


def iso(value: datetime | None) -> str | None:
    return None if value is None else iso_instant(value)


def _minutes(value: object) -> int | None:
    from datetime import timedelta

    return None if not isinstance(value, timedelta) else int(value.total_seconds() // 60)


def task_json(
    task: ShownTask, sessions: Sequence[ShownSession], now: datetime
) -> dict[str, object]:
    started = task.first_started_at
    record = {
        "id": task.id,
        "title": task.title,
        "status": str(task.status),
        "tags": list(task.tags),
        "estimate": task.estimate,
        "created_at": iso(task.created_at),
        "planned_start": iso(task.planned_start),
        "due": iso(task.due),
        "self_due": iso(task.self_due),
        "first_started_at": iso(started),
        "closed_at": iso(task.closed_at),
        "notes": task.notes,
        "start_delay_minutes": _minutes(measured_delay(task, now)) if started else None,
        "waited_minutes": None if started else _minutes(measured_delay(task, now)),
        "closed_without_start": closed_without_start(task),
        "steps": [
            dict(zip(STEP_KEYS, (s.id, s.position, s.title, s.estimate, iso(s.done_at)),
                     strict=True))
            for s in task.chunks
        ],  # fmt: skip
        "sessions": [session_json(s, now) for s in sessions],
        "recurrence": task.recurrence,
    }
    assert tuple(record) == SHOW_KEYS
    return record


def session_json(s: ShownSession, now: datetime) -> dict[str, object]:
    values = (
        s.id, s.chunk_id, s.kind, iso(s.started_at), iso(s.ended_at), s.planned_minutes,
        _minutes(elapsed(s, now)), s.outcome, s.blocker, s.nudge_id, s.nudge_helped,
    )  # fmt: skip
    return dict(zip(SESSION_KEYS, values, strict=True))


def delay_line(task: ShownTask, now: datetime, tz: tzinfo) -> str:
    if closed_without_start(task):
        return "start delay: none, closed without a start"
    delay = measured_delay(task, now)
    assert delay is not None
    if task.first_started_at is not None:
        first = local_when(task.first_started_at, tz)
        return f"start delay: {_delay_words(delay)} (first started {first})"
    if task.ready_time > now:
        return f"start delay: not started; ready {local_when(task.ready_time, tz)}"
    if delay.total_seconds() < 60:
        return "start delay: not started yet (ready just now)"
    return f"start delay: not started yet, waiting {humanize(delay)} so far"


def _delay_words(delay: object) -> str:
    text = humanize(delay)  # type: ignore[arg-type]  # a timedelta
    return "none" if text == "just now" else text


def task_text(task: ShownTask, sessions: Sequence[ShownSession], now: datetime, tz: tzinfo) -> str:
    year = now.astimezone(tz).year
    head = [f"{task.id}", safe(task.title), str(task.status)]
    if task.closed_at is not None:
        head[-1] += f" {local_when(task.closed_at, tz, year_unless=year)}"
    facts = [f"added {local_when(task.created_at, tz, year_unless=year)}"]
    if task.planned_start is not None:
        facts.append(f"start {local_when(task.planned_start, tz, year_unless=year)}")
    if task.due is not None:
        due = local_when(task.due, tz, date_only_at=time(23, 59), year_unless=year)
        facts.append(f"due {due}")
    if task.estimate is not None:
        facts.append(f"~{format_minutes(task.estimate).replace(' min', 'm')}")
    if task.recurrence is not None:
        from startnow.domain.series import describe

        facts.append(describe(task.recurrence))
    if task.tags:
        facts.append(" ".join(f"#{safe(t)}" for t in task.tags))
    lines = [" · ".join(head), "  " + " · ".join(facts), "  " + delay_line(task, now, tz)]
    if task.notes:
        lines += ["  notes: " + line for line in safe_lines(task.notes).splitlines()]
    lines.append("steps" if task.chunks else "steps: none")
    for n, step in enumerate(task.chunks, 1):
        mark = "✓" if step.done_at is not None else "·"
        minutes = f" ~{format_minutes(step.estimate).replace(' min', 'm')}" if step.estimate else ""
        lines.append(f"  {n}. {mark} {safe(step.title)}{minutes}")
    lines.append("sessions" if sessions else "sessions: none")
    for s in sessions:
        parts = [local_when(s.started_at, tz, year_unless=year)]
        parts.append(f"{_minutes(elapsed(s, now))} of {s.planned_minutes} min")
        parts.append(s.outcome or ("paused" if s.paused_at else "running"))
        if s.blocker:
            parts.append(f"blocker {safe(s.blocker)}")
        if s.nudge_id:
            parts.append(f"nudge {safe(s.nudge_id)}")
        lines.append("  " + " · ".join(parts))
    return "\n".join(lines)


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    import os

    from startnow.clock import local_zone, system_clock
    from startnow.commands.changing import task_id
    from startnow.errors import UsageError
    from startnow.paths import resolve_db_location
    from startnow.services.lookup import task_details

    number = task_id(args.id)
    location, is_default = resolve_db_location(getattr(args, "db", None))
    exists = os.path.exists(location)
    if not exists and not is_default:  # the one line of a mistyped --db (pathlib only then)
        from pathlib import Path

        from startnow.commands.common import require_store

        require_store(Path(location), is_default)
    found = task_details(location, number, create_dir=is_default) if exists else None
    if found is None:
        raise UsageError(f"there is no task {number}")
    task, sessions = found
    now = system_clock()
    if args.json:
        from startnow.formats.plain_json import dumps  # json.dumps, without the json package

        print(dumps(task_json(task, sessions, now)))
    else:
        print(task_text(task, sessions, now, local_zone()))
    return 0
