"""Reading the TOML files shipped in `startnow.data`.

Through `importlib.resources`, so the content works from a source tree and from
an installed wheel alike. One place, so every loader fails the same clear way.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any

DATA_PACKAGE = "startnow.data"


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
