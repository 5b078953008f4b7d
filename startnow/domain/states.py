"""The words a task's status and a session's outcome are stored as.

Apart from model.py's dataclasses so that the lightest paths (`startnow status`)
can compare against them without loading `dataclasses`.
"""

from __future__ import annotations

from enum import StrEnum


class TaskStatus(StrEnum):
    """Where a task stands. A StrEnum equals its string: the store and the JSON
    export hold these words, and a status read back compares equal to a member."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Outcome(StrEnum):
    """How a focus session ended: the timer ran out (or "done" early), it was
    stopped part-way, or it was abandoned; or nobody knows (`UNKNOWN`): it was
    found still open on launch, so whether the person kept at it while the app
    was closed was never seen, and it teaches the coach nothing."""

    COMPLETED = "completed"
    STOPPED = "stopped"
    ABANDONED = "abandoned"
    UNKNOWN = "unknown"


__all__ = ["Outcome", "TaskStatus"]
