"""Reading other tools' files (and our own export) into plain records.

`parse_import` looks at the bytes and picks the format by its shape (see
`detect_format`); text that is none of them is refused, unless the caller
names the format. Then every record is checked (checks.py). Pure: the clock,
zone and day start are arguments; the only error is ImportFormatError.
"""

from __future__ import annotations

import re
from datetime import datetime, time, tzinfo

from startnow.formats.importers.checks import check_batch
from startnow.formats.importers.records import Batch, ImportFormatError, decode_text, load_json
from startnow.formats.importers.startnow_json import parse_startnow
from startnow.formats.importers.taskwarrior import is_taskwarrior_task, parse_taskwarrior
from startnow.formats.importers.todotxt import parse_todotxt, unlike_todotxt

__all__ = ["FORMATS", "Batch", "ImportFormatError", "detect_format", "parse_import"]

FORMATS = ("todotxt", "taskwarrior", "startnow")
# The top-level keys of startnow's export (startnow_json.dump).
STARTNOW_KEYS = frozenset(("format", "version", "exported_at", "tasks", "commitments"))

# The first columns of `startnow export --format csv`: read as todo.txt it would
# turn every row, header included, into a task titled with the whole line.
CSV_EXPORT_HEADER = "id,title,status,created_at,"

# JSON starts with `[` or `{` followed by a quote, a bracket or the line's end;
# `[waiting] call Bob` is a todo.txt line, not broken JSON.
JSON_START = re.compile(r"\s*[\[{]\s*([\"{\[\]}]|$)", re.MULTILINE)


def detect_format(text: str) -> str:
    """ "startnow", "taskwarrior", "todotxt", or "" for text that is none of them.

    Each is recognised by its own shape, never by elimination: startnow's
    export is a JSON object with its top-level keys, Taskwarrior's a JSON array
    of objects with a uuid (or one such object a line), and
    todo.txt is lines that read as tasks (`unlike_todotxt` says which do not).
    Broken JSON goes to the parser that will say on which line it broke.
    """
    whole = _json(text)
    if whole is NOT_JSON and not JSON_START.match(text):
        return "todotxt" if unlike_todotxt(text) is None else ""
    if whole is NOT_JSON:
        if text.lstrip().startswith("["):
            return "taskwarrior"
        first = text.strip().split("\n", 1)[0]
        try:
            record = load_json(first.rstrip(","))
        except ImportFormatError:
            return "startnow"
        return "taskwarrior" if is_taskwarrior_task(record) else ""
    if isinstance(whole, list):
        return "taskwarrior" if not whole or any(map(is_taskwarrior_task, whole)) else ""
    if is_taskwarrior_task(whole):
        return "taskwarrior"
    return "startnow" if isinstance(whole, dict) and STARTNOW_KEYS & whole.keys() else ""


NOT_JSON = object()


def _json(text: str) -> object:
    """The decoded JSON of text that starts like it, else NOT_JSON."""
    if text.lstrip()[:1] not in ("[", "{"):
        return NOT_JSON
    try:
        return load_json(text)
    except ImportFormatError:
        return NOT_JSON


def parse_import(
    data: bytes,
    now: datetime,
    tz: tzinfo,
    day_start: time = time(9, 0),
    *,
    kind: str = "",
) -> Batch:
    """The file's records, checked (checks.py). `kind` names the format and
    skips detection ("todotxt", "taskwarrior", "startnow"); "" detects it."""
    text = decode_text(data)
    if kind not in ("", *FORMATS):
        raise ValueError(f"unknown import format {kind!r}")
    if not kind and text.lstrip("\ufeff").startswith(CSV_EXPORT_HEADER):
        raise ImportFormatError(
            "this is startnow's CSV export, which is for spreadsheets: "
            "import the JSON export (startnow export --format json) instead"
        )
    kind = kind or detect_format(text)
    if not kind:
        raise ImportFormatError(_unrecognised(text))
    if kind == "startnow":
        batch = parse_startnow(load_json(text))
    elif kind == "taskwarrior":
        batch = parse_taskwarrior(text)
    else:
        batch = parse_todotxt(text, now, tz, day_start)
    check_batch(batch, now)
    return batch


def _unrecognised(text: str) -> str:
    """Why a file is none of the formats, naming the line that gave it away."""
    why = "not todo.txt, Taskwarrior or startnow JSON"
    if _json(text) is not NOT_JSON:
        return f"{why} (JSON of some other kind)"
    found = unlike_todotxt(text)
    assert found is not None
    number, reason = found
    return f"{why} (line {number} {reason}); if it is todo.txt, add --format todotxt"
