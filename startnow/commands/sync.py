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
    from startnow.services.sync import SyncSummary

EPILOG = """\
examples:
  startnow sync ~/Sync/startnow          sync with the folder Syncthing shares
  startnow sync                          the folder of `sync = "..."` in the settings
  startnow sync --every 5m               keep syncing, every five minutes
  startnow sync --json                   the summary as JSON

Each machine writes its changes into its own subfolder, and reads the
others'. Never put the database itself (or its -wal) in the folder."""

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


def run(args: argparse.Namespace) -> int:
    from startnow.clock import system_clock
    from startnow.commands.common import db_path
    from startnow.services.sync import sync

    folder = folder_of(args)
    every = interval_seconds(args.every) if args.every else None
    path, is_default = db_path(args)
    while True:
        summary = sync(path, folder, system_clock, create_dir=is_default)
        if args.json:
            print(json.dumps(summary.__dict__, sort_keys=True))
        else:
            print(describe(summary))
        if every is None:
            return 0
        try:
            time.sleep(every)
        except KeyboardInterrupt:
            return 0
