"""Desktop notifications where the desktop offers them; silence where it doesn't.

A reminder about one task can carry an `Opener`: the command that opens the
coach on that task. Where notify-send offers actions (libnotify 0.7.10 on) and
a terminal is found, a click on the notification runs it in that terminal;
elsewhere the command is written at the end of the message, to be typed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

# Terminals that take the command after a flag of their own (or none), tried in
# this order when neither the `terminal` setting nor $TERMINAL names one.
TERMINALS: dict[str, tuple[str, ...]] = {
    "x-terminal-emulator": ("-e",),
    "gnome-terminal": ("--",),
    "konsole": ("-e",),
    "xfce4-terminal": ("-x",),
    "kitty": (),
    "alacritty": ("-e",),
    "foot": (),
    "wezterm": ("start", "--"),
    "xterm": ("-e",),
}
ACTION_NAMES = ("default", "open")  # a click on the body, or on the button
WAIT_LIMIT_SECONDS = 3600  # a notification nobody closes stops waiting after this


class Opener:
    """The command that opens startnow on a task: as the person would type it
    (`shown`), and as a click runs it (`argv`, this interpreter and the store's
    full path, so it opens the same install and the same store)."""

    __slots__ = ("shown", "argv")

    def __init__(self, shown: str, argv: Sequence[str]) -> None:
        self.shown = shown
        self.argv = tuple(argv)

    def __repr__(self) -> str:
        return f"Opener({self.shown!r})"


def terminal_command(setting: str, argv: Sequence[str]) -> list[str] | None:
    """`argv` run in a new terminal window: the `terminal` setting (a command
    the argv is appended to, e.g. "kitty --single-instance"), else $TERMINAL,
    else the first of TERMINALS found. None when there is no terminal."""
    import shlex

    if setting.strip():
        return [*shlex.split(setting), *argv]
    named = os.environ.get("TERMINAL", "").strip()
    if named and shutil.which(named):
        return [named, *TERMINALS.get(os.path.basename(named), ("-e",)), *argv]
    for name, flags in TERMINALS.items():
        found = shutil.which(name)
        if found:
            return [found, *flags, *argv]
    return None


def offers_actions(notify_send: str) -> bool:
    """Whether this notify-send can wait for a click (its help names --action)."""
    try:
        done = subprocess.run(
            [notify_send, "--help"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return "--action" in done.stdout + done.stderr


def desktop_notify(
    title: str, message: str, opener: Opener | None = None, terminal: str = ""
) -> bool:
    """Send through notify-send if it exists; never fail the timer over it.
    With an `opener`, a click opens startnow on the task where the desktop can
    do that; else the message ends with the command to type."""
    command = shutil.which("notify-send")
    if command is None:
        return False
    launch = None
    if opener is not None and offers_actions(command):
        launch = terminal_command(terminal, opener.argv)
    plain = [command, "--app-name=startnow", title, message]
    if opener is not None:
        plain[-1] = f"{message} {opener.shown}"
    argv = plain
    if launch is not None and opener is not None:
        # The wait for a click outlives this process (remind exits at once): a
        # small watcher of its own, in a session of its own.
        clickable = [command, "--app-name=startnow", title, message]
        watched = {"notify": clickable, "plain": plain, "launch": launch}
        argv = [sys.executable, "-m", "startnow.notify_action", json.dumps(watched)]
    try:
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
