"""Odd places to read from or write to: links, pipes, devices, names too long.
Each is one line and a non-zero exit (or works), never a hang or a traceback,
and never replaces something that is not ours."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from startnow.cli import main

NOT_REGULAR = "it is not a regular file (a pipe or a device)"


def run(*args: str, timeout: float = 30) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "startnow", *args], capture_output=True, text=True, timeout=timeout
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "add", "Water the plants"]) == 0
    return db


def test_export_through_a_symlink_writes_its_target_and_keeps_the_link(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backups" / "startnow.json"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert main(["--db", str(store), "export", "--output", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["tasks"][0]["title"] == "Water the plants"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_export_into_a_pipe_writes_into_it_and_leaves_it_a_pipe(
    store: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run("--db", str(store), "export", "--output", str(fifo))
    reader.join(timeout=30)
    assert (code, err) == (0, f"Exported 1 task to {fifo}.\n")  # not into the pipe's data
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["tasks"][0]["title"] == "Water the plants"


@pytest.mark.parametrize("command", [["add", "x"], ["list"], ["review", "--format", "json"],
                                     ["export"], ["import", "-"]])  # fmt: skip
def test_a_name_too_long_is_one_line(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / ("a" * 300 + ".db")
    code, out, err = run("--db", str(db), *command)
    assert code != 0 and "Traceback" not in err and len(err.splitlines()) == 1, err


def test_a_pipe_given_as_the_database_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "s.db"
    os.mkfifo(fifo)
    for command in (["add", "x"], ["list"]):
        code, _, err = run("--db", str(fifo), *command, timeout=20)
        assert code == 1
        assert (
            err == f"startnow: cannot open {fifo}: it is not a regular file (a pipe or a device)\n"
        )


def test_a_file_where_a_directory_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("")
    code, _, err = run("--db", str(tmp_path / "notes.txt" / "s.db"), "list")
    assert code == 1 and f"{tmp_path / 'notes.txt'} is a file, not a directory" in err


def test_export_to_dev_stdout_is_the_json_alone(store: Path) -> None:
    if not Path("/dev/stdout").exists():
        pytest.skip("no /dev/stdout")
    code, out, err = run("--db", str(store), "export", "--output", "/dev/stdout")
    assert code == 0 and json.loads(out)["tasks"][0]["title"] == "Water the plants"
    assert err == "Exported 1 task to /dev/stdout.\n"


def test_a_link_to_nowhere_is_no_store(tmp_path: Path) -> None:
    link = tmp_path / "s.db"
    link.symlink_to(tmp_path / "gone" / "s.db")
    for command in (["list"], ["review", "--format", "json"], ["export"]):
        code, _, err = run("--db", str(link), *command)
        assert code == 1 and "there is no startnow database at" in err
    assert not (tmp_path / "gone").exists()


def test_review_with_no_keyboard_prints_text_instead_of_waiting(store: Path) -> None:
    """Output to a terminal but input from nowhere (`startnow review < /dev/null`):
    the screen would wait for keys for ever; the printed review is what's wanted."""
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "startnow", "--db", str(store), "review"],
            stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, timeout=60,
        )  # fmt: skip
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
    assert done.returncode == 0
    assert out.decode().startswith("startnow review · Week ")
