"""The argument parser, built only when a command needs more than the quick-add
shortcut in cli.py (help, options, any other command)."""

from __future__ import annotations

import argparse

from startnow import __version__
from startnow.cli import COMMANDS, command_module
from startnow.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import NoReturn

EPILOG = """\
examples:
  startnow                                   open Today (Enter, Enter, Enter starts the timer)
  startnow add "Write Q3 report ~2h due:fri start:tomorrow 9am #work"
  startnow add - < tasks.txt                 one task per line, all or nothing
  startnow list --json
  startnow done 12 14                        close two tasks (startnow undo takes it back)
  startnow edit 12 due:mon                   change only the due date
  startnow --db /tmp/try.db demo

every command takes --db PATH (or $STARTNOW_DB), before or after its name.
"""


class Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")


def add_db_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="the database file (default: $STARTNOW_DB, else the user data dir)",
    )


def build_parser(selected: str | None = None) -> Parser:
    """Every command by name and help line; only `selected` gets its own options
    (importing its module), since only it will parse them."""
    parser = Parser(
        prog="startnow",
        description="A start-now coach for the terminal: from 'I should' to 'I'm doing it'.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"startnow {__version__}")
    add_db_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    subparsers: dict[str, argparse.ArgumentParser] = {}
    for name, (_module, help_text) in COMMANDS.items():
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        add_db_option(sub)
        subparsers[name] = sub

    def command(name: str, help_text: str, epilog: str = "") -> argparse.ArgumentParser:
        """What a command module's register() calls: its subparser, with --db."""
        sub = subparsers[name]
        sub.description, sub.epilog = help_text, epilog
        return sub

    if selected is not None:
        command_module(selected).register(command)
    return parser
