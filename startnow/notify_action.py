"""The watcher behind a clickable notification: `python -m startnow.notify_action`.

notify-send reports a click by printing the action's name when it is run with
`--wait`, which blocks until the notification closes. `startnow remind` exits
at once, so it leaves this small process to wait: on a click it starts the
command (startnow on the task, in a terminal), else it just ends.
"""

from __future__ import annotations

import subprocess
import sys

from startnow.notify import ACTION_NAMES, WAIT_LIMIT_SECONDS


def split_args(args: list[str]) -> tuple[list[str], list[str]]:
    """(the notify-send command, the command a click runs), as `wait_args` wrote them."""
    count = int(args[0])
    return args[1 : 1 + count], args[1 + count :]


def watch(notify_argv: list[str], launch: list[str], limit: float = WAIT_LIMIT_SECONDS) -> bool:
    """Show the notification with its actions and wait; True if it was clicked
    (and `launch` started)."""
    actions = [f"--action={ACTION_NAMES[0]}=Open", f"--action={ACTION_NAMES[1]}=Open startnow"]
    try:
        done = subprocess.run(
            [*notify_argv, "--wait", *actions], capture_output=True, text=True, timeout=limit
        )
    except (OSError, subprocess.SubprocessError):
        return False
    if done.stdout.strip() not in ACTION_NAMES or not launch:
        return False
    try:
        subprocess.Popen(
            launch,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def main(args: list[str]) -> int:
    try:
        notify_argv, launch = split_args(args)
    except (IndexError, ValueError):
        print("usage: python -m startnow.notify_action COUNT NOTIFY-ARGS... COMMAND...",
              file=sys.stderr)  # fmt: skip
        return 2
    watch(notify_argv, launch)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
