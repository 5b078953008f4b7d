"""What the recovery prompt and the review's still-waiting list both do to a
task, one keystroke each: start five minutes now, shrink, reschedule, drop.

One place, so both screens carry an option out the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from startnow.domain import recovery
from startnow.domain.describe import local_when
from startnow.domain.model import TaskInfo, TaskStatus

if TYPE_CHECKING:
    from startnow.app import StartnowApp


def start_now(app: StartnowApp, task: TaskInfo, recovery_id: int | None = None) -> None:
    """A five-minute timer on the task's next step, from Today's place in the stack."""
    from startnow.screens.focus import FocusScreen

    step = task.next_step
    minutes = min(recovery.START_NOW_MINUTES, step.minutes or recovery.START_NOW_MINUTES)
    session = app.services.focus.start(task.id, step.chunk_id, minutes, recovery_id=recovery_id)
    app.back_to_today()
    app.push_screen(FocusScreen(session))


def shrink(app: StartnowApp, task: TaskInfo, *, replace: bool) -> None:
    """A first step of five minutes or less, then the breakdown screen to adjust it."""
    from startnow.screens.breakdown import BreakdownScreen

    shrunk = app.services.chunks.shrink_first_step(task.id)
    screen = BreakdownScreen(shrunk)
    if replace:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


def drop(app: StartnowApp, task: TaskInfo) -> None:
    app.services.tasks.set_status(task.id, TaskStatus.DROPPED)
    app.notify(recovery.option("drop").done_line)


def reschedule(app: StartnowApp, task: TaskInfo, text: str) -> str | None:
    """Move the planned start to a quick-add date phrase; the parser's error
    line when it can't be read (nothing changes then)."""
    from startnow.domain.dates import DateParseError, parse_when

    services = app.services
    try:
        when = parse_when(
            text, services.clock(), app.tz, role="start", day_start=services.settings.day_start
        )
    except DateParseError as exc:
        return str(exc)
    services.tasks.reschedule(task.id, when)
    app.notify(recovery.option("reschedule").done_line.format(when=local_when(when, app.tz)))
    return None
