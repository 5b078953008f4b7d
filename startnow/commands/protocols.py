"""What cli.py and parser.py expect of a command module, for the type checker.

Imported only under TYPE_CHECKING: the quick-add path never loads `typing`.
"""

from __future__ import annotations

import argparse
from types import SimpleNamespace
from typing import Protocol


class CommandParser(Protocol):
    """The `command` parser.py hands to register(): a command's own subparser
    (with --db already on it), given its help line and epilog."""

    def __call__(
        self, name: str, help_text: str, epilog: str = "", /
    ) -> argparse.ArgumentParser: ...


class CommandModule(Protocol):
    """startnow/commands/<module>.py: `register(command)` adds its options,
    `run(args)` carries it out and returns the exit status. Quick add's
    arguments are a SimpleNamespace built without argparse (see cli.py)."""

    def register(self, command: CommandParser, /) -> None: ...

    def run(self, args: argparse.Namespace | SimpleNamespace, /) -> int: ...
