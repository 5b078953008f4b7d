"""The synced tables, as the conflict rule and the mirror see them.

Built from the one declaration (`store/tables.py`), so a new column is synced
by itself. References are kept by uid in the mirror, never by local id.
"""

from __future__ import annotations

from startnow.domain.sync_rule import Shape
from startnow.store import tables

# What the coach learns from, and the feedback on it: never deleted by sync.
APPEND_ONLY = frozenset({"focus_session", "recovery", "nudge_swap"})
# task.series_id names the first instance of a series: not a foreign key in
# the store, but sync treats it as one that keeps that instance shown.
KEEPS = {"task": {"series_id": "task"}}


def shape_of(table: tables.Table) -> Shape:
    cascade: dict[str, str] = {}
    set_null: dict[str, str] = {}
    for column in table.columns:
        if column.references is not None:
            target, on_delete = column.references
            (cascade if on_delete == "CASCADE" else set_null)[column.name] = target.split(".")[0]
    defaults = {
        c.name: c.default for c in table.columns if c.default is not None and not c.nullable
    }
    return Shape(
        name=table.name,
        columns=table.names,
        defaults=defaults,
        cascade=cascade,
        set_null=set_null,
        keeps=KEEPS.get(table.name, {}),
        append_only=table.name in APPEND_ONLY,
    )


SHAPES = tuple(shape_of(t) for t in tables.TABLES)  # tables.TABLES lists parents first
BY_NAME = {s.name: s for s in SHAPES}


def references(shape: Shape) -> dict[str, str]:
    """Every column that holds another row's id (its uid in the mirror)."""
    return {**shape.cascade, **shape.set_null, **shape.keeps}
