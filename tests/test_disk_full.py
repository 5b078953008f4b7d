"""A full disk is said as such, with the directory that has no room, by every
command, and the store is left as it was (it is not "damaged").

The disk is a real one: a tiny tmpfs mounted for the test (root only; skipped
where mounting is not permitted), filled up with a file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import cli, rows
from tests.test_faults import assert_one_line, run_together, startnow_env

DISK_BYTES = 512 * 1024


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB file system of its own, unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mount_point)],
        capture_output=True,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root and permission to mount)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave: int) -> None:
    """A file that takes all but `leave` bytes of the disk."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with (disk / "filler").open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def store_on(disk: Path) -> Path:
    path = disk / "startnow.db"
    assert cli("--db", str(path), "add", "Water the plants")[0] == 0
    assert cli("--db", str(path), "add", "Call mum ~5m")[0] == 0
    return path


COMMANDS = {
    "add": ["add", "Call the dentist ~5m"],
    "add from stdin": ["add", "-"],
    "list": ["list"],
    "list --json": ["list", "--json"],
    "review --format json": ["review", "--format", "json"],
    "export": ["export"],
    "import": ["import", "-"],
    "status": ["status"],
    "remind": ["remind"],
}
STDIN = {"add from stdin": "Pay rent\nBook flights\n", "import": "(A) Call the bank +home\n"}


def test_every_command_says_the_disk_is_full_and_where(small_disk: Path, tmp_path: Path) -> None:
    path = store_on(small_disk)
    fill(small_disk, leave=16 * 1024)  # less than the 32 KiB a -shm needs
    before, names = digest(path), sorted(p.name for p in small_disk.iterdir())
    for name, args in COMMANDS.items():
        code, out, err = cli("--db", str(path), *args, stdin=STDIN.get(name, ""))
        assert (code, out) == (1, ""), (name, code, out, err)
        assert err.startswith("startnow: the disk is full: no room in "), (name, err)
        assert str(small_disk) in err and err.count("\n") == 1, (name, err)
        assert "damaged" not in err, (name, err)
        assert digest(path) == before, name
        assert sorted(p.name for p in small_disk.iterdir()) == names, name  # no side files
    tui = run_together({"tui": ["--db", str(path)]}, startnow_env(tmp_path / "c.toml"))["tui"]
    assert_one_line(tui, "the disk is full", str(small_disk))
    assert digest(path) == before


def test_a_write_that_fills_the_disk_is_said_and_undone(small_disk: Path) -> None:
    """Room to open the store, none for a long batch: SQLite's "database or disk
    is full" becomes the one line, and not one of the batch is stored."""
    path = store_on(small_disk)
    fill(small_disk, leave=48 * 1024)
    batch = "".join(f"Task {n} with a long enough title to fill pages {'x' * 60}\n"
                    for n in range(2000))  # fmt: skip
    code, out, err = cli("--db", str(path), "add", "-", stdin=batch)
    assert (code, out) == (1, ""), (code, out, err)
    assert err.startswith("startnow: the disk is full: no room in "), err
    assert str(small_disk) in err
    (small_disk / "filler").unlink()
    assert [r["title"] for r in rows(path, "SELECT title FROM task ORDER BY id")] == [
        "Water the plants", "Call mum",
    ]  # fmt: skip
    assert cli("--db", str(path), "add", "Room again")[0] == 0
