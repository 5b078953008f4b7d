"""done, drop, undo and show through the real entry point: all or nothing,
one line for every mistake, and undo exactly once."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.commands.show import SESSION_KEYS, SHOW_KEYS, STEP_KEYS
from startnow.services.all_services import Services
from startnow.services.changes import Changes
from startnow.services.undo_journal import journal_path
from tests.helpers import cli, rows, spec
from tests.helpers import startnow as run


def task_rows(db: Path) -> list[tuple[object, ...]]:
    """Every task column as stored, to prove nothing moved."""
    return [tuple(r) for r in rows(db, "SELECT * FROM task ORDER BY id")]


@pytest.fixture
def three(db_path: Path) -> Path:
    for text in ("Write Q3 report ~2h #work :: outline; draft", "Call mum", "Buy milk #home"):
        assert cli("--db", str(db_path), "add", text)[0] == 0
    return db_path


def test_done_closes_the_tasks_and_says_they_were_closed_without_a_start(three: Path) -> None:
    code, out, err = cli("--db", str(three), "done", "2", "3")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Done 2 · Call mum · closed without a start",
        "Done 3 · Buy milk · #home · closed without a start",
    ]
    found = rows(three, "SELECT id, status, closed_at, first_started_at FROM task ORDER BY id")
    assert [(r["id"], r["status"]) for r in found] == [(1, "open"), (2, "done"), (3, "done")]
    assert found[1]["closed_at"] is not None and found[1]["first_started_at"] is None


def test_drop_marks_them_dropped(three: Path) -> None:
    code, out, _ = cli("--db", str(three), "drop", "1")
    assert code == 0 and out.startswith("Dropped 1 · Write Q3 report · ~2h · #work · 2 steps")
    assert rows(three, "SELECT status FROM task WHERE id = 1")[0][0] == "dropped"


def test_an_id_that_does_not_exist_is_one_line_exit_2_and_nothing_written(three: Path) -> None:
    before = task_rows(three)
    code, out, err = cli("--db", str(three), "done", "99")
    assert (code, out) == (2, "")
    assert err == (
        "startnow: there is no task 99 (nothing was changed; see startnow list --all)\n"
    )
    assert task_rows(three) == before
    assert not os.path.exists(journal_path(three))


def test_one_bad_id_among_good_ones_changes_none_of_them(three: Path) -> None:
    before = task_rows(three)
    code, _, err = cli("--db", str(three), "drop", "1", "98", "2", "99")
    assert code == 2 and "there are no tasks 98, 99" in err
    assert task_rows(three) == before
    code, _, err = cli("--db", str(three), "done", "1", "x2")
    assert code == 2 and err == (
        'startnow: "x2" is not a task id (ids are numbers: see startnow list)\n'
    )
    assert task_rows(three) == before


def test_a_task_already_closed_is_said_and_nothing_changes(three: Path) -> None:
    assert cli("--db", str(three), "done", "2")[0] == 0
    before = task_rows(three)
    code, out, err = cli("--db", str(three), "done", "1", "2")
    assert (code, out) == (1, "")
    assert err == "startnow: task 2 is already done (nothing was changed)\n"
    assert task_rows(three) == before
    code, _, err = cli("--db", str(three), "drop", "2")
    assert code == 1 and "already done" in err


def test_undo_puts_the_rows_back_exactly_and_only_once(three: Path) -> None:
    before = task_rows(three)
    assert cli("--db", str(three), "done", "1", "3")[0] == 0
    assert task_rows(three) != before
    code, out, err = cli("--db", str(three), "undo")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Undid done 1 3"
    assert "Restored 3 · Buy milk · #home · open" in out
    assert task_rows(three) == before
    code, out, err = cli("--db", str(three), "undo")
    assert (code, out, err) == (1, "", "startnow: nothing to undo\n")
    assert task_rows(three) == before


def test_the_undo_record_is_private_and_beside_its_own_store(three: Path, tmp_path: Path) -> None:
    assert cli("--db", str(three), "drop", "2")[0] == 0
    journal = Path(journal_path(three))
    assert journal.parent == three.parent and journal.name == f"{three.name}.undo.json"
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    other = tmp_path / "other.db"
    assert cli("--db", str(other), "add", "Elsewhere")[0] == 0
    assert cli("--db", str(other), "undo")[2] == "startnow: nothing to undo\n"


def test_undo_refuses_when_the_task_changed_since(three: Path, services_on) -> None:  # type: ignore[no-untyped-def]
    assert cli("--db", str(three), "edit", "1", "due:2030-01-10")[0] == 0
    services = services_on(three)
    services.tasks.set_status(1, "done")  # the app closes it meanwhile
    after_app = task_rows(three)
    code, out, err = cli("--db", str(three), "undo")
    assert (code, out) == (1, "")
    assert err == (
        "startnow: cannot undo the edit: task 1 has changed since (status); nothing was undone\n"
    )
    assert task_rows(three) == after_app


def test_undo_refuses_a_record_that_was_tampered_with(three: Path) -> None:
    assert cli("--db", str(three), "done", "2")[0] == 0
    journal = Path(journal_path(three))
    record = json.loads(journal.read_text())
    record["rows"][0]["before"] = {"status = 'open'; DROP TABLE task; --": "x"}
    journal.write_text(json.dumps(record))
    before = task_rows(three)
    code, _, err = cli("--db", str(three), "undo")
    assert code == 1 and "the undo record is damaged" in err
    assert task_rows(three) == before


def test_a_timer_running_on_the_task_refuses_done(db_path: Path, clock: ManualClock) -> None:
    services = Services.open(db_path, clock=clock)
    task = services.tasks.add(spec("Write it"))
    services.focus.start(task.id, None, 25)
    services.close()
    code, _, err = cli("--db", str(db_path), "done", str(task.id))
    assert code == 1 and "has a timer running" in err
    assert rows(db_path, "SELECT status FROM task")[0][0] == "open"


def test_a_mistyped_db_path_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    for args in (("done", "1"), ("drop", "1", "2"), ("edit", "1", "~5m"), ("undo",),
                 ("show", "1")):  # fmt: skip
        code, out, err = cli("--db", str(missing), *args)
        assert (code, out) == (1, ""), args
        assert err.startswith(f"startnow: there is no startnow database at {missing}"), args
    assert not list(tmp_path.glob("none.db*"))


def test_without_the_default_store_there_is_no_task_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STARTNOW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli("done", "1")[0:3:2] == (2, "startnow: there is no task 1 (nothing was changed; "
                                          "see startnow list --all)\n")  # fmt: skip
    assert cli("undo")[0:3:2] == (1, "startnow: nothing to undo\n")
    assert not (tmp_path / "data").exists()


def test_show_gives_steps_sessions_and_the_start_delay(db_path: Path, clock: ManualClock) -> None:
    services = Services.open(db_path, clock=clock)
    task = services.tasks.add(spec("Write it ~1h", chunks=(("outline", 10), ("draft", None))))
    clock.advance(minutes=45)
    session = services.focus.start(task.id, task.chunks[0].id, 25, blocker="fear")
    clock.advance(minutes=25)
    services.focus.finish(session.id, "completed")
    services.close()
    code, out, _ = cli("--db", str(db_path), "show", str(task.id), "--json")
    assert code == 0
    shown = json.loads(out)
    assert tuple(shown) == SHOW_KEYS
    assert shown["start_delay_minutes"] == 45 and shown["waited_minutes"] is None
    assert shown["closed_without_start"] is False
    assert [tuple(s) for s in shown["steps"]] == [STEP_KEYS, STEP_KEYS]
    assert [s["title"] for s in shown["steps"]] == ["outline", "draft"]
    assert len(shown["sessions"]) == 1 and tuple(shown["sessions"][0]) == SESSION_KEYS
    assert shown["sessions"][0]["focus_minutes"] == 25
    assert shown["sessions"][0]["blocker"] == "fear"
    code, text, _ = cli("--db", str(db_path), "show", str(task.id))
    assert code == 0 and "start delay: 45 min (first started" in text
    assert "  1. · outline ~10m" in text and "25 of 25 min · completed · blocker fear" in text


def test_show_of_a_task_closed_without_a_start_has_no_delay(three: Path) -> None:
    assert cli("--db", str(three), "drop", "2")[0] == 0
    shown = json.loads(cli("--db", str(three), "show", "2", "--json")[1])
    assert shown["status"] == "dropped" and shown["closed_without_start"] is True
    assert shown["start_delay_minutes"] is None and shown["waited_minutes"] is None
    assert "start delay: none, closed without a start" in cli("--db", str(three), "show", "2")[1]
    assert cli("--db", str(three), "show", "42")[0:3:2] == (2, "startnow: there is no task 42\n")


def test_the_services_a_screen_calls_close_and_undo_at_its_clock(
    db_path: Path, clock: ManualClock
) -> None:
    services = Services.open(db_path, clock=clock)
    task = services.tasks.add(spec("Water the plants"))
    clock.advance(hours=2)
    closed = services.changes.done([task.id])
    assert [(t.id, t.status, t.started) for t in closed] == [(task.id, "done", False)]
    assert services.task(task.id).closed_at == clock()
    undone = Changes(db_path, clock).undo()
    assert undone.command == "done" and undone.ids == [task.id]
    assert services.task(task.id).status == "open" and services.task(task.id).closed_at is None
    services.close()


def test_done_and_undo_as_a_shell_runs_them(three: Path) -> None:
    before = task_rows(three)
    code, out, err = run("--db", str(three), "done", "1")
    assert (code, err) == (0, "") and out.startswith("Done 1 · Write Q3 report")
    assert run("--db", str(three), "done", "7")[0] == 2
    code, out, _ = run("undo", "--db", str(three))
    assert code == 0 and out.startswith("Undid done 1")
    assert task_rows(three) == before
    assert run("--db", str(three), "undo") == (1, "", "startnow: nothing to undo\n")


def test_every_new_command_has_help_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from startnow.parser import build_parser

    for name in ("done", "drop", "edit", "undo", "show"):
        with pytest.raises(SystemExit) as exit_:
            build_parser(name).parse_args([name, "--help"])
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert "--db PATH" in out and "examples:\n  startnow " in out, name


@pytest.fixture
def services_on():  # type: ignore[no-untyped-def]
    """Services opened on a given store (as the app would), closed afterwards."""
    opened: list[Services] = []

    def open_on(path: Path) -> Services:
        opened.append(Services.open(path))
        return opened[-1]

    yield open_on
    for services in opened:
        services.close()


def test_a_week_later_the_delay_of_a_closed_unstarted_task_does_not_grow(
    db_path: Path, clock: ManualClock
) -> None:
    services = Services.open(db_path, clock=clock)
    task = services.tasks.add(spec("Never started"))
    clock.advance(hours=3)
    Changes(db_path, clock).drop([task.id])
    clock.advance(days=7)
    listed = json.loads(cli("--db", str(db_path), "list", "--all", "--json")[1])
    assert [(r["id"], r["waited_minutes"], r["status"]) for r in listed] == [
        (task.id, None, "dropped")
    ]
    services.close()


def test_a_busy_store_is_one_line_and_undo_still_works_afterwards(
    three: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from startnow.store.schema import BUSY_TIMEOUT_ENV

    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "50")
    assert cli("--db", str(three), "done", "1")[0] == 0
    record = Path(journal_path(three)).read_text()
    holder = sqlite3.connect(three, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        before = task_rows(three)
        code, _, err = cli("--db", str(three), "undo")
        assert code == 1 and "is busy" in err and err.count("\n") == 1
        code, _, err = cli("--db", str(three), "drop", "2")
        assert code == 1 and "is busy" in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert task_rows(three) == before
    assert Path(journal_path(three)).read_text() == record  # untouched by either
    assert cli("--db", str(three), "undo")[1].startswith("Undid done 1")


def test_an_older_store_is_upgraded_then_changed(tmp_path: Path) -> None:
    import shutil

    from startnow.store.schema import SCHEMA_VERSION

    old = tmp_path / "v1.db"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "v1.db", old)
    code, out, err = cli("--db", str(old), "done", "4")
    assert (code, err) == (0, "") and out.startswith("Done 4 · Renew passport ✈")
    assert rows(old, "PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert rows(old, "SELECT status FROM task WHERE id = 4")[0][0] == "done"
    assert cli("--db", str(old), "done", "2")[2] == (
        "startnow: task 2 is already done (nothing was changed)\n"
    )
    assert cli("--db", str(old), "done", "1")[2] == (  # its session is paused, not ended
        "startnow: task 1 has a timer running or paused: end it in startnow first "
        "(nothing was changed)\n"
    )
    assert cli("--db", str(old), "undo")[0] == 0
    assert rows(old, "SELECT status FROM task WHERE id = 4")[0][0] == "open"
