"""`startnow list`: the same records as a streamed array, JSON Lines or
indented, the longest waiting first."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from startnow.cli import main
from startnow.services.all_services import Services
from tests.helpers import spec


def listed(capsys: pytest.CaptureFixture[str], db: Path, *flags: str) -> str:
    assert main(["--db", str(db), "list", *flags]) == 0
    return capsys.readouterr().out


def test_json_jsonl_and_pretty_carry_the_same_records_in_wait_order(
    services: Services, db_path: Path, clock, capsys: pytest.CaptureFixture[str]
) -> None:
    later = services.tasks.add(spec("Later", planned_start=clock() + timedelta(days=1)))
    clock.advance(minutes=1)
    first = services.tasks.add(spec("Write it ~1h", chunks=(("open the doc", 5), ("outline", 20))))
    clock.advance(minutes=1)
    third = services.tasks.add(spec("Call mum"))
    array = json.loads(listed(capsys, db_path, "--json"))
    assert [r["id"] for r in array] == [first.id, third.id, later.id]
    assert array[0]["next_step"] == "open the doc" and array[0]["next_step_minutes"] == 5
    lines = listed(capsys, db_path, "--jsonl").splitlines()
    assert [json.loads(line) for line in lines] == array
    pretty = listed(capsys, db_path, "--json", "--pretty")
    assert json.loads(pretty) == array and pretty.startswith("[\n  {\n")


def test_an_empty_list_is_an_empty_array_and_no_lines(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Services.open(db_path).close()
    assert listed(capsys, db_path, "--json") == "[]\n"
    assert listed(capsys, db_path, "--jsonl") == ""


def test_pretty_without_json_is_one_line_and_exit_2(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Services.open(db_path).close()
    assert main(["--db", str(db_path), "list", "--pretty"]) == 2
    assert capsys.readouterr().err == "startnow: --pretty goes with --json\n"


# ---- filters ----------------------------------------------------------------


def ids_listed(capsys: pytest.CaptureFixture[str], db: Path, *flags: str) -> list[int]:
    return [record["id"] for record in json.loads(listed(capsys, db, "--json", *flags))]


def test_filters_by_tag_due_date_words_and_closed_ones(
    services: Services, db_path: Path, clock, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    soon = datetime(2030, 1, 10, 12, tzinfo=UTC)
    report = services.tasks.add(spec("Write Q3 Report", tags=("work",), due=soon,
                                     chunks=(("outline the budget", 5),))).id  # fmt: skip
    clock.advance(minutes=1)
    milk = services.tasks.add(spec("Buy milk", tags=("home", "errand"))).id
    clock.advance(minutes=1)
    later = services.tasks.add(spec("Plan the offsite", tags=("work",),
                                    due=datetime(2030, 3, 1, tzinfo=UTC))).id  # fmt: skip
    clock.advance(minutes=1)
    gone = services.tasks.add(spec("Old work thing", tags=("work",))).id
    services.tasks.set_status(gone, "dropped")
    assert ids_listed(capsys, db_path) == [report, milk, later]
    assert ids_listed(capsys, db_path, "--tag", "work") == [report, later]
    assert ids_listed(capsys, db_path, "--tag", "#HOME", "--tag", "errand") == [milk]
    assert ids_listed(capsys, db_path, "--tag", "home", "--tag", "work") == []
    assert ids_listed(capsys, db_path, "--due-before", "2030-01-31") == [report]
    assert ids_listed(capsys, db_path, "--search", "q3 REPORT") == [report]
    assert ids_listed(capsys, db_path, "--search", "budget") == [report]  # a step's words
    assert ids_listed(capsys, db_path, "--all") == [report, milk, later, gone]
    assert ids_listed(capsys, db_path, "--all", "--tag", "work", "--search", "thing") == [gone]
    lines = listed(capsys, db_path, "--jsonl", "--all", "--tag", "work").splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["open", "open", "dropped"]
    closed = json.loads(lines[-1])
    assert closed["waited_minutes"] is None and closed["closed_at"] is not None
    table = listed(capsys, db_path, "--all", "--tag", "work")
    assert "Old work thing" in table and "dropped" in table and "no start" in table
    assert listed(capsys, db_path, "--tag", "nope") == "No tasks match.\n"


def test_a_due_date_that_cannot_be_read_is_one_line_exit_2(
    services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "list", "--due-before", "someday"]) == 2
    err = capsys.readouterr().err
    assert err.startswith('startnow: --due-before: can\'t read "someday"') and err.count("\n") == 1
