"""`startnow import` refuses what it can't keep honestly, through the real command:
text that would drive the terminal in any field, instants and durations out of
range, records the file holds twice, impossible sessions and weeks, and files
that are no format at all. Each is one line naming the record and the field,
exit status 2, and nothing written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli, rows

ESC = "\x1b[2J"
AT = "2026-11-20T09:00:00Z"


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def seeded(db_path: Path) -> Path:
    """A store with one task in it, so "nothing written" is seen in a real file."""
    assert cli("--db", str(db_path), "add", "Already here")[0] == 0
    return db_path


def titles(db: Path) -> list[str]:
    return [r["title"] for r in rows(db, "SELECT title FROM task ORDER BY id")]


def export(**changes: Any) -> dict[str, Any]:
    """A startnow export of one task with a step, a session, a recovery, a
    commitment and a nudge swap; `changes` maps a path like
    "tasks.0.sessions.0.ended_at" to its new value."""
    data: dict[str, Any] = {
        "format": "startnow", "version": 1, "exported_at": "2026-11-23T07:52:00Z",
        "tasks": [{
            "id": 1, "title": "Write Q3 report", "notes": "numbers\nin the drive",
            "status": "open", "created_at": AT, "estimate": 120, "tags": ["work"],
            "source": "todotxt:0123456789abcdef",
            "chunks": [{"id": 1, "title": "open the doc", "estimate": 5, "created_at": AT}],
            "sessions": [{"id": 1, "kind": "focus", "chunk_id": 1,
                          "started_at": "2026-11-20T10:00:00Z", "planned_minutes": 25,
                          "paused_seconds": 60, "ended_at": "2026-11-20T10:25:00Z",
                          "outcome": "completed", "blocker": "fear", "nudge_id": "five-minutes",
                          "recovery_id": 1}],
            "recoveries": [{"id": 1, "option": "shrink", "text": "after lunch",
                            "forgave": True, "created_at": AT}],
        }],
        "commitments": [{"week": "2026-W47", "text": "When I sit down, I will write",
                         "created_at": AT, "kept": None}],
        "nudge_swaps": [{"blocker": "boredom", "nudge_id": "treat-while-you-work", "at": AT}],
    }  # fmt: skip
    for path, value in changes.items():
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key) if key.isdigit() else key]
        target[int(last) if last.isdigit() else last] = value
    return data


def second_task(data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    task = copy.deepcopy(data["tasks"][0])
    task.update({"id": 2, "title": "Call the bank", "source": "todotxt:fedcba9876543210"})
    task.update(fields)
    data["tasks"].append(task)
    return data


def import_text(db: Path, tmp_path: Path, text: str, *options: str) -> tuple[int, str, str]:
    path = tmp_path / "in.txt"
    path.write_text(text, encoding="utf-8")
    return cli("--db", str(db), "import", *options, str(path))


def assert_refused(db: Path, result: tuple[int, str, str], says: str) -> None:
    code, out, err = result
    assert (code, out) == (2, ""), err
    assert err.startswith(f"startnow: import: {says}"), err
    assert err.endswith(" (nothing was imported)\n") and err.count("\n") == 1
    assert "\x1b" not in err and "\u202e" not in err  # never echoed
    assert titles(db) == ["Already here"]


def test_the_sample_export_imports(seeded: Path, tmp_path: Path) -> None:
    """The base of every case below is good: each refusal is its one change."""
    code, out, err = import_text(seeded, tmp_path, json.dumps(export()))
    assert (code, out, err) == (0, "Imported 1 task from startnow JSON.\n", "")
    assert rows(seeded, "SELECT notes FROM task WHERE id = 2")[0][0] == "numbers\nin the drive"


# ---------------------------------------------------------------- 1: every text field

TEXT_FIELDS = [
    ("tasks.0.notes", f"see {ESC}", "tasks[0]: notes: character U+001B at position 5"),
    ("tasks.0.tags", ["work", f"red{ESC}"], "tasks[0]: tags: character U+001B at position 4"),
    ("tasks.0.source", f"todotxt:{ESC}", "tasks[0]: source: character U+001B"),
    ("tasks.0.notes", "see \u2067", "tasks[0]: notes: character U+2067"),
    ("tasks.0.recoveries.0.text", f"after {ESC}", "tasks[0].recoveries[0]: text: character U+001B"),
    ("tasks.0.recoveries.0.option", "shrink\u0007", "tasks[0].recoveries[0]: option: character"),
    ("tasks.0.sessions.0.blocker", "fear\u202e", "tasks[0].sessions[0]: blocker: character U+202E"),
    ("tasks.0.sessions.0.nudge_id", f"x{ESC}", "tasks[0].sessions[0]: nudge_id: character U+001B"),
    ("commitments.0.text", f"I will {ESC}", "commitments[0]: text: character U+001B at position 8"),
    ("commitments.0.text", "two\nlines", "commitments[0]: text: character U+000A"),
    ("commitments.0.week", f"2026-W47{ESC}", "commitments[0]: week: character U+001B"),
    ("nudge_swaps.0.blocker", f"boredom{ESC}", "nudge_swaps[0]: blocker: character U+001B"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "says"), TEXT_FIELDS)
def test_import_refuses_terminal_codes_in_every_text_field_of_an_export(
    seeded: Path, tmp_path: Path, path: str, value: Any, says: str
) -> None:
    result = import_text(seeded, tmp_path, json.dumps(export(**{path: value})))
    assert_refused(seeded, result, says)


def test_import_refuses_terminal_codes_in_taskwarrior_annotations_and_todotxt_fields(
    seeded: Path, tmp_path: Path
) -> None:
    note = {"entry": "20261120T090000Z", "description": f"see {ESC}"}
    record = {"uuid": "a-1", "description": "Write", "entry": "20261120T090000Z",
              "annotations": [note]}  # fmt: skip
    result = import_text(seeded, tmp_path, json.dumps([record]))
    assert_refused(seeded, result, "record 1: notes: character U+001B")
    result = import_text(seeded, tmp_path, f"Call Bob\nCall Ann rec:{ESC}\n")
    assert_refused(seeded, result, "line 2: notes: character U+001B")
    result = import_text(seeded, tmp_path, f"Call Ann +home{ESC}\n")
    assert_refused(seeded, result, "line 1: tags: character U+001B")


def test_a_title_quick_add_accepts_comes_back_from_an_export(db_path: Path, tmp_path: Path) -> None:
    """Titles follow quick add's rule, so an emoji joined by U+200D survives a backup."""
    title = "\U0001f3c3\u200d\u2642\ufe0f run round the park"
    assert cli("--db", str(db_path), "add", title)[0] == 0
    backup = tmp_path / "backup.json"
    assert cli("--db", str(db_path), "export", "--output", str(backup))[0] == 0
    restored = tmp_path / "restored.db"
    assert cli("--db", str(restored), "import", str(backup))[:2] == (
        0, "Imported 1 task from startnow JSON.\n"
    )  # fmt: skip
    assert titles(restored) == [title]


# ---------------------------------------------------------------- 2: instants and durations

OUT_OF_RANGE = [
    ("tasks.0.created_at", "9999-12-31T23:59:59Z",
     "tasks[0]: created_at 9999-12-31T23:59:59Z is outside the years startnow keeps "
     "(1970 to 8999)"),
    ("tasks.0.due", "1969-07-20T20:17:00Z", "tasks[0]: due 1969-07-20T20:17:00Z is outside"),
    ("tasks.0.chunks.0.done_at", "9000-01-01T00:00:00Z", "tasks[0].chunks[0]: done_at 9000-01-01"),
    ("commitments.0.created_at", "0001-01-01T00:00:00Z", "commitments[0]: created_at 0001-01-01"),
    ("tasks.0.estimate", 0, "tasks[0]: estimate must be a whole number from 1 to 10080, got 0"),
    ("tasks.0.estimate", 10081, "tasks[0]: estimate must be a whole number from 1 to 10080"),
    ("tasks.0.estimate", 2.5, "tasks[0]: estimate must be a whole number"),
    ("tasks.0.chunks.0.estimate", -5, "tasks[0].chunks[0]: estimate must be a whole number"),
    ("tasks.0.sessions.0.planned_minutes", 10**6, "tasks[0].sessions[0]: planned_minutes must"),
    ("tasks.0.sessions.0.paused_seconds", -1, "tasks[0].sessions[0]: paused_seconds must"),
    ("tasks.0.sessions.0.paused_seconds", 10**9,
     "tasks[0].sessions[0]: paused_seconds must be from 0 to 1500 (how long the session ran)"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "says"), OUT_OF_RANGE)
def test_import_refuses_instants_and_durations_out_of_range(
    seeded: Path, tmp_path: Path, path: str, value: Any, says: str
) -> None:
    result = import_text(seeded, tmp_path, json.dumps(export(**{path: value})))
    assert_refused(seeded, result, says)


def test_a_year_9999_task_is_refused_and_list_still_works(seeded: Path, tmp_path: Path) -> None:
    """It used to be stored, and `list` then died with OverflowError."""
    data = export(**{"tasks.0.created_at": "9999-12-31T23:59:59Z"})
    assert import_text(seeded, tmp_path, json.dumps(data))[0] == 2
    code, out, _ = cli("--db", str(seeded), "list")
    assert code == 0 and "Already here" in out


def test_import_refuses_far_dates_from_taskwarrior_and_todotxt(
    seeded: Path, tmp_path: Path
) -> None:
    record = {"uuid": "a-1", "description": "Write", "entry": "20261120T090000Z",
              "due": "99991231T235959Z"}  # fmt: skip
    result = import_text(seeded, tmp_path, json.dumps([record]))
    assert_refused(seeded, result, "record 1: due 9999-12-31T23:59:59Z is outside the years")
    result = import_text(seeded, tmp_path, "0001-01-01 Old idea\n")
    assert_refused(seeded, result, 'line 1: bad date "0001-01-01" in the creation date (years')


# ---------------------------------------------------------------- 5: nothing dropped silently


def test_two_tasks_with_one_source_are_refused_not_one_dropped(
    seeded: Path, tmp_path: Path
) -> None:
    data = second_task(export(), source="todotxt:0123456789abcdef")
    result = import_text(seeded, tmp_path, json.dumps(data))
    assert_refused(
        seeded, result, 'tasks[1]: the same task as tasks[0] (the same source, "todotxt:0123'
    )


def test_a_repeated_taskwarrior_uuid_is_refused(seeded: Path, tmp_path: Path) -> None:
    first = {"uuid": "a-1", "description": "Write", "entry": "20261120T090000Z"}
    again = {**first, "description": "Write it, edited"}
    result = import_text(seeded, tmp_path, json.dumps([first, again]))
    assert_refused(seeded, result, 'record 2: the same task as record 1 (the same source, "taskw')


def test_a_repeated_todotxt_line_is_refused(seeded: Path, tmp_path: Path) -> None:
    result = import_text(seeded, tmp_path, "Buy milk\nCall Bob\n(B) Buy milk\n")
    assert_refused(seeded, result, "line 3: the same task as line 1")


def test_two_commitments_for_one_week_are_refused(seeded: Path, tmp_path: Path) -> None:
    data = export()
    data["commitments"].append({**data["commitments"][0], "text": "another"})
    result = import_text(seeded, tmp_path, json.dumps(data))
    assert_refused(
        seeded, result, "commitments[1]: a second commitment for 2026-W47 (commitments[0] is"
    )


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ("tasks.0.sessions.0.ended_at", "2026-11-20T09:59:00Z",
         "tasks[0].sessions[0]: ended_at (2026-11-20T09:59:00Z) is before started_at"),
        ("tasks.0.sessions.0.paused_at", "2026-11-20T11:00:00Z",
         "tasks[0].sessions[0]: paused_at (2026-11-20T11:00:00Z) is outside the session"),
        ("commitments.0.week", "2026-W99", 'commitments[0]: week "2026-W99" is not an ISO week'),
        ("commitments.0.week", "2027-W53", 'commitments[0]: week "2027-W53" is not an ISO week'),
        ("commitments.0.week", "week 47", 'commitments[0]: week "week 47" is not an ISO week'),
        ("tasks.0.tags", ["deep work"], 'tasks[0]: tags: "deep work" is not a tag'),
        ("tasks.0.tags", ["Work"], 'tasks[0]: tags: "Work" is not a tag'),
        ("tasks.0.tags", [""], 'tasks[0]: tags: "" is not a tag'),
    ],
)  # fmt: skip
def test_impossible_sessions_weeks_and_tags_are_refused(
    seeded: Path, tmp_path: Path, path: str, value: Any, says: str
) -> None:
    result = import_text(seeded, tmp_path, json.dumps(export(**{path: value})))
    assert_refused(seeded, result, says)


def test_two_running_sessions_in_one_file_are_refused(seeded: Path, tmp_path: Path) -> None:
    data = second_task(export(**{"tasks.0.sessions.0.ended_at": None}))
    result = import_text(seeded, tmp_path, json.dumps(data))
    assert_refused(
        seeded, result, "tasks[1].sessions[0]: a second running session (ended_at is null; "
        "tasks[0].sessions[0] runs already)"
    )  # fmt: skip


# ---------------------------------------------------------------- 6: formats, positively


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
         "line 1 has fields split by colons"),
        ("Buy milk\n# a comment\n", 'line 2 starts with "#"'),
        ("- buy milk\n- call Bob\n", 'line 1 starts with "-"'),
        ("def main():\n    return 1\n", "line 2 is indented"),
        ("[core]\neditor = vim\n", "line 2 sets a value (name=value)"),
        ("name,when,where\nBob,fri,home\n", "line 1 is a CSV header"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_format_is_refused_naming_the_line(
    seeded: Path, tmp_path: Path, text: str, says: str
) -> None:
    result = import_text(seeded, tmp_path, text)
    assert_refused(
        seeded, result, f"not todo.txt, Taskwarrior or startnow JSON ({says}); "
        "if it is todo.txt, add --format todotxt"
    )  # fmt: skip


def test_json_of_another_kind_is_refused(seeded: Path, tmp_path: Path) -> None:
    for other in ({"name": "x", "items": []}, [{"id": 1, "title": "x"}], [1, 2]):
        result = import_text(seeded, tmp_path, json.dumps(other))
        assert_refused(
            seeded, result, "not todo.txt, Taskwarrior or startnow JSON (JSON of some other kind)"
        )


def test_etc_passwd_is_refused_unless_format_todotxt_says_so(seeded: Path, tmp_path: Path) -> None:
    passwd = "root:x:0:0:root:/root:/bin/bash\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
    assert import_text(seeded, tmp_path, passwd)[0] == 2
    code, out, _ = import_text(seeded, tmp_path, passwd, "--format", "todotxt")
    assert (code, out) == (0, "Imported 2 tasks from todo.txt.\n")
    assert titles(seeded)[1] == "root:x:0:0:root:/root:/bin/bash"


def test_format_names_the_parser_and_its_errors_follow(seeded: Path, tmp_path: Path) -> None:
    result = import_text(seeded, tmp_path, "Buy milk\n", "--format", "taskwarrior")
    assert_refused(seeded, result, "line 1: not valid JSON")
    result = import_text(seeded, tmp_path, "[]", "--format", "startnow")
    assert_refused(seeded, result, "export: expected an object")


def test_the_fixtures_still_import_by_detection(db_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures"
    for name, kind in (("todo.txt", "todo.txt"), ("taskwarrior.json", "Taskwarrior")):
        code, out, err = cli("--db", str(db_path), "import", str(fixtures / name))
        assert (code, out, err) == (0, f"Imported 5 tasks from {kind}.\n", "")
