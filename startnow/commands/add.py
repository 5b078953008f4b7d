"""`startnow add`: capture a task at the speed of thought.

The hot path imports no Textual, no SQLAlchemy, and the date grammar only
when the text has a date in it.
"""

from __future__ import annotations

import sys
from datetime import UTC

from startnow.clock import local_zone, system_clock
from startnow.config import load_settings
from startnow.domain.describe import added_line_of
from startnow.domain.safe_text import safe
from startnow.errors import UsageError
from startnow.paths import resolve_db_location

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser


def read_lines(args: argparse.Namespace | SimpleNamespace) -> list[tuple[int, str]]:
    """(line number, text) pairs: one task from the arguments, or one per stdin line."""
    if args.text == ["-"]:
        lines = sys.stdin.read().removeprefix("\ufeff").splitlines()  # a BOM is no title
        numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
        if not numbered:
            raise UsageError("nothing to add: standard input had no tasks")
    else:
        numbered = [(0, " ".join(args.text))]
    for number, text in numbered:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # bytes that were not UTF-8, escaped by Python
            where = f"line {number}: " if number else ""
            raise UsageError(
                f"{where}not UTF-8 text (a bad byte at character {exc.start + 1}; "
                "nothing was added)"
            ) from None
    return numbered


def register(command: CommandParser) -> None:
    add = command(
        "add",
        "add a task in one line (or many from standard input with '-')",
        'examples:\n  startnow add "Call the dentist ~5m start:tomorrow 10:30"\n'
        '  startnow add "Write Q3 report ~2h due:fri #work :: outline; first paragraph"\n'
        "  startnow add - < tasks.txt\n\n"
        "grammar: ~25m ~2h ~1h30m estimate · due:<when> · start:<when> · #tag ·\n"
        "         :: step one; step two (at the end)\n"
        "<when>:  today tonight tomorrow fri 'next mon' 'in 3 days' 'in 2h' 9am 17:30 noon\n"
        "         'dec 3' '3 dec' 2026-12-03, and combinations: 'fri 9am', 'tomorrow 17:30'",
    )
    add.add_argument("text", nargs="+", help="the task, in the quick-add grammar; '-' reads stdin")


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    """`args` is a SimpleNamespace when cli.py read a plain quick add without argparse."""
    from startnow.domain.quickadd import QuickAddError, has_date_words, parse_quick_add

    settings = load_settings()
    lines = read_lines(args)
    # The zone is only needed to read dates (and to print them): no date, no zoneinfo.
    tz = local_zone() if any(has_date_words(text) for _, text in lines) else UTC
    now = system_clock()
    parsed = []
    for number, text in lines:
        try:
            parsed.append(parse_quick_add(text, now, tz, day_start=settings.day_start))
        except QuickAddError as exc:
            where = f"line {number}: " if number else ""
            raise UsageError(f"{where}{exc} (nothing was added)") from None
    path, is_default = resolve_db_location(getattr(args, "db", None))

    from startnow.services.capture import add_tasks

    # The ignore goes when services/tasks.py (another branch) makes TaskSpec's members
    # read-only.
    ids = add_tasks(path, parsed, now, create_dir=is_default)  # type: ignore[arg-type]  # ParsedTask is read-only
    args.stored = True  # from here on, an output failure must say the tasks were added
    for task_id, task in zip(ids, parsed, strict=True):
        print(safe(added_line_of(task_id, task, tz, now)))  # the text may come from a file
    return 0
