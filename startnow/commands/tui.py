"""`startnow` with no command: the coach, on Today."""

from __future__ import annotations

import argparse

from startnow.commands.common import db_path, open_services, require_terminal


def register(command) -> None:  # type: ignore[no-untyped-def]
    command(
        "tui",
        "open the coach on Today (the default when no command is given)",
        "examples:\n  startnow                         Enter, Enter, Enter starts the timer\n"
        "  startnow tui --db ~/work.db      another database\n\n"
        "keys: Enter start · a add · b break down · r review · ? help · q back / quit",
    )


def run(args: argparse.Namespace) -> int:
    quick = quick_start(args)
    if quick is not None:
        return quick
    services = open_services(args)  # errors surface here, before the screen is taken over
    try:
        require_terminal()
        from startnow.app import StartnowApp

        app = StartnowApp(services)
        app.run()
    finally:
        services.close()
    return app.return_code or 0


def quick_start(args: argparse.Namespace) -> int | None:
    """Paint Today from plain sqlite3 and open the full services behind it.

    Only for a store that exists at the current schema; None sends the caller
    the full way (a new store is created, an older one migrated, first). Every
    check of the file (damaged, foreign, newer, read-only) runs here, before
    the screen is taken over, exactly as the full open would run it.
    """
    from startnow.store import schema
    from startnow.store.preflight import inspect_file, prepare_directory
    from startnow.store.reader import connect_for_reading

    path, is_default = db_path(args)
    if not path.is_file():
        return None
    prepare_directory(path, create=False)
    state = inspect_file(path)  # before any connection: see store.db.open_store
    if state.version != schema.SCHEMA_VERSION:
        return None
    require_terminal()
    conn = connect_for_reading(path)
    if conn is None:
        return None
    app, quick, opening = quick_app(path, state, conn)
    try:
        app.run()
    finally:
        quick.close()
        opened = opening.opened()
        if opened is not None:
            opened.close()
    return app.return_code or 0


def quick_app(path, state, conn, opener=None):  # type: ignore[no-untyped-def]
    """The app on a quick look at `conn`, the full services opening behind it
    (by `opener`, if given: tests hold it back to prove the first paint
    doesn't need it)."""
    from startnow.app import ServicesOpening, StartnowApp
    from startnow.clock import system_clock
    from startnow.config import load_settings
    from startnow.services.quick_look import QuickLook

    settings = load_settings()

    def open_full():  # type: ignore[no-untyped-def]
        from startnow.services.hub import Services

        return Services.open(path, clock=system_clock, settings=settings, checked=state)

    opening = ServicesOpening(opener or open_full)
    quick = QuickLook(conn, system_clock, settings.grace)
    app = StartnowApp(quick=quick, opening=opening, settings=settings, clock=system_clock)
    return app, quick, opening
