"""Look at a database file before anything writes to it.

Every check here only reads, so a file that is not ours, is damaged, or comes
from a newer startnow is left byte-for-byte as it was. Stdlib only: the
quick-add path runs these checks too.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections import namedtuple

from startnow.errors import StartnowError
from startnow.store import schema
from startnow.store.schema import APPLICATION_ID, SQLITE_HEADER, busy_timeout_ms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # pathlib only where quick add doesn't go
    from collections.abc import Callable
    from os import PathLike
    from pathlib import Path
    from typing import Any

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


class BusyError(StartnowError):
    """Another connection held the database for longer than the busy timeout."""


class FileState(namedtuple("FileState", "path version")):
    """What the file holds: nothing yet (`version` 0) or startnow's schema `version`.
    (A namedtuple: importing dataclasses would slow quick add.)"""

    __slots__ = ()
    if TYPE_CHECKING:
        path: str | PathLike[str]  # as the caller named it (show names it by a str)
        version: int

    @property
    def is_new(self) -> bool:
        return self.version == 0


def sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked": someone else kept the lock past our busy timeout."""
    code = sqlite_code(exc)
    return code in (SQLITE_BUSY, SQLITE_LOCKED) if code is not None else "locked" in str(exc)


def is_damaged(exc: BaseException) -> bool:
    return sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


# Under this much free space an I/O error is most likely the full disk: SQLite
# needs 32 KiB for a -shm, and a page or more for each write.
LOW_SPACE_BYTES = 1 << 20


def free_bytes(directory: str | PathLike[str]) -> int | None:
    try:
        found = os.statvfs(directory)
    except (OSError, AttributeError):  # gone, or not a POSIX system
        return None
    return found.f_bavail * found.f_frsize


def directory_of(path: str | PathLike[str]) -> str:
    return os.path.dirname(os.path.abspath(path))


def is_disk_full(exc: BaseException, path: str | PathLike[str] | None) -> bool:
    """SQLite's "database or disk is full", or an I/O error (SQLite words a -shm
    it could not grow that way) where the disk has next to no room left."""
    code = sqlite_code(exc)
    if code == SQLITE_FULL or "disk is full" in str(exc) or "No space left" in str(exc):
        return True
    if path is None or code not in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return False
    free = free_bytes(directory_of(path))
    return free is not None and free < LOW_SPACE_BYTES


def disk_full_error(path: str | PathLike[str] | None) -> StartnowError:
    """Said instead of "damaged": the file is fine, its disk has no room."""
    if path is None:
        return StartnowError("the disk is full: free some space and try again")
    return StartnowError(
        f"the disk is full: no room in {directory_of(path)} to open or write {path}; "
        "free some space and try again (nothing was written)"
    )


def busy_error(path: str | PathLike[str] | None) -> BusyError:
    where = path or "the database"
    return BusyError(
        f"{where} is busy: another startnow (or another program) is using it; try again in a moment"
    )


def damaged_error(path: str | PathLike[str], detail: object) -> StartnowError:
    """Said before anything was written: the file is as it was found."""
    return StartnowError(f"{path} is damaged or not a database ({detail}); left untouched")


def database_error(exc: sqlite3.Error, path: str | PathLike[str] | None) -> StartnowError:
    """One line for SQLite trouble met while a command runs (its transaction is undone)."""
    where = path or "the database"
    code, text = sqlite_code(exc), " ".join(str(exc).split())
    if is_busy(exc):
        return busy_error(path)
    if is_disk_full(exc, path):
        return disk_full_error(path)
    if is_damaged(exc):
        return StartnowError(f"{where} is damaged or not a database ({text})")
    if code == SQLITE_READONLY:
        return StartnowError(f"cannot write to {where} ({text})")
    if code in (SQLITE_CANTOPEN, SQLITE_IOERR):
        return StartnowError(f"cannot read or write {where} ({text})")
    return StartnowError(f"database error on {where}: {text}")


def is_read_only(path: str | PathLike[str]) -> bool:
    """Unwritable for us, or with every write bit off (a user's clear intent, even for root)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not os.access(path, os.W_OK) or not stat.S_IMODE(mode) & 0o222


def missing_directory(directory: Path) -> str:
    """Why `directory` can't hold the file: absent, or a file on the way to it."""
    for part in (directory, *directory.parents):
        if os.path.lexists(part):
            if not os.path.isdir(part):
                return f"{part} is a file, not a directory"
            break
    return f"the directory {directory} does not exist"


# What startnow creates holds a person's days: for them alone, whatever the umask.
PRIVATE_DIRECTORY, PRIVATE_FILE = 0o700, 0o600


def prepare_directory(path: str | PathLike[str], create: bool) -> None:
    """Make sure the file's directory exists and can be written (WAL needs side
    files). One startnow creates is private (its parents are made as `mkdir -p`
    would); one that exists is left as the user has it. (os.path, not pathlib:
    `show` goes through here and pathlib's imports cost more than its read.)"""
    directory = os.path.dirname(os.fspath(path)) or "."
    if not os.path.exists(directory):
        if not create:
            from pathlib import Path

            raise StartnowError(f"cannot open {path}: {missing_directory(Path(directory))}")
        try:
            os.makedirs(directory, mode=PRIVATE_DIRECTORY, exist_ok=True)
        except OSError as exc:
            raise StartnowError(
                f"cannot create the data directory {directory}: {exc.strerror or exc}"
            ) from None
    if not os.path.isdir(directory):
        raise StartnowError(f"cannot open {path}: {directory} is not a directory")
    if not os.access(directory, os.W_OK) or is_read_only(directory):
        raise StartnowError(f"cannot write in {directory}: the directory is read-only")


def create_private_file(path: Path) -> None:
    """An empty file, readable by its owner alone, for SQLite to make a new
    store in: SQLite gives the -wal and -shm the database file's mode, so they
    are private too. A file already there (another startnow was quicker) is kept."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise disk_full_error(path) from None
        raise StartnowError(f"cannot create {path}: {exc.strerror or exc}") from None


def absent_side_files(path: str | PathLike[str]) -> list[str]:
    """The -wal and -shm that do not exist yet (opening a WAL-mode file makes them)."""
    return [p for p in (f"{path}-wal", f"{path}-shm") if not os.path.exists(p)]


def remove_side_files(path: str | PathLike[str], made: list[str]) -> None:
    """Remove the -wal/-shm this run made beside a file it then refused, so the user
    finds the directory as they left it. Only when the -wal holds nothing and no
    connection has the -shm open (SQLite's own test: each one holds a read lock on
    its byte 128), else they are left for SQLite, which copes with them."""
    if not made:  # (and opening, then closing, a -shm would drop this process's locks on it)
        return
    try:
        import fcntl
    except ImportError:  # not a POSIX system: leave them
        return
    wal, shm = f"{path}-wal", f"{path}-shm"
    try:
        if wal in made and os.path.exists(wal) and os.stat(wal).st_size:
            return
        fd = os.open(shm, os.O_RDWR) if os.path.exists(shm) else None
        try:
            if fd is not None:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)  # held while unlinking
            for side in made:
                if os.path.exists(side):
                    os.unlink(side)
        finally:
            if fd is not None:
                os.close(fd)
    except OSError:  # in use, or not ours to remove
        pass


def quick_check(conn: sqlite3.Connection) -> str | None:
    """The first problem `PRAGMA quick_check` finds, as one line, or None.

    It reads every page (its time grows with the file), so damage where this run would not otherwise
    look is found before anything is written on top of it.
    """
    [report] = conn.execute("PRAGMA quick_check(1)").fetchone()
    if report == "ok":
        return None
    return " ".join(str(report).replace("*** in database main ***", "").split())[:200]


def inspect_file(path: str | PathLike[str], *, write: bool = True, deep: bool = True) -> FileState:
    """Read the header and schema version, and (`deep`) check every page,
    without writing a byte. The deep check reads the whole file: the app's
    first paint leaves it to `check_pages`, run before the store opens."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return FileState(path, 0)
    except OSError as exc:  # a name too long, a loop of links, no permission
        raise StartnowError(f"cannot open {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise StartnowError(f"cannot open {path}: it is a directory, not a database file")
    if not stat.S_ISREG(mode):  # reading a pipe would wait forever
        raise StartnowError(f"cannot open {path}: it is not a regular file (a pipe or a device)")
    try:
        with open(path, "rb") as handle:
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
    made = absent_side_files(path)
    try:
        return _inspect_sqlite(path, deep)
    except BusyError:
        raise
    except StartnowError:
        remove_side_files(path, made)
        raise


def check_pages(path: str | PathLike[str], conn: sqlite3.Connection | None = None) -> None:
    """Every page of a file `inspect_file(deep=False)` already looked at,
    unless the record of its last clean check (store/checked.py) says not a
    byte changed since. Over SQLite alone, `conn` or a read-only connection of
    its own (a plain file handle, closed, would drop this process's locks on a
    store it has open). Raises the one line for a damaged file; records a
    clean one, if nothing wrote to it while it was read."""
    from startnow.store import checked

    before = checked.marks(path)
    if before is not None and checked.trusted(path) is not None:
        return
    problem = _read_only(path, quick_check) if conn is None else quick_check(conn)
    if problem is not None:
        raise damaged_error(path, problem)
    if before is not None and checked.marks(path) == before:
        checked.remember(path, before)


# What a file: URI keeps as it is (pathlib's as_uri keeps the same, by urllib's quote).
_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def file_uri(path: str | PathLike[str]) -> str:
    """`Path(path).resolve().as_uri()` without importing pathlib and urllib (on the
    quick path of `show`): the real absolute path, each byte outside the safe
    set percent-encoded, so `?`, `#` and `%` in a name stay part of it."""
    if os.sep != "/":  # drive letters and backslashes: pathlib knows their URI
        from pathlib import Path

        return Path(path).resolve().as_uri()
    raw = os.fsencode(os.path.realpath(path))
    return "file://" + "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)


def _read_only(path: str | PathLike[str], read: Callable[[sqlite3.Connection], Any]) -> Any:
    """`read` over a read-only connection; SQLite's errors as the one line."""
    try:
        conn = sqlite3.connect(
            f"{file_uri(path)}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000
        )
        try:
            return read(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise busy_error(path) from None
        if is_disk_full(exc, path):
            raise disk_full_error(path) from None
        raise damaged_error(path, exc) from None


def _inspect_sqlite(path: str | PathLike[str], deep: bool = True) -> FileState:
    def look(conn: sqlite3.Connection) -> tuple[bool, int]:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ours = app_id == APPLICATION_ID or (app_id == 0 and not tables)
        if deep and ours and version <= schema.SCHEMA_VERSION:
            check_pages(path, conn)
        return ours, version

    ours, version = _read_only(path, look)
    if not ours:
        raise StartnowError(f"{path} is a SQLite database, but not startnow's; left untouched")
    if version > schema.SCHEMA_VERSION:
        raise StartnowError(
            f"{path} was written by a newer startnow (schema {version}; this one knows "
            f"{schema.SCHEMA_VERSION}). Upgrade startnow; the file was left untouched."
        )
    return FileState(path, version)
