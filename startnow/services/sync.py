"""`startnow sync`: two machines, one history, through a folder.

One sync, in the order that makes a crash at any point safe:

1. In one write transaction on the store and one on the mirror (this
   machine's merged record, `store/sync/mirror.py`): this machine's edits
   since the last sync (the rows `sync_dirty` lists, against their values
   before; every row on a first sync) are stamped (`domain/hlc.py`) and
   written into the mirror while SQLite's session extension records them:
   that changeset is queued in the mirror's outbox under this machine's next
   number.
2. Every other machine's changesets not yet applied are checked (complete,
   undamaged, not from a newer schema) and applied to the mirror, conflicts
   merged by the one rule (`domain/sync_rule.py`).
3. The store is made to show the merged record (the rule run on the rows
   linked to what changed on either side), and its sync generation and the
   changesets taken in are written with it: the store commits first.
4. The mirror commits (the changesets are recorded as applied only now), then
   the outbox is written into the folder, one immutable file each.

A kill between 3 and 4 leaves the store one generation ahead of the mirror:
the next sync applies the same changesets to the mirror again first, so the
store's new rows are not taken for local edits. Before 3 both roll back. After
4, an outbox file not yet written is written by the next sync.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from startnow.domain.hlc import HybridClock, Stamp
from startnow.domain.sync_rule import MirrorRow, Values, Visible, visible
from startnow.errors import StartnowError
from startnow.store import checked, schema
from startnow.store.sync import files, live
from startnow.store.sync.mirror import Mirror
from startnow.store.sync.shape import SHAPES

# A test's way to kill the process at one point of a sync (never set by users).
FAULT_ENV = "STARTNOW_SYNC_FAULT"
FAULT_EXIT = 86


@dataclass
class SyncSummary:
    machine: str
    folder: str
    sent: str | None = None  # the file written, if there were edits to send
    sent_changes: int = 0
    received: list[str] = field(default_factory=list)  # files applied
    received_changes: int = 0
    rows_changed: int = 0  # rows of the store written
    waiting: list[str] = field(default_factory=list)  # files still being copied in


def crash_point(name: str) -> None:
    if os.environ.get(FAULT_ENV) == name:
        os._exit(FAULT_EXIT)


def state_dir(db_path: Path) -> Path:
    """Sync's own files, beside the store (never in the sync folder)."""
    return db_path.with_name(db_path.name + ".sync")


def check_folder(folder: Path, db_path: Path) -> None:
    if not folder.exists():
        raise StartnowError(
            f"the sync folder {folder} does not exist (create it, or check the path)"
        )
    if not folder.is_dir():
        raise StartnowError(f"the sync folder {folder} is not a folder")
    probe = folder / f".startnow-probe-{os.getpid()}"
    try:  # a real write: permissions, a read-only mount, a full disk all show here
        probe.touch(exist_ok=False)
        probe.unlink()
    except OSError as exc:
        raise StartnowError(
            f"cannot write to the sync folder {folder} ({exc.strerror or exc})"
        ) from None
    real, store = folder.resolve(), db_path.resolve().parent
    if store == real or real in store.parents:
        raise StartnowError(
            f"the database {db_path} is inside the sync folder {folder}: a live database "
            "(and its -wal) synced as a file gets corrupted; keep it outside the folder"
        )


def now_ms(clock: Callable[[], datetime]) -> int:
    return int(clock().timestamp() * 1000)


class Syncer:
    """One sync of one store with one folder."""

    def __init__(self, db_path: Path, folder: Path, clock: Callable[[], datetime]) -> None:
        self.db_path, self.folder, self.clock = db_path, folder, clock
        state = state_dir(db_path)
        state.mkdir(mode=0o700, exist_ok=True)
        self.mirror = Mirror(state / "mirror.db")
        self.fresh = self.mirror.get("machine") is None
        if self.fresh:
            with self.mirror.transaction():
                self.mirror.put("machine", secrets.token_hex(8))
        self.machine = str(self.mirror.get("machine"))
        self.summary = SyncSummary(self.machine, str(folder))

    def close(self) -> None:
        self.mirror.close()

    # -- the clock ---------------------------------------------------------
    def hybrid_clock(self) -> HybridClock:
        return HybridClock(
            int(self.mirror.get("clock_wall", 0)),
            int(self.mirror.get("clock_counter", 0)),
            self.machine,
        )

    def save_clock(self, clock: HybridClock) -> None:
        self.mirror.put("clock_wall", clock.wall_ms)
        self.mirror.put("clock_counter", clock.counter)

    # -- the whole sync ----------------------------------------------------
    def run(self, *, full: bool = False) -> SyncSummary:
        self.flush_outbox()
        conn = live.connect(self.db_path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            # The record of the last clean check, if it still holds under the
            # write lock: carried over this write, as startnow's other writes do.
            held = checked.trusted(self.db_path)
            self.mirror.begin()
            try:
                self.sync_within(conn, full=full)
            except BaseException:
                conn.execute("ROLLBACK")
                self.mirror.rollback()
                raise
        finally:
            conn.close()
        if held is not None:
            checked.remember(self.db_path, checked.marks(self.db_path), held.checked_at)
        crash_point("before-files")
        self.flush_outbox()
        return self.summary

    def sync_within(self, conn: sqlite3.Connection, *, full: bool) -> None:
        """Steps 1 to 4 but the files. Usually only the rows written since the
        last sync and the rows the others changed are read, with every row
        linked to them (what the rule looks at); the whole store and mirror are
        compared on a first sync, after a crash between the commits, or when
        asked (`full`)."""
        store_generation, taken_in = live.generation(conn)
        mirror_generation = int(self.mirror.get("generation", 0))
        applied = self.mirror.applied()
        clock = self.hybrid_clock()
        replay = store_generation == mirror_generation + 1 and not self.fresh
        if replay:  # the last sync's store commit happened and its mirror commit did not
            clock = self.take_in(self.replayed(applied, taken_in), applied, clock, count=False)
        elif store_generation != mirror_generation and not self.fresh:
            raise StartnowError(
                f"{self.db_path} and its sync state in {state_dir(self.db_path)} disagree "
                "(was the database put back from a copy?): move that folder aside, then sync again"
            )
        full = full or replay or self.fresh or store_generation == 0
        incoming = self.incoming(applied)
        crash_point("before-project")
        clock, stamp = clock.tick(now_ms(self.clock))
        seeds: dict[str, set[str]] = {shape.name: set() for shape in SHAPES}
        if full:
            current = live.read(conn)
            merged = self.merged_rows()
            edits = self.mirror.recorded(lambda: self.project(current, merged, stamp.text))
        else:
            written = live.dirty(conn)
            for name, entries in written.items():
                seeds[name].update(entries)
            edits = self.mirror.recorded(lambda: self.project_written(conn, written, stamp.text))
        if edits:
            self.queue(edits, stamp)
        for changeset in incoming if not full else ():  # (a full sync looks at every row)
            for name, uids in self.mirror.touched(changeset.data).items():
                seeds[name].update(uids)
        clock = self.take_in(incoming, applied, clock)
        if full:
            target = visible(SHAPES, self.merged_rows())
        else:
            linked = self.mirror.component(seeds)
            target = visible(SHAPES, {s.name: self.mirror.rows(s, linked[s.name]) for s in SHAPES})
            current = live.read_some(conn, linked)
        self.summary.rows_changed = live.write_back(conn, current, target)
        generation = max(store_generation, mirror_generation) + 1
        live.set_generation(conn, generation, applied)
        live.forget_dirty(conn)  # the rows just written are the merged ones, not edits
        crash_point("before-store-commit")
        conn.execute("COMMIT")
        crash_point("between-commits")
        self.mirror.put("generation", generation)
        self.save_clock(clock)
        self.mirror.commit()

    # -- this machine's edits ---------------------------------------------
    def merged_rows(self) -> dict[str, dict[str, MirrorRow]]:
        return {shape.name: self.mirror.rows(shape) for shape in SHAPES}

    def project(
        self, current: live.Live, merged: dict[str, dict[str, MirrorRow]], stamp: str
    ) -> None:
        """Write the store's differences from what the mirror shows into the
        mirror, as this machine's edits at `stamp` (every row compared)."""
        shown: Visible = visible(SHAPES, merged)
        for shape in SHAPES:
            rows, known, wanted = current.rows[shape.name], merged[shape.name], shown[shape.name]
            self.mirror.write_rows(
                shape, stamp, ((u, v) for u, v in rows.items() if u not in known)
            )
            for uid, values in rows.items():
                if uid not in known:
                    continue
                was = wanted.get(uid, known[uid].values)
                edits = {c: values[c] for c in shape.columns if values[c] != was.get(c)}
                if edits:
                    self.mirror.write_edits(shape, stamp, uid, edits)
                if uid not in wanted and not known[uid].alive:
                    self.mirror.write_alive(shape, stamp, uid, True)
            for uid in wanted:
                if uid not in rows:
                    self.mirror.write_alive(shape, stamp, uid, False)

    def project_written(
        self, conn: sqlite3.Connection, written: dict[str, dict[str, Values | None]], stamp: str
    ) -> None:
        """The same for the rows written since the last sync only: each as it
        is now against its values before (what the store showed after that
        sync, so what the mirror shows)."""
        for shape in SHAPES:
            entries = written[shape.name]
            if not entries:
                continue
            now = live.read_some(conn, {shape.name: set(entries)}).rows[shape.name]
            known = self.mirror.rows(shape, entries)
            self.mirror.write_rows(
                shape, stamp, ((u, now[u]) for u in sorted(entries) if u in now and u not in known)
            )
            for uid, before in entries.items():
                if uid not in known:
                    continue  # new (just written), or made and deleted again since
                values = now.get(uid)
                if values is None:
                    if before is not None:
                        self.mirror.write_alive(shape, stamp, uid, False)
                    continue
                was = before if before is not None else known[uid].values
                # (A column the store gained since the image was taken: not an edit.)
                edits = {c: values[c] for c in shape.columns if c in was and values[c] != was[c]}
                if edits:
                    self.mirror.write_edits(shape, stamp, uid, edits)
                if before is None and not known[uid].alive:
                    self.mirror.write_alive(shape, stamp, uid, True)

    def queue(self, edits: bytes, stamp: Stamp) -> None:
        own = self.folder / self.machine
        number = max([int(self.mirror.get("sent", 0)), *files.numbers(own)]) + 1
        header = files.header_for(self.machine, number, schema.SCHEMA_VERSION, stamp.text, edits)
        self.mirror.queue(number, files.encode(header, edits))
        self.mirror.put("sent", number)
        self.summary.sent = str(own / files.file_name(number))
        self.summary.sent_changes = sum(1 for _ in _changes(edits))

    def flush_outbox(self) -> None:
        """Write every queued changeset into the folder, then forget it."""
        for number, blob in self.mirror.queued():
            files.write(self.folder, self.machine, number, blob)
            with self.mirror.transaction():
                self.mirror.unqueue(number)

    # -- the other machines' ----------------------------------------------
    def incoming(self, applied: dict[str, int]) -> list[files.Changeset]:
        """Every complete changeset not yet applied, in order per machine;
        checked before any is applied."""
        found: list[files.Changeset] = []
        for machine in files.machines(self.folder):
            if machine == self.machine:
                continue
            for number in files.numbers(self.folder / machine):
                if number <= applied.get(machine, 0):
                    continue
                path = self.folder / machine / files.file_name(number)
                try:
                    changeset = files.read(path)
                except files.Incomplete:
                    self.summary.waiting.append(str(path))
                    break  # the rest of this machine's files wait for it
                check_header(path, changeset.header, machine, number)
                found.append(changeset)
        return found

    def replayed(self, applied: dict[str, int], taken_in: dict[str, int]) -> list[files.Changeset]:
        """The changesets the store already took in and the mirror lost."""
        found = []
        for machine, last in taken_in.items():
            for number in range(applied.get(machine, 0) + 1, last + 1):
                path = self.folder / machine / files.file_name(number)
                try:
                    changeset = files.read(path)
                except (files.Incomplete, OSError):
                    raise StartnowError(
                        f"{path} was applied to the store but is no longer complete in the "
                        "sync folder: put it back, or move the sync state aside"
                    ) from None
                check_header(path, changeset.header, machine, number)
                found.append(changeset)
        return found

    def take_in(
        self,
        changesets: list[files.Changeset],
        applied: dict[str, int],
        clock: HybridClock,
        *,
        count: bool = True,
    ) -> HybridClock:
        for changeset in changesets:
            header = changeset.header
            changes = self.mirror.apply(changeset.data)
            applied[header.machine] = header.number
            self.mirror.set_applied(header.machine, header.number)
            clock = clock.observe(Stamp.parse(header.stamp), now_ms(self.clock))
            if count:
                self.summary.received.append(f"{header.machine}/{files.file_name(header.number)}")
                self.summary.received_changes += changes
        return clock


def check_header(path: Path, header: files.Header, machine: str, number: int) -> None:
    if header.schema > schema.SCHEMA_VERSION:
        raise StartnowError(
            f"{path} comes from a newer startnow (schema {header.schema}, this one has "
            f"{schema.SCHEMA_VERSION}): upgrade startnow on this machine first"
        )
    if header.machine != machine or header.number != number:
        raise StartnowError(
            f"{path} is damaged (its header names another file); it was not applied"
        )


def _changes(data: bytes) -> list[object]:
    import apsw

    return [c.op for c in apsw.Changeset.iter(data)]


def sync(
    db_path: Path,
    folder: Path,
    clock: Callable[[], datetime],
    *,
    full: bool = False,
    create_dir: bool = False,
) -> SyncSummary:
    """One sync of the store at `db_path` (created or upgraded first; its
    directory too with `create_dir`) with `folder`; `full` compares every row
    (what a first sync does)."""
    from startnow.store.db import open_store

    check_folder(folder, db_path)
    # The usual checks, and the schema brought up to date (a copy kept first).
    open_store(db_path, create_dir=create_dir).close()
    import apsw

    state = state_dir(db_path)
    try:
        syncer = Syncer(db_path, folder, clock)
        try:
            return syncer.run(full=full)
        finally:
            syncer.close()
    except apsw.BusyError:
        raise StartnowError(f"another startnow sync of {db_path} is running; try again") from None
    except apsw.Error as exc:
        raise StartnowError(
            f"the sync state in {state} cannot be read ({exc}): move that folder aside, "
            "then sync again (the next sync starts it afresh)"
        ) from None
    except OSError as exc:
        raise StartnowError(
            f"could not write into the sync folder {folder} ({exc.strerror or exc}); "
            "nothing is lost: the next sync writes it"
        ) from None
