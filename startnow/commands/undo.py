"""`startnow undo`: take back the last done, drop or edit, once.

The change is kept beside the store (services/undo_journal.py); undo puts the
rows back exactly as they were, and refuses when one has changed since.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser

EPILOG = """\
examples:
  startnow done 12 && startnow undo         12 is open again
  startnow undo                             a second time: "nothing to undo" (exit 1)

Only the last change of done, drop or edit, and only once. If a task changed
since (in the app, by another command), undo says so and changes nothing."""


def register(command: CommandParser) -> None:
    command("undo", "take back the last done, drop or edit (once)", EPILOG)


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    from types import SimpleNamespace

    from startnow.commands.changing import plain_args

    found = plain_args(argv, "undo")
    if found is None or found[1]:
        return None
    return SimpleNamespace(command="undo", db=found[0])


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    from startnow.commands.changing import changes_of, echo, zone_for

    changes = changes_of(args)
    undone = changes.undo()
    now, tz = changes.clock(), zone_for(undone.tasks)
    ids = " ".join(str(i) for i in undone.ids)
    print(f"Undid {undone.command} {ids}")
    for task in undone.tasks:
        print(echo("Restored", task, tz, now) + f" · {task.status}")
    return 0
