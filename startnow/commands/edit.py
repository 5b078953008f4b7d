"""`startnow edit ID "quick-add text"`: change only the pieces given.

The text is read by quick add's parser (domain/edit.py adds the removals), and
the result is echoed as add echoes it, absolute dates and all.
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
  startnow edit 12 due:mon                  moves the due date, nothing else
  startnow edit 12 "New title ~30m"         a new title and estimate
  startnow edit 12 "#work -#home"           adds #work, removes #home
  startnow edit 12 -due -~                  clears the due date and the estimate
  startnow edit 12 every:mon                makes it recurring (-every stops it)
  startnow undo                             takes the edit back

pieces: words (the new title) · ~25m · due:<when> · start:<when> · #tag add ·
        every:<rule> · -#tag remove · -due -start -every -~ clear (steps are edited in the app)
An id that does not exist: one line, exit 2, nothing changed."""


def register(command: CommandParser) -> None:
    edit = command("edit", "change a task's title, estimate, dates or tags", EPILOG)
    edit.add_argument("id", metavar="ID", help="the task's id (see startnow list)")
    edit.add_argument("text", nargs="+", help="what to change, in the quick-add grammar")


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    from types import SimpleNamespace

    from startnow.commands.changing import plain_args

    found = plain_args(argv, "edit")
    if found is None or len(found[1]) < 2:
        return None
    return SimpleNamespace(command="edit", db=found[0], id=found[1][0], text=found[1][1:])


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    from startnow.clock import local_zone, system_clock
    from startnow.commands.changing import changes_of, echo, task_id
    from startnow.config import load_settings
    from startnow.domain.edit import parse_edit
    from startnow.domain.input_error import InputError
    from startnow.errors import UsageError

    number = task_id(args.id)
    now, tz = system_clock(), local_zone()
    try:
        edit = parse_edit(" ".join(args.text), now, tz, day_start=load_settings().day_start)
    except InputError as exc:
        raise UsageError(f"{exc} (nothing was changed)") from None
    changes = changes_of(args)
    changes.clock = lambda: now
    task, changed = changes.edit(number, edit, tz)
    print(echo("Edited" if changed else "Unchanged", task, tz, now))
    return 0
