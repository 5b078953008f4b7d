"""The coach's use cases that take more than one service, each one method.

Screens call these and only render the answer and route: what a missed-start
option does, what an answer after a session changes, what a sweep marks. So
the recovery prompt and the review's still-waiting list carry an option out
the same way, and a test can drive a use case without a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from startnow.clock import Clock
from startnow.config import Settings
from startnow.domain import recovery
from startnow.domain.model import SMALL_THING_MINUTES, SessionInfo, Step, TaskInfo
from startnow.services.focus import Focus
from startnow.services.recovery import Recoveries
from startnow.services.steps import Steps
from startnow.services.tasks import Tasks

SWEEP_MINUTES = 10


@dataclass(frozen=True)
class AfterAnswer:
    """What an answer after a session left: the session as stored now, and
    whether its task is still open (a stepless task answered "yes" is done)."""

    session: SessionInfo
    task_open: bool


class Workflows:
    def __init__(
        self,
        clock: Clock,
        settings: Settings,
        tasks: Tasks,
        steps: Steps,
        focus: Focus,
        recoveries: Recoveries,
    ) -> None:
        self.clock = clock
        self.settings = settings
        self.tasks = tasks
        self.steps = steps
        self.focus = focus
        self.recoveries = recoveries

    # ------------------------------------------------------------ a task waiting

    def start_now(self, task: TaskInfo, recovery_id: int | None = None) -> SessionInfo:
        """A five-minute timer on the task's next step (shorter if the step is)."""
        step = task.next_step
        minutes = recovery.start_now_minutes(step.minutes)
        return self.focus.start(task.id, step.chunk_id, minutes, recovery_id=recovery_id)

    def shrink(self, task: TaskInfo) -> TaskInfo:
        """A first step of five minutes or less in front of the next one."""
        return self.steps.shrink_first_step(task.id)

    def drop(self, task: TaskInfo) -> TaskInfo:
        return self.tasks.set_status(task.id, "dropped")

    def reschedule(self, task: TaskInfo, text: str, tz: tzinfo) -> datetime:
        """Move the planned start to a quick-add date phrase; raises the
        grammar's DateParseError (nothing changes then), also for a start after
        the task's due date, as quick add refuses "start after due"."""
        when = self.new_start(task, text, tz)
        self.tasks.reschedule(task.id, when)
        return when

    def new_start(self, task: TaskInfo, text: str, tz: tzinfo) -> datetime:
        """The start a reschedule to `text` would give, checked as reschedule
        checks it (Today writes it through Changes, so that u takes it back)."""
        from startnow.domain.dates import DateParseError, parse_when
        from startnow.domain.describe import local_when

        now = self.clock()
        when = parse_when(text, now, tz, role="start", day_start=self.settings.day_start)
        if task.due is not None and when > task.due:
            due = local_when(task.due, tz, year_unless=now.astimezone(tz).year)
            passed = "was" if task.due < now else "is"
            raise DateParseError(
                f"{local_when(when, tz)} is after its due date ({passed} due {due}): "
                "pick an earlier start, or drop it",
                text,
            )
        return when

    # ------------------------------------------------------------ a missed start

    def recover(
        self, task: TaskInfo, option: str, *, text: str = "", forgave: bool = False, tz: tzinfo
    ) -> SessionInfo | TaskInfo | datetime | None:
        """Carry out the option chosen for a missed start, and record it:
        `start` gives the running session, `shrink` and `drop` the task as it
        is now, `reschedule` the new start (DateParseError if `text` can't be
        read: nothing is recorded then), `own` the task with the person's words
        as its next open step (the screen then offers the timer on it)."""
        result: SessionInfo | TaskInfo | datetime | None = None
        if option == "reschedule":
            result = self.reschedule(task, text, tz)
        recovery_id = self.recoveries.record(task.id, option, text, forgave)
        if option == "start":
            result = self.start_now(task, recovery_id=recovery_id)
        elif option == "shrink":
            result = self.shrink(task)
        elif option == "drop":
            result = self.drop(task)
        elif option == "own":
            result, _ = self.steps.add(task.id, text, None, first=True)
        return result

    # ------------------------------------------------------------ after a session

    def answer_step_done(self, session: SessionInfo, answer: str) -> AfterAnswer:
        """ "Did the step get done?" (yes / partly / no): a yes marks it done."""
        updated = self.focus.answer(session.id, chunk_done=answer)
        return AfterAnswer(updated, self.tasks.get(updated.task_id).status == "open")

    def answer_nudge_helped(self, session: SessionInfo, answer: str) -> SessionInfo:
        """ "Did the nudge help?" (yes / no / skip)."""
        if answer == "skip":
            return session
        return self.focus.answer(session.id, nudge_helped=answer == "yes")

    def answer_recovery_helped(self, session: SessionInfo, answer: str) -> None:
        """ "Did that help?" after a recovery (yes / no / skip)."""
        if answer != "skip" and session.recovery_id is not None:
            self.recoveries.answer(session.recovery_id, answer == "yes")

    # ------------------------------------------------------------ small things

    def start_small(self, step: Step) -> SessionInfo:
        """The two-minute rule: do it now. A timer at once, no blocker, no nudge."""
        return self.focus.start(step.task_id, step.chunk_id, SMALL_THING_MINUTES)

    def small_done(self, step: Step) -> None:
        """A small thing done in a sweep, without a timer of its own: its own
        first start (so it has a start delay) and done. No session of its own:
        the sweep's one session holds the time, Today's "N done" reads
        `closed_at`, and a session of no length would only be an empty event
        in the calendar. `d` on Today closes without a start instead."""
        self.tasks.mark_started(step.task_id)
        self.tasks.complete_step(step.task_id, step.chunk_id)

    # ------------------------------------------------------------ the sweep

    def start_sweep(self, first: Step) -> SessionInfo:
        """One timer over the small things, stored on the first one's task."""
        return self.focus.start(first.task_id, first.chunk_id, SWEEP_MINUTES, kind="sweep")

    def sweep_done(self, step: Step) -> None:
        """One small thing done in a sweep: as `d` on it in the lane."""
        self.small_done(step)

    def end_sweep(self, session: SessionInfo) -> SessionInfo:
        return self.focus.finish(session.id, "completed")
