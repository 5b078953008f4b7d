"""Schema identity, kept free of SQLAlchemy so the quick-add path can check it cheaply.

The tables themselves are defined once, in `models.py`; this module only says
which version of them a database file holds (SQLite's `user_version`) and that
the file is startnow's (`application_id`).
"""

import os

# 2: an index for the coach's outcome counts; 3: one for the running session;
# 4: focus_session.blocker_chosen (a blocker chosen, or the question's default);
# 5: recurring tasks (task.recurrence, series_id, anchor; one open per series);
# 6: a partial index of closed tasks; 7: how a session's nudge was chosen;
# 8: a global uid on every row, for sync
SCHEMA_VERSION = 8
APPLICATION_ID = 0x53544E57  # "STNW"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
BUSY_TIMEOUT_ENV = "STARTNOW_BUSY_TIMEOUT_MS"


def busy_timeout_ms() -> int:
    """How long to wait for another startnow's write to finish before saying the
    database is busy: BUSY_TIMEOUT_MS, or $STARTNOW_BUSY_TIMEOUT_MS when that is a
    whole number of milliseconds (0 or more; anything else is ignored).

    The override is for tests (which should not wait 5 s for a lock) and slow
    shared disks. Read from os.environ only: it is on the quick-add path.
    """
    value = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if value.isdigit():
        return int(value)
    return BUSY_TIMEOUT_MS
