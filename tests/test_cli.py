"""The command line through its real entry point, on a temporary database: quick
add and its echo, list, where the database is, and output or input that fails.

main() is called in this process (`cli`) where a subprocess would check nothing
more; a real process (`run`) where it would: the quick exit, closed or full
output, stdin that is not text or not there."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from startnow.cli import main
from startnow.commands.listing import LIST_KEYS
from startnow.store.db import open_store
from startnow.store.schema import SCHEMA_VERSION
from tests.helpers import cli, rows
from tests.helpers import startnow as run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_prints_one_line_with_absolute_dates(db_path: Path) -> None:
    text = "Write Q3 report ~2h due:2030-12-06 #work :: outline; first paragraph"
    code, out, err = run("--db", str(db_path), "add", text)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Added 1 · Write Q3 report · due Fri 6 Dec 2030 · ~2h · #work · 2 steps"
    ]
    [task] = rows(db_path, "SELECT * FROM task")
    assert (task["title"], task["estimate"], task["tags"]) == ("Write Q3 report", 120, "work")
    assert [r["title"] for r in rows(db_path, "SELECT title FROM chunk ORDER BY position")] == [
        "outline", "first paragraph",
    ]  # fmt: skip


def test_db_option_goes_before_or_after_the_command_and_env_works_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    assert main(["--db", str(a), "add", "one"]) == 0
    assert main(["add", "two", "--db", str(b)]) == 0
    monkeypatch.setenv("STARTNOW_DB", str(c))
    assert main(["add", "three"]) == 0
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 3)[-1])
    assert [t["title"] for t in listed] == ["three"]
    for path, title in ((a, "one"), (b, "two"), (c, "three")):
        assert [r["title"] for r in rows(path, "SELECT title FROM task")] == [title]


def test_batch_add_from_stdin_is_all_or_nothing(db_path: Path) -> None:
    code, out, _ = cli("--db", str(db_path), "add", "-", stdin="Buy milk\n\nCall mum ~5m\n")
    assert code == 0 and len(out.splitlines()) == 2
    code, out, err = cli("--db", str(db_path), "add", "-",
                         stdin="Pay rent\nBook flights due:feb 30\nWater plants\n")  # fmt: skip
    assert code == 2 and out == ""
    assert err.startswith("startnow: line 2: ") and "feb 30" in err and len(err.splitlines()) == 1
    assert [r["title"] for r in rows(db_path, "SELECT title FROM task")] == ["Buy milk", "Call mum"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pay rent due:frday", "frday"),
        ("Meet at 25:00 start:25:00", "25:00"),
        ("Report ~2x", "~2x"),
        ("   ", "title"),
        ("x" * 600, "500"),
        ("bell\x07ring", "U+0007"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    db_path: Path, text: str, expected: str
) -> None:
    cli("--db", str(db_path), "add", "seed")
    before = digest(db_path)
    code, out, err = cli("--db", str(db_path), "add", text)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and expected in err
    assert "Traceback" not in err
    assert digest(db_path) == before


def test_list_json_has_the_documented_keys(db_path: Path) -> None:
    cli("--db", str(db_path), "add", "Write the report ~2h #work :: open the doc ~5m; outline")
    code, out, _ = cli("--db", str(db_path), "list", "--json")
    [task] = json.loads(out)
    assert tuple(task) == LIST_KEYS
    assert task["next_step"] == "open the doc" and task["next_step_minutes"] == 5
    assert task["tags"] == ["work"] and task["estimate"] == 120 and task["status"] == "open"
    assert task["created_at"].endswith("Z") and task["waited_minutes"] >= 0


def test_list_as_a_table(db_path: Path) -> None:
    cli("--db", str(db_path), "add", "Plan the offsite :: send the doodle ~2m")
    code, out, _ = cli("--db", str(db_path), "list")
    assert code == 0
    header, line = out.splitlines()
    assert header.split() == ["id", "task", "next", "step", "waited"]
    assert "Plan the offsite" in line and "send the doodle" in line and "just now" in line


def test_an_empty_store_lists_friendly_advice(db_path: Path) -> None:
    open_store(db_path).close()
    code, out, _ = cli("--db", str(db_path), "list")
    assert code == 0 and "startnow add" in out


@pytest.mark.parametrize("command", [["list"], ["review", "--format", "json"], ["export"]])
def test_a_mistyped_db_path_is_not_made_into_a_new_store(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "startnwo.db"
    code, out, err = cli("--db", str(typo), *command)
    assert code == 1 and out == ""
    assert (
        err == f"startnow: there is no startnow database at {typo} (check the path; "
        "startnow add or startnow itself creates one)\n"
    )
    assert not typo.exists()


@pytest.mark.parametrize("command", [["list"], ["add", "x"]])
def test_a_file_that_is_not_a_database_is_one_line_and_untouched(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n")
    before = digest(path)
    code, out, err = cli("--db", str(path), *command)
    assert code == 1 and out == ""
    assert (
        err == f"startnow: {path} is not a startnow database (not a SQLite file); left untouched\n"
    )
    assert digest(path) == before


def test_a_database_from_a_newer_startnow_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = digest(db_path)
    code, _, err = cli("--db", str(db_path), "add", "x")
    assert code == 1 and "newer startnow" in err and digest(db_path) == before


def test_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    code, _, err = cli("--db", str(tmp_path / "nope" / "s.db"), "list")
    assert code == 1 and "does not exist" in err and len(err.splitlines()) == 1


def test_usage_mistakes_are_one_line_with_exit_2() -> None:
    code, _, err = run("frobnicate")
    assert code == 2 and "invalid choice" in err and len(err.splitlines()) == 1
    code, _, err = run("add")
    assert code == 2 and "text" in err


def test_help_shows_examples() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "startnow add" in out and "--db PATH" in out
    code, out, _ = run("add", "--help")
    assert code == 0 and "due:" in out


def test_stdin_with_nothing_is_a_clear_error(monkeypatch, capsys, db_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\n"))
    assert main(["--db", str(db_path), "add", "-"]) == 2
    assert "no tasks" in capsys.readouterr().err


def test_quick_add_output_survives_the_quick_exit(db_path: Path) -> None:
    """`add` leaves with os._exit (no interpreter shutdown): its line must still
    be flushed to a pipe, on the fast path and on the first, full one."""
    for n, title in enumerate(("first", "second", "third"), 1):
        code, out, err = run("--db", str(db_path), "add", title)
        assert (code, out, err) == (0, f"Added {n} · {title}\n", "")
    code, out, err = run("--db", str(db_path), "add", "-", stdin="a\nb ~5m\n")
    assert (code, out.splitlines(), err) == (0, ["Added 4 · a", "Added 5 · b · ~5m"], "")
    code, out, err = run("--db", str(db_path), "add", "due:feb 30 x")
    assert (code, out) == (2, "") and err.startswith("startnow: due:")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["add", "second"], ["list"], ["review", "--format", "json"]])
def test_a_full_output_is_one_line_not_a_traceback(db_path: Path, command: list[str]) -> None:
    cli("--db", str(db_path), "add", "first")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "startnow", "--db", str(db_path), *command],
            stdout=full, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    assert done.returncode == 1
    what = (
        "added, but could not write the confirmation"
        if command[0] == "add"
        else ("could not write the output")
    )
    assert done.stderr.splitlines() == [f"startnow: {what}: No space left on device"]
    added = ["second"] if command[0] == "add" else []
    assert [r["title"] for r in rows(db_path, "SELECT title FROM task")] == ["first", *added]


def test_add_from_stdin_drops_a_byte_order_mark(db_path: Path) -> None:
    code, out, err = cli("--db", str(db_path), "add", "-", stdin="\ufeffBuy milk\nCall mum\n")
    assert (code, err) == (0, "")
    assert [r["title"] for r in rows(db_path, "SELECT title FROM task")] == ["Buy milk", "Call mum"]


def test_an_add_whose_reader_stopped_still_says_it_was_added(db_path: Path) -> None:
    cli("--db", str(db_path), "add", "first")
    proc = subprocess.Popen(
        [sys.executable, "-m", "startnow", "--db", str(db_path), "add", "second"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.close()  # `startnow add x | true`: the reader is gone
    err = proc.stderr.read() if proc.stderr else ""
    assert proc.wait(timeout=60) == 1
    assert err == "startnow: added, but could not write the confirmation: Broken pipe\n"
    assert [r["title"] for r in rows(db_path, "SELECT title FROM task")] == ["first", "second"]


# ---------------------------------------------------------------- rough edges


def test_text_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    done = subprocess.run(
        [sys.executable, "-m", "startnow", "--db", str(db), "add", "-"],
        input=b"fine task\nx\xff\xfey\n", capture_output=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "startnow: line 2: not UTF-8 text (a bad byte at character 2; nothing was added)\n"
    )
    assert not db.exists() or rows(db, "SELECT COUNT(*) FROM task")[0][0] == 0


def test_an_empty_db_path_is_an_error_not_the_default_store(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", "", "list"]) == 2
    assert capsys.readouterr().err == "startnow: --db needs a file name (it was empty)\n"


@pytest.mark.parametrize("command", [["add", "x"], ["list"], ["review"]])
def test_an_empty_startnow_db_is_an_error_not_the_default_store(  # type: ignore[no-untyped-def]
    capsys, monkeypatch, command: list[str]
) -> None:
    monkeypatch.setenv("STARTNOW_DB", "")
    assert main(command) == 2
    assert capsys.readouterr().err == (
        "startnow: $STARTNOW_DB is set but empty: name a file, or unset it\n"
    )


def test_a_due_date_already_past_is_refused_and_nothing_written(db_path: Path) -> None:
    cli("--db", str(db_path), "add", "seed")
    before = digest(db_path)
    code, out, err = cli("--db", str(db_path), "add", "thing due:2020-01-01")
    assert (code, out) == (2, "")
    assert err == (
        'startnow: "due:2020-01-01" is 2020-01-01 23:59, already past: '
        "give a due date still ahead (nothing was added)\n"
    )
    assert digest(db_path) == before


def test_a_planned_start_already_past_is_said_in_the_echo(db_path: Path) -> None:
    code, out, _ = cli("--db", str(db_path), "add", "Old plan start:2020-01-01 9am")
    assert code == 0
    assert out == "Added 1 · Old plan · starts now: 1 Jan 2020 09:00 has passed\n"
    code, out, _ = cli("--db", str(db_path), "list", "--json")
    [task] = json.loads(out)
    assert task["waited_minutes"] < 5  # ready at its creation, not six years ago


def test_list_says_overdue_as_text_and_in_json(db_path: Path) -> None:
    from datetime import UTC, datetime

    from startnow.services.all_services import Services
    from tests.helpers import spec

    services = Services.open(db_path)
    try:  # imported or carried over from an earlier day: the due date has passed since
        old = datetime(2020, 1, 1, 22, 59, tzinfo=UTC)
        services.tasks.add(spec("Old bill", due=old))  # type: ignore[arg-type]
        services.tasks.add(spec("Fresh one"))  # type: ignore[arg-type]
    finally:
        services.close()
    code, out, _ = cli("--db", str(db_path), "list", "--json")
    records = {r["title"]: r for r in json.loads(out)}
    assert records["Old bill"]["overdue"] is True and records["Fresh one"]["overdue"] is False
    code, out, _ = cli("--db", str(db_path), "list")
    [bill] = [line for line in out.splitlines() if "Old bill" in line]
    assert "just now · overdue since 1 Jan 2020" in bill  # (its time: in the local zone)


def test_a_date_in_another_year_shows_its_year(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "add", "Renew passport due:2031-03-04"]) == 0
    assert "due Tue 4 Mar 2031" in capsys.readouterr().out


@pytest.mark.parametrize("command", [[], ["tui"], ["demo"]])
def test_the_coach_without_a_terminal_is_one_line_not_a_wait(
    db_path: Path, command: list[str]
) -> None:
    assert main(["--db", str(db_path), "add", "Water the plants"]) == 0
    args = ["--db", str(db_path), *command] if command != ["demo"] else ["demo"]
    done = subprocess.run(
        [sys.executable, "-m", "startnow", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("startnow: the coach needs a terminal")
    assert len(done.stderr.splitlines()) == 1
