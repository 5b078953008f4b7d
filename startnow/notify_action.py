"""The watcher behind a clickable notification: `python -m startnow.notify_action JSON`.

notify-send reports a click by printing the action's name when it is run with
`--wait`, which blocks until the notification closes. `startnow remind` exits
at once, so it leaves this small process to wait: on a click it starts the
command (startnow on the task, in a terminal), else it just ends. Where the
notification server turns the actions down (notify-send then says so and
would wait for ever), it is shown again without them, the command to type at
its end.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys

from startnow.notify import ACTION_NAMES, WAIT_LIMIT_SECONDS

SETTLE_SECONDS = 2.0  # long enough for notify-send to say the actions were refused
REFUSED = ("not supported", "Failed to connect", "Cannot autolaunch")


def said(partial: bytes | str | None) -> str:
    if isinstance(partial, bytes):
        return partial.decode("utf-8", "replace")
    return partial or ""


def watch(
    notify_argv: list[str],
    launch: list[str],
    limit: float = WAIT_LIMIT_SECONDS,
    plain_argv: list[str] | None = None,
) -> bool:
    """Show the notification with its actions and wait; True if it was clicked
    (and `launch` started). Refused actions: `plain_argv` is shown instead."""
    actions = [f"--action={ACTION_NAMES[0]}=Open", f"--action={ACTION_NAMES[1]}=Open startnow"]
    try:
        waiting = subprocess.Popen(
            [*notify_argv, "--wait", *actions],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    except OSError:
        return False
    try:
        out, err = waiting.communicate(timeout=min(SETTLE_SECONDS, limit))
    except subprocess.TimeoutExpired as still:
        if any(word in said(still.stderr) for word in REFUSED):
            end(waiting)
            show_plain(plain_argv)
            return False
        try:
            out, err = waiting.communicate(timeout=max(limit - SETTLE_SECONDS, 0))
        except subprocess.TimeoutExpired:
            end(waiting)
            return False
    if out.strip() not in ACTION_NAMES or not launch:
        if any(word in err for word in REFUSED):
            show_plain(plain_argv)
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


def end(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.communicate()


def show_plain(argv: list[str] | None) -> None:
    """The notification without actions (its message ends with the command)."""
    if not argv:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(argv, capture_output=True, timeout=10)


def main(args: list[str]) -> int:
    try:
        [given] = args
        watched = json.loads(given)
        notify_argv, launch = list(watched["notify"]), list(watched["launch"])
        plain = list(watched.get("plain") or [])
    except (ValueError, KeyError, TypeError):
        print("usage: python -m startnow.notify_action JSON (written by startnow.notify)",
              file=sys.stderr)  # fmt: skip
        return 2
    watch(notify_argv, launch, plain_argv=plain)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
