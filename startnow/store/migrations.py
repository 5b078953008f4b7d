"""Schema migrations: a numbered list of small SQL steps, run in order.

Why not Alembic: one user, one SQLite file, and a handful of additive changes.
A version in `PRAGMA user_version` plus a list of functions is all the
machinery that needs, costs nothing to import on the quick-add path, and keeps
the backup-then-migrate rule in one place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from startnow.errors import StartnowError
from startnow.store import schema

Migration = Callable[[sqlite3.Connection], None]


# MIGRATIONS[n] turns a version-n database into version n+1. Each runs inside the
# one transaction of `migrate` (SQLite's DDL is transactional): no COMMIT inside.
def add_outcome_index(conn: sqlite3.Connection) -> None:
    """1 -> 2: the covering index the coach counts nudge outcomes with (as models.py
    declares it, so a migrated store and a new one have the same schema)."""
    conn.execute(
        "CREATE INDEX ix_focus_session_nudge_outcome "
        "ON focus_session (nudge_id, outcome, nudge_helped)"
    )


def add_running_index(conn: sqlite3.Connection) -> None:
    """2 -> 3: a partial index of the sessions still running (as tables.py
    declares it), so finding the running one never reads every session."""
    conn.execute(
        "CREATE INDEX ix_focus_session_running ON focus_session (started_at) "
        "WHERE ended_at IS NULL"
    )


def add_blocker_chosen(conn: sqlite3.Connection) -> None:
    """3 -> 4: whether a session's blocker was chosen or the question's default.

    Before schema 4 the question always opened on overwhelm, so an older
    session's "overwhelm" may be three Enters, not a choice: it is left NULL
    (not known), and counts as not chosen. Any other blocker took moving the
    highlight, so it was chosen. The coach's covering index gains the column."""
    conn.execute("ALTER TABLE focus_session ADD COLUMN blocker_chosen BOOLEAN")
    conn.execute(
        "UPDATE focus_session SET blocker_chosen = 1 "
        "WHERE blocker IS NOT NULL AND blocker != 'overwhelm'"
    )
    conn.execute("DROP INDEX ix_focus_session_nudge_outcome")
    conn.execute(
        "CREATE INDEX ix_focus_session_nudge_outcome "
        "ON focus_session (nudge_id, outcome, nudge_helped, blocker_chosen)"
    )


def add_recurrence(conn: sqlite3.Connection) -> None:
    """4 -> 5: recurring tasks. Every older task is a one-off (NULL rule and
    series); the unique partial index keeps one open instance per series."""
    conn.execute("ALTER TABLE task ADD COLUMN recurrence VARCHAR")
    conn.execute("ALTER TABLE task ADD COLUMN series_id INTEGER")
    conn.execute("ALTER TABLE task ADD COLUMN anchor VARCHAR")
    conn.execute(
        "CREATE UNIQUE INDEX ux_task_open_series ON task (series_id) WHERE status = 'open'"
    )


def add_closed_index(conn: sqlite3.Connection) -> None:
    """5 -> 6: a partial index of the closed tasks by when (as tables.py
    declares it), for the day so far's "done" without reading every task."""
    conn.execute(
        "CREATE INDEX ix_task_closed_at ON task (closed_at) WHERE closed_at IS NOT NULL"
    )


def add_choice_record(conn: sqlite3.Connection) -> None:
    """6 -> 7: how each session's nudge was chosen, for the coach's own check
    against chance and the quick-start signal. Older sessions are not known
    (NULL): they count for neither side of that check."""
    conn.execute("ALTER TABLE focus_session ADD COLUMN nudge_shown_at INTEGER")
    conn.execute("ALTER TABLE focus_session ADD COLUMN chosen_at_random BOOLEAN")
    conn.execute("ALTER TABLE focus_session ADD COLUMN choice_per_million INTEGER")
    conn.execute("ALTER TABLE focus_session ADD COLUMN random_per_million INTEGER")


def add_sync_identity(conn: sqlite3.Connection) -> None:
    """7 -> 8: a global identity (`uid`) on every row, for sync between
    machines, filled for every row already there (store/identity.py)."""
    from startnow.store import identity

    identity.install(conn)


MIGRATIONS: dict[int, Migration] = {
    1: add_outcome_index,
    2: add_running_index,
    3: add_blocker_chosen,
    4: add_recurrence,
    5: add_closed_index,
    6: add_choice_record,
    7: add_sync_identity,
}


def _refresh_sync_triggers(conn: sqlite3.Connection) -> None:
    """Sync's triggers name every column: after the steps, made again from the
    columns as they now are, as a new store makes them (store/identity.py)."""
    from startnow.store import identity

    if identity.has_identity(conn):
        identity.refresh_triggers(conn)


def claim_backup_path(path: Path, version: int, now: datetime | None = None) -> Path:
    """A new, empty file beside the store for its copy: `<name>.v1-<UTC stamp>.bak`,
    with `-2`, `-3`... when that name is taken (two upgrades in one second must
    not write over each other's copy)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        candidate = path.with_name(f"{path.name}.v{version}-{stamp}{suffix}.bak")
        try:
            candidate.touch(mode=0o600, exist_ok=False)  # a copy of the store: as private
            return candidate
        except FileExistsError:
            continue
    raise StartnowError(f"could not find a free name for a copy of {path} before upgrading it")


def migrate(path: Path, from_version: int, target: int | None = None) -> Path | None:
    """Copy the file aside, then step it up to `target` (default: the current
    schema, read at call time) in one transaction. Returns the backup's path.

    A failing step rolls everything back: the file stays at `from_version`, and
    the user gets one line saying so and where the copy is.
    """
    target = schema.SCHEMA_VERSION if target is None else target
    if from_version >= target:
        return None
    missing = [v for v in range(from_version, target) if v not in MIGRATIONS]
    if missing:
        raise RuntimeError(f"no migration from schema {missing[0]}")
    conn = sqlite3.connect(path, timeout=schema.busy_timeout_ms() / 1000, isolation_level=None)
    try:
        backup = claim_backup_path(path, from_version)
        try:
            # VACUUM INTO, not Connection.backup: the backup API retries for
            # ever while another connection is busy; this waits the busy
            # timeout, then says so. (Not under the write lock: SQLite can't
            # copy from a connection that is writing.)
            conn.execute("VACUUM INTO ?", (str(backup),))
        except BaseException:
            backup.unlink(missing_ok=True)  # no empty copy left behind
            raise
        conn.execute("BEGIN IMMEDIATE")
        # Another startnow opening the same old store at the same moment may
        # have upgraded it while this one waited for the lock.
        if conn.execute("PRAGMA user_version").fetchone()[0] >= target:
            conn.execute("ROLLBACK")
            backup.unlink(missing_ok=True)
            return None
        try:
            for version in range(from_version, target):
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            _refresh_sync_triggers(conn)
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            raise StartnowError(
                f"could not upgrade {path} from schema {from_version} to {target} ({exc}); "
                f"it was left as it was, and a copy is at {backup}"
            ) from exc
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return backup
