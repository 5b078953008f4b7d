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

from startnow.store.schema import SCHEMA_VERSION

Migration = Callable[[sqlite3.Connection], None]

# MIGRATIONS[n] turns a version-n database into version n+1.
MIGRATIONS: dict[int, Migration] = {}


def backup_path(path: Path, version: int, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def migrate(path: Path, from_version: int, target: int = SCHEMA_VERSION) -> Path | None:
    """Copy the file aside, then step it up to `target`. Returns the backup's path."""
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
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return backup
