"""The ORM side of the store: a unit of work's small helpers, and rows turned
into the domain's plain dataclasses (screens and commands never hold ORM rows:
those can lazy-load on a closed session).

Conversions are driven by the dataclass's own fields, so a column the domain
does not know about is simply not handed over, and a column is never spelled
here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, TypeVar

from sqlmodel import Session

from startnow.domain.model import SessionInfo, StepInfo, TaskInfo
from startnow.errors import StartnowError, UnreadableValue
from startnow.store import tables
from startnow.store.fast import DECODE, UNREADABLE

Plain = TypeVar("Plain")


def plain(row: Any, kind: type[Plain], **extra: Any) -> Plain:
    """The dataclass `kind` from an ORM row: every field the row has, checked
    and its text made safe to show as the fast reads do (`fast.DECODE`)."""
    table = TABLES[row.__tablename__]
    values: dict[str, Any] = {"id": row.id}
    for f in fields(kind):  # type: ignore[arg-type]  # kind is a dataclass
        column = table.by_name.get(f.name)
        if column is None or f.name in extra:
            continue
        value = getattr(row, f.name)
        try:
            values[f.name] = SHOWN[column.kind](value)
        except UNREADABLE:
            raise UnreadableValue(table.name, row.id, f.name, column.kind, value) from None
    return kind(**{**values, **extra})


def _read_by_the_orm(value: datetime | None) -> datetime | None:
    return value  # models.UTCSeconds has read and checked it


# What `plain` does to each kind: the fast path's decoding, less the instants
# the ORM has decoded already.
SHOWN: dict[str, Callable[[Any], object]] = {**DECODE, tables.INSTANT: _read_by_the_orm}
TABLES = {t.name: t for t in tables.TABLES}


def step_info(row: Any) -> StepInfo:
    return plain(row, StepInfo)


def task_info(task: Any, steps: list[Any] | tuple[Any, ...] = ()) -> TaskInfo:
    ordered = sorted(steps, key=lambda c: (c.position, c.id or 0))
    return plain(task, TaskInfo, chunks=tuple(step_info(c) for c in ordered))


def session_info(row: Any) -> SessionInfo:
    return plain(row, SessionInfo)


def get_row(session: Session, model: Any, row_id: int, what: str) -> Any:
    """One row by id; a missing one is one clear line."""
    row = session.get(model, row_id)
    if row is None:
        raise StartnowError(f"there is no {what} {row_id}")
    return row


def update_row(session: Session, model: Any, row_id: int, what: str, **values: object) -> Any:
    row = get_row(session, model, row_id, what)
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    return row
