"""A systemd user timer that runs one startnow command every few minutes
(`remind --install`, `sync --install`), or the crontab line where there is no
systemd; and its removal. The command is run by this interpreter, so the timer
uses the same install as the one that wrote it."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from startnow.errors import StartnowError, UsageError

# Intervals that systemd's `*:0/N` and cron's `*/N` both keep exactly: the
# divisors of an hour.
MINUTES = (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)


@dataclass(frozen=True)
class UserTimer:
    unit: str  # the file names: UNIT.service and UNIT.timer; "startnow-remind"
    does: str  # the service's description, after "startnow: "
    command: list[str]  # argv, as `startnow_command` makes it
    verb: str  # what "Started: it ... every 5 minutes" says it does: "checks"
    minutes: int = 5
    # The service's children outlive it (a clickable notification's watcher):
    # systemd's default would kill them when the command ends.
    keep_children: bool = False

    @property
    def line(self) -> str:
        return shlex.join(self.command)

    @property
    def cron(self) -> str:
        when = "0 * * * *" if self.minutes == 60 else f"*/{self.minutes} * * * *"
        return f"{when} {self.line}"

    @property
    def every(self) -> str:
        return "every hour" if self.minutes == 60 else f"every {self.minutes} minutes"


def startnow_command(db: str | None, *args: str) -> list[str]:
    """`python -m startnow [--db ABS] ARGS` with this interpreter: the store's
    path made absolute, since a timer does not start in the current directory."""
    argv = [sys.executable, "-m", "startnow"]
    if db:
        argv += ["--db", os.path.abspath(os.path.expanduser(db))]
    return [*argv, *args]


def whole_minutes(seconds: int) -> int:
    """An interval a timer can keep, from --every's seconds; one line otherwise."""
    if seconds % 60 == 0 and seconds // 60 in MINUTES:
        return seconds // 60
    allowed = ", ".join(str(m) for m in MINUTES[:-1])
    raise UsageError(f"a timer runs every {allowed} or 60 minutes (--every 5m, --every 1h)")


def unit_dir() -> Path:
    """~/.config/systemd/user, or $XDG_CONFIG_HOME/systemd/user."""
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"
    return base / "systemd" / "user"


def install(timer: UserTimer) -> int:
    service = (
        f"[Unit]\nDescription=startnow: {timer.does}\n\n"
        f"[Service]\nType=oneshot\nExecStart={timer.line}\n"
        + ("KillMode=process\n" if timer.keep_children else "")
    )
    schedule = "*:00" if timer.minutes == 60 else f"*:0/{timer.minutes}"
    spec = (
        f"[Unit]\nDescription={timer.unit.replace('-', ' ')}, {timer.every}\n\n"
        f"[Timer]\nOnCalendar={schedule}\nAccuracySec=30s\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    directory = unit_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{timer.unit}.service").write_text(service, encoding="utf-8")
        (directory / f"{timer.unit}.timer").write_text(spec, encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or exc
        raise StartnowError(f"cannot write the timer in {directory}: {why}") from None
    print(f"Wrote {directory / timer.unit}.service and .timer.")
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        print("No systemd here; the same from cron (crontab -e):")
        print(timer.cron)
        return 0
    trouble = user_systemctl(systemctl, "daemon-reload") or user_systemctl(
        systemctl, "enable", "--now", f"{timer.unit}.timer"
    )
    if trouble:
        raise StartnowError(
            f"wrote the timer, but systemctl --user could not start it ({trouble}); "
            f"try: systemctl --user enable --now {timer.unit}.timer, or from cron: {timer.cron}"
        )
    print(f"Started: it {timer.verb} {timer.every} (systemctl --user status {timer.unit}.timer).")
    return 0


def user_systemctl(systemctl: str, *args: str) -> str:
    """Run `systemctl --user ARGS`; what went wrong in a few words, or "" if
    nothing did (no user manager, as in a container or over ssh, is the usual)."""
    import subprocess

    try:
        done = subprocess.run(
            [systemctl, "--user", *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(getattr(exc, "strerror", None) or exc)
    if done.returncode == 0:
        return ""
    said = (done.stderr or done.stdout).strip().splitlines()
    return said[0][:200] if said else f"exit status {done.returncode}"


def uninstall(unit: str) -> int:
    directory = unit_dir()
    names = [n for n in (f"{unit}.timer", f"{unit}.service") if os.path.lexists(directory / n)]
    if not names:
        print(f"No {unit}.timer in {directory}.")
        return 0
    systemctl = shutil.which("systemctl")
    # Stopped while its files are still there to name it.
    stopping = user_systemctl(systemctl, "disable", "--now", f"{unit}.timer") if systemctl else ""
    if stopping:
        print(f"startnow: systemctl --user could not stop it ({stopping})", file=sys.stderr)
    for name in names:
        try:
            (directory / name).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            why = exc.strerror or exc
            raise StartnowError(f"cannot remove {directory / name}: {why}") from None
    if systemctl is not None:
        user_systemctl(systemctl, "daemon-reload")
    print(f"Removed {', '.join(names)} from {directory}.")
    return 0
