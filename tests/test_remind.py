"""`startnow remind`: each reminder once, never while a timer runs, never about
a started task, never in quiet hours; the timer files written and removed."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from startnow.cli import main
from startnow.clock import ManualClock
from startnow.commands.remind import STATE_NAME, UNIT, check
from startnow.config import Settings
from startnow.domain.remind import in_quiet_hours
from startnow.notify import Opener
from startnow.services.all_services import Services
from tests.helpers import BERLIN, MORNING, fake_systemctl, spec

# MORNING is Monday 23 November 2026, 08:52 in Berlin.
NINE = MORNING + timedelta(minutes=8)


class Notes:
    """A notifier that keeps what it was given (the app's is notify-send)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.openers: list[Opener | None] = []

    def __call__(
        self, title: str, message: str, opener: Opener | None = None, terminal: str = ""
    ) -> bool:
        self.sent.append((title, message))
        self.openers.append(opener)
        return True


def run_check(db_path: Path, clock: ManualClock, notes: Notes, **settings: object) -> list[str]:
    return check(str(db_path), db_path.parent / STATE_NAME, clock(), BERLIN,
                 Settings(**settings), notes)  # type: ignore[arg-type]  # fmt: skip


def test_a_missed_start_is_said_once_with_the_five_minute_offer(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    services.tasks.add(spec("Renew the car insurance", planned_start=NINE))
    clock.advance(hours=2)  # 10:52: more than the grace hour past 09:00
    notes = Notes()
    first = run_check(db_path, clock, notes, quiet="20:00-08:00")
    assert first == [
        "Renew the car insurance didn't get started at 09:00. "
        "Five minutes now? startnow tui --task 1"
    ]
    assert run_check(db_path, clock, notes) == []  # a second run says nothing again
    clock.advance(minutes=5)
    assert run_check(db_path, clock, notes) == []
    assert len(notes.sent) == 1


def test_a_planned_start_arriving_is_said_once(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    services.tasks.add(spec("Write Q3 report", planned_start=MORNING + timedelta(minutes=8),
                            chunks=(("open the doc", 5),)))  # fmt: skip
    notes = Notes()
    assert run_check(db_path, clock, notes) == []  # 08:52: not yet
    clock.advance(minutes=10)  # 09:02
    assert run_check(db_path, clock, notes) == [
        "Write Q3 report — first: open the doc (5 min). startnow tui --task 1"
    ]
    assert run_check(db_path, clock, notes) == []
    clock.advance(hours=2)  # now missed: that is a reminder of its own, once
    [missed] = run_check(db_path, clock, notes)
    assert missed.startswith("Write Q3 report didn't get started at 09:00.")
    assert run_check(db_path, clock, notes) == []


def test_nothing_while_a_timer_runs_or_about_a_started_task(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    late = services.tasks.add(spec("Call the bank", planned_start=NINE))
    other = services.tasks.add(spec("Pay rent", planned_start=NINE))
    clock.advance(hours=2)
    session = services.focus.start(other.id, None, 25)
    notes = Notes()
    assert run_check(db_path, clock, notes) == []  # a timer is running
    services.focus.finish(session.id, "completed")
    sent = run_check(db_path, clock, notes)
    assert [m.split(" didn't")[0] for m in sent] == ["Call the bank"]  # Pay rent was started
    assert late.id == 1


def test_the_morning_nudge_once_when_nothing_started_by_remind_by(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    services.tasks.add(spec("Write Q3 report", chunks=(("open the doc", 5),)))
    notes = Notes()
    assert run_check(db_path, clock, notes, remind_by="10:00") == []  # 08:52
    clock.advance(hours=1, minutes=10)  # 10:02
    assert run_check(db_path, clock, notes, remind_by="10:00") == [
        "Five minutes on open the doc (5 min)? startnow tui --task 1",
    ]  # fmt: skip
    assert run_check(db_path, clock, notes, remind_by="10:00") == []
    clock.advance(days=1)  # the next morning: something was started? no: once again
    assert len(run_check(db_path, clock, notes, remind_by="10:00")) == 1


def test_no_morning_nudge_when_something_was_started_today(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    task = services.tasks.add(spec("Write Q3 report"))
    services.focus.finish(services.focus.start(task.id, None, 5).id, "completed")
    services.tasks.add(spec("Call mum"))
    clock.advance(hours=2)
    assert run_check(db_path, clock, Notes(), remind_by="10:00") == []


def test_quiet_hours_and_notifications_off_say_nothing(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    services.tasks.add(spec("Call the bank", planned_start=NINE))
    clock.advance(hours=2)  # 10:52
    notes = Notes()
    assert run_check(db_path, clock, notes, quiet="08:00-12:00") == []
    assert run_check(db_path, clock, notes, notifications=False) == []
    assert notes.sent == []
    assert len(run_check(db_path, clock, notes, quiet="20:00-08:00")) == 1


@pytest.mark.parametrize(("hhmm", "quiet", "expected"), [
    ("21:00", "20:00-08:00", True), ("07:59", "20:00-08:00", True), ("08:00", "20:00-08:00", False),
    ("12:00", "12:00-13:00", True), ("13:00", "12:00-13:00", False), ("12:00", "", False),
])  # fmt: skip
def test_quiet_hours_may_span_midnight(hhmm: str, quiet: str, expected: bool) -> None:
    hours, minutes = map(int, hhmm.split(":"))
    now = MORNING.astimezone(BERLIN).replace(hour=hours, minute=minutes)
    assert in_quiet_hours(now, BERLIN, quiet) is expected


def test_the_command_uses_the_clock_and_the_notifier(
    services: Services, db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    services.tasks.add(spec("Call the bank", planned_start=NINE))
    clock.advance(hours=2)
    notes = Notes()
    monkeypatch.setattr("startnow.clock.system_clock", clock)
    monkeypatch.setattr("startnow.notify.desktop_notify", notes)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        assert main(["--db", str(db_path), "remind"]) == 0
        assert main(["remind", "--db", str(db_path)]) == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    assert len(notes.sent) == 1
    state = json.loads((db_path.parent / STATE_NAME).read_text())
    assert list(state["said"]) == [f"missed:1:{int(NINE.timestamp())}"]


def test_a_missing_db_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "typo.db"), "remind"]) == 1
    assert capsys.readouterr().err.startswith("startnow: there is no startnow database")


def test_install_writes_a_timer_starts_it_and_uninstall_stops_and_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    log = fake_systemctl(tmp_path, monkeypatch)
    units = tmp_path / "xdg" / "systemd" / "user"
    assert main(["--db", str(tmp_path / "s.db"), "remind", "--install"]) == 0
    service = (units / f"{UNIT}.service").read_text()
    assert f"--db {tmp_path / 's.db'} remind" in service and "Type=oneshot" in service
    assert "OnCalendar=*:0/5" in (units / f"{UNIT}.timer").read_text()
    assert "Started: it checks every 5 minutes" in capsys.readouterr().out
    assert log.read_text().splitlines() == [
        "--user daemon-reload", f"--user enable --now {UNIT}.timer"]  # fmt: skip
    assert main(["remind", "--uninstall"]) == 0
    assert log.read_text().splitlines()[2:] == [
        f"--user disable --now {UNIT}.timer", "--user daemon-reload"]  # fmt: skip
    assert not any(units.iterdir())
    assert main(["remind", "--uninstall"]) == 0
    assert "No startnow-remind.timer in " in capsys.readouterr().out


def test_an_unwritable_unit_dir_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "xdg"
    blocker.write_text("a file where the directory should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    assert main(["remind", "--install"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("startnow: cannot write the timer in ") and err.count("\n") == 1
    assert os.path.isfile(blocker)


def test_a_missed_start_runs_the_on_missed_hook_once(
    services: Services, db_path: Path, clock: ManualClock, tmp_path: Path
) -> None:
    from startnow.hooks import Hooks

    task = services.tasks.add(spec("Renew the car insurance", planned_start=NINE))
    clock.advance(hours=2)
    directory, heard = tmp_path / "hooks", tmp_path / "heard.jsonl"
    directory.mkdir()
    script = directory / "on-missed"
    script.write_text(f"#!/bin/sh\ncat >> {heard}\n")
    script.chmod(0o755)
    notices: list[str] = []
    for _ in range(2):  # the second check neither notifies nor runs the hook again
        hooks = Hooks(directory, tmp_path / "hooks.log", notices.append)
        run_check_with(db_path, clock, Notes(), hooks)
    [line] = heard.read_text().splitlines()
    payload = json.loads(line)
    assert (payload["event"], payload["task_id"], payload["title"]) == (
        "missed", task.id, "Renew the car insurance")  # fmt: skip
    assert payload["planned_start"] == "2026-11-23T08:00:00Z" and payload["session_id"] is None
    assert notices == []


def test_the_on_missed_hook_runs_with_notifications_off(
    services: Services, db_path: Path, clock: ManualClock, tmp_path: Path
) -> None:
    from startnow.hooks import Hooks

    services.tasks.add(spec("Call the bank", planned_start=NINE))
    services.tasks.add(spec("Water the plants", planned_start=clock() + timedelta(hours=2)))
    clock.advance(hours=2)
    directory, heard = tmp_path / "hooks", tmp_path / "heard.jsonl"
    directory.mkdir()
    (directory / "on-missed").write_text(f"#!/bin/sh\ncat >> {heard}\n")
    (directory / "on-missed").chmod(0o755)
    notes = Notes()
    sent = check(str(db_path), db_path.parent / STATE_NAME, clock(), BERLIN,
                 Settings(notifications=False), notes, Hooks(directory))  # fmt: skip
    assert sent == [] and notes.sent == []
    assert [json.loads(x)["title"] for x in heard.read_text().splitlines()] == ["Call the bank"]


def run_check_with(db_path: Path, clock: ManualClock, notes: Notes, hooks: object) -> list[str]:
    return check(str(db_path), db_path.parent / STATE_NAME, clock(), BERLIN,
                 Settings(), notes, hooks)  # type: ignore[arg-type]  # fmt: skip


def test_install_without_a_user_manager_keeps_the_files_and_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    fake_systemctl(tmp_path, monkeypatch, status=1)
    assert main(["remind", "--install"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No medium found" in err
    assert f"systemctl --user enable --now {UNIT}.timer" in err and "*/5 * * * *" in err
    assert (tmp_path / "xdg" / "systemd" / "user" / f"{UNIT}.timer").exists()
