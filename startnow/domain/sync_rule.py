"""Sync's one conflict rule, and what the merged history shows.

Every machine keeps the same merged record (the mirror: every row by its uid,
every field with the stamp of its last edit, `domain/hlc.py`), and turns it
into the rows its store shows with `visible`. Because that is a pure function
of the merged record, two machines that have seen the same changes show the
same rows. The rule, field by field and row by row:

- a field edited on two machines keeps the later edit (by stamp); a task done
  on one and edited on the other is therefore done *and* edited, since the
  status and the title are different fields;
- a delete wins over an edit only if it came later: a row deleted on one
  machine comes back if the other edited it after the delete;
- focus sessions, recoveries and nudge swaps (what the coach learns from) are
  append-only: a delete never removes one, and the task one belongs to stays
  too (so a session is never lost);
- a row whose parent is gone goes with it (a step with its task); a reference
  to a row that is gone becomes empty (a session's step);
- a row is shown only once its creation has arrived (changes can arrive
  before the row they change, when a folder syncs files out of order);
- two open instances of one recurring series (both machines closed the same
  instance and made its successor): the first created stays open, the other
  is hidden, or dropped if sessions or recoveries point at it;
- two commitments for one week: the later one is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Values = dict[str, object]
Visible = dict[str, dict[str, Values]]  # table -> uid -> column -> value


@dataclass(frozen=True)
class Shape:
    """What the rule needs to know of one table (built from store/tables.py)."""

    name: str
    columns: tuple[str, ...]
    defaults: Mapping[str, object] = field(default_factory=dict)  # of columns never NULL
    cascade: Mapping[str, str] = field(default_factory=dict)  # column -> parent table
    set_null: Mapping[str, str] = field(default_factory=dict)  # column -> table
    keeps: Mapping[str, str] = field(default_factory=dict)  # column -> table kept shown
    append_only: bool = False


@dataclass
class MirrorRow:
    """One row of the merged record: values by column, references as uids."""

    created: str | None  # stamp of its creation; None until that has arrived
    alive: bool
    alive_at: str | None  # stamp of its last delete (or undelete)
    latest_edit: str | None  # the latest stamp of any field edited since creation
    values: Values


def shown_by_itself(shape: Shape, row: MirrorRow) -> bool:
    if row.created is None:
        return False
    if shape.append_only or row.alive:
        return True
    return (
        row.latest_edit is not None and row.alive_at is not None and row.latest_edit > row.alive_at
    )


def visible(shapes: tuple[Shape, ...], rows: Mapping[str, Mapping[str, MirrorRow]]) -> Visible:
    """The rows a store shows for this merged record (shapes: parents first)."""
    by_name = {s.name: s for s in shapes}
    shown = {s.name: {u for u, r in rows[s.name].items() if shown_by_itself(s, r)} for s in shapes}
    _keep_referenced(shapes, rows, shown)
    _drop_orphans(shapes, rows, shown)
    adjusted = _resolve_collisions(by_name, rows, shown)
    result: Visible = {}
    for shape in shapes:
        table: dict[str, Values] = {}
        for uid in shown[shape.name]:
            out = dict(rows[shape.name][uid].values)
            for column, default in shape.defaults.items():
                if out.get(column) is None:  # made by an older startnow, without the column
                    out[column] = default
            for column, other in shape.set_null.items():
                if out[column] not in shown[other]:
                    out[column] = None
            out.update(adjusted.get((shape.name, uid), {}))
            table[uid] = out
        result[shape.name] = table
    return result


def _keep_referenced(
    shapes: tuple[Shape, ...],
    rows: Mapping[str, Mapping[str, MirrorRow]],
    shown: dict[str, set[str]],
) -> None:
    """Append-only rows keep their parents, and series keep their first instance."""
    changed = True
    while changed:
        changed = False
        for shape in shapes:
            kept = dict(shape.keeps)
            if shape.append_only:
                kept.update(shape.cascade)
            for column, other in kept.items():
                for uid in list(shown[shape.name]):
                    ref = rows[shape.name][uid].values.get(column)
                    target = rows[other].get(ref) if isinstance(ref, str) else None
                    if (
                        target is not None
                        and target.created is not None
                        and ref not in shown[other]
                    ):
                        shown[other].add(ref)  # type: ignore[arg-type]
                        changed = True


def _drop_orphans(
    shapes: tuple[Shape, ...],
    rows: Mapping[str, Mapping[str, MirrorRow]],
    shown: dict[str, set[str]],
) -> None:
    """A row whose parent (or series) is not shown is not shown either."""
    changed = True
    while changed:
        changed = False
        for shape in shapes:
            needed = {**shape.cascade, **shape.keeps}
            for uid in list(shown[shape.name]):
                values = rows[shape.name][uid].values
                for column, other in needed.items():
                    ref = values.get(column)
                    if ref is not None and ref not in shown[other]:
                        shown[shape.name].discard(uid)
                        changed = True
                        break


def _resolve_collisions(
    by_name: Mapping[str, Shape],
    rows: Mapping[str, Mapping[str, MirrorRow]],
    shown: dict[str, set[str]],
) -> dict[tuple[str, str], Values]:
    """The store's own uniqueness rules, kept the same way on every machine."""
    adjusted: dict[tuple[str, str], Values] = {}
    if "task" in by_name:
        tasks = rows["task"]
        series: dict[object, list[str]] = {}
        for uid in shown["task"]:
            values = tasks[uid].values
            if values.get("status") == "open" and values.get("series_id") is not None:
                series.setdefault(values["series_id"], []).append(uid)
        referenced = _referenced_by_append_only(by_name, rows, shown, "task")
        for uids in series.values():
            for loser in sorted(uids, key=lambda u: (tasks[u].created or "", u))[1:]:
                if loser in referenced:
                    adjusted[("task", loser)] = {"status": "dropped"}
                else:
                    shown["task"].discard(loser)
        if any(adjusted) or series:
            _drop_orphans(tuple(by_name.values()), rows, shown)
    if "commitment" in by_name:
        weeks: dict[object, list[str]] = {}
        commitments = rows["commitment"]
        for uid in shown["commitment"]:
            weeks.setdefault(commitments[uid].values.get("week"), []).append(uid)
        for uids in weeks.values():

            def latest(u: str) -> tuple[str, str]:
                row = commitments[u]
                return (max(row.created or "", row.latest_edit or ""), u)

            for loser in sorted(uids, key=latest)[:-1]:
                shown["commitment"].discard(loser)
    return adjusted


def _referenced_by_append_only(
    by_name: Mapping[str, Shape],
    rows: Mapping[str, Mapping[str, MirrorRow]],
    shown: dict[str, set[str]],
    table: str,
) -> set[str]:
    found: set[str] = set()
    for shape in by_name.values():
        if not shape.append_only:
            continue
        for column, other in shape.cascade.items():
            if other == table:
                found.update(str(rows[shape.name][u].values.get(column)) for u in shown[shape.name])
    return found
