"""`startnow drop ID…`: see commands/closing.py."""

from __future__ import annotations

from startnow.commands.closing import closing_fast_args, register_closing, run_closing

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser


def register(command: CommandParser) -> None:
    register_closing(command, "drop")


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    return closing_fast_args(argv, "drop")


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    return run_closing(args, "drop")
