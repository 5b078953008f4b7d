"""Look at a database file before anything writes to it.

Every check here only reads, so a file that is not ours, is damaged, or comes
from a newer startnow is left byte-for-byte as it was. Stdlib only: the
quick-add path runs these checks too.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from startnow.errors import StartnowError
from startnow.store import schema
from startnow.store.schema import APPLICATION_ID, SQLITE_HEADER


@dataclass(frozen=True)
class FileState:
    """What the file holds: nothing yet (`version` 0) or startnow's schema `version`."""

    path: Path
    version: int

    @property
    def is_new(self) -> bool:
        return self.version == 0


def is_read_only(path: Path) -> bool:
    """Unwritable for us, or with every write bit off (a user's clear intent, even for root)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not stat.S_IMODE(mode) & 0o222


def prepare_directory(path: Path, create: bool) -> None:
    """Make sure the file's directory exists and can be written (WAL needs side files)."""
    directory = path.parent
    if not directory.exists():
        if not create:
            raise StartnowError(f"cannot open {path}: the directory {directory} does not exist")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StartnowError(
                f"cannot create the data directory {directory}: {exc.strerror or exc}"
            ) from None
    if not directory.is_dir():
        raise StartnowError(f"cannot open {path}: {directory} is not a directory")
    if not os.access(directory, os.W_OK) or is_read_only(directory):
        raise StartnowError(f"cannot write in {directory}: the directory is read-only")


def inspect_file(path: Path, *, write: bool = True) -> FileState:
    """Read the header and schema version without writing a byte."""
    if not path.exists():
        return FileState(path, 0)
    if path.is_dir():
        raise StartnowError(f"cannot open {path}: it is a directory, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StartnowError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not header:
        return FileState(path, 0)
    if header != SQLITE_HEADER:
        raise StartnowError(
            f"{path} is not a startnow database (not a SQLite file); left untouched"
        )
    if write and is_read_only(path):
        raise StartnowError(f"cannot write to {path}: the file is read-only")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StartnowError(
            f"{path} is damaged or not a database ({exc}); left untouched"
        ) from None
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables):
        raise StartnowError(f"{path} is a SQLite database, but not startnow's; left untouched")
    if version > schema.SCHEMA_VERSION:
        raise StartnowError(
            f"{path} was written by a newer startnow (schema {version}; this one knows "
            f"{schema.SCHEMA_VERSION}). Upgrade startnow; the file was left untouched."
        )
    return FileState(path, version)
