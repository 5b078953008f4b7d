"""The demo's made-up history: reproducible, believable, true to the model's rules,
written only into a new store; and the heavy-user store for benchmarks."""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bench import make_heavy
from startnow.cli import main
from startnow.demo.rows import History
from startnow.demo.simulate import simulate
from startnow.demo.user import heavy_profile
from startnow.demo.writer import TABLES, write_history
from startnow.domain.chooser import is_success
from startnow.domain.nudges import BLOCKERS, load_nudges
from startnow.services.all_services import Services
from startnow.store.db import open_store
from startnow.store.models import Task
from tests.helpers import BERLIN, MORNING, rows, spec

ZONES = [BERLIN, ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Kolkata"), UTC]
# Across a daylight-saving change (Berlin, 29 March 2026), on a Wednesday afternoon.
SPRING = datetime(2026, 4, 8, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def history() -> History:
    return simulate(MORNING, BERLIN)


def instants(item: object) -> list[datetime]:
    return [v for v in (getattr(item, f) for f in item.__slots__) if isinstance(v, datetime)]


# -- the simulator ---------------------------------------------------------------


def test_the_same_seed_gives_the_same_rows_and_another_seed_others() -> None:
    first, again = simulate(MORNING, BERLIN, seed=7), simulate(MORNING, BERLIN, seed=7)
    assert first == again
    assert simulate(MORNING, BERLIN, seed=8).tasks != first.tasks


@pytest.mark.parametrize("now", [MORNING, SPRING], ids=["monday-morning", "after-dst"])
@pytest.mark.parametrize("tz", ZONES, ids=str)
def test_the_model_rules_hold(now: datetime, tz) -> None:  # type: ignore[no-untyped-def]
    history = simulate(now, tz)
    tasks = {t.id: t for t in history.tasks}
    chunks = {c.id: c for c in history.chunks}
    for item in [*history.tasks, *history.chunks, *history.sessions, *history.swaps,
                 *history.commitments]:  # fmt: skip
        for value in instants(item):
            assert value.utcoffset() == timedelta(0) and value.microsecond == 0, item
            assert value <= now + timedelta(days=60), item
    happened = [
        *(v for t in history.tasks for v in (t.created_at, t.first_started_at, t.closed_at)),
        *(v for c in history.chunks for v in (c.created_at, c.done_at)),
        *(s.ended_at for s in history.sessions),
        *(s.at for s in history.swaps),
        *(c.created_at for c in history.commitments),
    ]
    assert all(v is None or v <= now for v in happened), "only plans lie in the future"
    first_start: dict[int, datetime] = {}
    for session in history.sessions:
        first_start[session.task_id] = min(
            session.started_at, first_start.get(session.task_id, session.started_at)
        )
    for task in history.tasks:
        assert task.first_started_at == first_start.get(task.id), task
        if task.first_started_at is not None:
            assert task.first_started_at >= task.created_at, task
        assert (task.closed_at is None) == (task.status == "open"), task
        if task.closed_at is not None:
            assert task.created_at <= task.closed_at <= now, task
        if task.planned_start is not None:
            assert task.planned_start > task.created_at, task
        if task.planned_start is not None and task.due is not None:
            assert task.due > task.planned_start, task
    steps: dict[int, list] = defaultdict(list)
    for chunk in history.chunks:
        steps[chunk.task_id].append(chunk)
        assert chunk.created_at >= tasks[chunk.task_id].created_at
        assert chunk.done_at is None or chunk.done_at >= chunk.created_at
    for task_id, task_steps in steps.items():
        task_steps.sort(key=lambda c: c.position)
        assert [c.position for c in task_steps] == list(range(len(task_steps)))
        assert task_steps[0].estimate is not None and task_steps[0].estimate <= 5, task_steps
        if tasks[task_id].status == "done":
            assert all(c.done_at is not None for c in task_steps)
    by_start = sorted(history.sessions, key=lambda s: s.started_at)
    assert [s.id for s in by_start] == list(range(1, len(by_start) + 1))
    for before, after in zip(by_start, by_start[1:], strict=False):
        assert after.started_at >= before.ended_at, "one timer at a time"
    for session in history.sessions:
        assert session.started_at < session.ended_at <= now
        assert session.planned_minutes >= 1
        assert session.outcome in ("completed", "stopped", "abandoned")
        assert session.chunk_done in ("yes", "partly", "no", None)
        if session.chunk_id is not None:
            assert chunks[session.chunk_id].task_id == session.task_id
            assert chunks[session.chunk_id].created_at <= session.started_at


def test_every_nudge_is_from_the_library_and_fits_the_blocker(history: History) -> None:
    library = load_nudges()
    for session in history.sessions:
        assert session.blocker in BLOCKERS
        if session.blocker == "none":  # "Nothing — just go": the timer, no nudge
            assert session.nudge_id is None and session.nudge_helped is None, session
        else:
            assert library.get(session.nudge_id).blocker == session.blocker, session
    for swap in history.swaps:
        assert library.get(swap.nudge_id).blocker == swap.blocker
    used = {s.blocker for s in history.sessions}
    assert used == set(BLOCKERS)


def test_counts_are_those_of_a_busy_person(history: History) -> None:
    counts = history.counts()
    assert 120 <= counts["tasks"] <= 250
    assert 2 * 100 <= counts["chunks"] <= 5 * 250
    assert 300 <= counts["sessions"] <= 1200
    assert 5 <= counts["swaps"] <= 100
    weeks = [c.week for c in history.commitments]
    assert 8 <= len(weeks) <= 13 and len(set(weeks)) == len(weeks)
    assert all(re.fullmatch(r"\d{4}-W\d\d", w) for w in weeks)
    assert weeks[-1] == "2026-W48"  # this week's, shown each morning
    assert all(c.text.startswith("When ") and ", I will " in c.text for c in history.commitments)
    assert all(c.created_at < history.now for c in history.commitments)
    assert history.commitments[-1].kept is None
    assert {c.kept for c in history.commitments[:-1]} >= {True, False}
    statuses = [t.status for t in history.tasks]
    assert statuses.count("done") > len(statuses) / 2
    assert 2 <= statuses.count("dropped") <= 25


def test_there_is_something_waiting_something_missed_and_small_things(history: History) -> None:
    waiting = history.open_unstarted()
    missed = history.missed()
    assert 1 <= len(missed) <= 2
    assert len([t for t in waiting if t not in missed and t.ready_time < history.now]) >= 5
    assert [t for t in waiting if t.created_at < history.now - timedelta(weeks=4)]
    small = [t for t in waiting if t.estimate is not None and t.estimate <= 2]
    assert len(small) >= 2


def test_sessions_span_the_twelve_weeks_mostly_in_weekday_work_hours(history: History) -> None:
    starts = [s.started_at for s in history.sessions]
    assert history.start == datetime(2026, 8, 30, 22, 0, tzinfo=UTC)  # Mon 31 Aug, Berlin
    assert min(starts) < history.start + timedelta(weeks=1)
    assert max(starts) > history.now - timedelta(days=3)
    local = [s.astimezone(BERLIN) for s in starts]
    work = [t for t in local if t.weekday() < 5 and 8 <= t.hour < 18]
    assert len(work) > 0.6 * len(local)
    weeks_with_sessions = {t.isocalendar()[:2] for t in local}
    assert len(weeks_with_sessions) >= 12


def test_fear_and_overwhelm_wait_longer_than_boredom_and_some_nudges_work_better() -> None:
    delays: dict[str, list[float]] = defaultdict(list)
    results: dict[str, list[bool]] = defaultdict(list)
    for seed in (7, 8, 9):
        history = simulate(MORNING, BERLIN, seed=seed)
        tasks = {t.id: t for t in history.tasks}
        seen: set[int] = set()
        for session in sorted(history.sessions, key=lambda s: s.started_at):
            if session.task_id not in seen:
                seen.add(session.task_id)
                ready = tasks[session.task_id].ready_time
                delays[session.blocker].append((session.started_at - ready).total_seconds())
            verdict = is_success(session.outcome, session.nudge_helped)
            if verdict is not None:
                results[session.nudge_id].append(verdict)
    assert median(delays["fear"]) > median(delays["boredom"])
    assert median(delays["overwhelm"]) > median(delays["boredom"])
    assert median(delays["boredom"]) > median(delays["none"])
    rates = [sum(r) / len(r) for r in results.values() if len(r) >= 10]
    assert len(rates) >= 6 and max(rates) - min(rates) >= 0.3


# -- writing it --------------------------------------------------------------------


def stored(path: Path) -> dict[str, list[dict]]:
    """Every row the models read back, per simulated table, keyed by column."""
    store = open_store(path)
    try:
        with store.session() as session:
            return {
                name: [
                    row.model_dump()
                    for row in session.exec(select(model).order_by(model.id))  # type: ignore[attr-defined]
                ]
                for model, name in TABLES
            }
    finally:
        store.close()


def same_rows(history: History, path: Path) -> None:
    back = stored(path)
    for _model, name in TABLES:
        simulated = getattr(history, name)
        assert len(back[name]) == len(simulated), name
        for item, row in zip(simulated, back[name], strict=True):
            assert {f: getattr(item, f) for f in item.__slots__} == {
                f: row[f] for f in item.__slots__
            }


def test_write_history_stores_exactly_the_simulated_rows_quickly(db_path: Path) -> None:
    summary = write_history(db_path, MORNING, BERLIN, seed=7)
    history = simulate(MORNING, BERLIN, seed=7)
    same_rows(history, db_path)
    assert summary.counts == history.counts()
    assert summary.seconds < 2
    assert rows(db_path, "PRAGMA foreign_key_check") == []
    mismatched = rows(
        db_path,
        "SELECT t.id FROM task t JOIN (SELECT task_id, min(started_at) AS first "
        "FROM focus_session GROUP BY task_id) s ON s.task_id = t.id "
        "WHERE t.first_started_at IS NOT s.first OR s.first < t.created_at",
    )
    assert mismatched == []


def test_demo_no_tui_writes_a_store_that_list_reads(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "demo", "--no-tui"]) == 0
    out = capsys.readouterr().out
    assert str(db_path) in out and "focus sessions" in out
    assert main(["--db", str(db_path), "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) >= 10
    assert any(t["missed"] for t in listed)
    assert any(not t["started"] for t in listed) and any(t["started"] for t in listed)
    services = Services.open(db_path)
    try:
        assert services.coach.records()  # the chooser has a record to learn from
        assert services.focus.running() is None  # nothing to resume on launch
    finally:
        services.close()


def test_demo_refuses_a_store_with_tasks_and_leaves_it_byte_identical(
    services: Services, db_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    services.tasks.add(spec("My real task", estimate=25))
    services.close()
    before = db_path.read_bytes()
    for argv in (
        ["--db", str(db_path), "demo", "--no-tui"],
        ["demo", "--no-tui", "--db", str(db_path)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "already holds data (1 task)" in err, err
    assert db_path.read_bytes() == before
    assert [r["title"] for r in rows(db_path, "SELECT title FROM task")] == ["My real task"]


def test_a_second_demo_into_the_same_file_is_refused(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "demo", "--no-tui", "--seed", "3"]) == 0
    before = db_path.read_bytes()
    assert main(["--db", str(db_path), "demo", "--no-tui"]) == 1
    assert "already holds data" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_without_db_the_demo_uses_a_new_temporary_store_never_startnow_db(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "real.db"
    monkeypatch.setenv("STARTNOW_DB", str(real))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(["demo", "--no-tui"]) == 0
    assert not real.exists()
    made = list(tmp_path.glob("startnow-demo-*/demo.db"))
    assert len(made) == 1 and str(made[0]) in capsys.readouterr().out
    assert rows(made[0], "SELECT count(*) AS n FROM task")[0]["n"] > 100


def test_demo_help_has_examples(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--seed" in out and "--no-tui" in out


def test_the_demo_seed_default_is_the_simulators() -> None:
    from startnow.commands import demo
    from startnow.demo import simulate as simulation

    assert demo.DEFAULT_SEED == simulation.DEFAULT_SEED


# -- the heavy user ------------------------------------------------------------------


def test_make_heavy_writes_rows_the_models_read_back(tmp_path: Path) -> None:
    out = tmp_path / "heavy.db"
    result = make_heavy.make_heavy(out, years=1, tasks=500, seed=5, now=MORNING, tz=BERLIN)
    history = simulate(MORNING, BERLIN, 5, heavy_profile(500, 1))
    assert result["counts"] == history.counts()
    assert 400 <= history.counts()["tasks"] <= 600
    same_rows(history, out)
    assert rows(out, "PRAGMA foreign_key_check") == []
    assert rows(out, "PRAGMA integrity_check")[0][0] == "ok"
    services = Services.open(out)
    try:
        assert services.tasks.open_tasks()
        assert services.tasks.today(BERLIN).main
    finally:
        services.close()


def test_make_heavy_command_prints_counts_and_never_overwrites(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "h.db"
    assert make_heavy.main([str(out), "--tasks", "300", "--years", "0.5"]) == 0
    printed = capsys.readouterr().out
    assert "tasks" in printed and "sessions" in printed and "MB on disk" in printed
    count = rows(out, "SELECT count(*) AS n FROM task")[0]["n"]
    assert make_heavy.main([str(out), "--tasks", "300"]) == 2
    assert rows(out, "SELECT count(*) AS n FROM task")[0]["n"] == count
    assert make_heavy.main([str(out), "--tasks", "300", "--years", "0.5", "--force"]) == 0
    store = open_store(out)
    try:
        with store.session() as session:
            assert session.exec(select(Task)).first() is not None
    finally:
        store.close()


def test_heavy_profile_scales_to_the_benchmark_size() -> None:
    profile = heavy_profile()
    assert profile.weeks == 261
    low, high = profile.tasks_per_week
    assert 0.9 * 20_000 <= (low + high) / 2 * profile.weeks <= 1.1 * 20_000


def test_sqlite_sees_whole_unix_seconds(db_path: Path) -> None:
    write_history(db_path, MORNING, BERLIN)
    conn = sqlite3.connect(db_path)
    try:
        kinds = conn.execute(
            "SELECT DISTINCT typeof(started_at), typeof(ended_at) FROM focus_session"
        ).fetchall()
    finally:
        conn.close()
    assert kinds == [("integer", "integer")]


def run_demo_headless(monkeypatch, *argv: str) -> list[str]:  # type: ignore[no-untyped-def]
    """`startnow demo` as a person runs it, the real app headless (no terminal
    here): the pilot reads Today, then presses q. Returns what Today showed."""
    from textual.app import App

    from startnow.app import StartnowApp
    from startnow.commands import common

    shown: list[str] = []

    async def look_then_quit(pilot) -> None:  # type: ignore[no-untyped-def]
        from tests.helpers import screen_text

        await pilot.pause()
        shown.append(screen_text(pilot.app))
        await pilot.press("q")

    def headless(self, **_: object) -> None:  # type: ignore[no-untyped-def]
        App.run(self, headless=True, size=(100, 30), auto_pilot=look_then_quit)

    monkeypatch.setattr(common, "require_terminal", lambda: None)
    monkeypatch.setattr(StartnowApp, "run", headless)
    assert main(["demo", *argv]) == 0
    return shown


def test_the_demo_removes_its_throw_away_store_when_the_app_closes(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    [today] = run_demo_headless(monkeypatch)
    assert "Waiting longest" in today or "Missed" in today
    assert list(tmp_path.glob("startnow-demo-*")) == []
    assert "removed" in capsys.readouterr().out


def test_the_demo_keeps_its_store_with_keep(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    run_demo_headless(monkeypatch, "--keep")
    [made] = list(tmp_path.glob("startnow-demo-*/demo.db"))
    assert rows(made, "SELECT count(*) AS n FROM task")[0]["n"] > 100
    assert f"rm -r {made.parent}" in capsys.readouterr().out
