"""`startnow demo`: the coach on a throw-away store with 12 weeks of made-up history.

The store is a new file in a temporary directory unless `--db` names one; the
demo never falls back on $STARTNOW_DB or the default store, and refuses any
file that already holds tasks, so a real store is never mixed with made-up rows.
A temporary store is removed when the app closes (`--keep` keeps it); one named
with `--db`, or written with `--no-tui`, stays.
"""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser

EPILOG = """\
examples:
  startnow demo                              12 weeks of history in a temporary store, then Today
  startnow demo --seed 3                     another made-up user
  startnow demo --keep                       keep the temporary store after closing
  startnow --db /tmp/demo.db demo --no-tui   only write the store
  startnow --db /tmp/demo.db review          then look at it without the TUI

the history ends now, in your local time zone; the same seed gives the same user.
--db must name a new or empty file: a store that holds tasks is refused, untouched.
$STARTNOW_DB is ignored here, so the demo never writes to your real store.
The temporary store is removed when the app closes, unless --keep is given.
"""

DEFAULT_SEED = 7  # startnow.demo.simulate.DEFAULT_SEED, without importing it for --help


def register(command: CommandParser) -> None:
    demo = command(
        "demo",
        "the coach on a throw-away store filled with 12 weeks of made-up history",
        EPILOG,
    )
    demo.add_argument(
        "--no-tui", action="store_true", help="write the store and say where, without opening it"
    )
    demo.add_argument(
        "--keep", action="store_true", help="keep the temporary store when the app closes"
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="N",
        help=f"which made-up user (default: {DEFAULT_SEED})",
    )


def demo_path(args: argparse.Namespace) -> Path:
    """--db if given (before or after the command's name), else a new temporary directory."""
    explicit = getattr(args, "db", None)
    if explicit:
        return Path(explicit).expanduser()
    import tempfile

    return Path(tempfile.mkdtemp(prefix="startnow-demo-")) / "demo.db"


def run(args: argparse.Namespace) -> int:
    from startnow.clock import local_zone, system_clock
    from startnow.demo.writer import write_history

    if not args.no_tui:
        from startnow.commands.common import require_terminal

        require_terminal()
    path = demo_path(args)
    tz = local_zone()
    summary = write_history(path, system_clock(), tz, seed=args.seed)
    message = f"Demo store {path}: {summary.line()} (written in {summary.seconds:.2f} s)."
    if args.no_tui:
        print(message)
        return 0

    from startnow import collector
    from startnow.services.all_services import Services

    throw_away = getattr(args, "db", None) is None and not args.keep
    services = Services.open(path)
    collector.hold()  # back on once Today is drawn (the app's first timer)
    try:
        from startnow.app import StartnowApp

        app = StartnowApp(services, tz=tz)
        app.run()
        code = app.return_code or 0
    finally:
        services.close()
        collector.release(freeze=False)
        if throw_away:
            remove_store(path)
    print(message)
    if throw_away:
        print("It was a throw-away store: removed. (startnow demo --keep keeps it.)")
    elif getattr(args, "db", None) is None:
        print(f"It stays until you delete it: rm -r {path.parent}")
    return code


def remove_store(path: Path) -> None:
    """The temporary directory demo_path made, with the store and its -wal and
    -shm files: nothing else is ever in it."""
    import shutil

    if path.parent.name.startswith("startnow-demo-"):
        shutil.rmtree(path.parent, ignore_errors=True)
