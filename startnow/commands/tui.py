"""`startnow` with no command: the coach, on Today."""

from __future__ import annotations

import argparse

from startnow.commands.common import open_services


def register(command) -> None:  # type: ignore[no-untyped-def]
    command(
        "tui",
        "open the coach on Today (the default when no command is given)",
        "examples:\n  startnow                         Enter, Enter, Enter starts the timer\n"
        "  startnow tui --db ~/work.db      another database\n\n"
        "keys: Enter start · a add · b break down · r review · ? help · q back / quit",
    )


def run(args: argparse.Namespace) -> int:
    services = open_services(args)  # errors surface here, before the screen is taken over
    try:
        from startnow.app import StartnowApp

        StartnowApp(services).run()
    finally:
        services.close()
    return 0
