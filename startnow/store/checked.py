"""The record of a store's last clean full check, kept beside it in `<store>.checked`.

`PRAGMA quick_check` reads every page, so its time grows with the file; quick
add and the app's start must not pay it each time. The record names the file
that was found clean by its marks: device, inode, size, modification and
change time of the file and of its -wal. While every mark is the same, no one
has written a byte since the check (damage included), so it need not run
again. Anything that writes moves a mark, and the next command checks again.

A startnow write keeps the record true without a new check: holding the write
lock it finds the file as recorded (no one wrote since), writes, and records
the file as it then is. A file found changed is checked before it is written to.

Stdlib only, and `os` and `time` at that: quick add and `status` read it.
"""

from __future__ import annotations

import os
import time
from collections import namedtuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    from os import PathLike

FIRST_LINE = "startnow: the last clean full check of the database beside this file"
SUFFIX = ".checked"
PRIVATE_FILE = 0o600


class Record(namedtuple("Record", "marks checked_at")):
    """The marks of the file when it was last known clean, and when its last
    full check ran (UTC, for a person reading the file)."""

    __slots__ = ()
    if TYPE_CHECKING:
        marks: str
        checked_at: str


def record_path(path: str | PathLike[str]) -> str:
    return os.fspath(path) + SUFFIX


def _marks_of(path: str) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def marks(path: str | PathLike[str]) -> str | None:
    """The file's marks and its -wal's (an empty or absent -wal holds nothing:
    one mark, `-`); None when the file can't be looked at."""
    path = os.fspath(path)
    own = _marks_of(path)
    if own is None:
        return None
    wal = _marks_of(path + "-wal")
    if wal is None or wal.split()[2] == "0":
        wal = "-"
    return f"db {own} wal {wal}"


def read_record(path: str | PathLike[str]) -> Record | None:
    """The record beside `path`; None when there is none or it is not one of ours."""
    try:
        with open(record_path(path), encoding="utf-8") as handle:
            lines = handle.read(4096).splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) < 3 or lines[0] != FIRST_LINE or not lines[1].startswith("marks "):
        return None
    return Record(lines[1][len("marks ") :], lines[2].removeprefix("checked "))


def trusted(path: str | PathLike[str]) -> Record | None:
    """The record, if the file is exactly as it was recorded; else None (check it)."""
    record = read_record(path)
    if record is None:
        return None
    now = marks(path)
    return record if now is not None and now == record.marks else None


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def remember(path: str | PathLike[str], file_marks: str | None, checked_at: str = "") -> None:
    """Record the file as clean with `file_marks` (taken before the check that
    passed, or after a write that found the file as recorded). Written whole,
    private; never in a read-only directory. A record that can't be written
    only costs the next command a check, so failures are ignored."""
    if file_marks is None:
        return
    target = record_path(path)
    directory = os.path.dirname(os.path.abspath(target))
    try:
        if not os.access(directory, os.W_OK) or not os.stat(directory).st_mode & 0o222:
            return
    except OSError:
        return
    import _thread

    text = f"{FIRST_LINE}\nmarks {file_marks}\nchecked {checked_at or utc_now()}\n"
    tmp = f"{target}.{os.getpid()}-{_thread.get_ident()}.tmp"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, PRIVATE_FILE)
        try:
            if hasattr(os, "fchmod"):  # a leftover of a killed run kept its mode
                os.fchmod(fd, PRIVATE_FILE)
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError:
        try:  # noqa: SIM105  (contextlib is one import more for quick add)
            os.unlink(tmp)
        except OSError:
            pass
