"""The last change of done, drop or edit, kept so that `startnow undo` can put
it back: a small private JSON file beside the store, not a table (no schema
change for it), as `reminders.json` is kept.

It is named after the store (`startnow.db.undo.json` beside `startnow.db`), so
two stores in one folder never undo each other's changes, and it holds, for
every row changed, the stored values before and the whole row after. Undo
compares that row with the row as it is now and refuses if they differ:
whatever happened since (the app, another edit) is never overwritten.

Every step happens inside the store's write transaction, so two commands
never interleave: the record is written whole (a private 0600 file beside it,
then a rename) just before the commit, and removed again if the commit fails;
undo sets it aside, and puts it back if its own commit fails. Stdlib only.
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
ASIDE = ".undoing"  # the record while an undo of it commits


def journal_path(store: str | PathLike[str]) -> str:
    """Where the last change of `store` is kept: beside it, named after it."""
    return os.fspath(store) + SUFFIX


def save(store: str | PathLike[str], record: dict[str, Any]) -> None:
    """Write the record whole in place of the last one."""
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
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
    """No change to undo any more (the one recorded was not committed, or was undone)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal_path(store))


def set_aside(store: str | PathLike[str]) -> None:
    """While an undo commits: a second undo finds nothing, and a failed commit
    can put the record back (`restore`)."""
    os.replace(journal_path(store), journal_path(store) + ASIDE)


def restore(store: str | PathLike[str]) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.replace(journal_path(store) + ASIDE, journal_path(store))


def drop_aside(store: str | PathLike[str]) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal_path(store) + ASIDE)


def _identity(store: str | PathLike[str]) -> str:
    return os.path.realpath(store)
