"""The importers, pure: todo.txt, Taskwarrior and startnow JSON into records.

Each malformed input is one ImportFormatError naming its line or record; fuzzed
bytes, text and near-valid lines never raise anything else.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from startnow.formats.importers import ImportFormatError, detect_format, parse_import
from startnow.formats.importers.records import Batch, TaskRecord, native_source
from startnow.formats.importers.startnow_json import dump, parse_startnow
from startnow.formats.importers.taskwarrior import parse_taskwarrior
from startnow.formats.importers.todotxt import parse_line, parse_todotxt

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def todo(line: str) -> TaskRecord:
    return parse_line(line, NOW, BERLIN, time(9, 0))


# ---------------------------------------------------------------- todo.txt


def test_a_full_open_line() -> None:
    task = todo("(A) 2026-11-20 Write Q3 report +Work @desk due:2026-12-03 t:2026-11-24")
    assert task.title == "Write Q3 report"
    assert task.tags == ("prio-a", "work", "desk")
    assert task.status == "open" and task.closed_at is None
    assert task.created_at == utc(2026, 11, 19, 23)  # local midnight in Berlin
    assert task.due == utc(2026, 12, 3, 22, 59)  # 23:59 local, as quick add's due:<date>
    assert task.planned_start == utc(2026, 11, 24, 8)  # the day start, as start:<date>


def test_a_completed_line_has_completion_then_creation_date() -> None:
    task = todo("x 2026-11-21 2026-11-18 Call the plumber @phone")
    assert (task.status, task.title, task.tags) == ("done", "Call the plumber", ("phone",))
    assert task.closed_at == utc(2026, 11, 20, 23)
    assert task.created_at == utc(2026, 11, 17, 23)


def test_completion_without_dates_closes_now_and_no_creation_date_means_now() -> None:
    assert todo("x Water the plants").closed_at == NOW
    assert todo("Water the plants").created_at == NOW
    done_earlier = todo("x 2026-11-02 Water the plants")
    assert done_earlier.created_at == done_earlier.closed_at == utc(2026, 11, 1, 23)


def test_an_x_without_a_space_is_a_title_and_other_key_values_go_to_the_notes() -> None:
    assert todo("xylophone lesson").status == "open"
    task = todo("Plan party rec:1y h:1 see https://example.org/a:b time:10:30")
    assert task.title == "Plan party see https://example.org/a:b time:10:30"
    assert task.notes == "todo.txt: h:1"
    assert task.extra == {"recurrence": "year"}  # the recurrence add-on's rec: is a rule


def test_pri_extension_and_priority_agree() -> None:
    assert todo("Call Bob pri:b").tags == ("prio-b",)


def test_the_import_key_ignores_completion_and_priority() -> None:
    """Completing or re-prioritising a task in todo.txt does not make it new."""
    open_line = todo("(B) 2026-11-20 Call Bob +home")
    done_line = todo("x 2026-11-22 2026-11-20 Call Bob +home")
    assert open_line.source == done_line.source
    assert open_line.source.startswith("todotxt:")
    assert todo("2026-11-20 Call Bob +home").source == open_line.source
    assert todo("2026-11-21 Call Bob +home").source != open_line.source


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ok\n\nbad due:2026-13-01", 'line 3: bad date "2026-13-01" in due:'),
        ("t:tomorrow x", 'line 1: bad date "tomorrow" in t: (expected YYYY-MM-DD)'),
        ("2026-02-30 Plan", 'line 1: bad date "2026-02-30" in the creation date'),
        ("x 2026-00-10 Plan", 'line 1: bad date "2026-00-10" in the completion date'),
        ("a due:2026-12-01 due:2026-12-02", "line 1: due: given twice"),
        ("a pri:1", 'line 1: bad priority "1" in pri: (expected A to Z)'),
    ],
)
def test_a_bad_line_is_one_error_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_todotxt(text, NOW, BERLIN)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_blank_lines_and_crlf_are_fine() -> None:
    batch = parse_todotxt("one\r\n\r\n  \ntwo\r\n", NOW, BERLIN)
    assert [t.title for t in batch.tasks] == ["one", "two"]
    assert batch.kind == "todo.txt"


def test_the_fixture_written_by_todo_txt_cli() -> None:
    batch = parse_import((FIXTURES / "todo.txt").read_bytes(), NOW, BERLIN)
    assert batch.kind == "todo.txt"
    titles = {t.title: t for t in batch.tasks}
    assert titles["Call the dentist"].status == "done"
    assert titles["Write Q3 report"].tags == ("prio-a", "work", "desk")
    assert titles["Renew passport https://example.org/passport"].planned_start is not None
    assert len(batch.tasks) == 5


# ---------------------------------------------------------------- Taskwarrior


def tw(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "uuid": "617aa013-90d0-4ea1-86a7-b8c34cc8480f",
        "description": "Write Q3 report",
        "entry": "20261122T161028Z",
        "status": "pending",
    }
    base.update(fields)
    return base


def test_taskwarrior_fields_map_onto_a_task() -> None:
    record = tw(
        due="20261203T170000Z", scheduled="20261124T090000Z", start="20261123T080000Z",
        project="Work.Reports", priority="H", tags=["writing", "Deep Work"],
        annotations=[{"entry": "20261122T161028Z", "description": "numbers in the drive"},
                     {"entry": "20261122T161029Z", "description": "ask Ana"}],
    )  # fmt: skip
    [task] = parse_taskwarrior(json.dumps([record])).tasks
    assert task.source == "taskwarrior:617aa013-90d0-4ea1-86a7-b8c34cc8480f"
    assert task.created_at == utc(2026, 11, 22, 16, 10, 28)
    assert task.due == utc(2026, 12, 3, 17)
    assert task.planned_start == utc(2026, 11, 24, 9)
    assert task.first_started_at == utc(2026, 11, 23, 8)
    assert task.tags == ("prio-h", "work.reports", "writing", "deep-work")
    assert task.notes == "numbers in the drive\nask Ana"


@pytest.mark.parametrize(
    ("status", "expected"),
    [("pending", "open"), ("waiting", "open"), ("completed", "done"), ("deleted", "dropped")],
)
def test_statuses(status: str, expected: str) -> None:
    [task] = parse_taskwarrior(json.dumps([tw(status=status, end="20261123T080000Z")])).tasks
    assert task.status == expected
    assert task.closed_at == (None if expected == "open" else utc(2026, 11, 23, 8))


def test_wait_is_the_planned_start_when_nothing_is_scheduled() -> None:
    [task] = parse_taskwarrior(json.dumps([tw(wait="20261130T000000Z")])).tasks
    assert task.planned_start == utc(2026, 11, 30)


def test_a_recurring_template_is_skipped_when_its_instances_are_there() -> None:
    template = tw(uuid="t-1", status="recurring", recur="weekly")
    instance = tw(uuid="i-1", parent="t-1")
    assert [t.source for t in parse_taskwarrior(json.dumps([template, instance])).tasks] == [
        "taskwarrior:i-1"
    ]
    [alone] = parse_taskwarrior(json.dumps([template])).tasks
    assert alone.status == "open" and alone.extra == {"recurrence": "week"}


def test_the_old_one_object_per_line_form() -> None:
    text = json.dumps(tw(uuid="a")) + ",\n" + json.dumps(tw(uuid="b")) + "\n"
    assert detect_format(text) == "taskwarrior"
    assert len(parse_taskwarrior(text).tasks) == 2


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([tw(), tw(due="2026-13-01")], 'record 2: bad date "2026-13-01" in due'),
        ([tw(entry=None)], "record 1: entry (the creation date) is missing"),
        ([tw(description="  ")], 'record 1: description must be a non-empty string, got "  "'),
        ([tw(status="archived")], 'record 1: unknown status "archived"'),
        ([tw(tags="work")], 'record 1: tags must be a list of strings, got "work"'),
        ([tw(), 3], "record 2: expected a task object, got int"),
        ([tw(due="20261131T000000Z")], 'record 1: bad date "20261131T000000Z" in due'),
    ],
)
def test_a_bad_record_is_one_error_naming_its_index(records: list[object], message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_taskwarrior(json.dumps(records))
    assert str(caught.value) == message


def test_broken_json_names_the_line() -> None:
    with pytest.raises(ImportFormatError, match=r"^line 3: not valid JSON"):
        parse_taskwarrior('[\n{"uuid": "a"},\n{"uuid": }\n]')


def test_the_fixture_written_by_task_export() -> None:
    batch = parse_import((FIXTURES / "taskwarrior.json").read_bytes(), NOW, BERLIN)
    assert batch.kind == "Taskwarrior"
    statuses = sorted(t.status for t in batch.tasks)
    assert statuses == ["done", "dropped", "open", "open", "open"]  # the template is skipped
    report = next(t for t in batch.tasks if t.title == "Write Q3 report")
    assert report.first_started_at is not None and "prio-h" in report.tags


# ---------------------------------------------------------------- startnow JSON


def export_of(*tasks: dict[str, object], **top: object) -> dict[str, object]:
    return {"format": "startnow", "version": 1, "tasks": list(tasks), **top}


def test_startnow_json_reads_what_dump_writes() -> None:
    original = Batch(
        kind="startnow",
        tasks=(TaskRecord(title="Write", created_at=utc(2026, 11, 20, 8), source="", ref=7),),
    )
    data = dump(original, NOW)
    assert data["exported_at"] == "2026-11-23T07:52:00Z"
    assert data["tasks"][0]["source"] == native_source(utc(2026, 11, 20, 8), "Write")  # type: ignore[index]
    [task] = parse_startnow(json.loads(json.dumps(data))).tasks
    assert (task.title, task.created_at, task.ref) == ("Write", utc(2026, 11, 20, 8), 7)
    assert task.source == data["tasks"][0]["source"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "other"}, 'not a startnow export (no "format": "startnow")'),
        ({"format": "startnow", "version": 2}, "this export is version 2, from a newer startnow"),
        (export_of({"title": "a", "created_at": "2026-11-23 07:52"}),
         'tasks[0]: created_at must be an ISO-8601 instant like "2026-11-23T07:52:00Z"'),
        (export_of({"title": "a", "created_at": "2026-11-23T07:52:00"}), "tasks[0]: created_at"),
        (export_of({"title": "a", "created_at": "2026-11-23T07:52:00Z", "status": "later"}),
         "tasks[0]: status must be one of open, done, dropped"),
        (export_of({"title": "a", "created_at": "2026-11-23T07:52:00Z",
                    "sessions": [{"started_at": "2026-11-23T07:52:00Z", "planned_minutes": 5,
                                  "chunk_id": 9}]}),
         "tasks[0].sessions[0]: chunk_id 9 is not one of this task's chunks"),
        (export_of({"title": "a", "created_at": "2026-11-23T07:52:00Z",
                    "sessions": [{"started_at": "2026-11-23T07:52:00Z"}]}),
         "tasks[0].sessions[0]: planned_minutes is missing"),
        (export_of({"title": "a", "created_at": "2026-11-23T07:52:00Z", "estimate": True}),
         "tasks[0]: estimate must be a whole number"),
    ],
)  # fmt: skip
def test_a_bad_startnow_export_names_the_path(data: dict[str, object], message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_import(json.dumps(data).encode(), NOW, BERLIN)
    assert str(caught.value).startswith(message)


def test_detection() -> None:
    assert detect_format("[waiting] call Bob\n") == "todotxt"
    assert detect_format("{curly} idea\n") == "todotxt"
    assert detect_format('[\n{"uuid": "a"}\n]') == "taskwarrior"
    assert detect_format('{\n  "format": "startnow"\n}') == "startnow"
    assert detect_format('{\n  "format": "startnow",\n') == "startnow"  # broken: says where
    assert detect_format("") == "todotxt"
    assert detect_format("root:x:0:0:root:/root:/bin/bash\n") == ""  # positively, or not at all
    assert detect_format('{"name": "x"}') == detect_format("[1, 2]") == ""


def test_bytes_that_are_not_utf8_text() -> None:
    with pytest.raises(ImportFormatError, match="not UTF-8 text"):
        parse_import(b"caf\xe9\n", NOW, BERLIN)
    with pytest.raises(ImportFormatError, match="NUL"):
        parse_import(b"a\x00b", NOW, BERLIN)
    assert parse_import("\ufeffone".encode(), NOW, BERLIN).tasks[0].title == "one"


# ---------------------------------------------------------------- fuzzing

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def only_our_error(data: bytes) -> Batch | None:
    try:
        return parse_import(data, NOW, BERLIN)
    except ImportFormatError as exc:
        assert str(exc) and "\n" not in str(exc), repr(str(exc))
        return None


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    only_our_error(data)


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_random_text(text: str) -> None:
    only_our_error(text.encode("utf-8", "surrogatepass"))


TOKENS = st.sampled_from([
    "x", "X", "(A)", "(a)", "(AA)", "2026-11-23", "2026-13-01", "2026-02-29", "0000-01-01",
    "9999-12-31", "due:2026-12-03", "due:2026-12-32", "due:", "due:x", "t:2026-11-30",
    "t:2026-1-1", "pri:A", "pri:", "pri:ab", "+", "+Work", "@", "@phone", "a:b", "a:b:c",
    "https://e.org", "#tag", "~2h", "::", "rec:1w", "ü", "\t", " ",
])  # fmt: skip


@FUZZ
@given(st.lists(st.lists(st.one_of(TOKENS, st.text(max_size=6)), max_size=8), max_size=6))
def test_fuzz_near_valid_todotxt(lines: list[list[str]]) -> None:
    text = "\n".join(" ".join(tokens) for tokens in lines)
    batch = only_our_error(text.encode("utf-8", "surrogatepass"))
    for task in batch.tasks if batch else ():
        assert task.title.strip() and task.source.startswith("todotxt:")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["20261123T085200Z", "2026-11-23T08:52:00Z", "20261323T085200Z",
                       "2026-11-23T08:52:00+14:00", "0001-01-01T00:00:00+01:00"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3),
    max_leaves=6,
)  # fmt: skip
TW_KEYS = st.sampled_from([
    "uuid", "description", "entry", "status", "due", "scheduled", "wait", "start", "end",
    "project", "priority", "tags", "annotations", "parent", "recur",
])  # fmt: skip


@FUZZ
@given(st.lists(st.dictionaries(TW_KEYS, JSON_VALUES, max_size=10), max_size=4))
def test_fuzz_near_valid_taskwarrior(records: list[dict[str, object]]) -> None:
    only_our_error(json.dumps([tw(**r) for r in records]).encode())


# ---- titles follow quick add's rules, whatever the file --------------------------

ESCAPES = "evil \u001b[2J\u001b[31mred\u001b]0;pwned\u0007"


@pytest.mark.parametrize(
    "data, where, says",
    [
        (json.dumps([{"uuid": "a-1", "description": "fine", "entry": "20261101T090000Z",
                      "status": "pending"},
                     {"uuid": "a-2", "description": ESCAPES, "entry": "20261101T090000Z",
                      "status": "pending"}]).encode(), "record 2", "control character U+001B"),
        (b"fine\n\n" + b"x" * 10_000 + b"\n", "line 3", "10000 characters long; the limit is 500"),
        ("Pay the bill\n\u200b\u200b\n".encode(), "line 2", "no visible characters"),
        ("ring \u0007 the bell\n".encode(), "line 1", "control character U+0007"),
    ],
)  # fmt: skip
def test_imported_titles_follow_the_quick_add_rules(data: bytes, where: str, says: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_import(data, NOW, BERLIN)
    message = str(caught.value)
    assert message.startswith(f"{where}: the title: ") and says in message
    assert "\x1b" not in message and "\x07" not in message  # never echoed to the terminal


def test_an_imported_step_title_is_checked_too() -> None:
    data = {"format": "startnow", "version": 1, "tasks": [{
        "title": "Plan the trip", "created_at": "2026-11-01T09:00:00Z",
        "chunks": [{"title": "book \u001b[5m", "created_at": "2026-11-01T09:00:00Z"}],
    }]}  # fmt: skip
    with pytest.raises(ImportFormatError, match=r"^tasks\[0\]\.chunks\[0\]: the title: control"):
        parse_import(json.dumps(data).encode(), NOW, BERLIN)


def test_an_estimate_of_zero_minutes_is_refused() -> None:
    data = {"format": "startnow", "version": 1, "tasks": [{
        "title": "Plan the trip", "created_at": "2026-11-01T09:00:00Z", "estimate": 0,
    }]}  # fmt: skip
    with pytest.raises(ImportFormatError, match="estimate"):
        parse_import(json.dumps(data).encode(), NOW, BERLIN)
