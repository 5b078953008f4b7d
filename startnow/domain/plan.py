"""Turning a chosen nudge into what the app will actually do.

Pure: the plan says which step the timer runs on, for how long, whether a
smaller first step goes in front, and which self-set deadline is recorded.
The nudge screen shows it; the coach service carries it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from startnow.domain.chooser import Choice
from startnow.domain.model import Step, TaskInfo
from startnow.domain.nudges import Nudge
from startnow.domain.templates import SuggestedChunk, smaller_first_step

MAX_TIMER_MINUTES = 120


@dataclass(frozen=True)
class StartPlan:
    task: TaskInfo
    blocker: str
    choice: Choice
    step: Step  # the step the timer runs on (after any shrinking)
    minutes: int
    new_first_step: SuggestedChunk | None = None  # inserted in front of the next step
    self_due: datetime | None = None
    blocker_chosen: bool = False  # picked by the person, not the question's default
    shown_at: datetime | None = None  # when the nudge screen showed this nudge

    @property
    def nudge(self) -> Nudge:
        """The chosen nudge, so screens need not reach through `choice`."""
        return self.choice.nudge


def timer_minutes(step: Step, nudge_minutes: int | None, focus_minutes: int) -> int:
    """The step's own estimate sets the timer (a 10-minute chunk, a 10-minute timer);
    a nudge may shorten it, never stretch it past what the step needs. Without
    either: the focus default (a pomodoro)."""
    candidates = [m for m in (nudge_minutes, step.minutes) if m]
    minutes = min(candidates) if candidates else focus_minutes
    return max(1, min(minutes, MAX_TIMER_MINUTES))


def plan_start(
    task: TaskInfo,
    blocker: str,
    choice: Choice,
    now: datetime,
    focus_minutes: int,
    *,
    blocker_chosen: bool = False,
) -> StartPlan:
    action = choice.nudge.action
    step = task.next_step
    new_first: SuggestedChunk | None = None
    if action.shrink_to and (step.minutes is None or step.minutes > action.shrink_to):
        # The nudge's own step: it runs for exactly as long as the nudge says.
        taken = [c.title for c in task.chunks]
        proposal = smaller_first_step(step.title, action.shrink_to, taken=taken)
        new_first = SuggestedChunk(proposal.title, action.shrink_to)
        step = Step(task.id, None, new_first.title, new_first.minutes)
    minutes = timer_minutes(step, action.timer_minutes, focus_minutes)
    self_due = None
    if action.self_deadline_hours:
        self_due = now + timedelta(hours=action.self_deadline_hours)
        if task.due is not None and task.due < self_due:
            self_due = None  # an earlier self-set deadline only; the real one already is
    return StartPlan(
        task, blocker, choice, step, minutes, new_first, self_due, blocker_chosen, shown_at=now
    )
