"""`startnow status`: one line for a status bar (tmux, waybar, polybar, i3blocks).

Run every second, so it is cheap: no Textual, no SQLAlchemy, no argparse for
the plain forms (`status`, `--format F`, `--db P`), and the store is only read
(services/glance.py over store/fast/status.py), never locked for writing.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

from startnow.domain.status import FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser

EPILOG = """\
examples:
  startnow status                      ▶ Write Q3 report · 12:41 left
  startnow status --format json        stable keys (see README): state, task_id, title, ...
  startnow status --format waybar      waybar's custom-module JSON (return-type: json)
  startnow status --format tmux        safe inside tmux's status-right:
      set -g status-right '#(startnow status --format tmux)'
  startnow status --follow             one process: a new line whenever it changes
      (checked every second); for waybar, polybar (tail = true), i3blocks
      (interval = persist) and tmux, which all read a command's latest line

states: running, paused, interrupted (the time ran out but the timer was never
closed: the app was killed), idle (the next thing to start), empty (nothing to
do: an empty line). Read-only: safe to run every second beside the app."""


def register(command: CommandParser) -> None:
    status = command(
        "status", "one line for a status bar: the running timer, or what's next", EPILOG
    )
    status.add_argument(
        "--format", choices=FORMATS, default="text",
        help="text (default), json, waybar or tmux",
    )  # fmt: skip
    status.add_argument(
        "--follow", action="store_true",
        help="keep running: print the line again whenever it changes (checked each second)",
    )  # fmt: skip


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """`startnow [--db P] status [--format F] [--db P]` read without argparse
    (its import and the parser cost more than the rest of the command); anything
    else (help, a bad format, an unknown option) returns None for argparse."""
    from types import SimpleNamespace

    values = {"--db": None, "--format": "text"}
    seen = follow = False
    items = iter(argv)
    for arg in items:
        name, equals, value = arg.partition("=")
        if arg == "--follow":
            follow = True
        elif name in values:
            given = value if equals else next(items, None)
            if given is None:
                return None
            values[name] = given
        elif arg == "status" and not seen:
            seen = True
        else:
            return None
    if not seen or values["--format"] not in FORMATS:
        return None
    return SimpleNamespace(
        command="status", db=values["--db"], format=values["--format"], follow=follow
    )


def end_of_local_day(now: datetime) -> datetime:
    """Midnight at the end of `now`'s local day, from the C library's local time
    (TZ, else /etc/localtime, daylight saving included), as domain.status's
    end_of_local_day gives it for local_zone(): zoneinfo's import would be a
    fifth of the command."""
    from datetime import UTC
    from time import localtime, mktime

    day = localtime(now.timestamp())
    # mktime carries day 32 into the next month and, with isdst -1, finds the offset itself.
    midnight = mktime((day.tm_year, day.tm_mon, day.tm_mday + 1, 0, 0, 0, 0, 0, -1))
    return datetime.fromtimestamp(midnight, UTC)


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    from startnow.clock import system_clock
    from startnow.paths import DB_ENV, default_db_location, resolve_db_location

    cli_db = getattr(args, "db", None)
    if cli_db is None and os.environ.get(DB_ENV) is None:
        path, is_default = default_db_location(), True
    else:
        path, is_default = resolve_db_location(cli_db)
    if getattr(args, "follow", False):
        return follow(path, is_default, args.format, system_clock, next_second)
    sys.stdout.write(status_line(path, is_default, args.format, system_clock()))
    return 0


def status_line(path: str, is_default: bool, fmt: str, now: datetime) -> str:
    """The line as printed: ended by a newline, but for tmux, which shows one."""
    from startnow.config import load_settings
    from startnow.domain.status import render, status_of
    from startnow.services.glance import read_status

    found = read_status(path)
    if found is None:
        if not is_default:  # a --db or $STARTNOW_DB path with no file: most likely a typo
            from pathlib import Path

            from startnow.commands.common import require_store

            require_store(Path(path), is_default)
        found = (None, [])
    session, tasks = found
    settings = load_settings(create=False)
    status = status_of(session, tasks, now, end_of_local_day(now), settings.grace)
    line = render(status, fmt, now, settings.grace)
    return line if fmt == "tmux" else line + "\n"


def next_second() -> None:
    """Wait until the wall clock's next whole second (a timer's face changes then)."""
    import time

    time.sleep(1 - time.time() % 1)


def reader_gone() -> bool:
    """Whether whoever read standard output has closed it: a line is printed
    only when it changes, so without this check a follower whose bar went
    away while nothing changed would wait for ever."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), or no real descriptor
        return False


def follow(
    path: str,
    is_default: bool,
    fmt: str,
    clock: Callable[[], datetime],
    wait: Callable[[], None],
    ticks: int | None = None,
) -> int:
    """`status --follow`: one process for a bar that reads a command's lines,
    instead of a new one every second. A line is printed when it differs from
    the last (each second while a timer runs), flushed at once. A problem with
    the store (not there yet, damaged, mid-upgrade) is said once on standard
    error and shows as an empty line until it heals. Ends quietly when the bar
    closes the pipe, or after `ticks` checks (tests)."""
    from startnow.errors import StartnowError

    shown: str | None = None
    trouble = ""
    while ticks is None or ticks > 0:
        try:
            line = status_line(path, is_default, fmt, clock()).rstrip("\n") + "\n"
            trouble = ""
        except StartnowError as problem:
            line = "\n"
            if str(problem) != trouble:
                trouble = str(problem)
                print(f"startnow: {trouble}", file=sys.stderr, flush=True)
        if line != shown:
            try:
                sys.stdout.write(line)
                sys.stdout.flush()
            except BrokenPipeError:  # the bar went away
                return 0
            shown = line
        if ticks is not None:
            ticks -= 1
            if ticks == 0:
                break
        elif reader_gone():
            return 0
        wait()
    return 0
