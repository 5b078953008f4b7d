"""Today notices tasks added from another terminal, and many writers lose nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from startnow.cli import main
from startnow.clock import ManualClock, system_clock
from tests.helpers import BERLIN, SIZE, make_app, rows, screen_text, spec

WRITER = """
import sys
from startnow.cli import main
from startnow.clock import ManualClock, system_clock
db, who = sys.argv[1], sys.argv[2]
for n in range(200):
    assert main(["--db", db, "add", f"task {n} from {who} ~5m #load"]) == 0
"""


def catch_up(clock: ManualClock) -> None:
    """The other terminal adds on the real clock: move the app's clock past it,
    or a task created 'later' than the app's now is rightly not ready yet."""
    clock.now = max(clock.now, system_clock())


async def test_a_task_added_elsewhere_appears_on_today_without_a_keypress(
    services, db_path, clock: ManualClock
):
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Buy oat milk" not in screen_text(app)
        # Another terminal: the real quick-add path, its own connection.
        assert main(["--db", str(db_path), "add", "Buy oat milk"]) == 0
        catch_up(clock)
        app.check_for_changes()  # what the app's 1-second interval calls
        await pilot.pause()
        assert "Buy oat milk" in screen_text(app)
        assert app.watch_seconds == 0  # (the interval itself is off in tests)
    live = make_app(services)
    assert live.watch_seconds == 0
    assert type(live)(services).watch_seconds == 1.0  # the real app polls every second


async def test_today_moves_with_the_clock_without_a_keypress(services, clock: ManualClock):
    """Left open, Today's clock and "waited" figures follow time, not only data."""
    services.tasks.add_many([spec("Renew passport")])
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        before = screen_text(app)
        assert "just now" in before or "0 min" in before
        clock.advance(hours=3, minutes=5)
        app.check_for_changes()  # no data changed: a new minute is enough
        await pilot.pause()
        after = screen_text(app)
        assert clock.now.astimezone(BERLIN).strftime("%H:%M") in after
        assert "3 h" in after and after != before


async def test_two_writers_adding_200_tasks_each_while_the_app_is_open(
    services, db_path: Path, clock: ManualClock
):
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        writers = [
            subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), who],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for who in ("left", "right")
        ]  # fmt: skip
        while any(w.poll() is None for w in writers):
            app.check_for_changes()  # the app reads while they write
            await pilot.pause()
        catch_up(clock)
        errors = [w.stderr.read() for w in writers if w.stderr]
        assert [w.returncode for w in writers] == [0, 0], errors
        assert not any("locked" in e for e in errors)
        app.check_for_changes()  # the last commit may have been seen before catch_up:
        app.screen.reload()  # type: ignore[attr-defined]  # draw again at the new clock
        await pilot.pause()
        assert "from left" in screen_text(app) or "from right" in screen_text(app)
        assert len(app.screen.view.main) == 400  # type: ignore[attr-defined]
    titles = [r["title"] for r in rows(db_path, "SELECT title FROM task")]
    assert len(titles) == 400 and len(set(titles)) == 400


async def test_the_clock_moves_on_every_screen_not_only_today(services, clock: ManualClock):
    services.tasks.add_many([spec("Renew passport")])
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # the review: a screen above Today
        await pilot.pause()
        clock.advance(minutes=7)
        app.check_for_changes()
        await pilot.pause()
        assert clock.now.astimezone(BERLIN).strftime("%H:%M") in screen_text(app)


async def test_a_change_noticed_while_the_app_closes_is_no_traceback(
    services, clock: ManualClock, monkeypatch
):
    """The once-a-second check can fire while the app is closing, when Today's
    widgets are already gone: it must leave them be, not end in a traceback."""
    from startnow.screens.today import TodayScreen

    services.tasks.add_many([spec("Renew passport")])
    app = make_app(services)
    seen: list[BaseException | None] = []

    def check_while_closing(screen: TodayScreen) -> None:
        clock.advance(minutes=1)  # a new minute: the check has work to do
        try:
            app.check_for_changes()
            seen.append(None)
        except BaseException as error:  # noqa: BLE001  (the failure the test looks for)
            seen.append(error)

    monkeypatch.setattr(TodayScreen, "on_unmount", check_while_closing, raising=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Renew passport" in screen_text(app)
    assert seen == [None]
