"""`startnow status`: the status-bar line, its formats, and the command around it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.cli import COMMANDS, main
from startnow.clock import ManualClock
from startnow.commands.status import end_of_local_day as c_end_of_day
from startnow.commands.status import fast_args
from startnow.domain import model
from startnow.domain import status as st_mod
from startnow.domain.model import StepInfo, TaskInfo
from startnow.domain.status import (
    STATUS_KEYS,
    OpenSession,
    OpenTask,
    end_of_local_day,
    next_up,
    render,
    safe,
    status_of,
    text_line,
)
from startnow.domain.today import build_today
from startnow.services.all_services import Services
from startnow.store.fast.status import read_status, uri_of
from tests.helpers import BERLIN, MORNING, spec

NOW = MORNING  # Monday 23 November 2026, 08:52 in Berlin
EOD = end_of_local_day(NOW, BERLIN)


def session(**kw: object) -> OpenSession:
    values: dict[str, object] = {
        "id": 1, "task_id": 7, "title": "Write Q3 report", "step": "open the doc",
        "started_at": NOW - timedelta(minutes=12, seconds=19), "planned_minutes": 25,
    }  # fmt: skip
    values.update(kw)
    return OpenSession(**values)  # type: ignore[arg-type]


def task(id: int = 3, title: str = "Write Q3 report", **kw: object) -> OpenTask:
    kw.setdefault("created_at", NOW - timedelta(days=2))
    return OpenTask(id, title, **kw)  # type: ignore[arg-type]


# The line, at a fixed clock.


def test_a_running_session_shows_its_time_left() -> None:
    status = status_of(session(), [], NOW, EOD)
    assert status.state == "running"
    assert text_line(status) == "▶ Write Q3 report · 12:41 left"


def test_a_paused_session_shows_the_time_it_had_left_when_paused() -> None:
    paused = session(paused_at=NOW - timedelta(minutes=5), paused_seconds=60)
    status = status_of(paused, [], NOW, EOD)
    # 12:19 since the start, 5 min of it paused now and 1 min before: 6:19 focused.
    expected = ("paused", "⏸ Write Q3 report · 18:41 left · paused")
    assert (status.state, text_line(status)) == expected


def test_a_session_whose_time_ran_out_unclosed_is_interrupted_not_running() -> None:
    killed = session(started_at=NOW - timedelta(hours=3))
    status = status_of(killed, [], NOW, EOD)
    assert (status.state, text_line(status)) == ("interrupted", "⏸ Write Q3 report · interrupted")
    record = json.loads(render(status, "json", NOW))
    assert (record["remaining_seconds"], record["paused"]) == (0, False)


def test_without_a_session_the_line_is_the_next_step_and_the_missed_count() -> None:
    tasks = [
        task(1, "Renew the car insurance", planned_start=NOW - timedelta(hours=3)),
        task(2, "Call the bank", planned_start=NOW - timedelta(hours=2)),
        task(3, step_title="open the doc", step_minutes=5),
    ]
    status = status_of(None, tasks, NOW, EOD)
    assert status.state == "idle"
    # Today's top is the longest-missed start.
    assert text_line(status) == "next: Renew the car insurance · 2 missed"
    status = status_of(None, tasks[2:], NOW, EOD)
    assert text_line(status) == "next: open the doc (5 min)"


def test_nothing_to_do_is_an_empty_line_in_every_line_format() -> None:
    status = status_of(None, [], NOW, EOD)
    assert status.state == "empty"
    assert render(status, "text", NOW) == render(status, "tmux", NOW) == ""
    assert json.loads(render(status, "waybar", NOW))["text"] == ""
    record = json.loads(render(status, "json", NOW))
    assert record["state"] == "empty" and record["next"] is None and record["task_id"] is None


def test_json_has_the_stable_keys() -> None:
    status = status_of(session(), [task(9, "Call mum")], NOW, EOD)
    record = json.loads(render(status, "json", NOW))
    assert tuple(record) == STATUS_KEYS
    assert record == {
        "state": "running", "task_id": 7, "title": "Write Q3 report", "step": "open the doc",
        "remaining_seconds": 761, "planned_minutes": 25, "paused": False, "missed_count": 0,
        "next": {"task_id": 9, "title": "Call mum", "step": "Call mum", "step_minutes": None,
                 "missed": False},
        "text": "▶ Write Q3 report · 12:41 left",
    }  # fmt: skip


def test_waybar_gets_its_custom_module_json() -> None:
    status = status_of(session(title="R&D <notes>"), [], NOW, EOD)
    out = render(status, "waybar", NOW)
    assert "\n" not in out
    record = json.loads(out)
    assert set(record) == {"text", "tooltip", "class", "percentage"}
    assert record["text"] == "▶ R&amp;D &lt;notes&gt; · 12:41 left"  # Pango markup, escaped
    assert record["class"] == "running"
    assert record["percentage"] == 49  # 12:19 of 25:00
    assert "step: open the doc" in record["tooltip"]


def test_tmux_doubles_hashes_and_strips_control_escape_and_bidi_characters() -> None:
    title = "Fix #42\x1b[31m red\x07\u202e txet\u2066\x9b\x7f\nnext"
    status = status_of(session(title=title), [], NOW, EOD)
    out = render(status, "tmux", NOW)
    assert out == "▶ Fix ##42[31m red txet next · 12:41 left"
    assert out.isprintable()


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize(
    "char", [*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), *BIDI]
)
def test_no_control_or_bidi_character_survives(char: str) -> None:
    assert safe(f"a{char}b") in ("ab", "a b")


def test_long_titles_are_clipped_for_the_bar_but_whole_in_json() -> None:
    long = "x" * 80
    status = status_of(session(title=long), [], NOW, EOD)
    assert text_line(status) == f"▶ {'x' * 39}… · 12:41 left"
    assert json.loads(render(status, "json", NOW))["title"] == long


# Today's order, without Today's dataclasses.


def test_the_small_thing_limit_is_the_models() -> None:
    assert st_mod.SMALL_THING_MINUTES == model.SMALL_THING_MINUTES


def as_task_info(t: OpenTask) -> TaskInfo:
    chunks = (
        (StepInfo(100 + t.id, t.id, 0, t.step_title, t.step_minutes),) if t.has_steps else ()
    )
    return TaskInfo(
        id=t.id, title=t.title, created_at=t.created_at, planned_start=t.planned_start,
        due=t.due, estimate=t.estimate, first_started_at=t.first_started_at, chunks=chunks,
    )  # fmt: skip


OFFSETS = st.one_of(st.none(), st.integers(-72 * 60, 72 * 60).map(lambda m: timedelta(minutes=m)))


@st.composite
def open_tasks(draw: st.DrawFn) -> list[OpenTask]:
    out = []
    for i in range(draw(st.integers(0, 8))):
        planned, due, first = draw(OFFSETS), draw(OFFSETS), draw(OFFSETS)
        has_step = draw(st.booleans())
        out.append(
            OpenTask(
                i + 1, f"task {i + 1}", NOW - timedelta(minutes=draw(st.integers(0, 5000))),
                None if planned is None else NOW + planned, None if due is None else NOW + due,
                draw(st.one_of(st.none(), st.integers(1, 240))),
                None if first is None or first > timedelta(0) else NOW + first,
                f"step {i + 1}" if has_step else None,
                draw(st.one_of(st.none(), st.integers(1, 30))) if has_step else None,
            )
        )  # fmt: skip
    return out


@settings(max_examples=300, deadline=None)
@given(open_tasks(), st.integers(0, 180))
def test_next_up_is_what_today_would_start(tasks: list[OpenTask], grace_minutes: int) -> None:
    grace = timedelta(minutes=grace_minutes)
    view = build_today([as_task_info(t) for t in tasks], NOW, BERLIN, grace)
    top, missed = next_up(tasks, NOW, EOD, grace)
    expected = view.main[0] if view.main else (view.small[0].task if view.small else None)
    assert (None if top is None else top.id) == (None if expected is None else expected.id)
    assert missed == len(view.missed)
    if top is not None and expected is not None:
        assert (top.step_title, top.step_minutes) == (
            expected.next_step.title, expected.next_step.minutes,
        )  # fmt: skip


@pytest.mark.parametrize("day", ["2026-03-28", "2026-03-29", "2026-10-24", "2026-10-25",
                                 "2026-11-23", "2026-12-31"])  # fmt: skip
def test_the_c_library_end_of_day_is_the_zones(day: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        for hour in (0, 1, 2, 3, 12, 23):
            now = datetime.fromisoformat(f"{day}T{hour:02d}:30").replace(tzinfo=BERLIN)
            assert c_end_of_day(now) == end_of_local_day(now, BERLIN), now
    finally:
        monkeypatch.undo()
        time.tzset()


# The command, through the real entry point.


@pytest.fixture
def at_morning(monkeypatch: pytest.MonkeyPatch, clock: ManualClock) -> Iterator[ManualClock]:
    """The command's clock is the test's (and the zone Berlin)."""
    import time

    monkeypatch.setattr("startnow.clock.system_clock", clock)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield clock
    monkeypatch.undo()
    time.tzset()


def status_out(db: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["--db", str(db), "status", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_running_paused_and_interrupted_sessions_read_from_the_store(
    services: Services, db_path: Path, at_morning: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    [report] = services.tasks.add_many([spec("Write Q3 report", chunks=(("open the doc", 5),))])
    services.tasks.add_many([spec("Call mum", estimate=10)])
    started = services.focus.start(report.id, report.chunks[0].id, 25)
    at_morning.advance(minutes=12, seconds=19)
    assert status_out(db_path, capsys) == "▶ Write Q3 report · 12:41 left\n"
    record = json.loads(status_out(db_path, capsys, "--format", "json"))
    assert (record["state"], record["step"], record["remaining_seconds"]) == (
        "running", "open the doc", 761,
    )  # fmt: skip
    assert record["next"]["task_id"] == report.id  # under way: Today's top
    services.focus.pause(started.id)
    at_morning.advance(minutes=10)
    assert status_out(db_path, capsys) == "⏸ Write Q3 report · 12:41 left · paused\n"
    services.focus.resume(started.id)
    at_morning.advance(hours=2)  # the app was killed: nobody closed the session
    assert status_out(db_path, capsys) == "⏸ Write Q3 report · interrupted\n"
    assert json.loads(status_out(db_path, capsys, "--format", "json"))["state"] == "interrupted"
    services.focus.log_as_it_stands(started.id)
    assert status_out(db_path, capsys) == "next: open the doc (5 min)\n"
    services.tasks.set_status(report.id, "done")
    assert status_out(db_path, capsys, "--format", "tmux") == "next: Call mum (10 min)"


def test_db_goes_before_or_after_and_the_env_works(
    services: Services, db_path: Path, at_morning: ManualClock,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    services.tasks.add_many([spec("Call mum")])
    assert main(["status", "--db", str(db_path)]) == 0
    assert main(["status", f"--db={db_path}", "--format=json"]) == 0
    monkeypatch.setenv("STARTNOW_DB", str(db_path))
    assert main(["status", "--format", "waybar"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "next: Call mum"
    assert json.loads(out[1])["title"] == "Call mum"
    assert json.loads(out[2])["class"] == "idle"


def test_an_empty_store_is_an_empty_line(
    services: Services, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert status_out(db_path, capsys) == "\n"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "startnow", *args], capture_output=True, text=True, env=env
    )
    return done.returncode, done.stdout, done.stderr


def test_a_missing_db_path_is_one_line_and_exit_1(tmp_path: Path) -> None:
    code, out, err = run("--db", str(tmp_path / "typo.db"), "status")
    assert (code, out) == (1, "")
    assert err.startswith("startnow: there is no startnow database at ") and err.count("\n") == 1
    assert not (tmp_path / "typo.db").exists()


def test_a_missing_default_store_is_an_empty_line_and_exit_0(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STARTNOW_DB"}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    assert run("status", env=env) == (0, "\n", "")
    assert not (tmp_path / "data").exists()  # nothing created


def test_an_unknown_format_is_argparses_one_line_and_exit_2(db_path: Path) -> None:
    code, out, err = run("--db", str(db_path), "status", "--format", "xml")
    assert (code, out) == (2, "")
    assert "invalid choice: 'xml'" in err and err.count("\n") == 1


def test_a_file_that_is_not_a_store_is_one_line(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    code, _, err = run("--db", str(other), "status")
    assert code == 1 and "not a startnow database" in err and err.count("\n") == 1
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    code, _, err = run("--db", str(foreign), "status")
    assert code == 1 and "not startnow's" in err and err.count("\n") == 1


def test_the_plain_forms_skip_argparse_and_the_rest_do_not() -> None:
    assert fast_args(["status"]) is not None
    assert fast_args(["--db", "x", "status", "--format", "tmux"]).format == "tmux"  # type: ignore[union-attr]
    for argv in (["status", "--help"], ["status", "--format", "xml"], ["status", "extra"],
                 ["status", "--format"], ["list"]):  # fmt: skip
        assert fast_args(argv) is None, argv
    assert "status" in COMMANDS


# Read-only, and never in the way of a writer.


def test_status_reads_while_another_process_holds_the_write_lock(
    services: Services, db_path: Path
) -> None:
    services.tasks.add_many([spec("Call mum")])
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE task SET title = 'Call dad'")
        found = read_status(str(db_path))  # sees the last commit, does not wait
        assert found is not None and [t.title for t in found[1]] == ["Call mum"]
        writer.execute("COMMIT")
    finally:
        writer.close()


def test_status_leaves_a_closed_store_byte_for_byte_and_makes_no_side_files(
    services: Services, db_path: Path
) -> None:
    services.tasks.add_many([spec("Call mum")])
    services.close()
    def files() -> tuple[bytes, list[str]]:  # (the record of a clean check is no side file)
        names = [p.name for p in db_path.parent.iterdir() if not p.name.endswith(".checked")]
        return db_path.read_bytes(), sorted(names)

    before = files()
    assert read_status(str(db_path)) is not None
    assert files() == before


def test_a_read_only_file_is_still_read(services: Services, db_path: Path) -> None:
    services.tasks.add_many([spec("Call mum")])
    services.close()
    db_path.chmod(0o444)
    try:
        found = read_status(str(db_path))
        assert found is not None and found[1][0].title == "Call mum"
    finally:
        db_path.chmod(0o644)


def test_odd_characters_in_the_path_reach_sqlite_intact(tmp_path: Path) -> None:
    plain, odd = tmp_path / "plain.db", tmp_path / "a?b#c%25d e.db"
    store = Services.open(plain, clock=lambda: datetime(2026, 11, 23, tzinfo=UTC))
    store.tasks.add_many([spec("Call mum")])
    store.close()
    plain.rename(odd)
    assert uri_of(str(odd)).endswith("?mode=ro")
    found = read_status(str(odd))
    assert found is not None and found[1][0].title == "Call mum"


def test_the_fast_default_store_path_is_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from startnow.paths import DB_FILENAME, default_data_dir, default_db_location

    for xdg in (None, str(tmp_path / "xdg"), "relative/xdg", ""):
        if xdg is None:
            monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_DATA_HOME", xdg)
        assert default_db_location() == str(default_data_dir() / DB_FILENAME), xdg
