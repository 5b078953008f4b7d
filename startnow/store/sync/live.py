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


def canonical_select(shape_name: str) -> str:
    """Every row of a table as sync sees it: id, uid, then the columns with
    each reference as the referenced row's uid."""
    shape = BY_NAME[shape_name]
    refs = references(shape)
    columns = [
        f"(SELECT {identity.UID} FROM {refs[c]} r WHERE r.id = t.{c})" if c in refs else f"t.{c}"
        for c in shape.columns
    ]
    return f"SELECT t.id, t.{identity.UID}, {', '.join(columns)} FROM {shape_name} t"


def _take(live: Live, name: str, found: list[tuple[object, ...]]) -> None:
    columns = BY_NAME[name].columns
    table = live.rows.setdefault(name, {})
    ids = live.ids.setdefault(name, {})
    for record in found:
        table[str(record[1])] = dict(zip(columns, record[2:], strict=True))
        ids[str(record[1])] = int(record[0])  # type: ignore[call-overload]


def read(conn: sqlite3.Connection) -> Live:
    """Every row of the store."""
    live = Live()
    for shape in SHAPES:
        _take(live, shape.name, conn.execute(canonical_select(shape.name)).fetchall())
    return live


def read_some(conn: sqlite3.Connection, uids: dict[str, set[str]]) -> Live:
    """The store's rows with these uids (those it has)."""
    live = Live()
    for shape in SHAPES:
        wanted = sorted(uids.get(shape.name, ()))
        _take(live, shape.name, [])
        for i in range(0, len(wanted), 500):
            part = wanted[i : i + 500]
            marks = ", ".join("?" * len(part))
            sql = f"{canonical_select(shape.name)} WHERE t.{identity.UID} IN ({marks})"
            _take(live, shape.name, conn.execute(sql, part).fetchall())
    return live


def dirty(conn: sqlite3.Connection) -> dict[str, dict[str, Values | None]]:
    """The rows written since the last sync, with their values before (None: new)."""
    found: dict[str, dict[str, Values | None]] = {s.name: {} for s in SHAPES}
    for table, uid, before in conn.execute(f"SELECT tbl, uid, before FROM {identity.SYNC_DIRTY}"):
        if table in found:
            found[table][uid] = json.loads(before) if before is not None else None
    return found


def forget_dirty(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM {identity.SYNC_DIRTY}")


def write_back(conn: sqlite3.Connection, live: Live, target: Visible) -> int:
    """Make the store show `target`; returns how many rows changed."""
    changed = 0
    for name in reversed(WRITE_ORDER):
        gone = [u for u in live.rows[name] if u not in target[name]]
        conn.executemany(f"DELETE FROM {name} WHERE id = ?", ((live.ids[name][u],) for u in gone))
        for uid in gone:
            del live.ids[name][uid]
        changed += len(gone)
    for name in WRITE_ORDER:
        shape = BY_NAME[name]
        ids, before_rows, wanted = live.ids[name], live.rows[name], target[name]
        new = sorted(u for u in wanted if u not in before_rows)
        # Ids for the new rows first, so a reference within the table (a series) resolves.
        next_id = int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {name}").fetchone()[0]) + 1
        for offset, uid in enumerate(new):
            ids[uid] = next_id + offset
        insert = (
            f"INSERT INTO {name} (id, {identity.UID}, {', '.join(shape.columns)}) "
            f"VALUES ({', '.join('?' * (len(shape.columns) + 2))})"
        )

        # Closed tasks before open ones: one open instance per series at every step.
        for opening in (False, True):
            phase = [u for u in wanted if (wanted[u].get("status") == "open") is opening]
            rows = [
                (ids[u], u, *local_values(live, name, wanted[u]))
                for u in phase
                if u not in before_rows
            ]
            conn.executemany(insert, rows)
            changed += len(rows)
            for uid in phase:
                before = before_rows.get(uid)
                if before is None or before == wanted[uid]:
                    continue
                values = dict(
                    zip(shape.columns, local_values(live, name, wanted[uid]), strict=True)
                )
                edits = {c: v for c, v in values.items() if before.get(c) != wanted[uid][c]}
                sets = ", ".join(f"{c} = ?" for c in edits)
                conn.execute(f"UPDATE {name} SET {sets} WHERE id = ?", (*edits.values(), ids[uid]))
                changed += 1
    return changed


def local_values(live: Live, table: str, values: Values) -> list[object]:
    """A row's values as the store keeps them: references as local ids."""
    refs = references(BY_NAME[table])
    out = []
    for column in BY_NAME[table].columns:
        value = values[column]
        if column in refs and value is not None:
            value = live.ids[refs[column]][str(value)]
        out.append(value)
    return out


def generation(conn: sqlite3.Connection) -> tuple[int, dict[str, int]]:
    """How many syncs this store has taken in, and the changesets the last took."""
    found = dict(conn.execute(f"SELECT key, value FROM {identity.SYNC_STATE}").fetchall())
    return int(found.get(GENERATION, 0)), json.loads(found.get(APPLIED, "{}"))


def set_generation(conn: sqlite3.Connection, number: int, applied: dict[str, int]) -> None:
    conn.executemany(
        f"INSERT OR REPLACE INTO {identity.SYNC_STATE} (key, value) VALUES (?, ?)",
        ((GENERATION, str(number)), (APPLIED, json.dumps(applied, sort_keys=True))),
    )
