"""What startnow creates is its owner's alone, whatever the umask: the store and
its -wal and -shm, the copy before an upgrade, the record of its last clean
check, reminders.json (0600) and the data directory (0700). A directory the
user already has keeps its mode.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from startnow.commands.remind import STATE_NAME, check
from startnow.config import Settings
from startnow.services.all_services import Services
from startnow.store import checked
from tests.helpers import BERLIN, MORNING, cli, spec

FIXTURES = Path(__file__).parent / "fixtures"


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The common umask, under which a file would otherwise be 0644."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the default store goes, in a data home that does not exist yet."""
    monkeypatch.delenv("STARTNOW_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    return tmp_path / "share" / "startnow" / "startnow.db"


def test_the_default_store_and_its_data_directory_are_private(default_store: Path) -> None:
    assert cli("add", "Water the plants")[0] == 0  # creates the store
    assert cli("add", "Call mum")[0] == 0  # checks it, and records that
    assert mode(default_store.parent) == 0o700
    assert mode(default_store) == 0o600
    assert mode(checked.record_path(default_store)) == 0o600
    assert mode(default_store.parent.parent) == 0o755  # a parent made on the way: as mkdir -p


def test_the_stores_wal_and_shm_are_private_while_it_is_open(default_store: Path) -> None:
    """A first run of the app creates the store behind Today: SQLite gives the
    side files the store's mode."""
    services = Services.launch(default_store, create_dir=True, clock=lambda: MORNING)
    try:
        services.tasks.add_many([spec("Water the plants")])
        assert mode(f"{default_store}-wal") == 0o600
        assert mode(f"{default_store}-shm") == 0o600
        assert mode(default_store) == 0o600
    finally:
        services.close()
    assert mode(default_store.parent) == 0o700


def test_a_store_in_a_directory_of_the_users_is_private_and_the_directory_is_left_alone(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "notes"
    mine.mkdir(mode=0o755)
    path = mine / "work.db"
    assert cli("--db", str(path), "add", "Call mum")[0] == 0
    assert mode(path) == 0o600
    assert mode(mine) == 0o755


def test_a_users_existing_store_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    assert cli("--db", str(path), "add", "Call mum")[0] == 0
    os.chmod(path, 0o640)  # the user's choice
    assert cli("--db", str(path), "add", "Call dad")[0] == 0
    assert mode(path) == 0o640


def test_the_copy_before_an_upgrade_is_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "v1.db", path)
    assert mode(path) == 0o644
    assert cli("--db", str(path), "list")[0] == 0  # upgraded, after a copy
    [backup] = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert mode(backup) == 0o600


def test_reminders_json_is_private(db_path: Path) -> None:
    services = Services.open(db_path, clock=lambda: MORNING)
    services.tasks.add_many([spec("Renew the car insurance", planned_start=MORNING)])
    services.close()
    state = db_path.parent / STATE_NAME
    sent = check(str(db_path), state, MORNING, BERLIN, Settings(), lambda title, text, opener: True)
    assert sent and state.exists()
    assert mode(state) == 0o600
