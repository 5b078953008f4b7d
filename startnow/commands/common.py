"""What every command needs: the database path rules and opened services."""

from __future__ import annotations

from startnow.clock import Clock, system_clock
from startnow.paths import resolve_db_path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~6 ms on quick add)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from startnow.services.hub import Services


def db_path(args: argparse.Namespace) -> tuple[Path, bool]:
    return resolve_db_path(getattr(args, "db", None))


def open_services(args: argparse.Namespace, clock: Clock = system_clock) -> Services:
    from startnow.services.hub import Services

    path, is_default = db_path(args)
    return Services.open(path, create_dir=is_default, clock=clock)
