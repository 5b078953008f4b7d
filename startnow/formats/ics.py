"""The store as an iCalendar file (RFC 5545), for calendar apps.

A VTODO for every open task (its planned start as DTSTART, its due date as
DUE), and a VEVENT for every focus session (when it really ran; the step, or
the task, as its SUMMARY). UIDs are stable: derived from what an export and
import keep (the task's creation time and title, the session's start), so a
calendar that subscribes to the file updates its entries rather than doubling
them. Folding, escaping and the rest of the RFC are the `icalendar` package's;
every text is made safe to show first (a calendar file gets `cat`ted too).

Reads any batch with the export's fields (startnow export's snapshot), by
attribute only.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from startnow.domain.safe_text import safe, safe_lines

PRODID = "-//startnow//startnow export//EN"
UID_DOMAIN = "startnow"


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(*parts: str) -> str:
    digest = hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@{UID_DOMAIN}"


def _task_key(task: Any) -> str:
    """The import key: a task's source, or the one `startnow import` gives a
    task made in startnow (so a UID survives an export and import)."""
    from startnow.formats.importers.records import task_key

    return task_key(task.source, task.created_at, task.title)


def task_uid(task: Any) -> str:
    """The same for a task wherever it is exported from (and after an import)."""
    return _uid("task", _task_key(task))


def session_uid(task: Any, session: Any) -> str:
    """One session: its task and its start (two sessions never start together)."""
    return _uid("session", _task_key(task), _stamp(session.started_at))


def session_end(session: Any, now: datetime) -> datetime:
    """When it ended; a session still open ends, for the calendar, at its
    planned end (its pauses so far included), and never before it started."""
    started: datetime = session.started_at
    if session.ended_at is not None:
        ended: datetime = session.ended_at
        return max(ended, started)
    try:
        planned: datetime = (
            started
            + timedelta(minutes=session.planned_minutes)
            + timedelta(seconds=session.paused_seconds)
        )
    except (OverflowError, TypeError):  # a pause or a timer no calendar can hold
        return started
    return max(planned, started)


def is_empty_sweep_item(session: Any) -> bool:
    """A sweep of no length: what earlier versions stored for each small thing
    done in a sweep (its start is the task's first start). No calendar event:
    it has no time to show, and the sweep's own session holds the time."""
    ended: datetime | None = session.ended_at
    return bool(session.kind == "sweep" and ended is not None and ended <= session.started_at)


def session_summary(task: Any, session: Any) -> str:
    step: str | None = next((c.title for c in task.chunks if c.ref == session.chunk_ref), None)
    title: str = task.title
    return safe(step or title)


def render(batch: Any, now: datetime) -> str:
    """The whole calendar as text (CRLF line ends, as the RFC has them)."""
    from icalendar import Calendar, Event, Todo

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "startnow")
    stamp = now.astimezone(UTC).replace(microsecond=0)
    for task in batch.tasks:
        if task.status == "open":
            todo = Todo()
            todo.add("uid", task_uid(task))
            todo.add("dtstamp", stamp)
            todo.add("created", task.created_at)
            todo.add("summary", safe(task.title))
            todo.add("status", "NEEDS-ACTION")
            if task.planned_start is not None:
                todo.add("dtstart", task.planned_start)
            if task.due is not None:
                todo.add("due", task.due)
            if task.tags:
                todo.add("categories", [safe(t) for t in task.tags])
            description = _task_description(task)
            if description:
                todo.add("description", description)
            calendar.add_component(todo)
        for session in task.sessions:
            if is_empty_sweep_item(session):
                continue
            event = Event()
            event.add("uid", session_uid(task, session))
            event.add("dtstamp", stamp)
            event.add("dtstart", session.started_at)
            event.add("dtend", session_end(session, now))
            event.add("summary", session_summary(task, session))
            event.add("status", "CONFIRMED" if session.ended_at is not None else "TENTATIVE")
            event.add("transp", "OPAQUE")
            if task.tags:
                event.add("categories", [safe(t) for t in task.tags])
            details = [f"Task: {safe(task.title)}", f"Timer: {session.planned_minutes} min"]
            if session.outcome:
                details.append(f"Outcome: {safe(session.outcome)}")
            event.add("description", "\n".join(details))
            calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _task_description(task: Any) -> str:
    lines = [safe_lines(task.notes)] if task.notes else []
    steps = [safe(c.title) for c in task.chunks if c.done_at is None]
    if steps:
        lines.append("Steps:")
        lines.extend(f"- {title}" for title in steps)
    if task.estimate:
        lines.append(f"Estimate: {task.estimate} min")
    return "\n".join(lines)
