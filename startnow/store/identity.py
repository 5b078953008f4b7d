"""Global row identity for sync: a `uid` on every table, kept by the store itself.

Local ids stay the short numbers people type (`startnow done 12`); two
machines that both add a task offline give it the same local id, so sync
needs an identity that cannot collide. It is a column the rest of the app never
names: the store fills it on every insert (an AFTER INSERT trigger with
`randomblob`), whichever path wrote the row (the ORM, the fast path, an
import, an undo), and a unique index makes it an identity. It is not declared
in `tables.py` on purpose: code that copies a row through the declaration (a
recurring task's rollover) must get a new identity, not a copy of the old one.

A new store and a migrated one get it through the same `install`, after the
declared columns (where ALTER TABLE puts it), so both have the same schema.
Stdlib only: the migration imports it.
"""

from __future__ import annotations

import sqlite3

from startnow.store import tables

UID = "uid"
# 16 random bytes as 32 hex digits: no two machines will ever draw the same.
NEW_UID = "lower(hex(randomblob(16)))"
# What sync keeps in the store itself: its generation, written in the same
# transaction as the merged rows, so a crash between that commit and the
# mirror's is recognised on the next sync (services/sync.py).
SYNC_STATE = "sync_state"


def statements(table: tables.Table) -> tuple[str, ...]:
    """The DDL that gives one table its uid, unique and filled on insert."""
    name = table.name
    return (
        f"ALTER TABLE {name} ADD COLUMN {UID} VARCHAR",
        f"CREATE UNIQUE INDEX ux_{name}_uid ON {name} ({UID})",
        f"CREATE TRIGGER tr_{name}_uid AFTER INSERT ON {name} WHEN NEW.{UID} IS NULL "
        f"BEGIN UPDATE {name} SET {UID} = {NEW_UID} WHERE rowid = NEW.rowid; END",
    )


def install(conn: sqlite3.Connection) -> None:
    """Add the uid to every table and fill it for the rows already there (a
    migration keeps every row and gives each its identity), plus the table of
    sync's own state. Runs inside the caller's transaction."""
    for table in tables.TABLES:
        add_column, unique, trigger = statements(table)
        conn.execute(add_column)
        conn.execute(f"UPDATE {table.name} SET {UID} = {NEW_UID}")
        conn.execute(unique)
        conn.execute(trigger)
    conn.execute(
        f"CREATE TABLE {SYNC_STATE} (key VARCHAR PRIMARY KEY NOT NULL, value VARCHAR NOT NULL)"
    )
