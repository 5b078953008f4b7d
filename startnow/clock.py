"""Time sources. Everything that asks "what time is it?" gets a Clock injected,
so tests can fix the instant instead of sleeping or freezing time."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

Clock = Callable[[], datetime]


NOW_ENV = "STARTNOW_NOW"


def system_clock() -> datetime:
    """The real clock, always aware and in UTC (instants are stored in UTC).
    $STARTNOW_NOW (an ISO instant with its offset) stands in for it, so the
    command line can be run at a fixed time by tests and reproducible demos;
    one without an offset, or unreadable, is ignored."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        try:
            instant = datetime.fromisoformat(fixed)
        except ValueError:
            instant = None
        if instant is not None and instant.tzinfo is not None:
            return instant.astimezone(UTC)
    return datetime.now(UTC)


def fixed_clock(instant: datetime) -> Clock:
    """A clock stuck at one instant: for tests and for reproducible demos."""
    if instant.tzinfo is None:
        raise ValueError("fixed_clock needs an aware datetime")
    return lambda: instant


def local_zone() -> tzinfo:
    """The user's zone with its daylight-saving rules (not a fixed offset).

    Days and weeks are local; a fixed offset would put Monday's 00:30 into Sunday
    after a clock change. Falls back to the current offset when no zone data exists.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        tz = datetime.now().astimezone().tzinfo
        assert tz is not None
        return tz


class ManualClock:
    """A clock that moves only when told to: tests advance it instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now
