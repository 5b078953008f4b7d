"""A damaged store is refused by every command, however big it is, and left
byte-for-byte; the whole-file check is spared only while a record says not a
byte changed since the last clean one (store/checked.py).

The store here is over 1 MB (quick add once skipped the check above that), and
the damage is one page of one table or index: what a command does not read, it
would not notice by itself.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from startnow.demo.writer import write_history
from startnow.services.all_services import Services
from startnow.store import checked
from startnow.store.fast.insert import fast_insert
from tests.helpers import cli, rows, spec
from tests.test_faults import assert_one_line, run_together, snapshot, startnow_env

NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
BIG = 1 << 20


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve weeks of made-up history and 5,000 more tasks of three steps: over 1 MB."""
    path = tmp_path_factory.mktemp("big") / "startnow.db"
    write_history(path, NOW, UTC, seed=3)
    more = [spec(f"filed task {n}", tags=("archive",), chunks=((f"step {n}", 5),) * 3)
            for n in range(5000)]  # fmt: skip
    assert fast_insert(path, more, NOW) is not None
    assert path.stat().st_size > BIG
    return path


def page_of(path: Path, name: str) -> tuple[int, int]:
    """(page number, page size) of a leaf page in the middle of table or index `name`."""
    conn = sqlite3.connect(path)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (name,),
        )]  # fmt: skip
    finally:
        conn.close()
    assert pages, name
    return pages[len(pages) // 2], size


def damage(path: Path, name: str) -> None:
    """Random bytes over one page of `name`, past its header: an overwritten page."""
    page, size = page_of(path, name)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size + 8)
        handle.write(random.Random(page).randbytes(size - 8))


def damaged_copy(template: Path, directory: Path, name: str) -> Path:
    directory.mkdir()
    path = directory / "startnow.db"
    shutil.copyfile(template, path)
    damage(path, name)
    return path


DAMAGED_PARTS = ["task", "chunk", "focus_session", "ix_focus_session_started_at"]

COMMANDS = {
    "add": ["add", "Call the dentist ~5m"],
    "add from stdin": ["add", "-"],
    "list": ["list"],
    "list --json": ["list", "--json"],
    "review --format json": ["review", "--format", "json"],
    "review --format text": ["review", "--week", "2026-W47", "--format", "text"],
    "export": ["export"],
    "export csv": ["export", "--format", "csv"],
    "import": ["import", "-"],
    "status": ["status"],
    "status --format json": ["status", "--format", "json"],
    "remind": ["remind"],
    "completion ids": ["completion", "ids"],
    "done": ["done", "1"],
    "drop": ["drop", "2"],
    "edit": ["edit", "1", "~10m"],
    "show": ["show", "1"],
    "undo": ["undo"],
}
STDIN = {"add from stdin": "Pay rent\nBook flights\n", "import": "(A) Call the bank +home\n"}
SILENT = {"completion ids"}  # it prints into the line being typed: refused without a word


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("part", DAMAGED_PARTS)
def test_every_command_refuses_a_big_store_with_one_damaged_page_and_leaves_it_untouched(
    big_template: Path, tmp_path: Path, part: str, command: str
) -> None:
    path = damaged_copy(big_template, tmp_path / "store", part)
    before, files = digest(path), snapshot(path.parent)
    code, out, err = cli("--db", str(path), *COMMANDS[command], stdin=STDIN.get(command, ""))
    assert (code, out) == (1, ""), (code, out, err)
    if command in SILENT:
        assert err == ""
    else:
        assert err.startswith(f"startnow: {path} is damaged") and err.count("\n") == 1, err
    assert digest(path) == before
    assert snapshot(path.parent) == files  # no side files, and no record of a clean check


@pytest.mark.parametrize("part", DAMAGED_PARTS)
def test_the_app_refuses_a_big_damaged_store_before_taking_the_screen(
    big_template: Path, tmp_path: Path, part: str
) -> None:
    path = damaged_copy(big_template, tmp_path / "store", part)
    before, files = digest(path), snapshot(path.parent)
    outcome = run_together({"tui": ["--db", str(path)]}, startnow_env(tmp_path / "c.toml"))["tui"]
    assert_one_line(outcome, str(path), "is damaged")
    assert digest(path) == before and snapshot(path.parent) == files


def test_a_clean_check_is_recorded_and_the_next_add_trusts_it(
    big_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "startnow.db"
    shutil.copyfile(big_template, path)
    assert checked.trusted(path) is None  # a copy: no record beside it
    assert cli("--db", str(path), "add", "Call mum")[0] == 0
    record = checked.trusted(path)
    assert record is not None and (tmp_path / "startnow.db.checked").exists()
    assert cli("--db", str(path), "add", "Call dad")[0] == 0
    assert checked.trusted(path) is not None  # the add found it as recorded, and carried it on
    assert checked.read_record(path).checked_at == record.checked_at  # type: ignore[union-attr]
    assert [r["title"] for r in rows(path, "SELECT title FROM task ORDER BY id DESC LIMIT 2")] == [
        "Call dad", "Call mum",
    ]  # fmt: skip


def test_a_record_that_matches_spares_the_check_and_one_that_does_not_is_ignored(
    big_template: Path, tmp_path: Path
) -> None:
    """The record decides: a forged one that matches the damaged file lets the
    add through (the check was skipped); the same record a byte later does not."""
    path = damaged_copy(big_template, tmp_path / "store", "focus_session")
    checked.remember(path, checked.marks(path))
    assert cli("--db", str(path), "add", "Call mum")[0] == 0  # trusted: not checked
    stale = checked.read_record(path)
    assert stale is not None
    damage(path, "chunk")  # the file moves on: the record no longer matches it
    assert checked.trusted(path) is None
    before = digest(path)
    code, _, err = cli("--db", str(path), "add", "Call dad")
    assert code == 1 and "is damaged" in err
    assert digest(path) == before


def test_damage_while_the_app_is_open_is_not_recorded_as_clean_by_its_next_write(
    big_template: Path, tmp_path: Path
) -> None:
    """The app's writes carry the record on only while the file is as recorded:
    a page overwritten between two of them is checked, and refused, by the next
    command, not blessed by the write after it or by closing."""
    path = tmp_path / "startnow.db"
    shutil.copyfile(big_template, path)
    assert cli("--db", str(path), "add", "Call mum")[0] == 0
    services = Services.launch(path, clock=lambda: NOW)
    try:
        services.tasks.add_many([spec("Water the plants")])
        assert checked.trusted(path) is not None  # the app's own write kept the record
        damage(path, "focus_session")
        services.tasks.add_many([spec("Book flights")])
    finally:
        services.close()
    assert checked.trusted(path) is None
    before = digest(path)
    code, _, err = cli("--db", str(path), "list")
    assert code == 1 and f"{path} is damaged" in err
    assert digest(path) == before


def test_a_write_by_another_program_makes_the_next_command_check_again(
    big_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "startnow.db"
    shutil.copyfile(big_template, path)
    assert cli("--db", str(path), "list")[0] == 0
    assert checked.trusted(path) is not None  # a reader records its clean check too
    conn = sqlite3.connect(path)
    conn.execute("UPDATE task SET title = 'renamed elsewhere' WHERE id = 1")
    conn.commit()
    conn.close()
    assert checked.trusted(path) is None
    code, out, _ = cli("--db", str(path), "status")
    assert code == 0 and out
    assert checked.trusted(path) is not None


def test_a_record_of_another_file_is_not_trusted(big_template: Path, tmp_path: Path) -> None:
    """A copy has another inode: the original's record, copied beside it, does not fit."""
    original = tmp_path / "a" / "startnow.db"
    original.parent.mkdir()
    shutil.copyfile(big_template, original)
    assert cli("--db", str(original), "list")[0] == 0
    copy = tmp_path / "b" / "startnow.db"
    copy.parent.mkdir()
    shutil.copy2(original, copy)
    shutil.copy2(f"{original}.checked", f"{copy}.checked")
    assert checked.trusted(original) is not None
    assert checked.trusted(copy) is None
