"""User settings: a TOML file in the platform's config dir, with sane defaults.

`load_settings()` runs on the quick-add path, so it must cost well under a
millisecond: the directory is worked out without importing platformdirs on
Linux (importing it costs more than the rest), the file is read once, and plain
`key = value` lines are read without tomllib (costly to import); tomllib is
only loaded for anything fancier (and for its exact error messages). The
commented default file is written when missing, once, ignoring any failure:
a read-only home must not break `startnow add`.

Every mistake is one line naming the file and the key, raised as StartnowError.
"""

from __future__ import annotations

import os
import posixpath
import sys
from collections import namedtuple
from datetime import time, timedelta

from startnow.errors import StartnowError

CONFIG_ENV = "STARTNOW_CONFIG"
CONFIG_FILENAME = "config.toml"
WEEK_STARTS = ("monday",)


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing

if TYPE_CHECKING:  # pathlib and typing: imports that quick add, which reads this, skips
    from collections.abc import Callable
    from os import PathLike
    from pathlib import Path
    from typing import Any


# A namedtuple, not a dataclass: importing dataclasses (and inspect) costs
# a share of a quick add, and this is read on every quick add. The fields and defaults are
# literals in the call, so the type checker sees them too.
class Settings(
    namedtuple(
        "Settings",
        "focus_minutes break_minutes grace_minutes day_start spiciness"
        " notifications week_start theme remind_by quiet coach terminal sync",
        defaults=(
            25, 5, 60, time(9, 0), 2, True, "monday", "textual-dark", "", "", "learner", "", ""
        ),  # fmt: skip
    )
):
    __slots__ = ()
    if TYPE_CHECKING:
        focus_minutes: int
        break_minutes: int
        grace_minutes: int
        day_start: time
        spiciness: int
        notifications: bool
        week_start: str
        theme: str
        remind_by: str  # "HH:MM" or "" (off): `startnow remind`'s morning nudge
        quiet: str  # "HH:MM-HH:MM" or "" (none): no reminders then
        coach: str  # "learner" (domain/learning.py) or "thompson" (domain/chooser.py)
        terminal: str  # the command a clicked reminder opens startnow in; "" finds one
        sync: str  # the folder `startnow sync` uses when given none; "" for none

    @property
    def grace(self) -> timedelta:
        """The missed-start grace period."""
        return timedelta(minutes=self.grace_minutes)


DEFAULTS = Settings()

DEFAULT_TEXT = """\
# startnow settings. Lines starting with "#" are comments: remove the "#" in
# front of a setting to change it. `startnow config show` prints the settings
# in force. Delete this file to get the defaults (and this text) back.

# Minutes of a focus session when neither the step nor a nudge says otherwise (1-180).
# focus_minutes = 25

# Minutes of the break after a focus session (1-60).
# break_minutes = 5

# Minutes past a task's planned start (or start-by) before it counts as a
# missed start (0-1440).
# grace_minutes = 60

# When your day starts, "HH:MM": `start:tomorrow` means tomorrow at this time.
# day_start = "09:00"

# The first day of the week in the review. Only "monday" (ISO weeks).
# week_start = "monday"

# A desktop notification when the timer ends (the terminal bell rings anyway).
# notifications = true

# The app's look: a Textual theme name, e.g. "textual-dark", "textual-light",
# "nord", "gruvbox", "dracula", "tokyo-night", "solarized-light".
# theme = "textual-dark"

# How finely "break it down" splits a task: 1 a few coarse steps .. 3 very fine.
# spiciness = 2

# `startnow remind` (run every few minutes by a timer): "HH:MM" by which, with
# nothing started today, it reminds you once; "" for never.
# remind_by = ""

# Quiet hours for `startnow remind`, "HH:MM-HH:MM" (may span midnight); "" for none.
# quiet = ""

# How the coach picks a nudge: "learner" (related nudges share what they teach,
# recent sessions weigh more) or "thompson" (each nudge's whole record alone).
# coach = "learner"

# The terminal a click on a reminder opens startnow in: a command the coach's
# own is added to, e.g. "kitty", "gnome-terminal --", "alacritty -e";
# "" tries $TERMINAL, then the usual terminals.
# terminal = ""

# The folder `startnow sync` uses when you name none: one that Syncthing,
# Dropbox, a network share or a USB stick shares between your machines (never
# the folder the database itself is in). "" for none.
# sync = ""
"""


def _config_dir() -> str:
    """platformdirs' user config dir; on Linux computed directly by its rules
    (XDG_CONFIG_HOME when absolute, else ~/.config), which a test checks."""
    home = os.environ.get("HOME", "")
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel") and home[:1] == "/":
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        base = xdg if posixpath.isabs(xdg) else posixpath.join(home, ".config")
        return posixpath.join(base, "startnow")
    from startnow.paths import default_config_dir

    return str(default_config_dir())


def _config_location() -> str:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return os.path.expanduser(env)
    return os.path.join(_config_dir(), CONFIG_FILENAME)


def config_dir() -> Path:
    from pathlib import Path

    return Path(_config_dir())


def config_path() -> Path:
    """$STARTNOW_CONFIG, else config.toml in the platform's config dir."""
    from pathlib import Path

    return Path(_config_location())


def write_default(path: str | PathLike[str]) -> bool:
    """Write the commented default file if none exists; never raises."""
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(DEFAULT_TEXT)
        return True
    except OSError:
        return False


def load_settings(path: str | PathLike[str] | None = None, *, create: bool = True) -> Settings:
    """The settings in force: the file's values over the defaults."""
    path = path or _config_location()
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except (FileNotFoundError, NotADirectoryError):
        if create:
            write_default(path)
        return DEFAULTS
    except OSError as exc:
        raise StartnowError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        # A BOM stripped by hand: the "utf-8-sig" codec is a module to import.
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise StartnowError(f"{path}: not UTF-8 text") from None
    values = parse_simple(text)
    if values is None:
        values = _parse_toml(text, path)
    return settings_from(values, path)


_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def parse_simple(text: str) -> dict[str, Any] | None:
    """The file as tomllib would read it, if every line is blank, a comment, or
    `key = <integer | true | false | "string">`; None when tomllib is needed.
    String methods only: even compiling a regex costs more than the budget."""
    if "\r" in text.replace("\r\n", ""):  # a bare CR: tomllib decides (it refuses it)
        return None
    values: dict[str, Any] = {}
    for raw in text.split("\n"):
        line = raw.removesuffix("\r")
        if not line.replace("\t", " ").isprintable():  # control characters: tomllib decides
            return None
        line = line.strip(" \t")
        if not line or line.startswith("#"):
            continue
        key, equals, rest = line.partition("=")
        key, rest = key.rstrip(" \t"), rest.lstrip(" \t")
        if not equals or not key or not _KEY_CHARS.issuperset(key) or key in values:
            return None
        if rest.startswith('"'):
            end = rest.find('"', 1)
            if end < 0 or "\\" in rest[:end]:
                return None
            value: Any = rest[1:end]
            tail = rest[end + 1 :].lstrip(" \t")
        else:
            word, hashed, comment = rest.partition("#")
            tail = hashed + comment
            word = word.rstrip(" \t")
            if word in ("true", "false"):
                value = word == "true"
            elif word.isascii() and word.isdigit() and (word == "0" or word[0] != "0"):
                value = int(word)
            else:
                return None
        if tail and not tail.startswith("#"):
            return None
        values[key] = value
    return values


def _parse_toml(text: str, path: str | PathLike[str]) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StartnowError(f"{path}: not valid TOML: {exc}") from None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _whole(value: Any, low: int, high: int, what: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        of = f" of {what}" if what else ""
        raise ValueError(f"must be a whole number{of} from {low} to {high}")
    return value


def _day_start(value: Any) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        return value.replace(second=0, microsecond=0)
    import re  # here, not at the top: `startnow status` (every second) reads no such value

    if isinstance(value, str) and (m := re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)):
        return time(int(m.group(1)), int(m.group(2)))
    raise ValueError('must be a time of day like "09:00" (24-hour HH:MM)')


def _week_start(value: Any) -> str:
    if isinstance(value, str) and value.lower() in WEEK_STARTS:
        return value.lower()
    raise ValueError('must be "monday": weeks are ISO weeks, Monday to Sunday')


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _theme(value: Any) -> str:
    import re

    if isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", value):
        return value
    raise ValueError('must be a Textual theme name like "textual-dark" or "nord"')


def _optional_time(value: Any) -> str:
    if value == "":
        return ""
    _day_start(value)  # (the same "HH:MM" rule)
    return value if isinstance(value, str) else f"{value:%H:%M}"


def _quiet(value: Any) -> str:
    if value == "":
        return ""
    if isinstance(value, str) and value.count("-") == 1:
        start, end = value.split("-")
        try:
            _day_start(start.strip())
            _day_start(end.strip())
            return f"{start.strip()}-{end.strip()}"
        except ValueError:
            pass
    raise ValueError('must be a span of the day like "20:00-08:00", or "" for none')


COACHES = ("learner", "thompson")


def _coach(value: Any) -> str:
    if value in COACHES:
        return str(value)
    raise ValueError('must be "learner" or "thompson"')


def _terminal(value: Any) -> str:
    import shlex

    if isinstance(value, str):
        try:
            shlex.split(value)
            return value.strip()
        except ValueError:
            pass
    raise ValueError('must be a command like "kitty" or "gnome-terminal --", or "" to find one')


def _folder(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError('must be a folder path in quotes, or "" for none')


# Each key's check: the value as read, to the value in force (or ValueError).
CHECKS: dict[str, Callable[[Any], object]] = {
    "focus_minutes": lambda v: _whole(v, 1, 180, "minutes"),
    "break_minutes": lambda v: _whole(v, 1, 60, "minutes"),
    "grace_minutes": lambda v: _whole(v, 0, 1440, "minutes"),
    "day_start": _day_start,
    "week_start": _week_start,
    "notifications": _bool,
    "theme": _theme,
    "spiciness": lambda v: _whole(v, 1, 3),
    "remind_by": lambda v: _optional_time(v),
    "quiet": lambda v: _quiet(v),
    "coach": lambda v: _coach(v),
    "terminal": lambda v: _terminal(v),
    "sync": lambda v: _folder(v),
}
assert set(CHECKS) == set(Settings._fields)


def settings_from(values: dict[str, Any], path: str | PathLike[str] = CONFIG_FILENAME) -> Settings:
    """Check every key and value; the first problem is one line naming the key."""
    checked: dict[str, Any] = {}
    for key, value in values.items():
        check = CHECKS.get(key)
        if check is None:
            known = ", ".join(CHECKS)
            raise StartnowError(f'{path}: unknown setting "{key}" (known: {known})')
        try:
            checked[key] = check(value)
        except ValueError as exc:
            raise StartnowError(f"{path}: {key} {exc}, got {_show(value)}") from None
    return Settings(**checked) if checked else DEFAULTS


def as_toml(settings: Settings) -> str:
    """The settings as TOML lines (what `startnow config show` prints)."""
    lines = []
    for name in Settings._fields:
        value = getattr(settings, name)
        shown = f'"{value:%H:%M}"' if isinstance(value, time) else _show(value)
        lines.append(f"{name} = {shown}")
    return "\n".join(lines)
