"""A plain sqlite3 connection for commands that only read (`review --format`):
no SQLAlchemy import, no schema work. The app's full open (store.db) stays the
one place that creates, checks in depth and migrates; whenever the file is not
plainly startnow's at the current schema, this answers None and the caller
takes that path, which then says what is wrong or upgrades the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from startnow.store import schema
from startnow.store.plain import has_sqlite_header


def connect_for_reading(path: Path) -> sqlite3.Connection | None:
    if not has_sqlite_header(path):
        return None
    conn = sqlite3.connect(path, timeout=schema.BUSY_TIMEOUT_MS / 1000)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == schema.APPLICATION_ID and version == schema.SCHEMA_VERSION:
            conn.execute("PRAGMA query_only = ON")
            return conn
    except sqlite3.DatabaseError:
        pass
    conn.close()
    return None
