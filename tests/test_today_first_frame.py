"""Today's first frame reads the steps of only the tasks its first rows can
show; the whole Today follows it. Pure parts at a fixed clock, then the
service on a real store, then the app."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList

from startnow.app import StartnowApp
from startnow.domain.model import StepInfo
from startnow.domain.today import build_today, narrowed
from startnow.screens.today import TodayScreen
from startnow.services.all_services import Services
from tests.helpers import BERLIN, SIZE, make_app, screen_text, spec
from tests.test_delays import NOW, at, task


def test_the_first_rows_of_each_section_are_the_tasks_the_first_frame_can_show() -> None:
    waiting = [task(n, created_at=at(20, 10) + timedelta(minutes=n)) for n in range(1, 8)]
    later = at(20, 11)
    small = [task(n, estimate=2, created_at=later + timedelta(minutes=n)) for n in (20, 21, 22)]
    planned = task(30, planned_start=at(23, 12))  # today, later
    view = build_today([*waiting, *small, planned], NOW, BERLIN)
    assert [t.id for t in view.waiting] == [1, 2, 3, 4, 5, 6, 7]
    assert view.first_task_ids(2) == {1, 2, 30, 20, 21}


def test_with_steps_gives_the_named_tasks_their_steps_and_a_small_thing_its_next_step() -> None:
    big = task(1)
    small = task(2, estimate=2, title="reply")
    view = build_today([big, small], NOW, BERLIN)
    assert view.small[0].step.title == "reply"  # read without steps: the task itself
    steps = {
        1: (StepInfo(10, 1, 0, "outline", 10), StepInfo(11, 1, 1, "draft", 20)),
        2: (StepInfo(12, 2, 0, "open the mail", 1),),
    }
    whole = view.with_steps(steps, partial=False)
    assert whole.waiting[0].chunks == steps[1] and whole.waiting[0].next_step.title == "outline"
    assert whole.small[0].task.chunks == steps[2]
    assert whole.small[0].step.title == "open the mail"
    assert not whole.partial
    part = view.with_steps({1: steps[1]}, partial=True)
    assert part.partial and part.small[0].task.chunks == ()
    assert narrowed(part, lambda t: t.id == 1).partial  # a filter keeps the mark


def add_with_steps(services: Services, count: int) -> list[int]:
    ids = []
    for n in range(count):
        added = services.tasks.add(spec(f"Task {n:02d}", chunks=((f"step of {n:02d}", 5),)))
        ids.append(added.id)
        services.clock.advance(minutes=1)  # type: ignore[attr-defined]  # the tests' ManualClock
    return ids


def test_the_service_reads_the_steps_of_the_first_rows_only(services: Services) -> None:
    ids = add_with_steps(services, 12)
    first = services.today(BERLIN, first_rows=5)
    whole = services.today(BERLIN)
    assert first.partial and not whole.partial
    assert [t.id for t in first.waiting] == [t.id for t in whole.waiting] == ids
    assert first.waiting[:5] == whole.waiting[:5]  # the first rows: exactly as a full read
    assert all(t.chunks == () for t in first.waiting[5:])
    assert all(len(t.chunks) == 1 for t in whole.waiting)
    few = services.today(BERLIN, first_rows=20)
    assert not few.partial and few == whole  # all of them fit: nothing left out


async def test_the_app_shows_the_first_rows_steps_then_has_every_tasks(
    services: Services, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    add_with_steps(services, 40)
    read: list[tuple[int | None, bool]] = []
    today_view = StartnowApp.today_view

    def recorded(app, first_rows=None):  # type: ignore[no-untyped-def]
        view = today_view(app, first_rows)
        read.append((first_rows, view.partial))
        return view

    monkeypatch.setattr(StartnowApp, "today_view", recorded)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert read[:2] == [(SIZE[1], True), (None, False)]  # the first frame, then the whole
        screen = app.screen
        assert isinstance(screen, TodayScreen) and screen.view is not None
        assert not screen.view.partial  # filled in after the first frame
        assert all(len(t.chunks) == 1 for t in screen.view.waiting)
        assert "next: step of 00" in screen_text(app)
        main = screen.query_one("#main", OptionList)
        assert main.get_option_at_index(main.option_count - 1).id == "more-waiting"
