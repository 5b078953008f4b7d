"""`startnow done ID…` and `startnow drop ID…`: close tasks from the shell,
all or nothing, one transaction (services/changes.py), undoable once.

A task closed without any focus session is *closed without a start*: it gets
no start delay, and the weekly review counts it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser

VERBS = {"done": "Done", "drop": "Dropped"}
HELP = {
    "done": "mark tasks done (all or nothing; startnow undo takes it back)",
    "drop": "drop tasks you will not do (all or nothing; startnow undo takes it back)",
}


def epilog(name: str) -> str:
    return (
        f"examples:\n  startnow {name} 12\n  startnow {name} 12 14 15        all three, or none\n"
        "  startnow undo                  take the last done, drop or edit back\n\n"
        "An id that does not exist: one line, exit 2, nothing changed. A task\n"
        "already done or dropped, or with a timer running or paused: one line, exit 1,\n"
        "nothing changed. A task closed without ever being started is counted\n"
        "in the weekly review as closed without a start, and has no start delay."
    )


def register_closing(command: CommandParser, name: str) -> None:
    sub = command(name, HELP[name], epilog(name))
    sub.add_argument("ids", nargs="+", metavar="ID", help="task ids (see startnow list)")


def closing_fast_args(argv: Sequence[str], name: str) -> SimpleNamespace | None:
    from types import SimpleNamespace

    from startnow.commands.changing import plain_args

    found = plain_args(argv, name)
    if found is None or not found[1]:
        return None
    return SimpleNamespace(command=name, db=found[0], ids=found[1])


def run_closing(args: argparse.Namespace | SimpleNamespace, name: str) -> int:
    from startnow.commands.changing import changes_of, echo, task_id, zone_for

    ids = [task_id(word) for word in args.ids]
    changes = changes_of(args)
    closed = changes.close(name, ids)
    now, tz = changes.clock(), zone_for(closed)
    for task in closed:
        line = echo(VERBS[name], task, tz, now)
        print(line if task.started else f"{line} · closed without a start")
    return 0
