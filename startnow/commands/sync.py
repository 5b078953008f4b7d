"""`startnow sync [PATH]`: this machine's store and the others', through a
folder every machine can see (services/sync.py does the work)."""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from startnow.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser
    from startnow.commands.user_timer import UserTimer
    from startnow.services.sync import SyncSummary

EPILOG = """\
examples:
  startnow sync ~/Sync/startnow          sync with the folder Syncthing shares
  startnow sync                          the folder of `sync = "..."` in the settings
  startnow sync --every 5m               keep syncing, every five minutes
  startnow sync --json                   the summary as JSON
  startnow sync --install                sync now, then every 5 minutes from a
                                         systemd user timer (--every 15m: every 15)
  startnow sync --uninstall              stop and remove that timer

Each machine writes its changes into its own subfolder, and reads the
others'. Never put the database itself (or its -wal) in the folder."""

UNIT = "startnow-sync"
INTERVAL = re.compile(r"^(\d+)\s*([smh])$")
SECONDS = {"s": 1, "m": 60, "h": 3600}


def register(command: CommandParser) -> None:
    sync = command(
        "sync", "share this store's history with your other machines through a folder", EPILOG
    )
    sync.add_argument("path", nargs="?", metavar="PATH",
                      help='the shared folder (default: sync = "..." in the settings)')  # fmt: skip
    sync.add_argument("--every", metavar="INTERVAL",
                      help="sync again after each interval (5m, 90s, 1h)")  # fmt: skip
    sync.add_argument("--json", action="store_true", help="print the summary as JSON")
    group = sync.add_mutually_exclusive_group()
    group.add_argument("--install", action="store_true",
                       help="sync now, then write a systemd user timer that syncs every "
                            "5 minutes, or --every (or print a crontab line)")  # fmt: skip
    group.add_argument("--uninstall", action="store_true", help="remove the timer")


def interval_seconds(text: str) -> int:
    found = INTERVAL.match(text.strip())
    if found is None or int(found[1]) == 0:
        raise UsageError(f"--every takes a time like 5m, 90s or 1h, got {text!r}")
    return int(found[1]) * SECONDS[found[2]]


def folder_of(args: argparse.Namespace) -> Path:
    if args.path:
        return Path(args.path).expanduser()
    from startnow.config import load_settings

    configured = load_settings().sync
    if not configured:
        raise UsageError(
            "name the sync folder (startnow sync PATH), "
            'or set sync = "PATH" in the settings'
        )
    return Path(configured).expanduser()


def describe(summary: SyncSummary) -> str:
    parts = []
    if summary.sent:
        parts.append(f"sent {summary.sent_changes} change(s)")
    if summary.received:
        parts.append(f"took in {len(summary.received)} changeset(s) from other machines")
    if summary.rows_changed:
        parts.append(f"{summary.rows_changed} row(s) updated here")
    line = "Synced: " + (", ".join(parts) if parts else "nothing new")
    if summary.waiting:
        line += f"; waiting for {len(summary.waiting)} file(s) still being copied in"
    return line + "."


def timer_for(args: argparse.Namespace, folder: Path) -> UserTimer:
    """The timer that runs this sync: the folder as named (absolute), or none
    when it comes from the settings, so a changed setting is followed."""
    from startnow.commands.user_timer import UserTimer, startnow_command, whole_minutes

    minutes = whole_minutes(interval_seconds(args.every)) if args.every else 5
    named = [str(folder.resolve())] if args.path else []
    command = startnow_command(getattr(args, "db", None), "sync", *named)
    return UserTimer(UNIT, "your history, shared with your other machines", command,
                     verb="syncs", minutes=minutes)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from startnow.clock import system_clock
    from startnow.commands.common import db_path

    if (args.install or args.uninstall) and args.json:
        raise UsageError("--json prints a sync's summary: not with --install or --uninstall")
    if args.uninstall:
        from startnow.commands.user_timer import uninstall

        return uninstall(UNIT)
    from startnow.services.sync import sync

    folder = folder_of(args)
    timer = timer_for(args, folder) if args.install else None
    every = interval_seconds(args.every) if args.every and timer is None else None
    path, is_default = db_path(args)
    while True:
        summary = sync(path, folder, system_clock, create_dir=is_default)
        if args.json:
            print(json.dumps(summary.__dict__, sort_keys=True))
        else:
            print(describe(summary))
        if timer is not None:  # it worked once: now the timer
            from startnow.commands.user_timer import install

            return install(timer)
        if every is None:
            return 0
        try:
            time.sleep(every)
        except KeyboardInterrupt:
            return 0
