"""An edit in the quick-add grammar: only the pieces given change.

`startnow edit 12 due:mon` moves the due date and nothing else. Words are the
new title, `~30m` the estimate, `due:`/`start:` the dates, `#tag` adds a tag,
all read by quick add's own parser, so the two never disagree. What add never
needs, taking something away: `-#tag` removes a tag; `-due`, `-start` and `-~`
clear the due date, the planned start and the estimate (`-due:` works too).
Steps are not edited here (`::` is refused): the breakdown screen keeps them.
A backslash before any of these words makes it title text (`\\-due`, `\\#3`).

Pure, and on the quick path: namedtuples, no typing at run time.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime, time, tzinfo

from startnow.domain.input_error import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Mapping

# A removal word -> the column it clears.
CLEARING = {
    "-due": "due", "-due:": "due",
    "-start": "planned_start", "-start:": "planned_start",
    "-~": "estimate",
    "-every": "recurrence", "-every:": "recurrence",
}  # fmt: skip
EDIT_HELP = (
    "give a new title, ~estimate, due:, start:, every:, #tag, -#tag, -due, -start, -every or -~"
)


class EditError(InputError):
    """One line: what in the edit cannot be done."""


class TaskEdit(
    namedtuple(
        "TaskEdit",
        "title estimate planned_start due add_tags remove_tags clear recurrence",
        defaults=(None,),
    )
):
    """What an edit line asks for; None (or empty) for a piece it leaves alone."""

    __slots__ = ()
    if TYPE_CHECKING:
        title: str | None
        estimate: int | None  # minutes
        planned_start: datetime | None  # aware UTC
        due: datetime | None  # aware UTC
        add_tags: tuple[str, ...]
        remove_tags: tuple[str, ...]
        clear: tuple[str, ...]  # columns to empty: due, planned_start, estimate, recurrence
        recurrence: str | None  # a new `every:` rule, as stored


def _is_removal(word: str) -> bool:
    """A word only an edit reads (`-due`, `-~`, `-#work`): a backslash before
    it makes it title text, as before any word quick add would read."""
    return word.lower() in CLEARING or word.startswith("-#")


def parse_edit(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    day_start: time = time(9, 0),
    day_end: time = time(23, 59),
) -> TaskEdit:
    """Read an edit line; EditError or QuickAddError (one line) if it can't be."""
    from startnow.domain.quickadd import _tag, parse_quick_add

    rest: list[str] = []
    removed: dict[str, None] = {}
    clear: dict[str, None] = {}
    for word in text.split():
        if word[:1] == "\\" and _is_removal(word.lstrip("\\")):
            rest.append(word[1:])  # `\\-due`: the title text "-due" (quick add keeps it)
        elif word.lower() in CLEARING:
            clear[CLEARING[word.lower()]] = None
        elif word.startswith("-#"):
            tag = _tag(word[1:])
            if tag is None:
                raise EditError(f'"{word}": a tag to remove looks like -#work', word)
            removed[tag] = None
        else:
            rest.append(word)
    if not (rest or removed or clear):
        raise EditError(f"nothing to change: {EDIT_HELP}")
    parsed = parse_quick_add(
        " ".join(rest), now, tz, day_start=day_start, day_end=day_end, title_required=False
    ) if rest else None  # fmt: skip
    if parsed is not None and parsed.chunks:
        raise EditError("edit changes the task, not its steps (no '::' here)", "::")
    edit = TaskEdit(
        parsed.title or None if parsed else None,
        parsed.estimate if parsed else None,
        parsed.planned_start if parsed else None,
        parsed.due if parsed else None,
        tuple(parsed.tags) if parsed else (),
        tuple(removed),
        tuple(clear),
        parsed.recurrence if parsed else None,
    )
    for column, word in (
        ("due", "due:"), ("planned_start", "start:"), ("estimate", "~"), ("recurrence", "every:"),
    ):  # fmt: skip
        if column in edit.clear and getattr(edit, column) is not None:
            raise EditError(f"both {word} and -{word.rstrip(':')}: set it or clear it, not both")
    both = [t for t in edit.add_tags if t in removed]
    if both:
        raise EditError(f"#{both[0]} is both added and removed", f"#{both[0]}")
    return edit


def edited_values(
    current: Mapping[str, object], edit: TaskEdit, tz: tzinfo
) -> dict[str, object]:
    """The columns the edit changes, with their new values (only those that
    differ from `current`: title, estimate, planned_start, due, tags,
    recurrence). A task made recurring starts its own series (`series_id`,
    `anchor`: its own day)."""
    wanted: dict[str, object] = {}
    if edit.title is not None:
        wanted["title"] = edit.title
    for column in ("estimate", "planned_start", "due", "recurrence"):
        value = getattr(edit, column)
        if value is not None:
            wanted[column] = value
        elif column in edit.clear:
            wanted[column] = None
    tags: tuple[str, ...] = tuple(current["tags"])  # type: ignore[arg-type]  # a task's tags
    missing = [t for t in edit.remove_tags if t not in tags]
    if missing:
        raise EditError(f"it has no tag #{missing[0]}", f"-#{missing[0]}")
    if edit.add_tags or edit.remove_tags:
        kept = [t for t in tags if t not in edit.remove_tags]
        wanted["tags"] = (*kept, *(t for t in edit.add_tags if t not in kept))
    start = wanted.get("planned_start", current["planned_start"])
    due = wanted.get("due", current["due"])
    if isinstance(start, datetime) and isinstance(due, datetime) and start > due:
        raise EditError(
            f"the start would be after the due date (start {_local(start, tz)}, "
            f"due {_local(due, tz)})"
        )
    changed = {k: v for k, v in wanted.items() if v != current[k]}
    if changed.get("recurrence") and current.get("series_id") is None:
        from startnow.domain.series import instance_day

        changed["series_id"] = current["id"]
        changed["anchor"] = instance_day(
            start if isinstance(start, datetime) else None,
            due if isinstance(due, datetime) else None,
            current["created_at"],  # type: ignore[arg-type]  # a task's creation
            tz,
        ).isoformat()
    return changed


def _local(instant: datetime, tz: tzinfo) -> str:
    return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M")
