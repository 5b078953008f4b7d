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
    from collections.abc import Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser

EPILOG = """\
examples:
  startnow status                      ▶ Write Q3 report · 12:41 left
  startnow status --format json        stable keys (see README): state, task_id, title, ...
  startnow status --format waybar      waybar's custom-module JSON (return-type: json)
  startnow status --format tmux        safe inside tmux's status-right:
      set -g status-right '#(startnow status --format tmux)'

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


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """`startnow [--db P] status [--format F] [--db P]` read without argparse
    (its import and the parser cost more than the rest of the command); anything
    else (help, a bad format, an unknown option) returns None for argparse."""
    from types import SimpleNamespace

    values = {"--db": None, "--format": "text"}
    seen = False
    items = iter(argv)
    for arg in items:
        name, equals, value = arg.partition("=")
        if name in values:
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
    return SimpleNamespace(command="status", db=values["--db"], format=values["--format"])


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
    from startnow.config import load_settings
    from startnow.domain.status import render, status_of
    from startnow.paths import DB_ENV, default_db_location, resolve_db_location
    from startnow.services.glance import read_status

    fmt = args.format
    cli_db = getattr(args, "db", None)
    if cli_db is None and os.environ.get(DB_ENV) is None:
        path, is_default = default_db_location(), True
    else:
        path, is_default = resolve_db_location(cli_db)
    found = read_status(path)
    if found is None:
        if not is_default:  # a --db or $STARTNOW_DB path with no file: most likely a typo
            from pathlib import Path

            from startnow.commands.common import require_store

            require_store(Path(path), is_default)
        found = (None, [])
    session, tasks = found
    settings = load_settings(create=False)
    now = system_clock()
    status = status_of(session, tasks, now, end_of_local_day(now), settings.grace)
    line = render(status, fmt, now, settings.grace)
    sys.stdout.write(line if fmt == "tmux" else line + "\n")
    return 0
