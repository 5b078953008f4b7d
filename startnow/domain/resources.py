"""Reading the TOML files shipped in `startnow.data`.

Through `importlib.resources`, so the content works from a source tree and from
an installed wheel alike. One place, so every loader fails the same clear way.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib.resources import files
from typing import Any, Protocol, TypeVar

DATA_PACKAGE = "startnow.data"


class HasId(Protocol):
    """An entry of a data file: named by its id, unique within the file."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)


class DataFileError(ValueError):
    """A shipped data file is missing or not valid TOML; the message names the file."""


def parse_toml(text: str, source_name: str) -> dict[str, Any]:
    """TOML text to a dict; a syntax error names the file, line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{source_name}: not valid TOML: {exc}") from None


def load_toml(name: str) -> dict[str, Any]:
    """The parsed content of `startnow/data/<name>`."""
    try:
        text = files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        raise DataFileError(f"{name}: missing from the {DATA_PACKAGE} package") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{name}: not UTF-8 text ({exc.reason})") from None
    return parse_toml(text, name)


def check_keys(
    table: dict[str, Any],
    allowed: frozenset[str],
    where: str,
    error: type[ValueError],
    prefix: str = "",
) -> None:
    """Refuse keys a data file may not have, naming them and the allowed ones."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        names = ", ".join(prefix + k for k in unknown)
        raise error(f"{where}: unknown key {names} (allowed: {', '.join(sorted(allowed))})")


def unique_entries(
    raw_entries: Any,
    kind: str,
    parse_one: Callable[[Any, int, str], T],
    error: type[ValueError],
    source_name: str,
) -> list[T]:
    """Parse the `[[kind]]` entries of a data file, each id used once."""
    if not isinstance(raw_entries, list) or not raw_entries:
        raise error(f"{source_name}: no [[{kind}]] entries")
    entries: list[T] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_entries, 1):
        entry = parse_one(raw, number, source_name)
        entry_id = entry.id
        if entry_id in seen:
            raise error(
                f'{source_name}: {kind} #{number} ("{entry_id}"): '
                f"duplicate id, already used by {kind} #{seen[entry_id]}"
            )
        seen[entry_id] = number
        entries.append(entry)
    return entries
