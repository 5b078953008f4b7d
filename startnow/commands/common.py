"""What every command needs: the database path rules and opened services."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from startnow.clock import Clock, system_clock
from startnow.paths import resolve_db_path

if TYPE_CHECKING:
    import argparse

    from startnow.services.hub import Services


def db_path(args: argparse.Namespace) -> tuple[Path, bool]:
    return resolve_db_path(getattr(args, "db", None))


def open_services(args: argparse.Namespace, clock: Clock = system_clock) -> Services:
    from startnow.services.hub import Services

    path, is_default = db_path(args)
    return Services.open(path, create_dir=is_default, clock=clock)
