"""What done, drop, edit, undo and show share: reading their plain arguments
without argparse (its import and parser cost as much as the rest of the
command, as for quick add and status), task ids, and the echoed lines.
"""

from __future__ import annotations

from startnow.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from datetime import datetime, tzinfo
    from types import SimpleNamespace

    from startnow.services.changes import Changes, TaskLine

# Words starting with '-' that are an edit's text, not options (see domain/edit.py).
EDIT_WORDS = ("-#", "-~", "-due", "-start", "-every")


def is_edit_word(arg: str) -> bool:
    """A word starting with '-' that is an edit's text (`-#tag`, `-due`), not an option."""
    return arg.lower().startswith(EDIT_WORDS)


def plain_args(
    argv: Sequence[str],
    name: str,
    flags: tuple[str, ...] = (),
    dashed: Callable[[str], bool] = is_edit_word,
) -> tuple[str | None, list[str], set[str]] | None:
    """`startnow [--db P] NAME WORDS… [--db P]` as (db, words, flags given), or
    None for argparse (help, an unknown option, a missing --db value). A word
    starting with '-' is text only where `dashed` says so."""
    db: str | None = None
    words: list[str] = []
    given: set[str] = set()
    seen = False
    items = iter(argv)
    for arg in items:
        if arg == "--db":
            db = next(items, None)
            if db is None:
                return None
        elif arg.startswith("--db="):
            db = arg[5:]
        elif arg in flags:
            given.add(arg)
        elif not seen:
            if arg != name:
                return None
            seen = True
        elif arg.startswith("-") and not dashed(arg):
            return None
        else:
            words.append(arg)
    return (db, words, given) if seen else None


def task_id(word: str) -> int:
    """A task id as typed: digits (a leading '#' allowed, as list shows none)."""
    text = word.strip().removeprefix("#")
    if not text.isdigit() or not text.isascii() or len(text) > 18:
        raise UsageError(f'"{word}" is not a task id (ids are numbers: see startnow list)')
    return int(text)


def changes_of(args: argparse.Namespace | SimpleNamespace) -> Changes:
    """The changes of the store named by --db, $STARTNOW_DB or the default. A
    named file that is not there is most likely a typo, said as list says it;
    the default store missing just has no tasks yet."""
    import os

    from startnow.paths import resolve_db_location
    from startnow.services.changes import Changes

    location, is_default = resolve_db_location(getattr(args, "db", None))
    if not is_default and not os.path.exists(location):
        from pathlib import Path

        from startnow.commands.common import require_store

        require_store(Path(location), is_default)
    return Changes(location)


def echo(verb: str, task: TaskLine, tz: tzinfo, now: datetime) -> str:
    """The task as add echoes it (absolute dates and all), after `verb`."""
    from startnow.domain.describe import added_line
    from startnow.domain.safe_text import safe

    return added_line(
        task.id, safe(task.title), planned_start=task.planned_start, due=task.due,
        estimate=task.estimate, tags=[safe(t) for t in task.tags], steps=task.steps, tz=tz,
        now=now, verb=verb, recurrence=task.recurrence,
    )  # fmt: skip


def zone_for(tasks: Sequence[TaskLine]) -> tzinfo:
    """The local zone, looked up only when a date will be printed."""
    from datetime import UTC

    if any(
        t.planned_start is not None or t.due is not None or t.recurrence is not None
        for t in tasks
    ):
        from startnow.clock import local_zone

        return local_zone()
    return UTC
