"""Hooks: the user's programs run in the background, fed one JSON object,
time-limited, and reported once when they fail. No test sleeps: a hook's end
is waited for by joining its watcher thread."""

from __future__ import annotations

import json
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from startnow.app import StartnowApp
from startnow.hooks import Hooks, hook_name, hooks_dir
from startnow.screens.focus import FocusScreen
from tests.helpers import BERLIN, MORNING, spec

PAYLOAD = {"event": "start", "task_id": 1, "title": "Write Q3 report"}


def hook(directory: Path, name: str, body: str, executable: bool = True) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def notices() -> list[str]:
    return []


@pytest.fixture
def hooks(tmp_path: Path, notices: list[str]) -> Iterator[Hooks]:
    made = Hooks(tmp_path / "hooks", tmp_path / "data" / "hooks.log", notices.append)
    yield made
    for run in made.runs:  # nothing outlives the test
        if run.process.poll() is None:
            os.killpg(run.process.pid, signal.SIGKILL)
        run.watcher.join(10)


def test_the_caller_returns_while_a_slow_hook_still_runs(tmp_path: Path, hooks: Hooks) -> None:
    hook(hooks.directory, "on-start", "exec sleep 60")
    fired = hooks.fire(PAYLOAD)
    assert fired is not None
    assert fired.process.poll() is None  # fire() did not wait for it
    assert fired.watcher.is_alive()


def test_a_hook_over_its_time_limit_is_killed_and_reported(
    tmp_path: Path, notices: list[str]
) -> None:
    hooks = Hooks(tmp_path / "hooks", tmp_path / "hooks.log", notices.append, time_limit=0.2)
    hook(hooks.directory, "on-end", "sleep 60")
    fired = hooks.fire({**PAYLOAD, "event": "end"})
    assert fired is not None
    fired.watcher.join(10)
    assert fired.process.returncode == -signal.SIGKILL
    assert notices == ["hook on-end ran over 0.2 s and was stopped"]


def test_the_hook_reads_one_json_object_on_stdin(tmp_path: Path, hooks: Hooks) -> None:
    out = tmp_path / "got.json"
    hook(hooks.directory, "on-pause", f"cat > '{out}'")
    fired = hooks.fire({**PAYLOAD, "event": "pause", "title": "Ünïcode ✓"})
    assert fired is not None
    fired.watcher.join(10)
    assert fired.process.returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "Ünïcode ✓"
    assert out.read_text(encoding="utf-8").count("\n") == 1


def test_a_failing_hook_is_reported_once_in_the_app_and_the_log(
    tmp_path: Path, hooks: Hooks, notices: list[str]
) -> None:
    hook(hooks.directory, "on-start", "echo 'timew: no such command' >&2; exit 1")
    for _ in range(3):
        fired = hooks.fire(PAYLOAD)
        assert fired is not None
        fired.watcher.join(10)
    assert notices == ["hook on-start exited with status 1: timew: no such command"]
    assert hooks.log_file is not None
    [line] = hooks.log_file.read_text().splitlines()
    assert line.endswith(" hook on-start exited with status 1: timew: no such command")


def test_a_hook_that_is_not_executable_is_one_clear_line(
    tmp_path: Path, hooks: Hooks, notices: list[str]
) -> None:
    path = hook(hooks.directory, "on-start", "exit 0", executable=False)
    assert hooks.fire(PAYLOAD) is None
    assert hooks.fire(PAYLOAD) is None
    assert notices == [f"hook {path} is not executable (chmod +x it); it did not run"]


def test_no_hook_no_run(hooks: Hooks, notices: list[str]) -> None:
    assert hooks.fire(PAYLOAD) is None
    assert not hooks.has("start") and notices == []


def test_hooks_live_beside_the_settings_file(own_config: Path) -> None:
    assert hooks_dir() == own_config.parent / "hooks"
    assert [hook_name(e) for e in ("start", "resume", "pause", "end", "missed")] == [
        "on-start", "on-start", "on-pause", "on-end", "on-missed",
    ]  # fmt: skip


async def test_the_timer_fires_start_pause_resume_and_end(
    services, clock, db_path: Path, own_config: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    log = tmp_path / "events.jsonl"
    for name in ("on-start", "on-pause", "on-end"):
        hook(own_config.parent / "hooks", name, f"cat >> '{log}'")
    task = services.tasks.add(spec("Write Q3 report", chunks=(("open the doc", 5),)))
    session = services.focus.start(task.id, task.chunks[0].id, 5, blocker="fear")
    app = StartnowApp(services, tz=BERLIN, watch_seconds=0, notify_desktop=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FocusScreen(session))
        await pilot.pause()
        await pilot.press("space")  # pause
        await pilot.press("space")  # resume
        await pilot.press("d")  # done
        await pilot.pause()
    assert app._hooks is not None
    for run in app._hooks.runs:
        run.watcher.join(10)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert sorted(e["event"] for e in events) == ["end", "pause", "resume", "start"]
    start = next(e for e in events if e["event"] == "start")
    assert start["title"] == "Write Q3 report" and start["step"] == "open the doc"
    assert start["blocker"] == "fear" and start["planned_minutes"] == 5
    assert start["started_at"] == MORNING.isoformat().replace("+00:00", "Z")
    end = next(e for e in events if e["event"] == "end")
    assert end["outcome"] == "completed" and end["ended_at"] is not None


async def test_a_sweep_fires_start_and_end_as_a_sweep(
    services, clock, db_path: Path, own_config: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    log = tmp_path / "events.jsonl"
    for name in ("on-start", "on-end"):
        hook(own_config.parent / "hooks", name, f"cat >> '{log}'")
    services.tasks.add(spec("Reply to Anna", estimate=2))
    services.tasks.add(spec("Water the plants", estimate=1))
    app = StartnowApp(services, tz=BERLIN, watch_seconds=0, notify_desktop=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")  # the sweep
        await pilot.press("d")  # one small thing done
        await pilot.press("escape")  # stop the sweep
        await pilot.pause()
    assert app._hooks is not None
    for run in app._hooks.runs:
        run.watcher.join(10)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert sorted(e["event"] for e in events) == ["end", "start"]
    assert {e["kind"] for e in events} == {"sweep"}
    assert {e["title"] for e in events} == {"Small-things sweep"}
    end = next(e for e in events if e["event"] == "end")
    assert end["outcome"] == "completed" and end["ended_at"] is not None
