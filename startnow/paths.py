"""Where startnow keeps its files: platform conventions, overridable."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "startnow"
DB_ENV = "STARTNOW_DB"
DB_FILENAME = "startnow.db"


def default_data_dir() -> Path:
    """The platform's user data dir (e.g. ~/.local/share/startnow on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def resolve_db_path(cli_value: str | None) -> tuple[Path, bool]:
    """The database to use: --db, then $STARTNOW_DB, then the default store.

    Returns the path and whether it is the default one (only the default store's
    directory is created for the user; a --db path in a missing directory is an error,
    because it is most likely a typo).
    """
    if cli_value:
        return Path(cli_value).expanduser(), False
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser(), False
    return default_data_dir() / DB_FILENAME, True
