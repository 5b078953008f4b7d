"""A person's whole Monday, scripted through the real entry points at fixed
clocks: add, edit, reschedule, two timers, done, drop, a recurring task
rolling over; then the review's figures, worked out here by hand.

Monday 23 November 2026 in Berlin (UTC+1), ISO week 48."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.helpers import cli, rows


def local(hour: int, minute: int = 0, day: int = 23) -> datetime:
    """A Berlin wall time on that Monday (or `day` of November), as UTC."""
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


def test_a_whole_day_from_add_to_the_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "day.db")
    monkeypatch.setenv("TZ", "Europe/Berlin")

    def run(when: datetime, *args: str) -> str:
        monkeypatch.setenv("STARTNOW_NOW", when.isoformat())
        code, out, err = cli("--db", db, *args)
        assert (code, err) == (0, ""), (args, out, err)
        return out

    # 08:00: the morning's list.
    run(local(8), "add", "Write Q3 report ~2h due:fri #work")  # 1
    run(local(8), "add", "Call the dentist ~5m")  # 2
    weekly = run(local(8), "add", "Weekly report ~45m every:mon start:9am")  # 3
    assert "start Mon 23 Nov 09:00" in weekly and "every Monday" in weekly
    run(local(8), "add", "Sort the old photos")  # 4

    # 08:10 and 08:20: the due date moved to Thursday; the dentist at two.
    assert "due Thu 26 Nov" in run(local(8, 10), "edit", "1", "due:thu")
    assert "start Mon 23 Nov 14:00" in run(local(8, 20), "edit", "2", "start:14:00")

    # Two timers, as the app runs them (the focus service at a fixed clock).
    clock = ManualClock(local(9, 30))
    services = Services.open(Path(db), clock=clock)
    try:
        weekly_session = services.focus.start(3, None, 25, blocker="boredom", blocker_chosen=True)
        clock.now = local(9, 55)
        services.focus.finish(weekly_session.id, "completed")
        clock.now = local(11)
        report = services.focus.start(1, None, 25, blocker="fear", blocker_chosen=True)
        clock.now = local(11, 25)
        services.focus.finish(report.id, "completed")
    finally:
        services.close()

    # 10:00 the weekly report is done: next Monday's instance takes its place.
    assert run(local(10), "done", "3").startswith("Done 3 · Weekly report")
    # 14:05 the dentist called, no timer; 15:00 the photos are dropped.
    assert "closed without a start" in run(local(14, 5), "done", "2")
    assert "closed without a start" in run(local(15), "drop", "4")

    series = rows(Path(db), "SELECT id, status, planned_start FROM task WHERE series_id = 3")
    assert [(r["id"], r["status"]) for r in series] == [(3, "done"), (5, "open")]
    assert series[1]["planned_start"] == int(local(9, day=30).timestamp())  # Mon 30 Nov 09:00

    # What is left at 20:00: the report (started) and next week's instance.
    listed = [json.loads(line) for line in run(local(20), "list", "--jsonl").splitlines()]
    assert [t["id"] for t in listed] == [1, 5]

    review = json.loads(run(local(20), "review", "--week", "2026-W48", "--format", "json"))
    # By hand: the weekly report was ready at its planned 09:00 (after its
    # creation at 08:00) and started 09:30: 30 minutes. The Q3 report was ready
    # at its creation, 08:00, and started 11:00: 180 minutes. The median of the
    # two is their mean, 105; the dentist and the photos have no start delay.
    assert review["tasks_started"] == 2
    assert review["median_delay_minutes"] == 105
    assert review["closed_without_start"] == 2
    assert review["focus_minutes_total"] == 50
    [weekly_delays] = review["recurring"]
    assert (weekly_delays["title"], weekly_delays["instances_started"]) == ("Weekly report", 1)
    assert weekly_delays["average_delay_minutes"] == weekly_delays["last_delay_minutes"] == 30
    by_blocker = {b["blocker"]: b["median_delay_minutes"] for b in review["by_blocker"]}
    assert by_blocker == {"boredom": 30, "fear": 180}
