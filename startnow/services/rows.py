"""Fetching one row by id, the same way everywhere: a missing one is one clear line."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from startnow.errors import StartnowError

Row = TypeVar("Row", bound=SQLModel)


def get_row(session: Session, model: type[Row], row_id: int, what: str) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise StartnowError(f"there is no {what} {row_id}")
    return row


def update_row(session: Session, model: type[Row], row_id: int, what: str, **values: object) -> Row:
    row = get_row(session, model, row_id, what)
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    return row
