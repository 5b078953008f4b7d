"""User settings with sane defaults. Read with tomllib (stdlib, cheap), so the
quick-add path can afford it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Settings:
    focus_minutes: int = 25
    break_minutes: int = 5
    grace_minutes: int = 60
    day_start: time = time(9, 0)
    spiciness: int = 2
    notifications: bool = True


DEFAULTS = Settings()


def load_settings() -> Settings:
    """The settings in force. (A config file arrives with its own issue.)"""
    return DEFAULTS
