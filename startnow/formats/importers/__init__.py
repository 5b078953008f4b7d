"""Reading other tools' files (and our own export) into plain records.

`parse_import` looks at the bytes and picks the format: a JSON object with
`"format": "startnow"` is startnow's export; a JSON array (or one object per
line) is Taskwarrior's `task export`; anything else is todo.txt. Pure: the
clock, zone and day start are arguments; the only error is ImportFormatError.
"""

from __future__ import annotations

import re
from datetime import datetime, time, tzinfo

from startnow.formats.importers.records import Batch, ImportFormatError, decode_text, load_json
from startnow.formats.importers.startnow_json import parse_startnow
from startnow.formats.importers.taskwarrior import parse_taskwarrior
from startnow.formats.importers.todotxt import parse_todotxt

__all__ = ["Batch", "ImportFormatError", "detect_format", "parse_import"]

# The first columns of `startnow export --format csv`: read as todo.txt it would
# turn every row, header included, into a task titled with the whole line.
CSV_EXPORT_HEADER = "id,title,status,created_at,"

# JSON starts with `[` or `{` followed by a quote, a bracket or the line's end;
# `[waiting] call Bob` is a todo.txt line, not broken JSON.
JSON_START = re.compile(r"\s*[\[{]\s*([\"{\[\]}]|$)", re.MULTILINE)


def detect_format(text: str) -> str:
    """ "startnow", "taskwarrior" or "todotxt"."""
    if not JSON_START.match(text):
        return "todotxt"
    if text.lstrip().startswith("["):
        return "taskwarrior"
    try:
        whole = load_json(text)
    except ImportFormatError:
        # One object per line (old Taskwarrior), or a broken export: its parser says where.
        first = text.strip().split("\n", 1)[0]
        try:
            load_json(first.rstrip(","))
        except ImportFormatError:
            return "startnow"
        return "taskwarrior"
    return "taskwarrior" if isinstance(whole, dict) and "uuid" in whole else "startnow"


def parse_import(data: bytes, now: datetime, tz: tzinfo, day_start: time = time(9, 0)) -> Batch:
    text = decode_text(data)
    if text.lstrip("\ufeff").startswith(CSV_EXPORT_HEADER):
        raise ImportFormatError(
            "this is startnow's CSV export, which is for spreadsheets: "
            "import the JSON export (startnow export --format json) instead"
        )
    kind = detect_format(text)
    if kind == "startnow":
        batch = parse_startnow(load_json(text))
    elif kind == "taskwarrior":
        batch = parse_taskwarrior(text)
    else:
        batch = parse_todotxt(text, now, tz, day_start)
    check_titles(batch)
    return batch


def check_titles(batch: Batch) -> None:
    """The title rules of quick add, for every imported task and step: another
    tool's file must not put escape codes on the terminal (or a 10,000-character
    title on Today). The message never echoes the title itself."""
    from startnow.domain.quickadd import title_problem

    for n, task in enumerate(batch.tasks, 1):
        if problem := title_problem(task.title):
            raise ImportFormatError(f"the title: {problem}", f"task {n}")
        for m, chunk in enumerate(task.chunks, 1):
            if problem := title_problem(chunk.title):
                raise ImportFormatError(f"the title of step {m}: {problem}", f"task {n}")
