"""The ORM's table classes, built from the one declaration in `tables.py`.

Instants are aware UTC datetimes in Python and whole Unix seconds in SQLite, so
SQL can subtract them (start delays) without parsing strings. The classes are
made at import time, so the type checker sees them as `Any`: nothing outside
the store touches them; the rest of the app gets the domain's dataclasses.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelMetaclass

from startnow.errors import UnreadableValue
from startnow.store import tables
from startnow.store.fast import from_seconds, to_seconds


class UTCSeconds(TypeDecorator[datetime]):
    """Aware datetime <-> integer Unix seconds. Naive datetimes are refused: a
    naive value is a bug (whose local time?), not something to guess about."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> int | None:
        return to_seconds(value)

    def process_result_value(self, value: int | None, dialect: Any) -> datetime | None:
        try:
            return from_seconds(value)
        except ValueError:  # which row is not known here: Store.session finds it
            raise UnreadableValue(None, None, None, tables.INSTANT, value) from None


PYTHON_TYPES: dict[str, type] = {
    tables.INT: int,
    tables.TEXT: str,
    tables.TAGS: str,  # the ORM keeps tags as stored; the store's readers split them
    tables.INSTANT: datetime,
    tables.BOOL: bool,
}


def _field(column: tables.Column) -> Any:
    options: dict[str, Any] = {"nullable": column.nullable, "index": column.index}
    if column.kind == tables.INSTANT:
        options["sa_type"] = UTCSeconds
    if column.unique:
        options["unique"] = True
    if column.references is not None:
        options["foreign_key"], options["ondelete"] = column.references
    if column.nullable or column.default is not None:
        options["default"] = column.default
    return Field(**options)


def _model(class_name: str, table: tables.Table) -> Any:
    annotations: dict[str, Any] = {"id": int | None}
    namespace: dict[str, Any] = {
        "__tablename__": table.name,
        "__module__": __name__,
        "id": Field(default=None, primary_key=True),
    }
    indexes = [Index(n, *cols) for n, cols in table.indexes]
    indexes += [Index(n, col, sqlite_where=text(where)) for n, col, where in table.partial]
    indexes += [
        Index(n, col, unique=True, sqlite_where=text(where))
        for n, col, where in table.unique_partial
    ]
    if indexes:
        namespace["__table_args__"] = tuple(indexes)
    for column in table.columns:
        python = PYTHON_TYPES[column.kind]
        annotations[column.name] = python | None if column.nullable else python
        namespace[column.name] = _field(column)
    namespace["__annotations__"] = annotations
    return SQLModelMetaclass(class_name, (SQLModel,), namespace, table=True)


Task: Any = _model("Task", tables.TASK)
Chunk: Any = _model("Chunk", tables.STEP)
FocusSession: Any = _model("FocusSession", tables.FOCUS_SESSION)
Recovery: Any = _model("Recovery", tables.RECOVERY)
NudgeSwap: Any = _model("NudgeSwap", tables.NUDGE_SWAP)
Commitment: Any = _model("Commitment", tables.COMMITMENT)
