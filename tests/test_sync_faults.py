"""Sync survives what a real folder and a real machine do to it: a kill at any
point, a half-copied file, a damaged one, a store on the previous schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from startnow.services.sync import FAULT_ENV, FAULT_EXIT
from startnow.store import migrations, schema
from startnow.store.sync import files
from tests.helpers import startnow
from tests.sync_machines import Machine
from tests.test_sync import edit_offline

POINTS = ("before-project", "before-store-commit", "between-commits", "before-files")


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Machine, Machine]:
    folder = tmp_path / "shared"
    folder.mkdir()
    return Machine(tmp_path, "laptop", folder), Machine(tmp_path, "desktop", folder)


def killed_sync(machine: Machine, point: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`startnow sync` in a process of its own that dies at `point`, as kill -9 would."""
    monkeypatch.setenv(FAULT_ENV, point)
    monkeypatch.setenv("STARTNOW_NOW", machine.clock().isoformat())
    code, out, err = startnow("--db", str(machine.db), "sync", str(machine.folder))
    monkeypatch.delenv(FAULT_ENV)
    assert code == FAULT_EXIT, err


@pytest.mark.parametrize("side", ["laptop", "desktop"])
@pytest.mark.parametrize("point", POINTS)
def test_a_sync_killed_anywhere_is_completed_by_the_next_and_nothing_is_applied_twice(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch, point: str, side: str
) -> None:
    laptop, desktop = machines
    edit_offline(laptop, desktop, monkeypatch)
    sessions = laptop.session_uids() | desktop.session_uids()
    desktop.sync()  # the other side's changes are waiting in the folder for the one killed
    victim, other = (laptop, desktop) if side == "laptop" else (desktop, laptop)
    killed_sync(victim, point, monkeypatch)
    victim.clock.advance(minutes=1)
    assert victim.run(monkeypatch, "add", "Made after the crash")[0] == 0
    victim.sync()
    other.sync()
    victim.sync()
    assert laptop.export_by_uid(monkeypatch) == desktop.export_by_uid(monkeypatch)
    assert laptop.session_uids() == desktop.session_uids() == sessions
    for machine in (laptop, desktop):
        titles = [t for (t,) in machine.query("SELECT title FROM task")]
        assert len(titles) == len(set(titles)) + 1, titles  # only the plants, rolled over
        assert "Made after the crash" in titles and "Write the Q3 report" in titles
    again = victim.sync()
    assert (again.sent, again.received, again.rows_changed) == (None, [], 0)


def test_a_half_copied_changeset_waits_until_it_is_whole(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = machines
    assert laptop.run(monkeypatch, "add", "Arrives late")[0] == 0
    laptop.sync()
    path = next(laptop.folder.rglob("*.changeset"))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # as a folder sync half-way leaves it
    assert desktop.run(monkeypatch, "add", "Desktop's own")[0] == 0
    summary = desktop.sync()
    assert summary.waiting == [str(path)] and summary.received == []
    assert summary.sent is not None  # its own changes still go out
    assert desktop.query("SELECT title FROM task") == [("Desktop's own",)]
    path.write_bytes(whole)
    summary = desktop.sync()
    assert summary.waiting == [] and len(summary.received) == 1
    assert sorted(t for (t,) in desktop.query("SELECT title FROM task")) == [
        "Arrives late", "Desktop's own"
    ]  # fmt: skip


def test_a_damaged_changeset_is_one_line_and_nothing_of_it_is_applied(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = machines
    assert laptop.run(monkeypatch, "add", "Damaged on the way")[0] == 0
    laptop.sync()
    path = next(laptop.folder.rglob("*.changeset"))
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0xFF
    path.write_bytes(bytes(blob))
    code, out, err = desktop.run(monkeypatch, "sync", str(desktop.folder))
    assert code != 0 and err.count("\n") == 1 and "damaged" in err
    assert desktop.query("SELECT title FROM task") == []
    path.write_bytes(b"something else entirely")
    code, out, err = desktop.run(monkeypatch, "sync", str(desktop.folder))
    assert code != 0 and err.count("\n") == 1 and "not a startnow changeset" in err


def test_a_store_on_the_previous_schema_is_upgraded_with_a_copy_and_synced_whole(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = machines
    shutil.copy(Path(__file__).parent / "fixtures" / "v1.db", laptop.db)
    migrations.migrate(laptop.db, 1, schema.SCHEMA_VERSION - 1)
    for backup in laptop.db.parent.glob("*.bak"):
        backup.unlink()
    before = laptop.query("SELECT title, status FROM task ORDER BY title")
    sessions = laptop.query("SELECT count(*) FROM focus_session")[0][0]
    laptop.sync()
    assert list(laptop.db.parent.glob(f"*.v{schema.SCHEMA_VERSION - 1}-*.bak"))
    desktop.sync()
    assert desktop.query("SELECT title, status FROM task ORDER BY title") == before
    assert desktop.query("SELECT count(*) FROM focus_session")[0][0] == sessions > 0
    assert laptop.export_by_uid(monkeypatch) == desktop.export_by_uid(monkeypatch)


def test_the_changeset_files_are_written_once_each_and_never_by_another_machine(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = machines
    edit_offline(laptop, desktop, monkeypatch)
    written: dict[Path, bytes] = {}
    for machine in (laptop, desktop, laptop, desktop):
        machine.sync()
        for path in machine.folder.rglob("*.changeset"):
            assert written.setdefault(path, path.read_bytes()) == path.read_bytes()
            assert files.read(path).header.machine == path.parent.name
    owners = {p.parent.name for p in written}
    assert len(owners) == 2


def test_a_kill_between_the_two_commits_never_makes_the_other_machines_edit_this_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store took the laptop's title in, the mirror did not: the next sync
    must not take that title for the desktop's own (later-stamped) edit, or it
    would beat the laptop's next one. The desktop's clock runs ahead to show it."""
    from datetime import timedelta

    folder = tmp_path / "shared"
    folder.mkdir()
    laptop = Machine(tmp_path, "laptop", folder)
    desktop = Machine(tmp_path, "desktop", folder, skew=timedelta(minutes=10))
    assert laptop.run(monkeypatch, "add", "Title")[0] == 0
    laptop.sync()
    desktop.sync()
    assert laptop.run(monkeypatch, "edit", str(laptop.id_of("Title")), "First")[0] == 0
    laptop.sync()
    killed_sync(desktop, "between-commits", monkeypatch)
    assert desktop.query("SELECT title FROM task") == [("First",)]
    laptop.clock.advance(minutes=1)
    assert laptop.run(monkeypatch, "edit", str(laptop.id_of("First")), "Second")[0] == 0
    laptop.sync()
    desktop.sync()
    laptop.sync()
    for machine in (laptop, desktop):
        assert machine.query("SELECT title FROM task") == [("Second",)], machine.name


def test_a_damaged_sync_state_is_one_line_and_moving_it_aside_starts_afresh(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, desktop = machines
    assert laptop.run(monkeypatch, "add", "Survives")[0] == 0
    laptop.sync()
    desktop.sync()
    mirror = desktop.db.parent / "startnow.db.sync" / "mirror.db"
    mirror.write_bytes(b"garbage" * 1000)
    for side in mirror.parent.glob("mirror.db-*"):
        side.unlink()
    code, out, err = desktop.run(monkeypatch, "sync", str(desktop.folder))
    assert code != 0 and err.count("\n") == 1 and "move that folder aside" in err
    shutil.rmtree(mirror.parent)
    assert desktop.run(monkeypatch, "add", "Added meanwhile")[0] == 0
    desktop.sync()
    laptop.sync()
    for machine in (laptop, desktop):
        titles = sorted(t for (t,) in machine.query("SELECT title FROM task"))
        assert titles == ["Added meanwhile", "Survives"], machine.name


def test_a_changeset_from_a_machine_on_the_previous_schema_is_taken_in(
    machines: tuple[Machine, Machine], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An older startnow's mirror lacks the newest columns: its changesets carry
    fewer, and the ones missing take their defaults here."""
    import apsw

    from startnow.domain.hlc import Stamp
    from startnow.store.sync.mirror import mirror_columns
    from startnow.store.sync.shape import BY_NAME

    _, desktop = machines
    older = mirror_columns(BY_NAME["task"])[:-4]  # two columns fewer, with their stamps
    conn = apsw.Connection(str(tmp_path / "older-mirror.db"))
    conn.execute(f"CREATE TABLE task (uid TEXT PRIMARY KEY NOT NULL, {', '.join(older[1:])})")
    session = apsw.Session(conn, "main")
    session.attach("task")
    stamp = Stamp(int(desktop.clock().timestamp() * 1000), 0, "0" * 16).text
    values = {"uid": "f" * 32, "_c": stamp, "_alive": 1, "title": "From an older startnow",
              "notes": "", "created_at": 1_700_000_000, "tags": "", "status": "open",
              "source": ""}  # fmt: skip
    conn.execute(
        f"INSERT INTO task ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )
    data = session.changeset()
    header = files.header_for("0" * 16, 1, schema.SCHEMA_VERSION - 1, stamp, data)
    (desktop.folder / ("0" * 16)).mkdir()
    (desktop.folder / ("0" * 16) / files.file_name(1)).write_bytes(files.encode(header, data))
    summary = desktop.sync()
    assert summary.received == [f"{'0' * 16}/{files.file_name(1)}"]
    assert desktop.query("SELECT title, status, series_id, anchor FROM task") == [
        ("From an older startnow", "open", None, None)
    ]
