"""The command line: parse, dispatch, and turn every user mistake into one line.

Each command's module is imported only when that command runs, so `startnow
add` never pays for Textual or SQLAlchemy.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace

from startnow.errors import StartnowError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~6 ms on quick add)
if TYPE_CHECKING:
    import argparse

# Each command lives in startnow/commands/<module>.py with `register(command)` and
# `run(args)`. Only the module of the command being run is imported (the help
# line of every other one is here), so `startnow add` pays for nothing else.
COMMANDS = {
    "add": ("add", "add a task in one line (or many from standard input with '-')"),
    "list": ("listing", "open tasks, their next step and how long they have waited"),
    "tui": ("tui", "open the coach on Today (the default when no command is given)"),
    "export": ("export", "write everything (tasks, steps, sessions, feedback) as JSON or CSV"),
    "import": ("importing", "bring tasks in from todo.txt, Taskwarrior or a startnow export"),
    "review": ("review", "the weekly review: start delays, blockers, nudges, focus, still waiting"),
    "config": ("config", "the settings file: its path, and the settings in force"),
    "demo": ("demo", "the coach on a throw-away store filled with 12 weeks of made-up history"),
}


def command_module(name: str):  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module(f"startnow.commands.{COMMANDS[name][0]}")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in argv, found without parsing (skips --db's value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def quick_add_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """`startnow [--db P] add WORDS… [--db P]` read without building a parser.

    argparse and the help formatter cost ~9 ms of a ~40 ms quick add. Anything
    less plain than words and --db (help, an unknown option, no text) returns
    None, and argparse handles it as usual.
    """
    db: str | None = None
    words: list[str] = []
    seen_add = False
    items = iter(argv)
    for arg in items:
        if arg == "--db":
            db = next(items, None)
            if db is None:
                return None
        elif arg.startswith("--db="):
            db = arg[5:]
        elif arg.startswith("-") and arg != "-":
            return None
        elif not seen_add:
            if arg != "add":
                return None
            seen_add = True
        else:
            words.append(arg)
    if not seen_add or not words:
        return None
    return SimpleNamespace(command="add", db=db, text=words)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = None
    try:
        args = quick_add_args(args_list) or parse_args(args_list)
        return dispatch(args)
    except StartnowError as exc:
        print(f"startnow: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a database failure must still be one line, not a traceback
        message = database_error_message(exc, args)
        if message is None:
            raise
        print(f"startnow: {message}", file=sys.stderr)
        return 1


def database_error_message(exc: Exception, args: object = None) -> str | None:
    """One line for SQLite trouble (locked, damaged, disk full), naming the
    database file when the arguments say which; else None."""
    import sqlite3

    original = getattr(exc, "orig", None) or exc
    if not isinstance(original, sqlite3.Error):
        return None
    from startnow.paths import resolve_db_path
    from startnow.store.preflight import database_error

    path = resolve_db_path(getattr(args, "db", None))[0] if args is not None else None
    return str(database_error(original, path))


def parse_args(args_list: list[str]) -> argparse.Namespace:
    from startnow.parser import build_parser

    return build_parser(chosen_command(args_list)).parse_args(args_list)


def dispatch(args: argparse.Namespace | SimpleNamespace) -> int:
    return int(command_module(args.command or "tui").run(args))


if __name__ == "__main__":
    sys.exit(main())
