"""Focus-timer arithmetic. Remaining time comes from the stored start and the
clock, never from counting ticks: a suspended laptop or a killed terminal
cannot make the timer lie."""

from __future__ import annotations

from datetime import datetime, timedelta

from startnow.domain.states import Outcome

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `startnow status`
if TYPE_CHECKING:  # reads these rules and must not pay for the dataclasses of model.py
    from startnow.domain.model import SessionInfo
    from startnow.domain.shown import ShownSession


# Longer than any timer runs (about 31 years). A pause or a timer length that
# another program wrote, too big for a timedelta, is counted as this long.
LONGEST_SECONDS = 10**9


def _clipped(seconds: float) -> timedelta:
    return timedelta(seconds=min(max(seconds, 0), LONGEST_SECONDS))


def elapsed(session: SessionInfo | ShownSession, now: datetime) -> timedelta:
    """Focused time so far: wall time since the start, minus pauses (counted
    in seconds, so no stored pause can overflow the sum)."""
    until = session.ended_at or session.paused_at or now
    return _clipped((until - session.started_at).total_seconds() - session.paused_seconds)


def remaining(session: SessionInfo, now: datetime) -> timedelta:
    return _clipped(session.planned_minutes * 60 - elapsed(session, now).total_seconds())


def is_over(session: SessionInfo, now: datetime) -> bool:
    return remaining(session, now) <= timedelta(0)


def planned_end(session: SessionInfo) -> datetime:
    """When the bell rings if nothing is paused from now on."""
    return (
        session.started_at
        + timedelta(minutes=session.planned_minutes)
        + timedelta(seconds=session.paused_seconds)
    )


def logged_end(session: SessionInfo, now: datetime) -> tuple[datetime, str]:
    """Ending a session found still open on launch: as far as it could have run.

    It ends at its pause, at its planned end if the timer would have rung while
    the app was closed, else now. The outcome is "unknown" every time: nobody saw
    whether the person kept going, so a bell that would have rung is no
    "completed" and a pause left behind is no "stopped".
    """
    if session.paused_at is not None:
        return session.paused_at, Outcome.UNKNOWN
    return min(planned_end(session), now), Outcome.UNKNOWN


def clock_face(delta: timedelta) -> str:
    """MM:SS for the big countdown (HH:MM:SS past an hour)."""
    total = int(delta.total_seconds() + 0.999)  # 04:59.2 left shows 05:00, not 04:59
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins:02d}:{secs:02d}"
