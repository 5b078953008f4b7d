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
