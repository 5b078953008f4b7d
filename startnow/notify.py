"""Desktop notifications where the desktop offers them; silence where it doesn't."""

from __future__ import annotations

import shutil
import subprocess


def desktop_notify(title: str, message: str) -> bool:
    """Send through notify-send if it exists; never fail the timer over it."""
    command = shutil.which("notify-send")
    if command is None:
        return False
    try:
        subprocess.Popen(
            [command, "--app-name=startnow", title, message],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
