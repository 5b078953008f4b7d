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


MIGRATIONS: dict[int, Migration] = {1: add_outcome_index}


def backup_path(path: Path, version: int, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


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
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        backup = backup_path(path, from_version)
        target_conn = sqlite3.connect(backup)
        conn.backup(target_conn)
        target_conn.close()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for version in range(from_version, target):
                MIGRATIONS[version](conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
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
