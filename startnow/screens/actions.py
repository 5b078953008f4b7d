"""What the recovery prompt and the review's still-waiting list both do to a
task, one keystroke each: start five minutes now, shrink, reschedule, drop.

One place, so both screens carry an option out the same way."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from startnow.domain import recovery
from startnow.domain.describe import local_when
from startnow.domain.model import SessionInfo, TaskInfo

if TYPE_CHECKING:
    from startnow.app import StartnowApp


def timer(app: StartnowApp, session: SessionInfo) -> None:
    """The focus timer on a session just started, from Today's place in the stack."""
    from startnow.screens.focus import FocusScreen

    app.back_to_today()
    app.push_screen(FocusScreen(session))


def breakdown(app: StartnowApp, task: TaskInfo, *, replace: bool) -> None:
    """The breakdown screen on a task just shrunk, to adjust its new first step."""
    from startnow.screens.breakdown import BreakdownScreen

    screen = BreakdownScreen(task)
    if replace:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def start_now(app: StartnowApp, task: TaskInfo) -> None:
    timer(app, app.services.workflows.start_now(task))


def shrink(app: StartnowApp, task: TaskInfo, *, replace: bool) -> None:
    breakdown(app, app.services.workflows.shrink(task), replace=replace)


def drop(app: StartnowApp, task: TaskInfo) -> None:
    app.services.workflows.drop(task)
    said_dropped(app)


def said_dropped(app: StartnowApp) -> None:
    app.notify(recovery.option("drop").done_line)


def said_rescheduled(app: StartnowApp, when: datetime) -> None:
    app.notify(recovery.option("reschedule").done_line.format(when=local_when(when, app.tz)))


def reschedule(app: StartnowApp, task: TaskInfo, text: str) -> str | None:
    """Move the planned start to a quick-add date phrase; the parser's error
    line when it can't be read (nothing changes then)."""
    from startnow.domain.dates import DateParseError

    try:
        when = app.services.workflows.reschedule(task, text, app.tz)
    except DateParseError as exc:
        return str(exc)
    said_rescheduled(app, when)
    return None
