"""Shared fixtures: a real SQLite file per test, a clock that only moves when told."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# The many `startnow` subprocesses each compile the package again where the
# environment forbids bytecode files: allow them (and this process) to cache it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

from startnow.clock import ManualClock  # noqa: E402
from startnow.services.all_services import Services  # noqa: E402
from tests.helpers import MORNING  # noqa: E402


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test reads (and may write) its own settings file, never the user's."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("STARTNOW_CONFIG", str(path))
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "startnow.db"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A database with one task in it, added through the command line."""
    from startnow.cli import main

    db = tmp_path / "s.db"
    assert main(["--db", str(db), "add", "Water the plants"]) == 0
    return db


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def services(db_path: Path, clock: ManualClock) -> Iterator[Services]:
    opened = Services.open(db_path, clock=clock, rng=random.Random(7))
    yield opened
    opened.close()
