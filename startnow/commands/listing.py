"""`startnow list`: open tasks with their next step and how long they have waited."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, tzinfo
from typing import Any

from startnow.clock import local_zone
from startnow.commands.common import db_path, require_store
from startnow.domain.delays import humanize, is_missed, task_delay
from startnow.domain.describe import clip, iso_instant, local_when
from startnow.domain.model import TaskInfo

# The keys of `startnow list --json`. Scripts depend on them: add, never rename.
LIST_KEYS = (
    "id", "title", "tags", "estimate", "planned_start", "due", "created_at",
    "next_step", "next_step_minutes", "waited_minutes", "started", "missed", "status",
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
    }
    assert tuple(record) == LIST_KEYS
    return record


def sort_key(task: TaskInfo) -> tuple[datetime, int]:
    return (task.ready_time, task.id)


def table(tasks: list[TaskInfo], now: datetime, tz: tzinfo) -> str:
    if not tasks:
        return 'No open tasks. Add one: startnow add "Call the dentist ~5m start:tomorrow 10am"'
    rows = [("id", "task", "next step", "waited")]
    for task in tasks:
        step = task.next_step
        next_text = step.title if step.chunk_id is not None else "—"
        waited = (
            "starts " + local_when(task.ready_time, tz)
            if task.ready_time > now
            else (humanize(task_delay(task, now)) + (" · missed" if is_missed(task, now) else ""))
        )
        rows.append((str(task.id), clip(task.title, 40), clip(next_text, 36), waited))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(
        f"{r[0]:>{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}".rstrip()
        for r in rows
    )


def register(command: Any) -> None:
    lst = command(
        "list",
        "open tasks, their next step and how long they have waited",
        "examples:\n  startnow list\n  startnow list --json | jq '.[0].next_step'",
    )
    lst.add_argument("--json", action="store_true", help="print JSON (stable keys, see README)")


def run(args: argparse.Namespace) -> int:
    from startnow.services.all_services import Services

    path, is_default = db_path(args)
    require_store(path, is_default)
    services = Services.read_only(path, create_dir=is_default)
    try:
        tasks = sorted(services.open_tasks(), key=sort_key)
        now = services.clock()
    finally:
        services.close()
    if args.json:
        print(json.dumps([task_record(t, now) for t in tasks], indent=2, ensure_ascii=False))
    else:
        print(table(tasks, now, local_zone()))
    return 0
