"""`startnow export`: everything you recorded, as JSON (the full backup, which
`startnow import` reads back) or CSV (for spreadsheets; see formats/csv_export).

Files are written whole or not at all (a temporary file, then a rename), so an
interrupted export never leaves half a backup under the real name.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from startnow.errors import StartnowError, UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser


def register(command: CommandParser) -> None:
    export = command(
        "export",
        "write everything (tasks, steps, sessions, feedback) as JSON or CSV",
        "examples:\n  startnow export > backup.json\n"
        "  startnow export --output ~/startnow-backup.json\n"
        "  startnow export --format csv > tasks.csv            one row a task\n"
        "  startnow export --format csv --output exported/     six CSVs: everything\n"
        "  startnow export --format ics -o startnow.ics        open tasks and focus sessions\n\n"
        "JSON is the full backup: `startnow import FILE` reads it back.",
    )
    export.add_argument("--format", choices=("json", "csv", "ics"), default="json",
                        help="json (default; the full backup), csv or ics (iCalendar)")  # fmt: skip
    export.add_argument(
        "--output", "-o", metavar="FILE|DIR", default="-",
        help="where to write (default: standard output); for csv, a directory gets six files",
    )  # fmt: skip


def write_atomically(path: Path, text: str) -> None:
    """A temporary file beside the target, then a rename: never half a file.

    A symlink is written through (its target gets the new file, the link
    stays), and something that is not a regular file (a pipe, a device such as
    /dev/stdout) is written to directly: a rename would replace it."""
    if os.path.exists(path) and not os.path.isfile(path):
        if os.path.isdir(path):
            raise UsageError(f"{path} is a directory")
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    path = Path(os.path.realpath(path))
    directory = path.parent
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write {path}: the directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if os.path.isfile(path):  # a new backup over an old one keeps its permissions
                os.fchmod(handle.fileno(), os.stat(path).st_mode & 0o7777)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_directory_target(output: str) -> bool:
    return output.endswith(("/", os.sep)) or os.path.isdir(os.path.expanduser(output))


def run(args: argparse.Namespace) -> int:
    from startnow.commands.common import open_services
    from startnow.domain.safe_text import json_safe
    from startnow.formats import csv_export
    from startnow.formats.importers.startnow_json import dumps
    from startnow.services.transfer import Transfer

    to_dir = args.output != "-" and is_directory_target(args.output)
    if to_dir and args.format in ("json", "ics"):
        what = "JSON" if args.format == "json" else "iCalendar"
        raise UsageError(f"{args.output} is a directory: {what} export writes one file")
    services = open_services(args, reading=True)
    try:
        batch = Transfer(services.store, services.clock).snapshot()
        now = services.clock()
    finally:
        services.close()

    count = f"{len(batch.tasks)} task{'' if len(batch.tasks) == 1 else 's'}"
    try:
        if args.format == "json":
            text = json_safe(dumps(batch, now))  # escaped, not removed: the backup stays whole
        elif args.format == "ics":
            from startnow.formats import ics

            text = ics.render(batch, now)
        elif not to_dir:
            text = csv_export.render(*csv_export.tables_of(batch)["tasks.csv"])
        else:
            directory = Path(args.output).expanduser()
            directory.mkdir(parents=True, exist_ok=True)
            for name, (header, rows) in csv_export.tables_of(batch).items():
                write_atomically(directory / name, csv_export.render(header, rows))
            print(f"Exported {count} to {directory}/ (six CSV files).")
            return 0
        if args.output == "-":
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            path = Path(args.output).expanduser()
            write_atomically(path, text)
            # To a file the line goes to stdout; to a pipe or a device (which
            # may be stdout itself: -o /dev/stdout) it must not mix with the data.
            regular = os.path.isfile(path)
            print(f"Exported {count} to {path}.", file=sys.stdout if regular else sys.stderr)
    except OSError as exc:
        raise StartnowError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    return 0
