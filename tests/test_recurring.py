"""Recurring tasks through the real entry points, at fixed clocks
($STARTNOW_NOW, Europe/Berlin): the first instance on the rule's day, one
successor per close by any path, lapsed instances rolled into one, and never
two open instances of one series, even with two processes closing at once."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.helpers import cli, rows


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def at(monkeypatch: pytest.MonkeyPatch, iso: str) -> None:
    monkeypatch.setenv("STARTNOW_NOW", iso)


def series(db: Path) -> list[tuple[object, ...]]:
    found = rows(
        db,
        "SELECT id, status, planned_start, recurrence, series_id, anchor FROM task "
        "WHERE series_id IS NOT NULL ORDER BY id",
    )
    return [tuple(r) for r in found]


def utc(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())  # type: ignore[misc]  # y, m, d, h


def open_count(db: Path) -> int:
    return int(rows(db, "SELECT COUNT(*) FROM task WHERE status = 'open' AND series_id = 1")[0][0])


def test_add_puts_the_first_instance_on_the_rules_day_and_says_the_rule(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")  # a Monday
    code, out, err = cli("--db", str(db_path), "add", "Weekly report ~45m every:fri start:9am")
    assert (code, err) == (0, "")
    assert out == "Added 1 · Weekly report · start Fri 27 Nov 09:00 · ~45m · every Friday\n"
    assert series(db_path) == [(1, "open", utc(2026, 11, 27, 8), "fri", 1, "2026-11-27")]


def test_done_makes_the_next_instance_with_its_steps_and_undo_takes_it_back(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Weekly report ~45m every:fri start:9am #work :: draft; send")
    at(monkeypatch, "2026-11-27T09:30:00+00:00")
    code, out, _ = cli("--db", str(db_path), "done", "1")
    assert code == 0 and out.startswith("Done 1 · Weekly report")
    assert series(db_path) == [
        (1, "done", utc(2026, 11, 27, 8), "fri", 1, "2026-11-27"),
        (2, "open", utc(2026, 12, 4, 8), "fri", 1, "2026-11-27"),
    ]
    copied = rows(db_path, "SELECT title, estimate, tags FROM task WHERE id = 2")[0]
    assert tuple(copied) == ("Weekly report", 45, "work")
    steps = rows(db_path, "SELECT title, done_at FROM chunk WHERE task_id = 2 ORDER BY position")
    assert [tuple(s) for s in steps] == [("draft", None), ("send", None)]
    assert cli("--db", str(db_path), "undo")[0] == 0
    assert series(db_path) == [(1, "open", utc(2026, 11, 27, 8), "fri", 1, "2026-11-27")]
    assert rows(db_path, "SELECT COUNT(*) FROM chunk")[0][0] == 2


def test_drop_rolls_over_too(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Stand-up every:weekday start:9:30")
    assert cli("--db", str(db_path), "drop", "1")[0] == 0
    assert [r[:3] for r in series(db_path)] == [
        (1, "dropped", utc(2026, 11, 23, 8, 30)), (2, "open", utc(2026, 11, 24, 8, 30)),
    ]  # fmt: skip


def test_every_month_from_the_31st_holds_to_month_ends_without_drifting(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2027-01-30T10:00:00+00:00")
    assert cli("--db", str(db_path), "add", "Invoice every:month start:2027-01-31 9am")[0] == 0
    for done_at, task_id in (("2027-01-31T12:00+00:00", "1"), ("2027-02-28T12:00+00:00", "2")):
        at(monkeypatch, done_at)
        assert cli("--db", str(db_path), "done", task_id)[0] == 0
    assert [r[2] for r in series(db_path)] == [
        utc(2027, 1, 31, 8), utc(2027, 2, 28, 8), utc(2027, 3, 31, 7),  # CEST from 28 Mar
    ]


def test_a_daily_task_keeps_its_local_time_across_the_autumn_clock_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-10-24T05:00:00+00:00")  # Saturday, 07:00 CEST
    cli("--db", str(db_path), "add", "Walk every:day start:9am")
    at(monkeypatch, "2026-10-24T08:00:00+00:00")
    assert cli("--db", str(db_path), "done", "1")[0] == 0
    assert [r[2] for r in series(db_path)] == [utc(2026, 10, 24, 7), utc(2026, 10, 25, 8)]


def test_two_weeks_away_leave_one_open_instance_for_today(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:00:00+00:00")
    cli("--db", str(db_path), "add", "Water plants every:day start:9am")
    at(monkeypatch, "2026-12-07T07:00:00+00:00")
    assert cli("--db", str(db_path), "add", "Something else")[0] == 0  # any write rolls over
    assert [r[:3] for r in series(db_path)] == [
        (1, "dropped", utc(2026, 11, 23, 8)), (3, "open", utc(2026, 12, 7, 8)),
    ]  # fmt: skip
    assert cli("--db", str(db_path), "add", "And another")[0] == 0  # nothing lapsed now
    assert open_count(db_path) == 1 and len(series(db_path)) == 2


def test_edit_makes_a_task_recurring_and_minus_every_stops_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Call mum start:wed 18:00")
    code, out, _ = cli("--db", str(db_path), "edit", "1", "every:mon")
    assert code == 0 and out.rstrip().endswith("every Monday")
    assert series(db_path) == [(1, "open", utc(2026, 11, 25, 17), "mon", 1, "2026-11-25")]
    assert cli("--db", str(db_path), "done", "1")[0] == 0
    assert series(db_path)[1][:3] == (2, "open", utc(2026, 11, 30, 17))
    assert cli("--db", str(db_path), "edit", "2", "-every")[0] == 0
    assert cli("--db", str(db_path), "done", "2")[0] == 0
    assert open_count(db_path) == 0 and len(series(db_path)) == 2


def test_a_rule_it_cannot_read_is_one_line_and_nothing_added(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    code, out, err = cli("--db", str(db_path), "add", "Report every:fortnight")
    assert (code, out) == (2, "")
    assert err.startswith("startnow: every:fortnight isn't a rule I know")
    assert err.count("\n") == 1 and err.endswith("(nothing was added)\n")
    assert not db_path.exists()


def test_the_apps_close_paths_roll_over_and_reopening_takes_the_successor_back(
    db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Weekly report every:fri start:9am")
    cli("--db", str(db_path), "add", "Stretch every:day")
    services = Services.open(db_path, clock=clock)
    try:
        services.tasks.set_status(1, "dropped")
        assert [r[:2] for r in series(db_path)] == [(1, "dropped"), (2, "open"), (3, "open")]
        services.tasks.set_status(1, "open")  # the review's undo of a drop
        assert [r[:2] for r in series(db_path)] == [(1, "open"), (2, "open")]
        services.tasks.complete_step(2, None)  # a task without steps done after a session
        assert [r[:2] for r in series(db_path)] == [(1, "open"), (2, "done"), (3, "open")]
    finally:
        services.close()


def test_two_processes_closing_one_instance_at_once_leave_one_open(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Weekly report every:fri start:9am")
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "startnow", "--db", str(db_path), "done", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    codes = sorted(p.wait(timeout=60) for p in racers)
    errors = [p.stderr.read() for p in racers if p.stderr is not None]
    assert codes[0] == 0 and codes[1] != 0, errors
    assert any("task 1 is already done" in e for e in errors)
    assert open_count(db_path) == 1 and len(series(db_path)) == 2


def test_export_and_import_keep_the_rule_and_renumber_the_series(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON export carries the columns by the declaration; an import into
    a store that has tasks already gives the series its new first id, so the
    next close there rolls over as it would have at home."""
    import json

    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Weekly report every:fri start:9am")
    at(monkeypatch, "2026-11-27T09:30:00+00:00")
    cli("--db", str(db_path), "done", "1")
    code, out, _ = cli("--db", str(db_path), "export", "--format", "json")
    assert code == 0
    exported = json.loads(out)["tasks"]
    assert [(t["recurrence"], t["series_id"], t["anchor"]) for t in exported] == [
        ("fri", 1, "2026-11-27"), ("fri", 1, "2026-11-27"),
    ]  # fmt: skip
    backup = tmp_path / "backup.json"
    backup.write_text(out)
    other = tmp_path / "other.db"
    cli("--db", str(other), "add", "Already here")
    assert cli("--db", str(other), "import", str(backup))[0] == 0
    assert [tuple(r) for r in rows(other, "SELECT id, status, series_id FROM task")] == [
        (1, "open", None), (2, "done", 2), (3, "open", 2),
    ]  # fmt: skip
    at(monkeypatch, "2026-12-04T09:30:00+00:00")
    assert cli("--db", str(other), "done", "3")[0] == 0
    found = rows(other, "SELECT id, status, planned_start FROM task WHERE series_id = 2")
    assert [tuple(r) for r in found][-1] == (4, "open", utc(2026, 12, 11, 8))


def import_file(db: Path, tmp_path: Path, name: str, text: str) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return cli("--db", str(db), "import", str(path))


def test_todotxt_rec_imports_as_a_rule_that_rolls_over(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    text = "Pay rent due:2026-11-30 rec:+1m\nStand-up t:2026-11-24 rec:1b\nRead rec:1w\n"
    assert import_file(db_path, tmp_path, "todo.txt", text)[0] == 0
    found = rows(db_path, "SELECT id, recurrence, series_id FROM task ORDER BY id")
    assert [tuple(r) for r in found] == [(1, "month", 1), (2, "weekday", 2), (3, "week", 3)]
    at(monkeypatch, "2026-11-30T12:00:00+00:00")
    assert cli("--db", str(db_path), "done", "1")[0] == 0
    due = rows(db_path, "SELECT due FROM task WHERE series_id = 1 AND status = 'open'")
    assert due[0][0] == utc(2026, 12, 30, 22, 59)  # 23:59 Berlin, a month on


def test_todotxt_rec_without_an_every_rule_is_refused(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    code, out, err = import_file(db_path, tmp_path, "todo.txt", "Water plants rec:2b\n")
    assert (code, out) == (2, "")
    assert err == (
        "startnow: import: line 1: rec:2b: every 2 business days has no every: rule "
        "(nothing was imported)\n"
    )


def test_taskwarrior_recur_keeps_one_open_instance_of_a_pile(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taskwarrior made three pending instances while away: one series, one
    rule, on the latest; the template is left out (its instances are here)."""
    import json

    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    base = {"description": "Weekly report", "entry": "20261101T080000Z", "recur": "weekly"}
    records = [{**base, "uuid": "t", "status": "recurring", "due": "20261106T160000Z"}] + [
        {**base, "uuid": f"i{n}", "status": "pending", "parent": "t", "due": due}
        for n, due in enumerate(("20261106T160000Z", "20261113T160000Z", "20261120T160000Z"))
    ]
    assert import_file(db_path, tmp_path, "tw.json", json.dumps(records))[0] == 0
    found = rows(db_path, "SELECT id, recurrence, series_id, due FROM task ORDER BY id")
    assert [tuple(r) for r in found] == [
        (1, None, None, utc(2026, 11, 6, 16)), (2, None, None, utc(2026, 11, 13, 16)),
        (3, "week", 3, utc(2026, 11, 20, 16)),
    ]  # fmt: skip
    code, _, err = import_file(
        db_path, tmp_path, "tw2.json", json.dumps([{**base, "uuid": "x", "recur": "2b"}])
    )
    assert code == 2 and "recur '2b': a repeat startnow can't follow" in err


def test_list_and_show_say_the_rule(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    at(monkeypatch, "2026-11-23T07:52:00+00:00")
    cli("--db", str(db_path), "add", "Weekly report every:mon,thu start:9am")
    cli("--db", str(db_path), "add", "Buy milk")
    code, out, _ = cli("--db", str(db_path), "list")
    assert code == 0
    [report] = [line for line in out.splitlines() if "Weekly report" in line]
    assert report.endswith("starts Mon 23 Nov 09:00 · every Mon,Thu")
    listed = json.loads(cli("--db", str(db_path), "list", "--json")[1])
    assert [(t["title"], t["recurrence"]) for t in listed] == [
        ("Buy milk", None), ("Weekly report", "mon,thu"),
    ]  # fmt: skip
    shown = cli("--db", str(db_path), "show", "1")[1]
    assert "start Mon 23 Nov 09:00 · every Monday and Thursday" in shown
    assert json.loads(cli("--db", str(db_path), "show", "1", "--json")[1])["recurrence"] == (
        "mon,thu"
    )


def test_the_review_shows_a_recurring_tasks_delays_over_its_instances(
    db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3 h late the first Monday, 40 min the next: 110 min on average."""
    import json

    at(monkeypatch, "2026-11-23T07:00:00+00:00")
    cli("--db", str(db_path), "add", "Weekly report every:mon start:9am")
    services = Services.open(db_path, clock=clock)
    try:
        for task_id, started in ((1, datetime(2026, 11, 23, 11, tzinfo=UTC)),
                                 (2, datetime(2026, 11, 30, 8, 40, tzinfo=UTC))):  # fmt: skip
            clock.advance(seconds=(started - clock()).total_seconds())
            session = services.focus.start(task_id, None, 25)
            clock.advance(minutes=25)
            services.focus.finish(session.id, "completed")
            services.tasks.set_status(task_id, "done")
        clock.advance(seconds=(datetime(2026, 12, 4, 9, tzinfo=UTC) - clock()).total_seconds())
    finally:
        services.close()
    at(monkeypatch, "2026-12-07T09:00:00+00:00")
    code, out, _ = cli("--db", str(db_path), "review", "--week", "2026-W49", "--format", "json")
    assert code == 0
    assert json.loads(out)["recurring"] == [{
        "series_id": 1, "title": "Weekly report", "instances_started": 2,
        "average_delay_minutes": 110, "last_delay_minutes": 40,
    }]  # fmt: skip
    text = cli("--db", str(db_path), "review", "--week", "2026-W49", "--format", "text")[1]
    assert "  Weekly report: started 1 h late on average, 40 min last time (2 times)\n" in text
    earlier = cli("--db", str(db_path), "review", "--week", "2026-W48", "--format", "json")[1]
    assert json.loads(earlier)["recurring"][0]["instances_started"] == 1  # up to that week


def test_a_daily_time_in_the_spring_gap_goes_back_to_it_after_the_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Berlin skips 02:00-03:00 on Sunday 29 March 2026: that day's 02:30 is
    03:30, Monday's and Tuesday's are 02:30 again (by done, and by lapsing)."""
    at(monkeypatch, "2026-03-27T20:00:00+00:00")
    assert cli("--db", str(db_path), "add", "Stretch every:day start:2:30am")[0] == 0
    at(monkeypatch, "2026-03-28T05:00:00+00:00")
    assert cli("--db", str(db_path), "done", "1")[0] == 0
    at(monkeypatch, "2026-03-29T05:00:00+00:00")
    code, out, _ = cli("--db", str(db_path), "done", "2")
    assert code == 0 and "starts now: 03:30 has passed" in out
    at(monkeypatch, "2026-03-31T05:00:00+00:00")  # Monday's lapses unstarted
    cli("--db", str(db_path), "add", "Buy milk")
    assert [(i, s, p) for i, s, p, *_ in series(db_path)] == [
        (1, "done", utc(2026, 3, 28, 1, 30)),  # 02:30 CET
        (2, "done", utc(2026, 3, 29, 1, 30)),  # 03:30 CEST: 02:30 doesn't exist
        (3, "dropped", utc(2026, 3, 30, 0, 30)),  # 02:30 CEST
        (5, "open", utc(2026, 3, 31, 0, 30)),  # 02:30 CEST
    ]
    assert "start Tue 31 Mar 02:30 · every day" in cli("--db", str(db_path), "show", "5")[1]
