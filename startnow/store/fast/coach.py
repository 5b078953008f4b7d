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
       nudge_helped, blocker_chosen
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
    from startnow.domain.evidence import StoredSession, StoredSwap

    start, end = int(since.timestamp()), int(until.timestamp())
    try:
        sessions = [
            StoredSession(
                instant(started),
                task_id,
                None if blocker is None else safe(blocker),
                safe(nudge_id),
                outcome,
                focused,
                _optional_bool(helped),
                _optional_bool(chosen),
            )
            for started, task_id, blocker, nudge_id, outcome, focused, helped, chosen in fetch(
                conn, NUDGED_SESSIONS, (start, end, limit)
            )
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
