"""The learner's read: this person's recent nudged sessions and swaps.

Bounded twice, so the nudge screen stays instant on a heavy store: a window
of days (evidence older than ten half-lives weighs under a thousandth) and a
number of rows, newest first over the `started_at` and `at` indexes.
"""

from __future__ import annotations

from datetime import datetime

from startnow.domain.safe_text import safe
from startnow.errors import UnreadableValue
from startnow.store.fast import UNREADABLE, _optional_bool, fetch, first_unreadable, instant

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

    from startnow.domain.evidence import StoredSession, StoredSwap

NUDGED_SESSIONS = """
SELECT started_at, task_id, blocker, nudge_id, outcome,
       CASE WHEN ended_at IS NOT NULL
            THEN MAX(ended_at - started_at - COALESCE(paused_seconds, 0), 0) END,
       nudge_helped, blocker_chosen,
       nudge_shown_at, chosen_at_random, choice_per_million, random_per_million
FROM focus_session
WHERE started_at >= ? AND started_at < ? AND nudge_id IS NOT NULL
ORDER BY started_at DESC LIMIT ?
"""
SWAPS_SINCE = """
SELECT at, blocker, nudge_id FROM nudge_swap WHERE at >= ? AND at < ? ORDER BY at DESC LIMIT ?
"""


def read_learning_rows(
    conn: Any, since: datetime, until: datetime, limit: int
) -> tuple[list[StoredSession], list[StoredSwap]]:
    """The newest `limit` nudged sessions started from `since` to before
    `until`, and the swaps made over the same span (at most `limit`), newest first."""
    from startnow.domain.against_chance import from_per_million
    from startnow.domain.evidence import StoredSession, StoredSwap

    start, end = int(since.timestamp()), int(until.timestamp())
    try:
        sessions = [
            StoredSession(
                instant(row[0]),
                row[1],
                None if row[2] is None else safe(row[2]),
                safe(row[3]),
                row[4],
                row[5],
                _optional_bool(row[6]),
                _optional_bool(row[7]),
                None if row[8] is None else instant(row[8]),
                _optional_bool(row[9]),
                from_per_million(_whole(row[10])),
                from_per_million(_whole(row[11])),
            )
            for row in fetch(conn, NUDGED_SESSIONS, (start, end, limit))
        ]
        if len(sessions) == limit:  # the sessions stop short of `since`: so do the swaps
            start = int(sessions[-1].started_at.timestamp())
        swaps = [
            StoredSwap(instant(at), None if blocker is None else safe(blocker), safe(nudge_id))
            for at, blocker, nudge_id in fetch(conn, SWAPS_SINCE, (start, end, limit))
            if nudge_id is not None
        ]
    except UNREADABLE:  # a time another program wrote: name its row
        raise first_unreadable(conn) or UnreadableValue(None, None, None, "", None) from None
    return sessions, swaps


def _whole(value: object) -> int | None:
    """A stored whole number, or None; anything else is unreadable (raises ValueError)."""
    if value is None or type(value) is int:
        return value
    raise ValueError(value)
