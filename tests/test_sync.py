"""`startnow sync`: two stores edited offline, one folder, one history."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from startnow.domain.localtime import week_of_date
from startnow.services.sync import sync
from startnow.store import schema
from startnow.store.sync import files
from tests.sync_machines import Machine


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    shared.mkdir()
    return shared


@pytest.fixture
def laptop(tmp_path: Path, folder: Path) -> Machine:
    return Machine(tmp_path, "laptop", folder)


@pytest.fixture
def desktop(tmp_path: Path, folder: Path) -> Machine:
    return Machine(tmp_path, "desktop", folder)


def edit_offline(laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both machines, after a first sync of a shared task, do a morning's work apart."""
    assert laptop.run(monkeypatch, "add", "Write report ~1h :: outline; draft")[0] == 0
    assert laptop.run(monkeypatch, "add", "Water the plants every:day")[0] == 0
    laptop.sync()
    desktop.sync()
    laptop.sync()
    for machine in (laptop, desktop):
        machine.clock.advance(minutes=10)
    # The laptop: a focus session on the report's first step, a new task, the plants done.
    services = laptop.services()
    try:
        report = laptop.id_of("Write report")
        step = laptop.query("SELECT id FROM chunk WHERE task_id = ? ORDER BY position", report)[0][
            0
        ]
        session = services.focus.start(report, step, 25, blocker="fear", blocker_chosen=True)
        laptop.clock.advance(minutes=25)
        services.focus.finish(session.id, "completed")
        services.steps.add(report, "proofread", 10)
    finally:
        services.close()
    assert laptop.run(monkeypatch, "add", "Book the dentist")[0] == 0
    assert laptop.run(monkeypatch, "done", str(laptop.id_of("Water the plants")))[0] == 0
    # The desktop: the report renamed, a session of its own, a task dropped, a commitment.
    assert desktop.run(monkeypatch, "add", "Tidy the desk")[0] == 0
    assert desktop.run(monkeypatch, "add", "Old idea")[0] == 0
    assert desktop.run(monkeypatch, "drop", str(desktop.id_of("Old idea")))[0] == 0
    services = desktop.services()
    try:
        desk = desktop.id_of("Tidy the desk")
        session = services.focus.start(desk, None, 5)
        desktop.clock.advance(minutes=5)
        services.focus.finish(session.id, "stopped")
        week = week_of_date(desktop.clock().date())
        services.reviews.commit(week, "When I sit down, I will open the report")
    finally:
        services.close()
    desktop.clock.advance(minutes=1)
    report = desktop.id_of("Write report")
    assert desktop.run(monkeypatch, "edit", str(report), "Write the Q3 report")[0] == 0


@pytest.mark.parametrize("first", ["laptop", "desktop"])
def test_two_stores_edited_offline_end_up_with_the_same_export_and_every_session(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    edit_offline(laptop, desktop, monkeypatch)
    sessions = laptop.session_uids() | desktop.session_uids()
    assert len(sessions) == 2
    one, other = (laptop, desktop) if first == "laptop" else (desktop, laptop)
    one.sync()
    other.sync()
    one.sync()
    assert laptop.export_by_uid(monkeypatch) == desktop.export_by_uid(monkeypatch)
    assert laptop.session_uids() == desktop.session_uids() == sessions
    titles = {r[0]: r[1] for r in laptop.query("SELECT title, status FROM task")}
    assert titles["Write the Q3 report"] == "open"  # the desktop's rename
    assert titles["Book the dentist"] == "open" and titles["Tidy the desk"] == "open"
    assert titles["Old idea"] == "dropped"
    commitments = laptop.query("SELECT text FROM commitment")
    assert commitments == [("When I sit down, I will open the report",)]
    # The plants, done on the laptop, rolled over to tomorrow's: one open instance.
    plants = laptop.query("SELECT status FROM task WHERE title = 'Water the plants' ORDER BY id")
    assert sorted(s for (s,) in plants) == ["done", "open"]
    steps = laptop.query(
        "SELECT c.title FROM chunk c JOIN task t ON t.id = c.task_id "
        "WHERE t.title = 'Write the Q3 report' ORDER BY c.position"
    )
    assert [s for (s,) in steps] == ["outline", "draft", "proofread"]


def test_a_second_sync_changes_nothing(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_offline(laptop, desktop, monkeypatch)
    for machine in (laptop, desktop, laptop):
        machine.sync()
    before = {m.name: m.export_by_uid(monkeypatch) for m in (laptop, desktop)}
    files_before = sorted(p.name for p in laptop.folder.rglob("*"))
    again = laptop.sync()
    assert (again.sent, again.received, again.rows_changed) == (None, [], 0)
    again = desktop.sync()
    assert (again.sent, again.received, again.rows_changed) == (None, [], 0)
    assert sorted(p.name for p in laptop.folder.rglob("*")) == files_before
    for machine in (laptop, desktop):  # every row compared: nothing was missed either
        whole = sync(machine.db, machine.folder, machine.clock, full=True)
        assert (whole.sent, whole.received, whole.rows_changed) == (None, [], 0)
    assert {m.name: m.export_by_uid(monkeypatch) for m in (laptop, desktop)} == before


def test_a_field_edited_on_both_keeps_the_later_edit_and_done_keeps_the_other_edit(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert laptop.run(monkeypatch, "add", "Plan the trip")[0] == 0
    laptop.sync()
    desktop.sync()
    trip_l, trip_d = laptop.id_of("Plan the trip"), desktop.id_of("Plan the trip")
    assert laptop.run(monkeypatch, "edit", str(trip_l), "Plan the trip to Rome")[0] == 0
    laptop.sync()  # the laptop's title, stamped first
    assert desktop.run(monkeypatch, "done", str(trip_d))[0] == 0
    desktop.clock.advance(minutes=1)
    assert desktop.run(monkeypatch, "edit", str(trip_d), "~2h")[0] == 0
    desktop.sync()  # done and an estimate, later
    laptop.sync()
    for machine in (laptop, desktop):
        row = machine.query("SELECT title, status, estimate FROM task")
        assert row == [("Plan the trip to Rome", "done", 120)], machine.name


def delete(machine: Machine, title: str) -> None:
    """A delete as undo of a quick add makes it (startnow has no delete command)."""
    conn = sqlite3.connect(machine.db)
    try:
        with conn:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("DELETE FROM task WHERE title = ?", (title,))
    finally:
        conn.close()


def test_a_delete_wins_over_an_edit_only_when_it_came_later(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert laptop.run(monkeypatch, "add", "Kept")[0] == 0
    assert laptop.run(monkeypatch, "add", "Gone")[0] == 0
    laptop.sync()
    desktop.sync()
    # "Kept": deleted on the laptop first, edited on the desktop after: it stays.
    delete(laptop, "Kept")
    laptop.sync()
    desktop.clock.advance(minutes=5)
    assert desktop.run(monkeypatch, "edit", str(desktop.id_of("Kept")), "~5m")[0] == 0
    # "Gone": edited on the desktop first (same sync), deleted on the laptop later.
    assert desktop.run(monkeypatch, "edit", str(desktop.id_of("Gone")), "~10m")[0] == 0
    desktop.sync()
    laptop.sync()
    laptop.clock.advance(minutes=30)
    delete(laptop, "Gone")
    laptop.sync()
    desktop.sync()
    for machine in (laptop, desktop):
        assert machine.query("SELECT title, estimate FROM task") == [("Kept", 5)], machine.name


def test_clocks_ten_minutes_apart_still_keep_the_edit_made_after_seeing_the_other(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desktop's clock is ten minutes behind: its edit, made after it took
    in the laptop's, still wins, because the hybrid clock never goes back."""
    laptop = Machine(tmp_path, "laptop", folder)
    desktop = Machine(tmp_path, "desktop", folder, skew=timedelta(minutes=-10))
    assert laptop.run(monkeypatch, "add", "Draft")[0] == 0
    laptop.sync()
    desktop.sync()
    laptop.clock.advance(minutes=1)
    assert laptop.run(monkeypatch, "edit", str(laptop.id_of("Draft")), "Draft v2")[0] == 0
    laptop.sync()
    desktop.clock.advance(minutes=2)  # still eight minutes before the laptop's edit
    desktop.sync()
    assert desktop.query("SELECT title FROM task") == [("Draft v2",)]
    assert desktop.run(monkeypatch, "edit", str(desktop.id_of("Draft v2")), "Draft v3")[0] == 0
    desktop.sync()
    laptop.sync()
    for machine in (laptop, desktop):
        assert machine.query("SELECT title FROM task") == [("Draft v3",)], machine.name


def test_the_command_line_syncs_with_the_folder_of_the_settings_and_says_what_it_did(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch, own_config: Path
) -> None:
    own_config.parent.mkdir(parents=True, exist_ok=True)
    own_config.write_text(f'sync = "{laptop.folder}"\n')
    assert laptop.run(monkeypatch, "add", "Call mum")[0] == 0
    code, out, err = laptop.run(monkeypatch, "sync")
    assert (code, err) == (0, "") and out.startswith("Synced: sent")
    code, out, err = desktop.run(monkeypatch, "sync", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert len(summary["received"]) == 1 and summary["rows_changed"] == 1
    assert desktop.query("SELECT title FROM task") == [("Call mum",)]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "does not exist"),
        ("file", "is not a folder"),
        ("readonly", "cannot write to the sync folder"),
        ("inside", "inside the sync folder"),
    ],
)
def test_a_folder_sync_cannot_use_is_one_line(
    laptop: Machine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, setup: str, message: str
) -> None:
    target = tmp_path / "elsewhere"
    if setup == "file":
        target.write_text("not a folder")
    elif setup == "readonly":
        if os.geteuid() == 0:
            pytest.skip("root writes into a read-only folder")
        target.mkdir(mode=0o500)
    elif setup == "inside":
        target = laptop.db.parent
    code, out, err = laptop.run(monkeypatch, "sync", str(target))
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not (laptop.db.parent / "startnow.db.sync").exists() or setup == "inside"


def test_a_changeset_from_a_newer_schema_is_refused_with_one_line_and_nothing_applied(
    laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert laptop.run(monkeypatch, "add", "From the future")[0] == 0
    laptop.sync()
    path = next(laptop.folder.rglob("*.changeset"))
    found = files.read(path)
    newer = files.header_for(
        found.header.machine, found.header.number, schema.SCHEMA_VERSION + 1,
        found.header.stamp, found.data,
    )  # fmt: skip
    path.write_bytes(files.encode(newer, found.data))
    assert desktop.run(monkeypatch, "add", "Mine")[0] == 0
    code, out, err = desktop.run(monkeypatch, "sync", str(desktop.folder))
    assert code != 0 and err.count("\n") == 1
    assert "upgrade startnow on this machine first" in err
    assert desktop.query("SELECT title FROM task") == [("Mine",)]
    assert list(desktop.folder.glob("*/*.changeset")) == [path]  # nothing sent either


@pytest.mark.parametrize("every", ["0m", "five", "5d", "-5m"])
def test_a_bad_interval_is_one_line_and_no_sync(
    laptop: Machine, monkeypatch: pytest.MonkeyPatch, every: str
) -> None:
    code, out, err = laptop.run(monkeypatch, "sync", str(laptop.folder), "--every", every)
    assert code != 0 and out == "" and err.count("\n") == 1 and "--every" in err
    assert list(laptop.folder.iterdir()) == []


def test_no_folder_named_or_set_is_one_line(
    laptop: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = laptop.run(monkeypatch, "sync")
    assert code != 0 and err.count("\n") == 1 and 'sync = "PATH"' in err
