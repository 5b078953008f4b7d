"""`startnow import FILE`: bring tasks in from todo.txt, Taskwarrior's
`task export`, or a startnow JSON export; the format is detected by its
shape (or named with --format), and anything else is refused.

All or nothing: the file is parsed whole before anything is written, then
written in one transaction. Re-importing the same file adds nothing twice.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from startnow.errors import StartnowError, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser


def register(command: CommandParser) -> None:
    imp = command(
        "import",
        "bring tasks in from todo.txt, Taskwarrior (task export) or a startnow export",
        "examples:\n  startnow import ~/todo/todo.txt\n"
        "  task export | startnow import -\n"
        "  startnow import backup.json                a startnow export, sessions and all\n\n"
        "the format is detected by its shape; a file that is none of the three is\n"
        "refused, unless --format says which it is. A bad line or record stops the\n"
        "import and nothing is written; tasks imported before are skipped.",
    )
    imp.add_argument("file", metavar="FILE", help="the file to read; '-' reads standard input")
    imp.add_argument("--format", choices=("todotxt", "taskwarrior", "startnow"), default="",
                     help="read FILE as this format instead of detecting it")  # fmt: skip
    imp.add_argument("--dry-run", action="store_true",
                     help="say what would be imported, write nothing")  # fmt: skip


def read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name).expanduser()
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise StartnowError(f"cannot read {path}: it is a directory") from None
    except OSError as exc:
        raise StartnowError(f"cannot read {path}: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    from startnow.clock import local_zone, system_clock
    from startnow.config import load_settings
    from startnow.formats.importers import ImportFormatError, parse_import

    data = read_input(args.file)
    settings = load_settings()
    now = system_clock()
    try:
        batch = parse_import(
            data, now, local_zone(), day_start=settings.day_start, kind=args.format
        )
    except ImportFormatError as exc:
        raise UsageError(f"import: {exc} (nothing was imported)") from None

    from startnow.commands.common import open_services
    from startnow.services.transfer import Transfer

    services = open_services(args, clock=lambda: now)
    try:
        result = Transfer(services.store, services.clock).import_batch(batch, dry_run=args.dry_run)
    finally:
        services.close()
    print(result.summary(dry_run=args.dry_run))
    return 0
