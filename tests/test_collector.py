"""The cycle collector held off while the app starts, frozen and back on after
its first paint, and never left off by a start that goes no further."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from startnow import collector
from startnow.cli import main
from startnow.screens.today import TodayScreen
from tests.helpers import SIZE, make_app


@pytest.fixture(autouse=True)
def collector_as_found() -> Iterator[None]:
    """Whatever a test does, the process's collector is on and unfrozen after it."""
    yield
    collector.release(freeze=False)
    gc.unfreeze()
    gc.enable()


def test_hold_turns_it_off_and_release_freezes_and_turns_it_back_on() -> None:
    before = gc.get_freeze_count()
    collector.hold()
    assert not gc.isenabled() and collector.held()
    survivor = [object() for _ in range(1000)]  # made while held: start-up's objects
    collector.release()
    assert gc.isenabled() and not collector.held()
    assert gc.get_freeze_count() >= before + len(survivor)


def test_release_without_a_hold_changes_nothing() -> None:
    collector.release()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    collector.hold()
    collector.release()
    assert not gc.isenabled()


def test_release_without_freezing_only_turns_it_back_on() -> None:
    collector.hold()
    collector.release(freeze=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_start_refused_before_the_app_leaves_the_collector_on(
    store, capsys: pytest.CaptureFixture[str]
) -> None:
    """No terminal (pytest's stdin): the app never paints, and never releases;
    the command's exit path does."""
    assert main(["--db", str(store)]) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert gc.isenabled() and not collector.held()


async def test_the_app_releases_it_once_today_is_drawn(services) -> None:  # type: ignore[no-untyped-def]
    collector.hold()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, TodayScreen)
        assert not gc.isenabled()  # still starting: the first paint's timer is ahead
        app.after_first_paint()  # what that timer calls
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() > 0
