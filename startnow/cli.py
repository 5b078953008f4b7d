"""The command line: parse, dispatch, and turn every user mistake into one line.

Each command's module is imported only when that command runs, so `startnow
add` never pays for Textual or SQLAlchemy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from startnow import __version__
from startnow.errors import StartnowError, UsageError

EPILOG = """\
examples:
  startnow                                   open Today (Enter, Enter, Enter starts the timer)
  startnow add "Write Q3 report ~2h due:fri start:tomorrow 9am #work"
  startnow add - < tasks.txt                 one task per line, all or nothing
  startnow list --json
  startnow --db /tmp/try.db demo

every command takes --db PATH (or $STARTNOW_DB), before or after its name.
"""


# Each command lives in startnow/commands/<module>.py with `register(command)` and
# `run(args)`. Modules keep their top-level imports light (stdlib only): every one
# is imported to build --help, and `add` must stay fast.
COMMANDS = {
    "add": "add",
    "list": "listing",
    "tui": "tui",
}


def command_module(name: str):  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module(f"startnow.commands.{COMMANDS[name]}")


class Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see: {self.prog} --help)")


def add_db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="the database file (default: $STARTNOW_DB, else the user data dir)",
    )


def build_parser() -> Parser:
    parser = Parser(
        prog="startnow",
        description="A start-now coach for the terminal: from 'I should' to 'I'm doing it'.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"startnow {__version__}")
    add_db_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, epilog: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_db_option(sub)
        return sub

    for name in COMMANDS:
        module = command_module(name)
        module.register(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(args_list)
        return dispatch(args)
    except StartnowError as exc:
        print(f"startnow: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a database failure must still be one line, not a traceback
        message = database_error_message(exc)
        if message is None:
            raise
        print(f"startnow: {message}", file=sys.stderr)
        return 1


def database_error_message(exc: Exception) -> str | None:
    """One line for SQLite trouble (locked, damaged, disk full), else None."""
    import sqlite3

    original = getattr(exc, "orig", None) or exc
    if isinstance(original, sqlite3.Error):
        text = str(original)
        if "locked" in text:
            return "the database is busy (locked by another program); try again in a moment"
        return f"database error: {text}"
    return None


def dispatch(args: argparse.Namespace) -> int:
    return int(command_module(args.command or "tui").run(args))


if __name__ == "__main__":
    sys.exit(main())
