"""What the screens look like, pinned: SVG snapshots at 100×30 from a fixed clock.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from startnow.app import StartnowApp
from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.scenes import BERLIN, MORNING, day_under_way, morning

SIZE = (100, 30)


@pytest.fixture
def scene(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = ManualClock(MORNING)
    services = Services.open(tmp_path / "s.db", clock=clock, rng=random.Random(4))
    ids = morning(services, clock)
    yield services, ids
    services.close()


def app_for(services: Services) -> StartnowApp:
    return StartnowApp(services, tz=BERLIN, watch_seconds=0, notify_desktop=False)


def test_today(scene, snap_compare) -> None:  # type: ignore[no-untyped-def]
    services, _ = scene
    assert snap_compare(app_for(services), terminal_size=SIZE)


@pytest.fixture
def later_scene(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = ManualClock(MORNING)
    services = Services.open(tmp_path / "s.db", clock=clock, rng=random.Random(4))
    day_under_way(services, clock)
    yield services
    services.close()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_today_with_overdue_upcoming_and_done_today(later_scene, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(later_scene), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_today_with_upcoming_open(later_scene, snap_compare, size) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(later_scene), press=["v"], terminal_size=size)


def test_blocker_question(scene, snap_compare) -> None:  # type: ignore[no-untyped-def]
    services, _ = scene
    assert snap_compare(app_for(services), press=["down", "down", "down", "enter"],
                        terminal_size=SIZE)  # fmt: skip


def test_nudge(scene, snap_compare) -> None:  # type: ignore[no-untyped-def]
    services, _ = scene
    keys = ["down", "down", "down", "enter", "home", "enter"]  # overwhelm, chosen
    assert snap_compare(app_for(services), press=keys, terminal_size=SIZE)


def test_focus_timer(scene, snap_compare) -> None:  # type: ignore[no-untyped-def]
    services, _ = scene
    keys = ["down", "down", "down", "enter", "home", "enter", "enter"]  # overwhelm's nudge
    assert snap_compare(app_for(services), press=keys, terminal_size=SIZE)


def test_breakdown(scene, snap_compare) -> None:  # type: ignore[no-untyped-def]
    services, _ = scene
    # six downs wrap round to "Write the quarterly report" → b: its steps and suggestions
    keys = ["down", "down", "down", "down", "down", "down", "b"]
    assert snap_compare(app_for(services), press=keys, terminal_size=SIZE)


def test_missed_start_recovery(scene, snap_compare) -> None:  # type: ignore[no-untyped-def]
    services, _ = scene
    assert snap_compare(app_for(services), press=["enter"], terminal_size=SIZE)


def test_review_on_the_demo_history(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    from startnow.demo.writer import write_history

    path = tmp_path / "demo.db"
    write_history(path, MORNING, BERLIN, seed=7)
    services = Services.open(path, clock=ManualClock(MORNING), rng=random.Random(4))
    try:
        assert snap_compare(app_for(services), press=["r"], terminal_size=SIZE)
    finally:
        services.close()
