"""The last change of done, drop or edit, kept so that `startnow undo` can put
it back: a small private JSON file beside the store, not a table (no schema
change for it), as `reminders.json` is kept.

It is named after the store (`startnow.db.undo.json` beside `startnow.db`), so
two stores in one folder never undo each other's changes, and it holds, for
every row changed, the stored values before and after. Undo compares the
"after" values with the row as it is now and refuses if they differ: whatever
happened since (the app, another edit) is never overwritten.

Written whole: a private (0600) temporary file, renamed into place only once
the store's transaction has committed. Stdlib only (quick path).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile

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
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp made it 0600
            json.dump({"format": FORMAT, "store": _identity(store), **record}, handle)
            handle.flush()
            os.fsync(handle.fileno())
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
