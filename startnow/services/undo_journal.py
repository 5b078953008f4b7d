"""The last change of done, drop or edit, kept so that `startnow undo` can put
it back: a small private JSON file beside the store, not a table (no schema
change for it), as `reminders.json` is kept.

It is named after the store (`startnow.db.undo.json` beside `startnow.db`), so
two stores in one folder never undo each other's changes, and it holds, for
every row changed, the stored values before and after. Undo compares the
"after" values with the row as it is now and refuses if they differ: whatever
happened since (the app, another edit) is never overwritten.

Written whole: a private (0600) temporary file beside it, renamed into place only once
the store's transaction has committed. Stdlib only (quick path).
"""

from __future__ import annotations

import contextlib
import json
import os
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    from os import PathLike
    from typing import Any

FORMAT = 1
SUFFIX = ".undo.json"


def journal_path(store: str | PathLike[str]) -> str:
    """Where the last change of `store` is kept: beside it, named after it."""
    return os.fspath(store) + SUFFIX


def prepare(store: str | PathLike[str], record: dict[str, Any]) -> str:
    """Write the record to a private temporary file beside the journal; its name.
    `commit` puts it in place once the store has the change."""
    target = journal_path(store)
    folder, name = os.path.split(os.path.abspath(target))
    # Not tempfile.mkstemp: importing tempfile (shutil, random, bz2, lzma) would
    # cost more than the rest of the command. Exclusive and private, as mkstemp.
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # No fsync: the record is no user data, and one lost in a crash
            # (empty or cut short) reads as "nothing to undo", never as a change.
            json.dump({"format": FORMAT, "store": _identity(store), **record}, handle)
    except BaseException:
        discard(tmp)
        raise
    return tmp


def commit(store: str | PathLike[str], prepared: str) -> None:
    os.replace(prepared, journal_path(store))


def discard(prepared: str | None) -> None:
    if prepared is not None:
        with contextlib.suppress(OSError):
            os.unlink(prepared)


def load(store: str | PathLike[str]) -> dict[str, Any] | None:
    """The last change, or None: no file, an unreadable or foreign one, or one
    written for another store (a copied folder)."""
    try:
        with open(journal_path(store), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("store") != _identity(store) or not isinstance(data.get("rows"), list):
        return None
    return data


def forget(store: str | PathLike[str]) -> None:
    """The change was undone: a second undo has nothing to do."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal_path(store))


def _identity(store: str | PathLike[str]) -> str:
    return os.path.realpath(store)
