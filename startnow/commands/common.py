"""What every command needs: the database path rules and opened services."""

from __future__ import annotations

import os
import sys

from startnow.clock import Clock, system_clock
from startnow.paths import resolve_db_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path
    from types import SimpleNamespace

    from startnow.services.all_services import Services


def db_path(args: argparse.Namespace | SimpleNamespace) -> tuple[Path, bool]:
    return resolve_db_path(getattr(args, "db", None))


def open_services(
    args: argparse.Namespace, clock: Clock = system_clock, *, reading: bool = False
) -> Services:
    """`reading`: a command that only reads (list, review, export). A --db or
    $STARTNOW_DB path with no file is then most likely a typo, so it is an error
    rather than a new empty store; the default store is simply created."""
    from startnow.services.all_services import Services

    path, is_default = db_path(args)
    if reading:
        require_store(path, is_default)
    return Services.open(path, create_dir=is_default, clock=clock)


def require_store(path: Path, is_default: bool) -> None:
    if not is_default and not os.path.exists(path):  # (a link to nowhere is no store either)
        from startnow.errors import StartnowError
        from startnow.store.preflight import missing_directory

        if not path.parent.is_dir():
            raise StartnowError(f"cannot open {path}: {missing_directory(path.parent)}")
        raise StartnowError(
            f"there is no startnow database at {path} (check the path; "
            "startnow add or startnow itself creates one)"
        )


def require_terminal() -> None:
    """The coach reads keys and draws a screen: without a terminal on both ends
    (`startnow < file`, a cron job) it would wait for keys that never come."""
    if not (sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty()):
        from startnow.errors import UsageError

        raise UsageError(
            "the coach needs a terminal (standard input or output is not one); "
            "in scripts use startnow add, list, review --format or export"
        )
