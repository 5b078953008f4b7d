"""Taskwarrior's `task export`: a JSON array of task objects (one object per
line, the pre-2.4 form, is read too).

What becomes what:
  entry → created_at · due → due · scheduled (else wait) → planned_start ·
  tags → tags · project → a tag (lowercase, e.g. `home.garden`) ·
  priority H/M/L → the tag `prio-h` … · annotations → notes, one per line ·
  start → first_started_at · end → closed_at ·
  status pending/waiting → open, completed → done, deleted → dropped,
  recurring (the template) → open, unless its instances are in the file too
  (they are the tasks; the template would double them).
  recur → the task recurs (importers/recurring.py), on the open instance
  with the latest due of each parent (Taskwarrior may have made several:
  startnow keeps one open instance a series, the others stay one-offs).
Dates look like `20261123T085200Z` (ISO-8601 with a Z is accepted too). The
import key (`Task.source`) is `taskwarrior:<uuid>`.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from startnow.domain.model import TaskStatus
from startnow.formats.importers.records import Batch, ImportFormatError, TaskRecord, load_json
from startnow.formats.importers.recurring import from_taskwarrior

KIND = "Taskwarrior"
STATUSES = {
    "pending": TaskStatus.OPEN,
    "waiting": TaskStatus.OPEN,
    "recurring": TaskStatus.OPEN,
    "completed": TaskStatus.DONE,
    "deleted": TaskStatus.DROPPED,
}
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
ISO_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def parse_taskwarrior(text: str) -> Batch:
    """The tasks of a `task export`; the first bad record raises ImportFormatError."""
    records = _records(text)
    parents = {
        r["parent"] for r in records if isinstance(r, dict) and isinstance(r.get("parent"), str)
    }
    tasks = []
    for index, record in enumerate(records, 1):
        try:
            task = parse_record(record)
        except ImportFormatError as exc:
            raise ImportFormatError(exc.reason, f"record {index}") from None
        if record.get("status") == "recurring" and task.source[12:] in parents:
            continue
        tasks.append(replace(task, where=f"record {index}"))
    return Batch(kind=KIND, tasks=tuple(_one_rule_per_parent(records, tasks)))


def _one_rule_per_parent(records: list[Any], tasks: list[TaskRecord]) -> list[TaskRecord]:
    """Only the latest-due open instance of each parent keeps the rule."""
    parent_of = {
        f"taskwarrior:{r['uuid'].strip()}": r.get("parent")
        for r in records
        if isinstance(r, dict) and isinstance(r.get("uuid"), str)
    }
    latest: dict[str, TaskRecord] = {}
    for task in tasks:
        parent = parent_of.get(task.source)
        if isinstance(parent, str) and "recurrence" in task.extra:
            best = latest.get(parent)
            if best is None or (task.due or task.created_at) >= (best.due or best.created_at):
                latest[parent] = task
    keep = {id(t) for t in latest.values()}
    return [
        t if "recurrence" not in t.extra or id(t) in keep
        or not isinstance(parent_of.get(t.source), str)
        else replace(t, extra={k: v for k, v in t.extra.items() if k != "recurrence"})
        for t in tasks
    ]  # fmt: skip


def is_taskwarrior_task(value: Any) -> bool:
    """What marks a `task export` record: an object with a uuid (its
    description and the rest are then checked record by record)."""
    return isinstance(value, dict) and "uuid" in value


def _records(text: str) -> list[Any]:
    """The array form, or (older Taskwarrior) one JSON object per line."""
    if text.lstrip().startswith("["):
        data = load_json(text)
        if not isinstance(data, list):
            raise ImportFormatError("expected a JSON array of tasks")
        return data
    records = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                records.append(load_json(line.strip().rstrip(",")))
            except ImportFormatError as exc:
                raise ImportFormatError(exc.reason, f"line {number}") from None
    return records


def show(value: Any) -> str:
    """A value as JSON, cut short: the error stays one readable line."""
    try:
        text = json.dumps(value)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_error(exc: Exception) -> str:
    return exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"


def parse_instant(value: Any, field: str) -> datetime:
    if isinstance(value, str):
        if m := COMPACT.fullmatch(value):
            try:
                year, month, day, hour, minute, second = map(int, m.groups())
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except ValueError:
                pass
        elif ISO_Z.fullmatch(value):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
            except (ValueError, OverflowError):
                pass
    raise ImportFormatError(f"bad date {show(value)} in {field}")


def _optional_instant(record: dict[str, Any], field: str) -> datetime | None:
    value = record.get(field)
    return None if value is None else parse_instant(value, field)


def _text(record: dict[str, Any], field: str) -> str:
    value = record.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ImportFormatError(f"{field} must be a non-empty string, got {show(value)}")
    return value


def _tag(word: str) -> str:
    return "-".join(word.lower().lstrip("+#").split())


def parse_record(record: Any) -> TaskRecord:
    if not isinstance(record, dict):
        raise ImportFormatError(f"expected a task object, got {type(record).__name__}")
    uuid = _text(record, "uuid")
    title = " ".join(_text(record, "description").split())
    status_word = record.get("status", "pending")
    if not isinstance(status_word, str) or status_word not in STATUSES:
        raise ImportFormatError(f"unknown status {show(status_word)}")
    status = STATUSES[status_word]
    created_at = _optional_instant(record, "entry")
    if created_at is None:
        raise ImportFormatError("entry (the creation date) is missing")

    tags: list[str] = []
    priority = record.get("priority")
    if priority is not None:
        if not isinstance(priority, str) or not priority.strip():
            raise ImportFormatError(f"bad priority {show(priority)}")
        tags.append("prio-" + _tag(priority))
    project = record.get("project")
    if project is not None:
        if not isinstance(project, str):
            raise ImportFormatError(f"project must be a string, got {show(project)}")
        tags.append(_tag(project))
    raw_tags = record.get("tags", [])
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise ImportFormatError(f"tags must be a list of strings, got {show(raw_tags)}")
    tags.extend(_tag(t) for t in raw_tags)

    notes = []
    annotations = record.get("annotations", [])
    if not isinstance(annotations, list):
        raise ImportFormatError("annotations must be a list")
    for annotation in annotations:
        if not isinstance(annotation, dict) or not isinstance(annotation.get("description"), str):
            raise ImportFormatError(f"bad annotation {show(annotation)}")
        notes.append(annotation["description"])
    extra = {}
    recur = record.get("recur")
    if recur is not None and status == TaskStatus.OPEN:
        if not isinstance(recur, str):
            raise ImportFormatError(f"recur must be a string, got {show(recur)}")
        extra["recurrence"] = from_taskwarrior(recur)

    end = _optional_instant(record, "end")
    scheduled = _optional_instant(record, "scheduled") or _optional_instant(record, "wait")
    return TaskRecord(
        extra=extra,
        title=title,
        created_at=created_at,
        source=f"taskwarrior:{uuid.strip()}",
        notes="\n".join(notes),
        planned_start=scheduled,
        due=_optional_instant(record, "due"),
        tags=tuple(dict.fromkeys(t for t in tags if t)),
        status=status,
        first_started_at=_optional_instant(record, "start"),
        closed_at=end if status != TaskStatus.OPEN else None,
    )
