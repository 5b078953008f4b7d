"""A reminder opens the coach on its task: `startnow tui --task N` puts that
task under Today's cursor (Enter starts it); a click on the notification runs
that command in a terminal where notify-send offers actions, and elsewhere the
message ends with it, to be typed."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from startnow.app import StartnowApp
from startnow.clock import ManualClock
from startnow.commands.remind import STATE_NAME, check, opener_for
from startnow.config import Settings
from startnow.notify import Opener, desktop_notify, offers_actions, terminal_command
from startnow.notify_action import watch
from startnow.services.all_services import Services
from tests.helpers import BERLIN, SIZE, cli, screen_text, spec

NINE = timedelta(minutes=8)  # MORNING (08:52 in Berlin) + 8 minutes


def open_app(services: Services, task_id: int) -> StartnowApp:
    return StartnowApp(
        services, tz=BERLIN, watch_seconds=0, notify_desktop=False, open_task=task_id
    )


def cursor_on(app: StartnowApp) -> str | None:
    focused = app.screen.focused
    assert isinstance(focused, OptionList)
    option = focused.highlighted_option
    return None if option is None else option.id


async def test_today_opens_with_the_task_under_the_cursor_and_enter_starts_it(
    services: Services,
) -> None:
    for title in ("Write Q3 report", "Call the bank", "Renew the car insurance"):
        services.tasks.add(spec(title, estimate=30))
    app = open_app(services, 3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cursor_on(app) == "task-3"
        await pilot.press("enter")  # the blocker question, for task 3
        await pilot.pause()
        assert "Renew the car insurance" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        app.screen.reload()  # type: ignore[attr-defined]  # a later reload keeps the place
        assert cursor_on(app) == "task-3"


async def test_a_task_in_upcoming_or_past_the_section_cap_is_shown_to_be_under_the_cursor(
    services: Services, clock: ManualClock
) -> None:
    for n in range(30):
        services.tasks.add(spec(f"Task number {n + 1}"))
    later = services.tasks.add(spec("Plan the offsite", planned_start=clock() + timedelta(days=3)))
    app = open_app(services, 28)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cursor_on(app) == "task-28"  # beyond the 25 rows a section shows at first
    app = open_app(services, later.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cursor_on(app) == f"task-{later.id}"  # Upcoming opened for it
        assert "Plan the offsite" in screen_text(app)


async def test_a_small_thing_is_opened_in_its_lane(services: Services) -> None:
    services.tasks.add(spec("Write Q3 report", estimate=60))
    small = services.tasks.add(spec("Reply to Anna", estimate=2))
    app = open_app(services, small.id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#small")
        assert cursor_on(app) == f"small-{small.id}-task"


@pytest.mark.parametrize(("task_id", "said"), [
    (1, "“Buy milk” is done already."),
    (99, "There is no task 99."),
])  # fmt: skip
async def test_a_task_not_on_today_is_said_and_today_opens_as_usual(
    services: Services, task_id: int, said: str
) -> None:
    done = services.tasks.add(spec("Buy milk"))
    services.tasks.set_status(done.id, "done")
    services.tasks.add(spec("Call the bank"))
    app = open_app(services, task_id)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications] == [said]
        assert cursor_on(app) == "task-2"


def test_tui_task_that_is_not_a_number_is_one_line(db_path: Path) -> None:
    code, out, err = cli("--db", str(db_path), "tui", "--task", "abc")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        'startnow: "abc" is not a task id (ids are numbers: see startnow list)'
    ]
    assert not db_path.exists()


# -- the reminder's side --------------------------------------------------------


def test_the_opener_is_the_command_as_typed_and_as_a_click_runs_it(tmp_path: Path) -> None:
    db = str(tmp_path / "work store.db")
    opener = opener_for(db, db)(12)
    assert opener.shown == f"startnow --db {shlex.quote(db)} tui --task 12"
    assert opener.argv == (sys.executable, "-m", "startnow", "--db", db, "tui", "--task", "12")
    assert opener_for(db, None)(12).shown == "startnow tui --task 12"  # the default store


def test_a_reminder_hands_its_task_to_the_notifier(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    services.tasks.add(spec("Call the bank", planned_start=clock() + NINE))
    clock.advance(hours=2)
    given: list[tuple[str, Opener | None]] = []

    def notifier(title: str, message: str, opener: Opener | None) -> bool:
        given.append((message, opener))
        return True

    check(str(db_path), db_path.parent / STATE_NAME, clock(), BERLIN, Settings(), notifier)
    [(message, opener)] = given
    assert message == "Call the bank didn't get started at 09:00. Five minutes now?"
    assert opener is not None and opener.argv[-3:] == ("tui", "--task", "1")


def fake_program(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notify-send on PATH that offers actions and reports a click on the
    notification, and a terminal that writes down what it was asked to run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "notify.log"
    fake_program(bin_dir / "notify-send", f"""
case "$1" in --help) echo "  -A, --action=[NAME=]Text...  Specifies the actions"; exit 0;; esac
printf '%s\\n' "$@" >> {shlex.quote(str(log))}
for arg in "$@"; do [ "$arg" = "--wait" ] && echo default; done
exit 0""")
    fake_program(bin_dir / "my-term", f'printf "%s\\n" "$@" > {shlex.quote(str(tmp_path / "ran"))}')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("TERMINAL", raising=False)
    return tmp_path


def test_a_click_opens_the_coach_on_the_task_in_a_terminal(desktop: Path) -> None:
    opener = Opener("startnow tui --task 7", ["startnow", "tui", "--task", "7"])
    launch = terminal_command(str(desktop / "bin" / "my-term"), opener.argv)
    assert launch == [str(desktop / "bin" / "my-term"), "startnow", "tui", "--task", "7"]
    assert watch(["notify-send", "--app-name=startnow", "Time to start", "Call the bank"], launch)
    shown = (desktop / "notify.log").read_text().splitlines()
    assert shown[:3] == ["--app-name=startnow", "Time to start", "Call the bank"]
    assert "--wait" in shown and "--action=default=Open" in shown
    deadline = time.monotonic() + 10  # the terminal is its own process: wait for it, bounded
    while not (desktop / "ran").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (desktop / "ran").read_text().splitlines() == ["startnow", "tui", "--task", "7"]


def test_no_click_runs_nothing(desktop: Path) -> None:
    fake_program(desktop / "bin" / "notify-send", "exit 0")  # closed without a click
    assert not watch(["notify-send", "x", "y"], [str(desktop / "bin" / "my-term"), "startnow"])
    assert not (desktop / "ran").exists()


def test_refused_actions_show_the_plain_notification_instead_of_waiting(desktop: Path) -> None:
    """As libnotify does with a server without actions: it says so, then would
    wait for ever. The watcher shows the notification with the command instead."""
    log = desktop / "notify.log"
    fake_program(desktop / "bin" / "notify-send", f"""
printf '%s\\n' "$@" >> {shlex.quote(str(log))}
for arg in "$@"; do
  if [ "$arg" = "--wait" ]; then
    echo "Actions are not supported by this notifications server." >&2; exec sleep 60
  fi
done""")
    plain = ["notify-send", "--app-name=startnow", "Time to start", "Call. startnow tui --task 7"]
    started = time.monotonic()
    assert not watch(["notify-send", "--app-name=startnow", "Time to start", "Call."],
                     [str(desktop / "bin" / "my-term")], plain_argv=plain)  # fmt: skip
    assert time.monotonic() - started < 30  # it did not wait out the sleep
    assert log.read_text().splitlines()[-1] == "Call. startnow tui --task 7"
    assert not (desktop / "ran").exists()


def test_the_watcher_refuses_arguments_it_did_not_write(capsys: pytest.CaptureFixture[str]) -> None:
    from startnow.notify_action import main as watcher

    assert watcher(["not json"]) == 2
    assert "usage" in capsys.readouterr().err


def test_remind_through_the_command_leaves_a_watcher_that_opens_the_task(
    desktop: Path, services: Services, db_path: Path, clock: ManualClock
) -> None:
    """The whole way: a real `startnow remind` process, at a fixed clock, with
    the terminal named in the settings; the click runs this install on the task."""
    services.tasks.add(spec("Call the bank", planned_start=clock() + NINE))
    config = desktop / "config.toml"
    config.write_text(f'terminal = "{desktop / "bin" / "my-term"}"\n', encoding="utf-8")
    env = {
        **os.environ, "STARTNOW_CONFIG": str(config), "TZ": "Europe/Berlin",
        "STARTNOW_NOW": (clock() + timedelta(hours=2)).isoformat(),
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "startnow", "--db", str(db_path), "remind"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 20
    while not (desktop / "ran").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    ran = (desktop / "ran").read_text().splitlines()
    assert ran == [sys.executable, "-m", "startnow", "--db", str(db_path), "tui", "--task", "1"]
    shown = (desktop / "notify.log").read_text().splitlines()
    assert "Call the bank didn't get started at 09:00. Five minutes now?" in shown


def test_without_actions_the_message_ends_with_the_command(
    desktop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = desktop / "notify.log"
    record = f'printf "%s\\n" "$@" >> {shlex.quote(str(log))}'
    fake_program(desktop / "bin" / "notify-send", f'[ "$1" = --help ] && exit 0; {record}')
    opener = Opener("startnow tui --task 7", ["startnow", "tui", "--task", "7"])
    assert desktop_notify("Time to start", "Call the bank.", opener)
    deadline = time.monotonic() + 10
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert log.read_text().splitlines() == [
        "--app-name=startnow", "Time to start", "Call the bank. startnow tui --task 7"
    ]  # fmt: skip


def test_the_terminal_setting_must_be_a_command() -> None:
    from startnow.config import settings_from
    from startnow.errors import StartnowError

    assert settings_from({"terminal": " kitty "}).terminal == "kitty"
    with pytest.raises(StartnowError, match="terminal"):
        settings_from({"terminal": 'kitty "unclosed'})


@pytest.mark.skipif(shutil.which("notify-send") is None, reason="notify-send is not installed")
def test_the_real_notify_send_is_asked_for_actions_and_never_hangs_without_a_desktop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libnotify's own notify-send: its help names --action (0.7.10 on), and with
    no notification daemon to show it (as here, without a desktop session) the
    watcher ends without running anything."""
    real = shutil.which("notify-send")
    assert real is not None
    version = subprocess.run([real, "--version"], capture_output=True, text=True).stdout
    numbers = tuple(int(n) for n in version.split()[-1].split(".")[:3])
    assert offers_actions(real) is (numbers >= (0, 7, 10))
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        marker = tmp_path / "ran"
        launch = [sys.executable, "-c", f"open({str(marker)!r}, 'w')"]
        started = time.monotonic()
        assert not watch([real, "--app-name=startnow", "startnow", "test"], launch, limit=30)
        assert not marker.exists()
        assert time.monotonic() - started < 20  # refused actions are not waited out
