"""`startnow list`: open tasks with their next step and how long they have
waited; filtered by tag, due date or words, and with closed ones (`--all`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from startnow.clock import local_zone
from startnow.commands.common import db_path, require_store
from startnow.domain.delays import (
    closed_without_start,
    humanize,
    is_missed,
    is_overdue,
    measured_delay,
)
from startnow.domain.describe import clip, due_text, iso_instant, local_when
from startnow.domain.model import TaskInfo
from startnow.domain.states import TaskStatus
from startnow.domain.task_filter import TaskFilter
from startnow.errors import UnreadableValue

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser

# The keys of `startnow list --json`. Scripts depend on them: add, never rename.
LIST_KEYS = (
    "id", "title", "tags", "estimate", "planned_start", "due", "created_at",
    "next_step", "next_step_minutes", "waited_minutes", "started", "missed", "status",
    "closed_at",
    "overdue",
    "recurrence",
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
        "waited_minutes": minutes(measured_delay(task, now)),
        "started": task.started,
        "missed": is_missed(task, now),
        "status": task.status,
        "closed_at": iso(task.closed_at),
        "overdue": is_overdue(task, now),
        "recurrence": task.recurrence,
    }
    assert tuple(record) == LIST_KEYS
    return record


def minutes(delay: timedelta | None) -> int | None:
    return None if delay is None else int(delay.total_seconds() // 60)


def waited_words(task: TaskInfo, now: datetime, tz: tzinfo) -> str:
    """How long it waited: for a closed task, how it was closed and its start delay."""
    if closed_without_start(task):
        closed = "" if task.closed_at is None else " " + local_when(task.closed_at, tz)
        return f"{task.status}{closed} · no start"
    delay = humanize(measured_delay(task, now) or timedelta(0))
    if task.status != TaskStatus.OPEN:
        closed = "" if task.closed_at is None else " " + local_when(task.closed_at, tz)
        return f"{task.status}{closed} · started after {delay}"
    if task.ready_time > now:
        year = now.astimezone(tz).year
        return "starts " + local_when(task.ready_time, tz, year_unless=year)
    return delay + (" · missed" if is_missed(task, now) else "")


def table(tasks: list[TaskInfo], now: datetime, tz: tzinfo, narrowed: bool = False) -> str:
    if not tasks:
        if narrowed:
            return "No tasks match."
        return 'No open tasks. Add one: startnow add "Call the dentist ~5m start:tomorrow 10am"'
    rows = [("id", "task", "next step", "waited")]
    for task in tasks:
        step = task.next_step
        next_text = step.title if step.chunk_id is not None else "—"
        waited = waited_words(task, now, tz)
        if task.due is not None and is_overdue(task, now):
            waited += " · " + due_text(task.due, now, tz)
        if task.recurrence is not None:
            from startnow.domain.series import short

            waited += " · " + short(task.recurrence)
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
        "  startnow list --json --pretty           indented\n"
        "  startnow list --tag work --due-before fri\n"
        "  startnow list --all --search 'q3 report'  done and dropped ones too\n\n"
        "Filters combine (every one must hold). --due-before takes add's dates; a\n"
        "day alone means its end: --due-before fri lists what is due by Friday night.",
    )
    shape = lst.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print a JSON array (stable keys)")
    shape.add_argument("--jsonl", action="store_true", help="print one JSON object per line")
    lst.add_argument("--pretty", action="store_true", help="with --json: indented")
    lst.add_argument("--tag", action="append", default=[], metavar="TAG",
                     help="only tasks with this tag (again for several: all of them)")  # fmt: skip
    lst.add_argument("--due-before", metavar="WHEN",
                     help="only tasks due by WHEN (fri, 'next mon', 2026-12-03)")  # fmt: skip
    lst.add_argument("--search", metavar="WORDS", default="",
                     help="only tasks whose title or a step has every word (any case)")  # fmt: skip
    lst.add_argument("--all", action="store_true", help="closed tasks too (done and dropped)")


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
        chosen = task_filter(args, now)
        tasks = chosen.apply(services.open_tasks_by_wait(include_closed=chosen.include_closed))
        if args.json and args.pretty:
            records = [task_record(t, now) for t in tasks]
            print(json.dumps(records, indent=2, ensure_ascii=False))
        elif args.json or args.jsonl:
            write_json(tasks, now, lines=args.jsonl)
        else:
            print(table(list(tasks), now, local_zone(), narrowed=chosen.narrows))
        left_out = services.unreadable
    finally:
        services.close()
    return say_left_out(left_out)


def say_left_out(problems: list[UnreadableValue]) -> int:
    """One line on stderr per row left out, and a failing exit status: the
    person sees the rest, and a script knows the list is not whole."""
    sys.stdout.flush()  # the list first, then what is missing from it
    for problem in problems:
        print(f"startnow: left out: {problem}", file=sys.stderr)
    return 1 if problems else 0


def task_filter(args: argparse.Namespace, now: datetime) -> TaskFilter:
    """The filters given, checked: a date that can't be read is one line, exit 2."""
    due_by = None
    if args.due_before is not None:
        from startnow.config import load_settings
        from startnow.domain.dates import DateParseError, parse_when
        from startnow.errors import UsageError

        try:
            due_by = parse_when(
                args.due_before, now, local_zone(), role="due",
                day_start=load_settings().day_start,
            )  # fmt: skip
        except DateParseError as exc:
            raise UsageError(f"--due-before: {exc}") from None
    return TaskFilter.of(args.tag, due_by, args.search, args.all)


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
