"""Test helpers: build tasks the way a user would, read rows back directly."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any


def spec(
    title: str,
    *,
    estimate: int | None = None,
    planned_start: datetime | None = None,
    due: datetime | None = None,
    tags: tuple[str, ...] = (),
    chunks: tuple[tuple[str, int | None], ...] = (),
) -> SimpleNamespace:
    """What quick add would hand the task service."""
    return SimpleNamespace(
        title=title,
        estimate=estimate,
        planned_start=planned_start,
        due=due,
        tags=tags,
        chunks=tuple(SimpleNamespace(title=t, estimate=m) for t, m in chunks),
    )


def rows(db_path: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    """Read the database file directly, as a separate program would."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
