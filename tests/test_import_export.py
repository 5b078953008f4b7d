"""Export and import through the service and the real command line: a round
trip on a generated history, re-imports that add nothing, and imports that
write nothing at all when one line is bad; exports through links, pipes and
devices, and the instants they write."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import random
import shutil
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from startnow.cli import main
from startnow.formats.importers import ImportFormatError, parse_import
from startnow.formats.importers.startnow_json import TASK_FIELDS
from startnow.services import transfer as transfer_module
from startnow.services.transfer import Transfer
from startnow.store.db import Store, open_store
from startnow.store.models import Chunk, Commitment, FocusSession, NudgeSwap, Recovery, Task
from tests.helpers import rows
from tests.helpers import startnow as run

NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("task", "chunk", "focus_session", "recovery", "nudge_swap", "commitment")
BLOCKERS = ("overwhelm", "fear", "perfectionism", "boredom", "deadline", "none", None)


@pytest.fixture(autouse=True)
def quiet_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI loads settings: keep its config file (and zone) inside the test."""
    monkeypatch.setenv("STARTNOW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TZ", "Europe/Berlin")


def fill_history(store: Store, n_tasks: int = 300, seed: int = 11) -> None:
    """A few weeks of realistic use: tasks with steps, sessions, recoveries, feedback."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=60)

    def moment(after: datetime, hours: float = 72) -> datetime:
        return (after + timedelta(minutes=rng.randint(1, int(hours * 60)))).replace(microsecond=0)

    with store.session() as session:
        for i in range(n_tasks):
            created = moment(start, 24 * 50)
            status = rng.choice(("open", "open", "done", "dropped"))
            task = Task(
                title=rng.choice(("Write", "Call", "Fix", "Plan", "Read")) + f" thing {i} ✓",
                notes=rng.choice(("", "with notes\non two lines", 'quotes "and", commas')),
                created_at=created,
                planned_start=rng.choice((None, moment(created, 48))),
                due=rng.choice((None, moment(created, 24 * 10))),
                self_due=rng.choice((None, None, moment(created, 24 * 5))),
                estimate=rng.choice((None, 2, 5, 25, 120)),
                tags=rng.choice(("", "work", "home errands", "work deep")),
                status=status,
                closed_at=None if status == "open" else moment(created, 24 * 9),
                source=rng.choice(("", "", "", f"todotxt:{i:016x}")),
            )
            session.add(task)
            session.flush()
            assert task.id is not None
            chunks = [
                Chunk(task_id=task.id, position=p, title=f"step {p}", created_at=created,
                      estimate=rng.choice((None, 5, 10)),
                      done_at=rng.choice((None, moment(created))))
                for p in range(rng.randint(0, 4))
            ]  # fmt: skip
            recoveries = [
                Recovery(task_id=task.id, option=rng.choice(("start", "shrink", "own")),
                         text=rng.choice(("", "after lunch")), forgave=rng.random() < 0.5,
                         created_at=moment(created), helped=rng.choice((None, True, False)))
                for _ in range(rng.choice((0, 0, 1)))
            ]  # fmt: skip
            session.add_all([*chunks, *recoveries])
            session.flush()
            first = None
            for _ in range(rng.randint(0, 3)):
                began = moment(created)
                first = min(first or began, began)
                session.add(
                    FocusSession(
                        task_id=task.id,
                        chunk_id=rng.choice([None, *(c.id for c in chunks)]),
                        kind=rng.choice(("focus", "focus", "sweep")),
                        started_at=began,
                        planned_minutes=rng.choice((5, 10, 25)),
                        paused_seconds=rng.choice((0, 0, 95)),
                        ended_at=began + timedelta(minutes=rng.randint(2, 30)),  # > 95 s paused
                        outcome=rng.choice(("completed", "stopped", "abandoned")),
                        blocker=rng.choice(BLOCKERS),
                        nudge_id=rng.choice((None, "five-minutes", "rough-draft")),
                        chunk_done=rng.choice((None, "yes", "partly", "no")),
                        nudge_helped=rng.choice((None, True, False)),
                        recovery_id=recoveries[0].id if recoveries and rng.random() < 0.7 else None,
                    )
                )
            task.first_started_at = first
        # One session still running (the app was closed mid-timer).
        session.add(FocusSession(task_id=1, started_at=NOW - timedelta(minutes=3),
                                 planned_minutes=25, paused_at=NOW, blocker="fear"))  # fmt: skip
        for week in range(38, 48):
            session.add(Commitment(week=f"2026-W{week}", text=f"When I sit down, I will {week}",
                                   created_at=start + timedelta(days=week - 38),
                                   kept=rng.choice((None, True, False))))  # fmt: skip
        for k in range(12):
            session.add(NudgeSwap(blocker="boredom", nudge_id="treat-while-you-work",
                                  at=start + timedelta(hours=k)))  # fmt: skip


def export_json(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["--db", str(db), "export", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def without_ids(data: dict[str, Any]) -> dict[str, Any]:
    """The export with its ids (and the references using them) made positional."""
    data = copy.deepcopy(data)
    data.pop("exported_at")
    for task in data["tasks"]:
        task.pop("id")
        chunk_at = {c.pop("id"): i for i, c in enumerate(task["chunks"])}
        recovery_at = {r.pop("id"): i for i, r in enumerate(task["recoveries"])}
        for s in task["sessions"]:
            s.pop("id")
            s["chunk_id"] = chunk_at.get(s["chunk_id"])
            s["recovery_id"] = recovery_at.get(s["recovery_id"])
    return data


def counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in TABLES}


@pytest.fixture(scope="module")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated history, built once a module (and worker): it is the slow part."""
    db = tmp_path_factory.mktemp("history") / "history.db"
    store = open_store(db)
    fill_history(store)
    store.close()
    assert sorted(p.name for p in db.parent.iterdir()) == ["history.db"]  # no -wal left
    return db


@pytest.fixture
def history(history_template: Path, tmp_path: Path) -> Path:
    """A copy of the history of each test's own: some import into it."""
    db = tmp_path / "history.db"
    shutil.copyfile(history_template, db)
    return db


# ---------------------------------------------------------------- round trip


def test_round_trip_export_import_export_gives_the_same_data(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = export_json(history, capsys)
    assert first["format"] == "startnow" and first["version"] == 1
    assert first["exported_at"].endswith("Z")
    assert len(first["tasks"]) == 300
    assert sum(len(t["sessions"]) for t in first["tasks"]) > 200
    assert tuple(first["tasks"][0])[: len(TASK_FIELDS)] == TASK_FIELDS
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(first))

    empty = tmp_path / "restored.db"
    assert main(["--db", str(empty), "import", str(backup)]) == 0
    assert capsys.readouterr().out == "Imported 300 tasks from startnow JSON.\n"
    assert counts(empty) == counts(history)
    second = export_json(empty, capsys)
    assert without_ids(second) == without_ids(first)
    running = rows(empty, "SELECT * FROM focus_session WHERE ended_at IS NULL")
    assert len(running) == 1 and running[0]["paused_at"] is not None


def test_reimporting_adds_nothing_even_into_the_store_it_came_from(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(export_json(history, capsys)))
    before = counts(history)
    assert main(["--db", str(history), "import", str(backup)]) == 0
    assert capsys.readouterr().out == "Imported 0 tasks from startnow JSON (300 already there).\n"
    assert counts(history) == before

    restored = tmp_path / "restored.db"
    assert main(["--db", str(restored), "import", str(backup)]) == 0
    assert main(["--db", str(restored), "import", str(backup)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("(300 already there).")
    assert counts(restored) == before


def test_a_bad_record_in_the_middle_writes_nothing(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = export_json(history, capsys)
    data["tasks"][150]["due"] = "2026-13-01T00:00:00Z"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    empty = tmp_path / "empty.db"
    assert main(["--db", str(empty), "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("startnow: import: tasks[150]: due must be an ISO-8601 instant")
    assert err.endswith("(nothing was imported)\n") and err.count("\n") == 1
    assert not empty.exists() or counts(empty)["task"] == 0


def test_a_bad_todotxt_line_in_the_middle_writes_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [f"2026-11-{1 + i % 20:02d} task {i} +p{i % 3}" for i in range(200)]
    lines[99] = "task 99 due:2026-13-01"
    path = tmp_path / "todo.txt"
    path.write_text("\n".join(lines))
    assert main(["--db", str(db_path), "add", "already here"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", str(path)]) == 2
    assert capsys.readouterr().err == (
        'startnow: import: line 100: bad date "2026-13-01" in due: (nothing was imported)\n'
    )
    assert [r["title"] for r in rows(db_path, "SELECT title FROM task")] == ["already here"]


def test_a_failure_while_writing_rolls_everything_back(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = parse_import("\n".join(f"task {i}" for i in range(60)).encode(), NOW, UTC)
    store = open_store(db_path)
    real = transfer_module._insert_task
    calls = iter(range(1000))

    def flaky(*args: Any, **kwargs: Any) -> bool:
        if next(calls) == 40:
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer_module, "_insert_task", flaky)
    with pytest.raises(sqlite3.OperationalError):
        Transfer(store, lambda: NOW).import_batch(batch)
    store.close()
    assert counts(db_path)["task"] == 0


# ---------------------------------------------------------------- other formats


def test_todotxt_fixture_imports_once(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = str(FIXTURES / "todo.txt")
    assert main(["--db", str(db_path), "import", fixture]) == 0
    assert main(["--db", str(db_path), "import", fixture]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Imported 5 tasks from todo.txt.",
        "Imported 0 tasks from todo.txt (5 already there).",
    ]
    report = rows(db_path, "SELECT * FROM task WHERE title = 'Write Q3 report'")[0]
    assert report["tags"] == "prio-a work desk" and report["source"].startswith("todotxt:")
    assert rows(db_path, "SELECT status FROM task WHERE title = 'Call the dentist'")[0][0] == "done"


def test_taskwarrior_from_stdin(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (FIXTURES / "taskwarrior.json").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["--db", str(db_path), "import", "-"]) == 0
    assert capsys.readouterr().out == "Imported 5 tasks from Taskwarrior.\n"
    sources = {r["source"] for r in rows(db_path, "SELECT source FROM task")}
    assert "taskwarrior:617aa013-90d0-4ea1-86a7-b8c34cc8480f" in sources
    started = rows(db_path, "SELECT first_started_at FROM task WHERE title = 'Write Q3 report'")
    assert started[0][0] == int(datetime(2026, 11, 22, 16, 10, 28, tzinfo=UTC).timestamp())


def test_dry_run_writes_nothing(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "import", "--dry-run", str(FIXTURES / "todo.txt")]) == 0
    assert capsys.readouterr().out == (
        "Would import 5 tasks from todo.txt; nothing was written (dry run).\n"
    )
    assert counts(db_path)["task"] == 0


def test_a_missing_file_is_one_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "import", str(db_path.parent / "nope.txt")]) == 1
    assert capsys.readouterr().err.endswith("nope.txt: No such file or directory\n")


def test_an_imported_running_session_never_makes_two_timers(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = export_json(history, capsys)
    for task in data["tasks"]:
        task["source"] = task["source"] + "-copy"  # new tasks, same running session
    copy_path = tmp_path / "copy.json"
    copy_path.write_text(json.dumps(data))
    assert main(["--db", str(history), "import", str(copy_path)]) == 0
    running = rows(history, "SELECT * FROM focus_session WHERE ended_at IS NULL")
    assert len(running) == 1


# ---------------------------------------------------------------- CSV


def test_csv_to_stdout_is_one_row_a_task(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(history), "export", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == 300
    first = table[0]
    task = rows(history, "SELECT * FROM task WHERE id = 1")[0]
    assert first["title"] == task["title"] and first["notes"] == task["notes"]
    steps = [r["title"] for r in rows(history, "SELECT title FROM chunk WHERE task_id = 1 "
                                      "ORDER BY position")]  # fmt: skip
    assert first["chunks"] == " | ".join(steps)
    assert first["created_at"].endswith("Z")


def test_csv_to_a_directory_writes_six_files(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["--db", str(history), "export", "--format", "csv", "--output", f"{out}/"]) == 0
    assert capsys.readouterr().out == f"Exported 300 tasks to {out}/ (six CSV files).\n"
    files = sorted(p.name for p in out.iterdir())
    assert files == ["chunks.csv", "commitments.csv", "nudge_swaps.csv", "recoveries.csv",
                     "sessions.csv", "tasks.csv"]  # fmt: skip
    n = counts(history)
    for name, table in (("chunks", "chunk"), ("sessions", "focus_session"),
                        ("recoveries", "recovery"), ("commitments", "commitment"),
                        ("nudge_swaps", "nudge_swap"), ("tasks", "task")):  # fmt: skip
        with (out / f"{name}.csv").open(newline="") as handle:
            assert len(list(csv.DictReader(handle))) == n[table], name


def test_json_to_a_file_and_not_to_a_directory(
    history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backup.json"
    assert main(["--db", str(history), "export", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"Exported 300 tasks to {target}.\n"
    assert len(json.loads(target.read_text())["tasks"]) == 300
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert main(["--db", str(history), "export", "-o", str(tmp_path)]) == 2
    assert "JSON export writes one file" in capsys.readouterr().err


# ---------------------------------------------------------------- fuzzing the whole way


def small_export() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "s.db")
        fill_history(store, n_tasks=4, seed=3)
        data = json.loads(json.dumps(_dump(Transfer(store, lambda: NOW))))
        store.close()
    return data


def _dump(transfer: Transfer) -> dict[str, Any]:
    from startnow.formats.importers.startnow_json import dump

    return dump(transfer.snapshot(), NOW)


BASE = small_export()
LEAVES = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=6) | (
    st.sampled_from(["2026-11-23T07:52:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                     "2026-11-23T07:52:00+14:00", "open", "done", "focus", "yes", "completed"])
)  # fmt: skip


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield prefix + (i,)
            yield from paths(value, prefix + (i,))


PATHS = [p for p in paths(BASE) if p[0] != "format"]


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("fuzz") / "f.db")
    yield store
    store.close()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(PATHS), LEAVES), min_size=1, max_size=3))
def test_fuzz_mutated_exports_are_refused_cleanly_or_stored(
    fuzz_store: Store, edits: list[tuple[tuple[Any, ...], Any]]
) -> None:
    """Whatever a near-valid export holds, it is one clear error or it fits the store
    (and is shown: the checks run on what the parser read)."""
    data = copy.deepcopy(BASE)
    for path, value in edits:
        target = data
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        batch = parse_import(json.dumps(data).encode(), NOW, UTC)
    except ImportFormatError as exc:
        assert "\n" not in str(exc)
        return
    Transfer(fuzz_store, lambda: NOW).import_batch(batch, dry_run=True)


# ---------------------------------------------------------------- odd places and formats


def test_the_csv_export_is_not_read_back_as_todotxt(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "add", "Water the plants"]) == 0
    csv_file = tmp_path / "tasks.csv"
    assert main(["--db", str(db_path), "export", "--format", "csv", "--output", str(csv_file)]) == 0
    capsys.readouterr()
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "import", str(csv_file)]) == 2
    err = capsys.readouterr().err
    assert "CSV export" in err and "JSON export" in err and err.count("\n") == 1
    assert not other.exists() or rows(other, "SELECT COUNT(*) FROM task")[0][0] == 0


@pytest.mark.parametrize(
    "value, text",
    [
        (datetime(1, 1, 1, 23, 59, tzinfo=UTC), "0001-01-01T23:59:00Z"),
        (datetime(2026, 11, 30, 17, 8, 9, 999_999, tzinfo=UTC), "2026-11-30T17:08:09Z"),
        (
            datetime(2026, 11, 30, 18, 8, tzinfo=timezone(timedelta(hours=1))),
            "2026-11-30T17:08:00Z",
        ),
    ],
)
def test_instants_in_json_are_always_iso_8601(value: datetime, text: str) -> None:
    from startnow.domain.describe import iso_instant

    assert iso_instant(value) == text
    assert datetime.fromisoformat(text) == value.replace(microsecond=0)


def test_export_through_a_symlink_writes_its_target_and_keeps_the_link(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backups" / "startnow.json"
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o644)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert main(["--db", str(store), "export", "--output", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["tasks"][0]["title"] == "Water the plants"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_export_into_a_pipe_writes_into_it_and_leaves_it_a_pipe(
    store: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run("--db", str(store), "export", "--output", str(fifo))
    reader.join(timeout=30)
    assert (code, err) == (0, f"Exported 1 task to {fifo}.\n")  # not into the pipe's data
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["tasks"][0]["title"] == "Water the plants"


def test_export_to_dev_stdout_is_the_json_alone(store: Path) -> None:
    if not Path("/dev/stdout").exists():
        pytest.skip("no /dev/stdout")
    code, out, err = run("--db", str(store), "export", "--output", "/dev/stdout")
    assert code == 0 and json.loads(out)["tasks"][0]["title"] == "Water the plants"
    assert err == "Exported 1 task to /dev/stdout.\n"
