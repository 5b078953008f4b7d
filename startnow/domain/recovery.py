"""Missed-start recovery: what the coach says and offers, without blame.

The self-forgiveness line draws on Wohl, Pychyl & Bennett (2010): students who
forgave themselves for procrastinating on one exam procrastinated less on the
next. It comes once after a long wait, never twice in a row for the same task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

FORGIVE_AFTER = timedelta(days=3)
START_NOW_MINUTES = 5

FORGIVENESS_LINE = (
    "It's been a while. Let yourself off the hook for the wait — "
    "people who forgive themselves start sooner next time."
)


@dataclass(frozen=True)
class RecoveryOption:
    id: str
    label: str
    done_line: str  # said once the option is carried out


OPTIONS = (
    RecoveryOption("start", f"Start {START_NOW_MINUTES} minutes now", ""),
    RecoveryOption("shrink", "Shrink it: a first step of five minutes", ""),
    RecoveryOption("reschedule", "Reschedule it", "Moved to {when}."),
    RecoveryOption("drop", "Drop it", "Dropped. One less thing to carry."),
    RecoveryOption("own", "Something else (your own words)", ""),
)

# The person's own words become the task's next step, and the timer is offered
# at once: a plan only helps if it is started.
OWN_OFFER = "Next step: “{text}”. Start it now — {minutes} min?"
OWN_ANSWERS = (("start", "Yes, start it now"), ("later", "Later: back to Today"))


def option(option_id: str) -> RecoveryOption:
    return next(o for o in OPTIONS if o.id == option_id)


def acknowledgement(planned: str | None, was_due: str | None = None) -> str:
    """Plain, no blame, no reasons: what happened, then what can happen now.

    `planned` is when it was meant to start, as Today writes it: "09:00"
    (today), "Fri 09:00", "3 Dec 09:00". `was_due`: the due date, once it has
    passed ("Mon", "16 Nov"): said too, as the truth, not as a reproach."""
    if planned:
        day, _, clock = planned.rpartition(" ")
        when = f"on {day} at {clock}" if day else f"at {clock}"
    else:
        when = "in time"
    due = f", and it was due {was_due}" if was_due else ""
    return f"This one didn't get started {when}{due}. That happens. What now?"


def start_now_minutes(step_minutes: int | None) -> int:
    """Five minutes now, or less when the step itself is shorter."""
    return min(START_NOW_MINUTES, step_minutes or START_NOW_MINUTES)


def should_forgive(waited: timedelta, forgave_last_time: bool) -> bool:
    return waited > FORGIVE_AFTER and not forgave_last_time
