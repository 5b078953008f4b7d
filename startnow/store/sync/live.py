"""The live store's side of sync: its rows by uid, and the merged rows written back.

Over plain sqlite3, like the rest of the store's writers: every table's rows
with references turned into uids (`read`), and, in the caller's one write
transaction, the store made equal to the merged rows (`write_back`): deletes
first (children before parents), then inserts and updates (parents first,
and closed tasks before open ones, so the one-open-instance-per-series index
never sees two at once), local ids found or made for every uid.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from startnow.domain.sync_rule import Values, Visible
from startnow.store import identity, schema
from startnow.store.sync.shape import BY_NAME, SHAPES, references

# Parents before children (a session points at a recovery, so recoveries come first).
WRITE_ORDER = ("task", "chunk", "recovery", "focus_session", "nudge_swap", "commitment")
GENERATION, APPLIED = "generation", "applied"


@dataclass
class Live:
    """The store's rows by uid, and each uid's local id."""

    rows: Visible = field(default_factory=dict)
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # table -> uid -> id


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=schema.busy_timeout_ms() / 1000, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def read(conn: sqlite3.Connection) -> Live:
    live = Live()
    by_id: dict[str, dict[int, str]] = {}
    raw: dict[str, list[tuple[object, ...]]] = {}
    for shape in SHAPES:
        found = conn.execute(
            f"SELECT id, {identity.UID}, {', '.join(shape.columns)} FROM {shape.name}"
        ).fetchall()
        raw[shape.name] = found
        by_id[shape.name] = {int(r[0]): str(r[1]) for r in found}
        live.ids[shape.name] = {str(r[1]): int(r[0]) for r in found}
    for shape in SHAPES:
        refs = references(shape)
        table: dict[str, Values] = {}
        for record in raw[shape.name]:
            values = dict(zip(shape.columns, record[2:], strict=True))
            for column, other in refs.items():
                local = values[column]
                values[column] = by_id[other].get(int(local)) if local is not None else None  # type: ignore[call-overload]
            table[str(record[1])] = values
        live.rows[shape.name] = table
    return live


def write_back(conn: sqlite3.Connection, live: Live, target: Visible) -> int:
    """Make the store show `target`; returns how many rows changed."""
    changed = 0
    for name in reversed(WRITE_ORDER):
        gone = [live.ids[name][u] for u in live.rows[name] if u not in target[name]]
        conn.executemany(f"DELETE FROM {name} WHERE id = ?", ((i,) for i in gone))
        for uid in [u for u in live.rows[name] if u not in target[name]]:
            del live.ids[name][uid]
        changed += len(gone)
    later: list[tuple[str, str, str]] = []  # (table, uid, column) set once every row exists
    for name in WRITE_ORDER:
        shape = BY_NAME[name]
        refs = references(shape)
        ids = live.ids[name]
        wanted = target[name]
        order = sorted(wanted, key=lambda u: wanted[u].get("status") == "open")
        for uid in order:
            values = wanted[uid]
            before = live.rows[name].get(uid)
            if before == values:
                continue
            local: dict[str, object] = {}
            for column in shape.columns:
                value = values[column]
                if column in refs and value is not None:
                    found = live.ids[refs[column]].get(str(value))
                    if found is None:  # a row of this table not written yet (a series)
                        later.append((name, uid, column))
                    value = found
                local[column] = value
            if before is None:
                columns = [identity.UID, *local]
                cursor = conn.execute(
                    f"INSERT INTO {name} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    (uid, *local.values()),
                )
                ids[uid] = int(cursor.lastrowid or 0)
            else:
                edits = {c: v for c, v in local.items() if before.get(c) != values[c]}
                sets = ", ".join(f"{c} = ?" for c in edits)
                conn.execute(f"UPDATE {name} SET {sets} WHERE id = ?", (*edits.values(), ids[uid]))
            changed += 1
    for name, uid, column in later:
        other = references(BY_NAME[name])[column]
        ref = live.ids[other][str(target[name][uid][column])]
        conn.execute(f"UPDATE {name} SET {column} = ? WHERE id = ?", (ref, live.ids[name][uid]))
    return changed


def generation(conn: sqlite3.Connection) -> tuple[int, dict[str, int]]:
    """How many syncs this store has taken in, and the changesets the last took."""
    found = dict(conn.execute(f"SELECT key, value FROM {identity.SYNC_STATE}").fetchall())
    return int(found.get(GENERATION, 0)), json.loads(found.get(APPLIED, "{}"))


def set_generation(conn: sqlite3.Connection, number: int, applied: dict[str, int]) -> None:
    conn.executemany(
        f"INSERT OR REPLACE INTO {identity.SYNC_STATE} (key, value) VALUES (?, ?)",
        ((GENERATION, str(number)), (APPLIED, json.dumps(applied, sort_keys=True))),
    )
