"""`startnow list`: open tasks with their next step and how long they have waited."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import datetime, tzinfo

from startnow.clock import local_zone
from startnow.commands.common import db_path, require_store
from startnow.domain.delays import humanize, is_missed, is_overdue, task_delay
from startnow.domain.describe import clip, due_text, iso_instant, local_when
from startnow.domain.model import TaskInfo

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser

# The keys of `startnow list --json`. Scripts depend on them: add, never rename.
LIST_KEYS = (
    "id", "title", "tags", "estimate", "planned_start", "due", "created_at",
    "next_step", "next_step_minutes", "waited_minutes", "started", "missed", "status",
    "overdue",
)  # fmt: skip


def iso(value: datetime | None) -> str | None:
    return None if value is None else iso_instant(value)


def task_record(task: TaskInfo, now: datetime) -> dict[str, object]:
    step = task.next_step
    record = {
        "id": task.id,
        "title": task.title,
        "tags": list(task.tags),
        "estimate": task.estimate,
        "planned_start": iso(task.planned_start),
        "due": iso(task.due),
        "created_at": iso(task.created_at),
        "next_step": step.title,
        "next_step_minutes": step.minutes,
        "waited_minutes": int(task_delay(task, now).total_seconds() // 60),
        "started": task.started,
        "missed": is_missed(task, now),
        "status": task.status,
        "overdue": is_overdue(task, now),
    }
    assert tuple(record) == LIST_KEYS
    return record


def table(tasks: list[TaskInfo], now: datetime, tz: tzinfo) -> str:
    if not tasks:
        return 'No open tasks. Add one: startnow add "Call the dentist ~5m start:tomorrow 10am"'
    rows = [("id", "task", "next step", "waited")]
    for task in tasks:
        step = task.next_step
        next_text = step.title if step.chunk_id is not None else "—"
        year = now.astimezone(tz).year
        if task.ready_time > now:
            waited = "starts " + local_when(task.ready_time, tz, year_unless=year)
        else:
            waited = humanize(task_delay(task, now)) + (" · missed" if is_missed(task, now) else "")
        if task.due is not None and is_overdue(task, now):
            waited += " · " + due_text(task.due, now, tz)
        rows.append((str(task.id), clip(task.title, 40), clip(next_text, 36), waited))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(
        f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip()
        for r in rows
    )


def register(command: CommandParser) -> None:
    lst = command(
        "list",
        "open tasks, their next step and how long they have waited",
        "examples:\n  startnow list\n  startnow list --json | jq '.[0].next_step'\n"
        "  startnow list --jsonl | head -3         one object per line\n"
        "  startnow list --json --pretty           indented",
    )
    shape = lst.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print a JSON array (stable keys)")
    shape.add_argument("--jsonl", action="store_true", help="print one JSON object per line")
    lst.add_argument("--pretty", action="store_true", help="with --json: indented")


def run(args: argparse.Namespace) -> int:
    from startnow.services.all_services import Services

    if args.pretty and not args.json:
        from startnow.errors import UsageError

        raise UsageError("--pretty goes with --json")
    path, is_default = db_path(args)
    require_store(path, is_default)
    services = Services.read_only(path, create_dir=is_default)
    try:
        now = services.clock()
        if args.json and args.pretty:
            records = [task_record(t, now) for t in services.open_tasks_by_wait()]
            print(json.dumps(records, indent=2, ensure_ascii=False))
        elif args.json or args.jsonl:
            write_json(services.open_tasks_by_wait(), now, lines=args.jsonl)
        else:
            print(table(list(services.open_tasks_by_wait()), now, local_zone()))
    finally:
        services.close()
    return 0


def write_json(tasks: Iterable[TaskInfo], now: datetime, *, lines: bool) -> None:
    """Streamed, one object at a time, with the C encoder: memory stays flat
    and the time is the reading's. An array with one object a line, or
    (`lines`) JSON Lines."""
    out = sys.stdout
    encode = json.JSONEncoder(ensure_ascii=False).encode
    separator = "" if lines else "["
    for task in tasks:
        out.write(separator + encode(task_record(task, now)))
        separator = "\n" if lines else ",\n"
    if lines:
        out.write("\n" if separator else "")
    else:
        out.write("[]\n" if not separator.startswith(",") else "]\n")
