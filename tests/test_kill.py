"""The real app, in a real (pseudo) terminal, killed with SIGKILL mid focus
session: the next launch offers the session for resume, and nothing is lost."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from startnow.cli import main
from startnow.screens.resume import ResumeScreen
from startnow.services.all_services import Services
from tests.helpers import SIZE, make_app, rows, screen_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def spawn_in_pty(args: list[str]) -> tuple[int, int]:
    """Start a process on a 100x30 pseudo-terminal; returns (pid, master fd)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.environ["TERM"] = "xterm-256color"
        os.execv(sys.executable, [sys.executable, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return pid, fd


class Terminal:
    """The master side of the pty: collects what the app draws, types keys."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.screen = b""

    def wait_for(self, done, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        """Keep reading the app's output (it blocks if nobody does) until done()."""
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"the app did not get there in time: {self.screen[-300:]!r}")
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                self.screen += os.read(self.fd, 65536)

    def shows(self, text: str) -> bool:
        return text.encode() in self.screen

    def press_enter_when(self, text: str) -> None:
        self.wait_for(lambda: self.shows(text))
        self.screen = b""
        os.write(self.fd, b"\r")


def open_sessions(db: Path) -> list:  # type: ignore[type-arg]
    try:
        return rows(db, "SELECT * FROM focus_session WHERE ended_at IS NULL")
    except Exception:
        return []


async def test_sigkill_mid_session_then_resume(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "add", "Earlier task"]) == 0
    assert main(["--db", str(db), "add", "Write the report :: open the doc ~5m"]) == 0
    before = rows(db, "SELECT * FROM task ORDER BY id")

    pid, fd = spawn_in_pty(["-m", "startnow", "--db", str(db)])
    terminal = Terminal(fd)
    try:
        # Enter, Enter: the timer on the top task ("Nothing — just go" is the
        # question's default on a task never started; the third Enter would do nothing).
        terminal.press_enter_when("Earlier task")
        terminal.press_enter_when("in the way")
        terminal.wait_for(lambda: bool(open_sessions(db)))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)

    [session] = open_sessions(db)
    after = rows(db, "SELECT * FROM task ORDER BY id")
    assert [dict(r) | {"first_started_at": None} for r in after] == [
        dict(r) | {"first_started_at": None} for r in before
    ]
    assert after[0]["first_started_at"] == session["started_at"]

    services = Services.open(db)
    try:
        app = make_app(services)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, ResumeScreen)
            assert "Earlier task" in screen_text(app) or "Write the report" in screen_text(app)
            await pilot.press("escape")  # log it as it stands
            await pilot.pause()
    finally:
        services.close()
    [logged] = rows(db, "SELECT * FROM focus_session")
    assert logged["id"] == session["id"] and logged["ended_at"] is not None
    assert logged["outcome"] == "unknown"  # nobody saw how it went
    assert len(rows(db, "SELECT * FROM task")) == 2
