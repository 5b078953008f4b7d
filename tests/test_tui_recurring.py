"""A recurring task on Today: its rule on its row, and a lapsed instance
rolled over behind the first paint (after the store's opening), shown by the
next live update."""

from __future__ import annotations

from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.helpers import SIZE, cli, make_app, rows, screen_text


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


async def test_today_shows_the_rule_and_rolls_a_lapsed_instance_over_after_opening(
    db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARTNOW_NOW", "2026-11-09T06:00:00+00:00")  # two weeks before
    assert cli("--db", str(db_path), "add", "Water the plants ~5m every:day start:9am")[0] == 0
    assert cli("--db", str(db_path), "add", "Weekly report every:fri start:9am")[0] == 0
    services = Services.launch(db_path, clock=clock)  # MORNING: Mon 23 Nov, 08:52 Berlin
    app = make_app(services)
    try:
        async with app.run_test(size=SIZE) as pilot:
            first = screen_text(app)
            assert "every day" in first and "every Fri" in first
            assert rows(db_path, "SELECT COUNT(*) FROM task")[0][0] == 2  # nothing yet
            services.warm_up(wait=True)
            app.check_for_changes()
            await pilot.pause()
            [plants] = [line for line in screen_text(app).splitlines() if "Water the" in line]
            assert "start 09:00" in plants and "every day" in plants
    finally:
        services.close()
    found = rows(
        db_path, "SELECT id, status, planned_start FROM task WHERE title LIKE 'Water%' ORDER BY id"
    )
    assert [tuple(r) for r in found] == [
        (1, "dropped", 1794211200), (3, "open", 1795420800),  # 9 Nov and 23 Nov, 09:00
    ]  # fmt: skip
    report = rows(
        db_path, "SELECT id, status, planned_start FROM task WHERE title = 'Weekly report'"
    )
    assert [tuple(r) for r in report] == [  # Fri 13 Nov lapsed; this week's is Fri 20 Nov
        (2, "dropped", 1794556800), (4, "open", 1795161600),
    ]  # fmt: skip


async def test_a_small_recurring_thing_says_its_rule_in_the_lane(
    db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARTNOW_NOW", clock().isoformat())
    assert cli("--db", str(db_path), "add", "Water the plants ~2m every:2d")[0] == 0
    services = Services.open(db_path, clock=clock)
    app = make_app(services)
    try:
        async with app.run_test(size=SIZE):
            [row] = [line for line in screen_text(app).splitlines() if "Water the" in line]
            assert "2 min · every 2 days" in row
    finally:
        services.close()
