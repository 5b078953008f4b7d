"""The command line: parse, dispatch, and turn every user mistake into one line.

Each command's module is imported only when that command runs, so `startnow
add` never pays for Textual or SQLAlchemy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace

from startnow.errors import StartnowError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from startnow.commands.protocols import CommandModule

# Each command lives in startnow/commands/<module>.py with `register(command)` and
# `run(args)`. Only the module of the command being run is imported (the help
# line of every other one is here), so `startnow add` pays for nothing else.
COMMANDS = {
    "add": ("add", "add a task in one line (or many from standard input with '-')"),
    "list": ("listing", "open tasks, their next step and how long they have waited"),
    "done": ("done", "mark tasks done (all or nothing; startnow undo takes it back)"),
    "drop": ("drop", "drop tasks you will not do (all or nothing; startnow undo takes it back)"),
    "edit": ("edit", "change a task's title, estimate, dates or tags"),
    "undo": ("undo", "take back the last done, drop or edit (once)"),
    "show": ("show", "one task: its steps, focus sessions and start delay"),
    "tui": ("tui", "open the coach on Today (the default when no command is given)"),
    "export": ("export", "write everything (tasks, steps, sessions, feedback) as JSON or CSV"),
    "import": ("importing", "bring tasks in from todo.txt, Taskwarrior or a startnow export"),
    "review": ("review", "the weekly review: start delays, blockers, nudges, focus, still waiting"),
    "config": ("config", "the settings file: its path, and the settings in force"),
    "demo": ("demo", "the coach on a throw-away store filled with 12 weeks of made-up history"),
    "status": ("status", "one line for a status bar: the running timer, or what's next"),
    "completion": ("completion", "print a shell completion script (bash, zsh or fish)"),
    "remind": ("remind", "check once and send a desktop notification if a start is due"),
    "sync": ("sync", "share this store's history with your other machines through a folder"),
}


def command_module(name: str) -> CommandModule:
    # __import__, not importlib.import_module: importing importlib (and the
    # warnings module it pulls in) is a measurable share of a quick add.
    module = f"startnow.commands.{COMMANDS[name][0]}"
    __import__(module)
    return sys.modules[module]


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

    argparse and the help formatter are a large share of a quick add. Anything
    less plain than words and --db (help, an unknown option, no text) returns
    None, and argparse handles it as usual. ("-" alone is a word: stdin.)
    """
    from startnow.commands.changing import plain_args

    found = plain_args(argv, "add", dashed=lambda arg: arg == "-")
    if found is None or not found[1]:
        return None
    return SimpleNamespace(command="add", db=found[0], text=found[1])


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = None
    try:
        args = quick_add_args(args_list) or plain_args(args_list) or parse_args(args_list)
        return dispatch(args)
    except StartnowError as exc:  # its words may quote a file or the store: made safe
        from startnow.domain.safe_text import safe

        print(f"startnow: {safe(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if not is_output_failure(exc):
            raise
        return output_failed(exc, saved=getattr(args, "stored", False))
    except Exception as exc:  # a database failure must still be one line, not a traceback
        message = database_error_message(exc, args)
        if message is None:
            raise
        from startnow.domain.safe_text import safe

        print(f"startnow: {safe(message)}", file=sys.stderr)
        return 1


# Commands after which nothing is left to tear down: their database is closed
# and their output is flushed by `run`. Python's own shutdown (freeing every
# module) is a large share of a quick add, so these leave with os._exit.
# The TUI is not one of them: it has threads and a terminal to give back.
QUICK_EXIT_COMMANDS = frozenset({"add", "status", "done", "drop", "edit", "undo", "show"})


def run() -> None:
    """The `startnow` console script (and `python -m startnow`): main(), then exit."""
    argv = sys.argv[1:]
    code = main(argv)
    if chosen_command(argv) not in QUICK_EXIT_COMMANDS:
        sys.exit(code)
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except OSError as exc:
            code = code or output_failed(exc, saved=True)
    if sys.stderr is not None:
        sys.stderr.flush()
    os._exit(code)


def is_output_failure(exc: OSError) -> bool:
    """A write that the disk or the reader refused (full, closed pipe, I/O error)."""
    import errno

    return exc.errno in (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def output_failed(exc: OSError, *, saved: bool = False) -> int:
    """One line (none for a reader that stopped reading, as `| head` does); exit 1.
    `saved`: the tasks are stored already (only an add's echo failed), which
    the line says, even to a closed pipe, so nobody adds them again.

    What could not be written may still sit in stdout's buffer: pointing the
    stream at the null device keeps Python's exit from failing on it again."""
    if sys.stdout is not None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # no real descriptor (a test's capture)
            pass
    if saved:  # even to a reader that stopped: the add must not be retried
        print(
            f"startnow: added, but could not write the confirmation: {exc.strerror or exc}",
            file=sys.stderr,
        )
    elif not isinstance(exc, BrokenPipeError):
        print(f"startnow: could not write the output: {exc.strerror or exc}", file=sys.stderr)
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


# Commands whose plain forms their module reads without argparse (`fast_args`):
# status runs every second in a status bar; the others should cost what add does.
PLAIN_ARGS_COMMANDS = frozenset({"status", "done", "drop", "edit", "undo", "show", "tui"})


def plain_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The command's own reading of its plain form (no help, no unknown
    option), or None for argparse. No command is the coach's (tui)."""
    name = chosen_command(argv) or "tui"
    if name not in PLAIN_ARGS_COMMANDS:
        return None
    fast_args: Callable[[Sequence[str]], SimpleNamespace | None]
    fast_args = command_module(name).fast_args  # type: ignore[attr-defined]  # these have it
    return fast_args(argv)


def parse_args(args_list: list[str]) -> argparse.Namespace:
    from startnow.parser import build_parser

    return build_parser(chosen_command(args_list)).parse_args(args_list)


def dispatch(args: argparse.Namespace | SimpleNamespace) -> int:
    return int(command_module(args.command or "tui").run(args))


if __name__ == "__main__":
    sys.exit(main())
