"""The conflict rule and its clock, as pure functions at fixed times."""

from __future__ import annotations

import pytest

from startnow.domain.hlc import HybridClock, Stamp
from startnow.domain.sync_rule import MirrorRow, visible
from startnow.store.sync.shape import SHAPES


def stamp(minute: int, counter: int = 0, machine: str = "a" * 16) -> str:
    return Stamp(minute * 60_000, counter, machine).text


def row(values: dict[str, object], created: int = 0, **kw: object) -> MirrorRow:
    alive_at = kw.get("deleted_at")
    edited = kw.get("edited")
    return MirrorRow(
        created=stamp(created),
        alive=alive_at is None,
        alive_at=stamp(int(alive_at)) if alive_at is not None else stamp(created),  # type: ignore[call-overload]
        latest_edit=stamp(int(edited)) if edited is not None else None,  # type: ignore[call-overload]
        values=values,
    )


def task(**values: object) -> dict[str, object]:
    return {"title": "t", "status": "open", "series_id": None, **values}


def record(**tables: dict[str, MirrorRow]) -> dict[str, dict[str, MirrorRow]]:
    return {s.name: dict(tables.get(s.name, {})) for s in SHAPES}


def test_stamps_order_by_wall_time_then_counter_then_machine_as_text() -> None:
    early, late = Stamp(1000, 5, "b" * 16), Stamp(1001, 0, "a" * 16)
    assert early < late and early.text < late.text
    tie_a, tie_b = Stamp(1000, 1, "a" * 16), Stamp(1000, 1, "b" * 16)
    assert tie_a.text < tie_b.text
    assert Stamp.parse(late.text) == late
    with pytest.raises(ValueError):
        Stamp.parse("12-3-x")


def test_a_clock_behind_never_stamps_before_what_it_has_seen() -> None:
    behind = HybridClock(0, 0, "b" * 16)
    seen = Stamp(10 * 60_000, 3, "a" * 16)  # ten minutes ahead of this machine
    after = behind.observe(seen, now_ms=60_000)
    _, next_stamp = after.tick(now_ms=2 * 60_000)
    assert next_stamp > seen
    moved_on, later = after.tick(now_ms=11 * 60_000)
    assert later.wall_ms == 11 * 60_000 and later.counter == 0 and moved_on.wall_ms == later.wall_ms


def test_a_delete_hides_a_row_unless_an_edit_came_after_it() -> None:
    merged = record(
        task={
            "kept": row(task(), deleted_at=5, edited=6),
            "gone": row(task(), deleted_at=5, edited=4),
            "never": MirrorRow(None, True, None, stamp(3), task()),  # only an edit has arrived
        }
    )
    assert set(visible(SHAPES, merged)["task"]) == {"kept"}


def test_a_session_keeps_its_deleted_task_and_a_step_goes_with_it() -> None:
    session = {"task_id": "t1", "chunk_id": "c1", "recovery_id": None, "kind": "focus"}
    merged = record(
        task={"t1": row(task(), deleted_at=9)},
        chunk={"c1": row({"task_id": "t1", "title": "s"}, deleted_at=9)},
        focus_session={"s1": row(session, deleted_at=9)},  # deletes never remove a session
    )
    shown = visible(SHAPES, merged)
    assert set(shown["task"]) == {"t1"} and set(shown["focus_session"]) == {"s1"}
    assert shown["chunk"] == {} and shown["focus_session"]["s1"]["chunk_id"] is None


def test_a_row_waits_for_its_parent_to_arrive() -> None:
    merged = record(chunk={"c1": row({"task_id": "t-missing", "title": "s"})})
    assert visible(SHAPES, merged)["chunk"] == {}


def test_two_open_instances_of_a_series_keep_the_first_and_drop_one_with_a_session() -> None:
    merged = record(
        task={
            "head": row(task(status="done", series_id="head"), created=1),
            "first": row(task(series_id="head"), created=2),
            "second": row(task(series_id="head"), created=3),
            "third": row(task(series_id="head"), created=4),
        },
        focus_session={"s": row({"task_id": "third", "chunk_id": None, "recovery_id": None})},
    )
    shown = visible(SHAPES, merged)["task"]
    assert set(shown) == {"head", "first", "third"}
    assert shown["first"]["status"] == "open" and shown["third"]["status"] == "dropped"


def test_two_commitments_for_one_week_keep_the_later() -> None:
    merged = record(
        commitment={
            "old": row({"week": "2026-W49", "text": "a"}, created=1),
            "new": row({"week": "2026-W49", "text": "b"}, created=2),
            "other": row({"week": "2026-W50", "text": "c"}, created=1),
        }
    )
    assert set(visible(SHAPES, merged)["commitment"]) == {"new", "other"}


def test_a_column_a_row_was_made_without_takes_its_default() -> None:
    merged = record(task={"t": row({"title": "t", "status": None, "series_id": None})})
    assert visible(SHAPES, merged)["task"]["t"]["status"] == "open"
