"""Where startnow keeps its files: platform conventions, overridable."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "startnow"
DB_ENV = "STARTNOW_DB"
DB_FILENAME = "startnow.db"


def default_data_dir() -> Path:
    """The platform's user data dir (e.g. ~/.local/share/startnow on Linux)."""
    from pathlib import Path

    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_config_dir() -> Path:
    from pathlib import Path

    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def resolve_db_path(cli_value: str | None) -> tuple[Path, bool]:
    """The database to use: --db, then $STARTNOW_DB, then the default store.

    Returns the path and whether it is the default one (only the default store's
    directory is created for the user; a --db path in a missing directory is an error,
    because it is most likely a typo).
    """
    from pathlib import Path

    location, is_default = resolve_db_location(cli_value)
    return Path(location), is_default


def resolve_db_location(cli_value: str | None) -> tuple[str, bool]:
    """resolve_db_path as a plain string: quick add skips importing pathlib when
    --db or $STARTNOW_DB names the file."""
    if cli_value is not None and not cli_value.strip():
        from startnow.errors import UsageError

        raise UsageError("--db needs a file name (it was empty)")
    if cli_value:
        return os.path.expanduser(cli_value), False
    env = os.environ.get(DB_ENV)
    if env is not None:
        if not env.strip():  # set but empty: most likely a variable that didn't expand
            from startnow.errors import UsageError

            raise UsageError(f"${DB_ENV} is set but empty: name a file, or unset it")
        return os.path.expanduser(env), False
    return str(default_data_dir() / DB_FILENAME), True


def default_db_location() -> str:
    """The default store's path as a string, for commands run every second
    (`startnow status`): on Linux worked out by platformdirs' own rules
    ($XDG_DATA_HOME when absolute, else ~/.local/share), which a test checks,
    without importing it; elsewhere platformdirs answers."""
    import posixpath
    import sys

    home = os.environ.get("HOME", "")
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel") and home[:1] == "/":
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = xdg if posixpath.isabs(xdg) else posixpath.join(home, ".local", "share")
        return posixpath.join(base, APP_NAME, DB_FILENAME)
    return str(default_data_dir() / DB_FILENAME)
