"""`startnow` with no command: the coach, on Today."""

from __future__ import annotations

from startnow.commands.common import db_path, require_terminal
from startnow.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from types import SimpleNamespace

    from startnow.commands.protocols import CommandParser


def register(command: CommandParser) -> None:
    tui = command(
        "tui",
        "open the coach on Today (the default when no command is given)",
        "examples:\n  startnow                         Enter, Enter, Enter starts the timer\n"
        "  startnow tui --db ~/work.db      another database\n"
        "  startnow tui --task 12           Today with task 12 under the cursor (a reminder's)\n\n"
        "keys: Enter start · a add · b break down · r review · ? help · q back / quit",
    )
    tui.add_argument(
        "--task", metavar="ID", help="open with this task under the cursor, so Enter starts it"
    )


def fast_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """`startnow [--db P] [tui [--task ID]]` read without building the parser,
    which would take a share of the start worth saving before the first paint.
    Anything else (help, --version, another option, a stray word) is None:
    argparse reads it, and says what is wrong."""
    from types import SimpleNamespace

    db: str | None = None
    task: str | None = None
    named = False
    items = iter(argv)
    for arg in items:
        if arg == "--db" or (arg == "--task" and named):
            value = next(items, None)
            if value is None:
                return None
            if arg == "--db":
                db = value
            else:
                task = value
        elif arg.startswith("--db="):
            db = arg.removeprefix("--db=")
        elif arg == "tui" and not named:
            named = True
        else:
            return None
    return SimpleNamespace(command="tui" if named else None, db=db, task=task)


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    from startnow import collector
    from startnow.commands.changing import task_id
    from startnow.services.all_services import Services

    wanted = getattr(args, "task", None)
    open_task = None if wanted is None else task_id(wanted)
    path, is_default = db_path(args)
    # Every check of the file (damaged, foreign, newer, read-only) runs here,
    # before the screen is taken over.
    services = Services.launch(path, create_dir=is_default)
    # From here (Textual's import, the app's start) the collector is off until
    # Today is drawn (the app's first timer); not before: an older store is
    # upgraded inside launch, through the ORM, for as long as that takes.
    collector.hold()
    try:
        try:
            require_terminal()
        except UsageError:
            services.store  # noqa: B018  the checks the app makes behind its first paint: a damaged store says so
            raise
        from startnow.app import StartnowApp

        app = StartnowApp(services, open_task=open_task)
        app.run()
    finally:
        services.close()
        collector.release(freeze=False)
    return app.return_code or 0
