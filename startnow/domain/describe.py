"""How instants and tasks read to a person: local time, short, absolute."""

from __future__ import annotations

from datetime import UTC, datetime, time, tzinfo

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add reads this)
if TYPE_CHECKING:
    from typing import Any


END_OF_DAY = time(23, 59)  # a due date given without a time


def iso_instant(value: datetime) -> str:
    """ISO-8601 UTC with a Z, whole seconds (the store keeps whole seconds): the
    one form every JSON output and export uses."""
    # isoformat, not strftime("%Y"): that writes year 1 as "1", not "0001".
    return value.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def clip(text: str, width: int) -> str:
    """At most `width` characters, an ellipsis marking a cut."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def format_minutes(total: int | None) -> str:
    """An estimate as people say it: 5 min, 2h, 1h30."""
    if total is None:
        return ""
    if total < 60:
        return f"{total} min"
    hours, rest = divmod(total, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def local_when(
    instant: datetime,
    tz: tzinfo,
    *,
    date_only_at: time | None = None,
    year_unless: int | None = None,
) -> str:
    """'Mon 23 Nov 09:00'; the time is left out when it is `date_only_at` (e.g. end
    of day); the year is put in when it is not `year_unless` ('Fri 3 Dec 2027')."""
    local = instant.astimezone(tz)
    text = f"{local:%a} {local.day} {local:%b}"
    if year_unless is not None and local.year != year_unless:
        text += f" {local.year}"
    if date_only_at is None or local.time().replace(second=0) != date_only_at:
        text += f" {local:%H:%M}"
    return text


def _minute(instant: datetime) -> datetime:
    return instant.replace(second=0, microsecond=0)


def added_line(
    task_id: int,
    title: str,
    *,
    planned_start: datetime | None,
    due: datetime | None,
    estimate: int | None,
    tags: tuple[str, ...] | list[str],
    steps: int,
    tz: tzinfo,
    now: datetime | None = None,
    verb: str = "Added",
    recurrence: str | None = None,
) -> str:
    """The one confirmation line of quick add (and of edit, undo: another
    `verb`), with absolute dates so a wrong date is seen at once:
    'Added 12 · Write Q3 report · start Mon 23 Nov 09:00 · …'."""
    parts = [f"{verb} {task_id}", title]
    year = None if now is None else now.astimezone(tz).year  # another year is always shown
    if planned_start is not None and now is not None and planned_start < _minute(now):
        # Its ready time is its creation (delays.ready_time): say so, not a start in the past.
        parts.append(f"starts now: {short_when(planned_start, now, tz)} has passed")
    elif planned_start is not None:
        parts.append(f"start {local_when(planned_start, tz, year_unless=year)}")
    if due is not None:
        parts.append(f"due {local_when(due, tz, date_only_at=time(23, 59), year_unless=year)}")
    if estimate is not None:
        parts.append(f"~{format_minutes(estimate).replace(' min', 'm')}")
    if recurrence is not None:
        from startnow.domain.series import describe

        parts.append(describe(recurrence))
    if tags:
        parts.append(" ".join(f"#{t}" for t in tags))
    if steps:
        parts.append(f"{steps} step" + ("" if steps == 1 else "s"))
    return " · ".join(parts)


def added_line_of(
    task_id: int, task: Any, tz: tzinfo, now: datetime | None = None, verb: str = "Added"
) -> str:
    """added_line for anything with a task's fields (title, planned_start, due,
    estimate, tags, chunks): a parsed quick add, or a stored task."""
    return added_line(
        task_id,
        task.title,
        planned_start=task.planned_start,
        due=task.due,
        estimate=task.estimate,
        tags=task.tags,
        steps=len(task.chunks),
        tz=tz,
        now=now,
        verb=verb,
        recurrence=getattr(task, "recurrence", None),
    )


def short_when(instant: datetime, now: datetime, tz: tzinfo) -> str:
    """As short as is still unambiguous: '09:00' today, 'Fri 09:00' within a week,
    '3 Dec 09:00' further away, '1 Jan 2020 09:00' in another year."""
    local, today = instant.astimezone(tz), now.astimezone(tz)
    days = (local.date() - today.date()).days
    if days == 0:
        return f"{local:%H:%M}"
    if -6 <= days <= 6:
        return f"{local:%a %H:%M}"
    year = f" {local.year}" if local.year != today.year else ""
    return f"{local.day} {local:%b}{year} {local:%H:%M}"


def short_day(instant: datetime, now: datetime, tz: tzinfo) -> str:
    """A due date as short as is still unambiguous: the time left out when it is
    the end of the day ('Fri', 'today', '3 Dec', '1 Jan 2020'), else as short_when."""
    local, today = instant.astimezone(tz), now.astimezone(tz)
    if local.time().replace(second=0, microsecond=0) != END_OF_DAY:
        return short_when(instant, now, tz)
    days = (local.date() - today.date()).days
    if days == 0:
        return "today"
    if -6 <= days <= 6:
        return f"{local:%a}"
    year = f" {local.year}" if local.year != today.year else ""
    return f"{local.day} {local:%b}{year}"


def due_text(due: datetime, now: datetime, tz: tzinfo) -> str:
    """'due Fri', or, once it has passed, 'overdue since Mon': never a past due
    date that reads like a coming one."""
    if due < now:
        return f"overdue since {short_day(due, now, tz)}"
    return f"due {short_day(due, now, tz)}"
