"""The mirror: this machine's copy of the merged history, keyed by uid.

One table per synced table, named alike: `uid`, the stamp of the row's
creation (`_c`), whether it is deleted (`_alive`, and `_alive_at`: the stamp
of the last delete), then each column's value and the stamp of its last edit
(`<column>__at`, empty while that is the creation). So the session extension
records this machine's edits as changesets of these tables, and applies the
other machines' changesets to them; a conflict (a field changed on both sides,
a change to a row whose creation has not arrived yet) is merged field by field
by stamp: the later edit wins. The mirror lives beside the store, never in the
sync folder, and is only ever written by `startnow sync`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import apsw

from startnow.domain.sync_rule import MirrorRow, Shape
from startnow.store.sync.shape import BY_NAME, SHAPES, references

CREATED, ALIVE, ALIVE_AT = "_c", "_alive", "_alive_at"
STATE_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value)",
    # The last changeset number applied from each other machine.
    "CREATE TABLE IF NOT EXISTS applied (machine TEXT PRIMARY KEY, number INTEGER NOT NULL)",
    # This machine's changesets, kept until their file is in the folder.
    "CREATE TABLE IF NOT EXISTS outbox (number INTEGER PRIMARY KEY, data BLOB NOT NULL)",
)


def stamp_column(column: str) -> str:
    return f"{column}__at"


def mirror_columns(shape: Shape) -> tuple[str, ...]:
    pairs = [name for c in shape.columns for name in (c, stamp_column(c))]
    return ("uid", CREATED, ALIVE, ALIVE_AT, *pairs)


class Mirror:
    """The mirror file, open over apsw (SQLite with its session extension)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = apsw.Connection(str(path))
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")  # commit order is what makes a crash safe
        self.conn.set_busy_timeout(5000)
        with self.transaction():
            for sql in STATE_TABLES:
                self.conn.execute(sql)
            for shape in SHAPES:
                self._ensure_table(shape)

    def _ensure_table(self, shape: Shape) -> None:
        """Create the table, or add the columns a newer startnow declares."""
        wanted = mirror_columns(shape)
        found = [r[1] for r in self.conn.execute(f"PRAGMA table_info({shape.name})")]
        if not found:
            rest = ", ".join(wanted[1:])
            self.conn.execute(f"CREATE TABLE {shape.name} (uid TEXT PRIMARY KEY NOT NULL, {rest})")
            return
        for name in wanted:
            if name not in found:
                self.conn.execute(f"ALTER TABLE {shape.name} ADD COLUMN {name}")
        # What finds a row's neighbours: the rows that point at it, a week's commitments.
        for column in (*references(shape), *(["week"] if shape.name == "commitment" else [])):
            self.conn.execute(
                f"CREATE INDEX IF NOT EXISTS ix_{shape.name}_{column} ON {shape.name} ({column})"
            )

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if not self.conn.get_autocommit():
            self.conn.execute("ROLLBACK")

    # -- small state -------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def put(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def applied(self) -> dict[str, int]:
        return {m: int(n) for m, n in self.conn.execute("SELECT machine, number FROM applied")}

    def set_applied(self, machine: str, number: int) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO applied (machine, number) VALUES (?, ?)", (machine, number)
        )

    def queue(self, number: int, data: bytes) -> None:
        self.conn.execute("INSERT INTO outbox (number, data) VALUES (?, ?)", (number, data))

    def queued(self) -> list[tuple[int, bytes]]:
        return [
            (int(n), bytes(d))
            for n, d in self.conn.execute("SELECT number, data FROM outbox ORDER BY number")
        ]

    def unqueue(self, number: int) -> None:
        self.conn.execute("DELETE FROM outbox WHERE number = ?", (number,))

    # -- the merged rows ---------------------------------------------------
    def rows(self, shape: Shape, uids: Iterable[str] | None = None) -> dict[str, MirrorRow]:
        """One table's rows (all, or those of `uids`), values and stamps as the rule needs."""
        latest = ", ".join(f"coalesce({stamp_column(c)}, '')" for c in shape.columns)
        select = (
            f"SELECT uid, {CREATED}, {ALIVE}, {ALIVE_AT}, max('', {latest}), "
            f"{', '.join(shape.columns)} FROM {shape.name}"
        )
        if uids is None:
            records: Iterable[Any] = self.conn.execute(select)
        else:
            wanted = sorted(uids)
            records = [
                r
                for i in range(0, len(wanted), 500)
                for r in self.conn.execute(
                    f"{select} WHERE uid IN ({', '.join('?' * len(wanted[i : i + 500]))})",
                    wanted[i : i + 500],
                )
            ]
        columns = shape.columns
        return {
            uid: MirrorRow(
                created,
                alive != 0,
                alive_at or created,
                edited or None,
                dict(zip(columns, rest, strict=True)),
            )
            for uid, created, alive, alive_at, edited, *rest in records
        }

    def component(self, seeds: dict[str, set[str]]) -> dict[str, set[str]]:
        """The seeds and every row linked to them, both ways, by references (and
        a commitment's week): all that the conflict rule can look at when it
        decides how the seeds show, so the rule can run on these rows alone."""
        found: dict[str, set[str]] = {s.name: set() for s in SHAPES}
        frontier = [(t, u) for t, uids in seeds.items() for u in uids]
        pointing = {
            s.name: [
                (c.name, column)
                for c in SHAPES
                for column, other in references(c).items()
                if other == s.name
            ]  # fmt: skip
            for s in SHAPES
        }
        while frontier:
            table, uid = frontier.pop()
            if uid in found[table]:
                continue
            found[table].add(uid)
            refs = references(BY_NAME[table])
            if refs:
                row = self.conn.execute(
                    f"SELECT {', '.join(refs)} FROM {table} WHERE uid = ?", (uid,)
                ).fetchone()
                for value, other in zip(row or (), refs.values(), strict=False):
                    if isinstance(value, str):
                        frontier.append((other, value))
            for child, column in pointing[table]:
                for (other,) in self.conn.execute(
                    f"SELECT uid FROM {child} WHERE {column} = ?", (uid,)
                ):
                    frontier.append((child, other))
            if table == "commitment":
                for (other,) in self.conn.execute(
                    "SELECT uid FROM commitment WHERE week = "
                    "(SELECT week FROM commitment WHERE uid = ?)",
                    (uid,),
                ):
                    frontier.append((table, other))
        return found

    @staticmethod
    def touched(changeset: bytes) -> dict[str, set[str]]:
        """The rows a changeset changes, by table."""
        found: dict[str, set[str]] = {s.name: set() for s in SHAPES}
        for change in apsw.Changeset.iter(changeset):
            values = change.old if change.old is not None else change.new
            if values is not None and change.name in found:
                found[change.name].add(str(values[0]))
        return found

    def write_rows(
        self, shape: Shape, stamp: str, rows: Iterable[tuple[str, dict[str, object]]]
    ) -> None:
        """New rows made on this machine, created at `stamp`."""
        names = mirror_columns(shape)
        sql = (
            f"INSERT INTO {shape.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        )
        self.conn.executemany(
            sql,
            (
                (uid, stamp, 1, None, *[x for c in shape.columns for x in (values.get(c), None)])
                for uid, values in rows
            ),
        )

    def write_edits(self, shape: Shape, stamp: str, uid: str, values: dict[str, object]) -> None:
        sets = ", ".join(f"{c} = ?, {stamp_column(c)} = ?" for c in values)
        args = [x for v in values.values() for x in (v, stamp)]
        self.conn.execute(f"UPDATE {shape.name} SET {sets} WHERE uid = ?", (*args, uid))

    def write_alive(self, shape: Shape, stamp: str, uid: str, alive: bool) -> None:
        self.conn.execute(
            f"UPDATE {shape.name} SET {ALIVE} = ?, {ALIVE_AT} = ? WHERE uid = ?",
            (1 if alive else 0, stamp, uid),
        )

    def recorded(self, work: Callable[[], None]) -> bytes:
        """Run `work` (this machine's edits) and return them as a changeset."""
        session = apsw.Session(self.conn, "main")
        try:
            for shape in SHAPES:
                session.attach(shape.name)
            work()
            return session.changeset() if not session.is_empty else b""
        finally:
            session.close()

    def apply(self, changeset: bytes) -> int:
        """Apply another machine's changeset; returns how many changes it held.

        Every change that meets no conflict is applied by SQLite as it is; a
        conflicting one is left out by the handler and merged field by field
        right after, inside the same transaction."""
        conflicts: list[tuple[str, dict[str, object]]] = []
        names = {s.name: mirror_columns(s) for s in SHAPES}

        def on_conflict(reason: int, change: apsw.TableChange) -> int:
            if reason == apsw.SQLITE_CHANGESET_FOREIGN_KEY:
                return apsw.SQLITE_CHANGESET_OMIT  # the mirror has no foreign keys
            columns = names[change.name]
            uid = change.old[0] if change.old is not None else change.new[0]  # type: ignore[index]
            incoming = {
                columns[i]: value
                for i, value in enumerate(change.new or ())
                if i > 0 and value is not apsw.no_change
            }
            conflicts.append((change.name, {"uid": uid, **incoming}))
            return apsw.SQLITE_CHANGESET_OMIT

        count = sum(1 for _ in apsw.Changeset.iter(changeset))
        apsw.Changeset.apply(changeset, self.conn, conflict=on_conflict)
        for table, incoming in conflicts:
            self._merge(table, incoming)
        return count

    def _merge(self, table: str, incoming: dict[str, object]) -> None:
        """One conflicting change, field by field: the later stamp wins."""
        shape = next(s for s in SHAPES if s.name == table)
        names = mirror_columns(shape)
        uid = incoming["uid"]
        row = self.conn.execute(
            f"SELECT {', '.join(names)} FROM {table} WHERE uid = ?", (uid,)
        ).fetchone()
        current = dict(zip(names, row, strict=True)) if row is not None else {"uid": uid}
        created_in: Any = incoming.get(CREATED)
        created_now: Any = current.get(CREATED)

        def stamp(side: dict[str, Any], created: Any, column: str) -> Any:
            return side.get(stamp_column(column)) or created

        update: dict[str, object] = {}
        if created_in is not None and (created_now is None or created_in < created_now):
            update[CREATED] = created_in
            if row is not None:  # what took its stamp from the old creation keeps it
                for column in (*shape.columns, ALIVE):
                    at = ALIVE_AT if column == ALIVE else stamp_column(column)
                    if current.get(at) is None:
                        update[at] = created_now
        for column in shape.columns:
            if column not in incoming and stamp_column(column) not in incoming:
                continue
            theirs, ours = stamp(incoming, created_in, column), stamp(current, created_now, column)
            if theirs is not None and (ours is None or theirs > ours):
                update[column] = incoming.get(column)
                update[stamp_column(column)] = theirs
        if ALIVE in incoming:
            theirs = str(incoming.get(ALIVE_AT) or created_in or "") or None
            ours = str(current.get(ALIVE_AT) or created_now or "") or None
            if theirs is not None and (ours is None or theirs > ours):
                update[ALIVE], update[ALIVE_AT] = incoming[ALIVE], theirs
        if not update:
            return
        if row is None:
            keys = ["uid", *update]
            self.conn.execute(
                f"INSERT INTO {table} ({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})",
                (uid, *update.values()),
            )
        else:
            sets = ", ".join(f"{k} = ?" for k in update)
            self.conn.execute(f"UPDATE {table} SET {sets} WHERE uid = ?", (*update.values(), uid))
