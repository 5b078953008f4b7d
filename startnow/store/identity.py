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
# The rows written since the last sync, each with its values before the first
# of those writes (JSON, references as uids; NULL: the row is new). Kept by
# triggers once a store has synced, so a sync reads what changed, not every row.
SYNC_DIRTY = "sync_dirty"
# task.series_id is the first instance's id, a reference the schema doesn't declare.
UNDECLARED_REFERENCES = {"task": {"series_id": "task"}}


def statements(table: tables.Table) -> tuple[str, ...]:
    """The DDL that gives one table its uid, unique and filled on insert."""
    name = table.name
    return (
        f"ALTER TABLE {name} ADD COLUMN {UID} VARCHAR",
        f"CREATE UNIQUE INDEX ux_{name}_uid ON {name} ({UID})",
        f"CREATE TRIGGER tr_{name}_uid AFTER INSERT ON {name} WHEN NEW.{UID} IS NULL "
        f"BEGIN UPDATE {name} SET {UID} = {NEW_UID} WHERE rowid = NEW.rowid; END",
    )


def references(table: tables.Table) -> dict[str, str]:
    """column -> the table whose id it holds."""
    found = {
        c.name: c.references[0].split(".")[0] for c in table.columns if c.references is not None
    }
    return {**found, **UNDECLARED_REFERENCES.get(table.name, {})}


def image(conn: sqlite3.Connection, table: tables.Table, row: str) -> str:
    """SQL for a row's values as JSON, references as uids (`row`: OLD or NEW).
    From the table's actual columns, so a column added later is in it too."""
    refs = references(table)
    names = [r[1] for r in conn.execute(f"PRAGMA table_info({table.name})")]
    parts = []
    for name in names:
        if name in ("id", UID):
            continue
        value = f"{row}.{name}"
        if name in refs:
            value = f"(SELECT {UID} FROM {refs[name]} WHERE id = {row}.{name})"
        parts.append(f"'{name}', {value}")
    return f"json_object({', '.join(parts)})"


def refresh_triggers(conn: sqlite3.Connection) -> None:
    """(Re)make the triggers that keep `sync_dirty`, from the columns as they
    are now: the last step of creating or migrating a store."""
    synced = f"EXISTS (SELECT 1 FROM {SYNC_STATE})"
    for table in tables.TABLES:
        name = table.name
        for kind in ("inserted", "updated", "deleted"):
            conn.execute(f"DROP TRIGGER IF EXISTS tr_{name}_sync_{kind}")
        record = f"INSERT OR IGNORE INTO {SYNC_DIRTY} (tbl, uid, before)"
        conn.execute(
            f"CREATE TRIGGER tr_{name}_sync_inserted AFTER INSERT ON {name} WHEN {synced} "
            f"BEGIN {record} SELECT '{name}', {UID}, NULL FROM {name} "
            f"WHERE rowid = NEW.rowid AND {UID} IS NOT NULL; END"
        )
        # (An insert's uid is filled by an update: that one is still a new row.)
        conn.execute(
            f"CREATE TRIGGER tr_{name}_sync_updated AFTER UPDATE ON {name} WHEN {synced} "
            f"BEGIN {record} VALUES ('{name}', coalesce(OLD.{UID}, NEW.{UID}), "
            f"CASE WHEN OLD.{UID} IS NULL THEN NULL ELSE {image(conn, table, 'OLD')} END); END"
        )
        conn.execute(
            f"CREATE TRIGGER tr_{name}_sync_deleted AFTER DELETE ON {name} WHEN {synced} "
            f"BEGIN {record} VALUES ('{name}', OLD.{UID}, {image(conn, table, 'OLD')}); END"
        )


def install(conn: sqlite3.Connection) -> None:
    """Add the uid to every table and fill it for the rows already there (a
    migration keeps every row and gives each its identity), plus sync's own
    two tables. Runs inside the caller's transaction."""
    for table in tables.TABLES:
        add_column, unique, trigger = statements(table)
        conn.execute(add_column)
        conn.execute(f"UPDATE {table.name} SET {UID} = {NEW_UID}")
        conn.execute(unique)
        conn.execute(trigger)
    conn.execute(
        f"CREATE TABLE {SYNC_STATE} (key VARCHAR PRIMARY KEY NOT NULL, value VARCHAR NOT NULL)"
    )
    conn.execute(
        f"CREATE TABLE {SYNC_DIRTY} (tbl VARCHAR NOT NULL, uid VARCHAR NOT NULL, "
        "before VARCHAR, PRIMARY KEY (tbl, uid))"
    )
    refresh_triggers(conn)


def has_identity(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SYNC_DIRTY,)
    )
    return found.fetchone() is not None
