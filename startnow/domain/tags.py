"""Tags are stored as one space-separated, lowercase string (cheap for quick add)."""

from __future__ import annotations


def split_tags(tags: str) -> tuple[str, ...]:
    return tuple(t for t in tags.split() if t)


def join_tags(tags: tuple[str, ...] | list[str]) -> str:
    return " ".join(dict.fromkeys(t.lower().lstrip("#") for t in tags if t))
