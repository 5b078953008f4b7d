"""`startnow status --follow`: one process that prints the status line again
whenever it changes, for bars that read a command's latest line (waybar,
polybar, i3blocks, tmux). Driven with the test's clock and a wait that moves
it, never the wall clock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.commands.status import fast_args, follow
from startnow.services.all_services import Services
from tests.helpers import spec


@pytest.fixture
def berlin() -> Iterator[None]:
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def followed(
    db: Path, clock: ManualClock, ticks: int, fmt: str = "text", each: object = None
) -> int:
    """Follow for `ticks` checks, a second of the test's clock apart; `each`
    (a function of the check's number) runs between checks."""
    count = iter(range(1, ticks + 1))

    def wait() -> None:
        clock.advance(seconds=1)
        if callable(each):
            each(next(count))

    return follow(str(db), False, fmt, clock, wait, ticks=ticks)


def test_a_running_timer_is_a_new_line_each_second_and_idle_is_one_line(
    services: Services, db_path: Path, clock: ManualClock, berlin: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    task = services.tasks.add(spec("Write Q3 report"))
    assert followed(db_path, clock, 3) == 0
    assert capsys.readouterr().out == "next: Write Q3 report\n"  # unchanged: said once
    services.focus.start(task.id, None, 25)
    assert followed(db_path, clock, 3) == 0
    assert capsys.readouterr().out.splitlines() == [
        "▶ Write Q3 report · 25:00 left",
        "▶ Write Q3 report · 24:59 left",
        "▶ Write Q3 report · 24:58 left",
    ]


def test_a_change_made_elsewhere_shows_at_the_next_check(
    services: Services, db_path: Path, clock: ManualClock, berlin: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    services.tasks.add(spec("Call mum", estimate=10))

    def elsewhere(check: int) -> None:
        if check == 1:
            services.tasks.set_status(1, "done")

    followed(db_path, clock, 3, fmt="tmux", each=elsewhere)
    assert capsys.readouterr().out == "next: Call mum (10 min)\n\n"  # then nothing to do


def test_a_store_not_there_yet_is_said_once_and_shows_when_it_appears(
    services: Services, tmp_path: Path, clock: ManualClock, berlin: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    later = tmp_path / "later.db"

    def appear(check: int) -> None:
        if check == 3:
            later.write_bytes(Path(services.path).read_bytes())

    services.tasks.add(spec("Call mum"))
    services.close()
    followed(later, clock, 5, each=appear)
    captured = capsys.readouterr()
    assert captured.out == "\nnext: Call mum\n"
    assert len(captured.err.splitlines()) == 1  # said once, not every second
    assert captured.err.startswith("startnow: there is no startnow database")


def test_follow_is_read_without_argparse() -> None:
    args = fast_args(["status", "--follow", "--format", "waybar"])
    assert args is not None and (args.follow, args.format) == (True, "waybar")
    plain = fast_args(["status"])
    assert plain is not None and plain.follow is False


def test_the_process_ends_when_the_bar_closes_its_pipe(db_path: Path, services: Services) -> None:
    services.tasks.add(spec("Call mum"))
    follower = subprocess.Popen(
        [sys.executable, "-m", "startnow", "--db", str(db_path), "status", "--follow"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert follower.stdout is not None
    assert follower.stdout.readline() == "next: Call mum\n"
    follower.stdout.close()  # nothing changes after this: only the closed pipe can end it
    assert follower.wait(timeout=timedelta(seconds=30).total_seconds()) == 0
    assert follower.stderr is not None and follower.stderr.read() == ""
