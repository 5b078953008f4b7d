"""A task as one quick-add line, and that line, edited, read back as an edit.

Today's `e` opens a line prefilled with the task as it stands, so what the
person types is what they already know: `Write Q3 report ~2h
start:2026-11-24T09:00 due:2026-11-27 #work`. Dates are absolute (ISO, one
word each, so a word typed after them is never read into them) and in local
time; a wall time that a clock change makes ambiguous carries its offset.

A title word that the grammar would read as something else (`#work`,
`due:`, `~5m`) is written with a backslash in front (`\\#work`), which makes it
title text again (quickadd.py), so the title reads back as itself.

Read back, the whole line is the task: a piece taken out of it is cleared
(the due date, the start, the estimate, a tag), so the line means what it
shows. A date left as it was keeps its value even when it has passed (an
overdue task's due date is not a mistake the person just made).
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from startnow.domain.edit import EditError, TaskEdit
from startnow.domain.localtime import clock_change
from startnow.domain.model import TaskInfo

END_OF_DAY = time(23, 59)  # what quick add makes of a due date given without a time


def estimate_word(minutes: int) -> str:
    """`~25m`, `~2h`, `~1h30m`: as quick add reads an estimate."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"~{rest}m"
    return f"~{hours}h{rest}m" if rest else f"~{hours}h"


def when_word(instant: datetime, tz: tzinfo, *, date_only_at: time | None = None) -> str:
    """`2026-11-27` (at `date_only_at`), else `2026-11-24T09:00`; seconds when
    there are any, and the offset when the wall time happens twice or never."""
    local = instant.astimezone(tz)
    wall = local.replace(tzinfo=None)
    if date_only_at is not None and wall.time() == date_only_at:
        return f"{wall.date().isoformat()}"
    text = f"{wall.date().isoformat()}T{wall:%H:%M}"
    if wall.second:
        text += f":{wall:%S}"
    if clock_change(wall, tz) is not None:
        offset = local.strftime("%z")
        text += f"{offset[:3]}:{offset[3:]}"
    return text


def title_words(title: str) -> str:
    """The title as the line says it: a word that would mean something (`#3`
    does not, `#work`, `due:`, `~5m`, `every:` and `::` do) gets the
    backslash that makes it title text, so the title reads back as itself."""
    from startnow.domain.quickadd import escaped

    return " ".join(escaped(word) for word in title.split())


def line_pieces(task: TaskInfo, tz: tzinfo) -> dict[str, str]:
    """Each piece of the line by name (title, estimate, start, due, tags)."""
    pieces = {"title": title_words(task.title)}
    if task.estimate is not None:
        pieces["estimate"] = estimate_word(task.estimate)
    if task.planned_start is not None:
        pieces["start"] = "start:" + when_word(task.planned_start, tz)
    if task.due is not None:
        pieces["due"] = "due:" + when_word(task.due, tz, date_only_at=END_OF_DAY)
    if task.tags:
        pieces["tags"] = " ".join(f"#{tag}" for tag in task.tags)
    return pieces


def quick_add_line(task: TaskInfo, tz: tzinfo) -> str:
    """The task in the quick-add grammar; quick add reads it back as the same
    task (steps aside: they are not part of the line)."""
    return " ".join(line_pieces(task, tz).values())


def edit_from_line(
    task: TaskInfo, text: str, now: datetime, tz: tzinfo, *, day_start: time = time(9, 0)
) -> TaskEdit:
    """What the edited line asks for, as an edit of `task`: every piece it
    names, and a clearing for every piece it no longer has. QuickAddError or
    EditError (one line) when it can't be read."""
    from startnow.domain.quickadd import parse_quick_add

    pieces = line_pieces(task, tz)
    words = text.split()
    kept: dict[str, datetime | None] = {}
    for name, value in (("start", task.planned_start), ("due", task.due)):
        word = pieces.get(name)
        if word is not None and word in words:
            at = words.index(word)
            follows = words[at + 1] if at + 1 < len(words) else None
            if follows is None or _ends_a_date(follows):  # the date as it was: kept
                kept[name] = value
                del words[at]
    parsed = parse_quick_add(" ".join(words), now, tz, day_start=day_start)
    for name, value in (("start", parsed.planned_start), ("due", parsed.due)):
        if name in kept and value is not None:
            raise EditError(f"a task has only one {name}:", f"{name}:")
    if parsed.chunks:
        raise EditError("edit changes the task, not its steps (no '::' here)", "::")
    start = kept.get("start", parsed.planned_start)
    due = kept.get("due", parsed.due)
    if start is not None and due is not None and start > due:
        raise EditError("the start would be after the due date")
    clear = tuple(
        column
        for column, value in (("estimate", parsed.estimate), ("planned_start", start), ("due", due))
        if value is None
    )
    # A title whose only change is its spacing (another program's "a  b";
    # the line joins words by one space) is the title as it was.
    title = task.title if parsed.title == " ".join(task.title.split()) else parsed.title
    return TaskEdit(
        title,
        parsed.estimate,
        start,
        due,
        tuple(t for t in parsed.tags if t not in task.tags),
        tuple(t for t in task.tags if t not in parsed.tags),
        clear,
    )


def _ends_a_date(word: str) -> bool:
    """A word a date phrase stops before (a tag, an estimate, another key)."""
    from startnow.domain.quickadd import _is_special

    return _is_special(word)
