"""`startnow config path|show`: where the settings file is, and what is in force."""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser


def register(command: CommandParser) -> None:
    cfg = command(
        "config",
        "the settings file: its path, and the settings in force",
        "examples:\n"
        "  startnow config path     where the file is (written, all commented, if missing)\n"
        "  startnow config show     every setting in force, as TOML\n"
        '  $EDITOR "$(startnow config path)"\n\n'
        "$STARTNOW_CONFIG points at another file.",
    )
    cfg.add_argument(
        "action",
        nargs="?",
        choices=("path", "show"),
        default="show",
        help="path: print the file's path; show (default): the settings in force",
    )


def run(args: argparse.Namespace) -> int:
    from startnow.config import as_toml, config_path, load_settings, write_default

    path = config_path()
    if args.action == "path":  # even when the file has a mistake: that is when it is needed
        if not path.exists():
            write_default(path)
        print(path)
        return 0
    settings = load_settings(path)
    print(f"# settings in force (file: {path})")
    print(as_toml(settings))
    return 0
