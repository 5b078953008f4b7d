"""Opening the store: checks first, then an engine whose every connection is set
up the same way (WAL, foreign keys, a busy timeout)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine
from sqlmodel import Session, SQLModel, create_engine

from startnow.errors import UnreadableValue
from startnow.store import checked, identity, models, schema  # noqa: F401  (importing models registers the tables)
from startnow.store.migrations import migrate
from startnow.store.preflight import (
    FileState,
    create_private_file,
    inspect_file,
    prepare_directory,
)
from startnow.store.schema import APPLICATION_ID, busy_timeout_ms


def configure_connection(dbapi_conn: sqlite3.Connection, _record: Any = None) -> None:
    """Per-connection settings: none of these pragmas persist in the file except WAL.
    The busy timeout is schema.BUSY_TIMEOUT_MS unless $STARTNOW_BUSY_TIMEOUT_MS says otherwise."""
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


class Store:
    """A startnow database file, open and at the current schema."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._watch: sqlite3.Connection | None = None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error; the
        record of the file's last clean check carried over the write (see
        `_still_as_recorded`). A stored value the ORM could not read is named
        by its row (see `unreadable`)."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.flush()  # the writes are made (and the write lock taken) now
                held = self._still_as_recorded(session)
                session.commit()
            except UnreadableValue as problem:
                session.rollback()
                if problem.located:
                    raise
                raise self.unreadable() or problem from None
            except BaseException:
                session.rollback()
                raise
        if held is not None:
            checked.remember(self.path, checked.marks(self.path), held.checked_at)

    def _still_as_recorded(self, session: Session) -> checked.Record | None:
        """The record of the last clean check, if this unit of work wrote and
        the file is still exactly as recorded: holding the write lock, no other
        startnow can have written since, so after this commit the file is that
        clean file plus our write. A file changed behind our back (a write that
        kept no record, or damage) is left unrecorded, and the next command
        checks it."""
        dbapi = session.connection().connection.dbapi_connection
        if dbapi is None or not getattr(dbapi, "in_transaction", False):
            return None  # nothing written: nothing to carry over
        return checked.trusted(self.path)

    def unreadable(self) -> UnreadableValue | None:
        """The first stored value no reader can use, with its table, row and
        column: looked for only after a read has met one."""
        from startnow.store.fast import first_unreadable

        with self.raw() as conn:
            return first_unreadable(conn)

    @contextmanager
    def raw(self) -> Iterator[Any]:
        """A plain DB-API connection from the pool, for reads that need no ORM."""
        conn = self.engine.raw_connection()
        try:
            yield conn
        finally:
            conn.close()

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap way to notice a
        quick add from another terminal (under WAL the file's mtime stays put)."""
        if self._watch is None:
            self._watch = sqlite3.connect(self.path, timeout=busy_timeout_ms() / 1000)
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        """Closing the last connection folds the -wal into the file: a file
        still as recorded stays recorded after that."""
        held = checked.trusted(self.path)
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()
        if held is not None:
            checked.remember(self.path, checked.marks(self.path), held.checked_at)


def _create_schema(engine: Engine) -> None:
    with engine.begin() as conn:
        SQLModel.metadata.create_all(conn)
        # After the declared columns, as the migration adds it: the same schema.
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        identity.install(raw)
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")


def open_store(path: Path, *, create_dir: bool = False, checked: FileState | None = None) -> Store:
    """Open (creating or migrating if needed) the database at `path`.

    Raises StartnowError with one clear line for anything the user can fix; a file
    that is not ours or is too new is never written to.

    `checked`: what inspect_file already found, in this process, before any
    connection was open. Pass it instead of checking again once connections
    exist: inspecting reads the file through a plain file handle, and closing
    that handle drops every POSIX lock this process holds on the file, so
    another process could take SQLite's WAL away from under our connections.
    """
    if checked is None:
        prepare_directory(path, create=create_dir)
    state = checked or inspect_file(path)
    if state.is_new and not path.exists():
        create_private_file(path)
    if not state.is_new and state.version < schema.SCHEMA_VERSION:
        migrate(path, state.version)
    timeout = busy_timeout_ms() / 1000
    # URL.create keeps the name as it is: in a "sqlite:///…" string, a '?' or
    # '#' in it would start the URL's query, and another file would be made.
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, connect_args={"timeout": timeout})
    event.listen(engine, "connect", configure_connection)
    if state.is_new:
        _create_schema(engine)
    return Store(path, engine)
