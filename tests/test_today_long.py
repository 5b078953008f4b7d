"""A Today with hundreds of tasks: each section shows its first rows and a "… more" row."""

from __future__ import annotations

from textual.widgets import OptionList

from startnow.screens.blocker import BlockerScreen
from startnow.screens.today import TodayScreen
from startnow.screens.today_rows import ROWS_PER_SECTION
from tests.helpers import SIZE, make_app, rows, screen_text, spec

MANY = ROWS_PER_SECTION + 7
SHORT = (100, 20)  # fewer lines than a full section has rows


def add_many(services, clock, count: int = MANY) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for n in range(count):
        ids.append(services.tasks.add(spec(f"Waiting task number {n:02d}")).id)
        clock.advance(minutes=1)
    return ids


def main_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    main = app.screen.query_one("#main", OptionList)
    return [main.get_option_at_index(i).id or "" for i in range(main.option_count)]


async def test_a_long_section_shows_its_first_rows_and_says_how_many_more(services, clock):
    ids = add_many(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, TodayScreen)
        shown = [i for i in main_ids(app) if i.startswith("task-")]
        assert shown == [f"task-{i}" for i in ids[:ROWS_PER_SECTION]]  # the longest waiting first
        assert main_ids(app)[-1] == "more-waiting"
        main = app.screen.query_one("#main", OptionList)
        assert "7 more" in str(main.get_option("more-waiting").prompt)


async def test_enter_on_the_more_row_shows_the_rest_and_starts_nothing(services, clock, db_path):
    ids = add_many(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen.query_one("#main", OptionList)
        main.highlighted = main.get_option_index("more-waiting")
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
        assert [i for i in main_ids(app) if i.startswith("task-")] == [f"task-{i}" for i in ids]
        assert "more-waiting" not in main_ids(app)
        assert main.highlighted_option is not None
        assert main.highlighted_option.id == f"task-{ids[ROWS_PER_SECTION]}"  # where the row was
        await pilot.press("end")
        assert f"Waiting task number {MANY - 1:02d}" in screen_text(app)
    assert rows(db_path, "SELECT * FROM focus_session") == []


async def test_enter_x3_still_starts_the_top_task_of_a_long_today(services, clock, db_path):
    ids = add_many(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, BlockerScreen)
        await pilot.press("enter", "enter")
    [session] = rows(db_path, "SELECT task_id FROM focus_session")
    assert session["task_id"] == ids[0]


async def test_b_on_the_more_row_breaks_down_nothing(services, clock):
    add_many(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen.query_one("#main", OptionList)
        main.highlighted = main.get_option_index("more-waiting")
        await pilot.press("b")
        assert isinstance(app.screen, TodayScreen)


async def test_the_first_frame_lays_out_only_the_rows_that_fit_and_the_rest_follow(
    services, clock, monkeypatch
):
    """A long Today's first frame builds no more rows than the screen has
    lines (nothing below them could be seen); straight after it, every row
    is there, the cursor still on the top task."""
    ids = add_many(services, clock)  # one section: its heading, 25 rows, a more row
    drawn: list[tuple[int | None, int, str | None]] = []
    fill = TodayScreen.fill_lists

    def recorded(screen, view, opened, limit):  # type: ignore[no-untyped-def]
        cut = fill(screen, view, opened, limit)
        main = screen.query_one("#main", OptionList)
        top = main.highlighted_option.id if main.highlighted_option else None
        drawn.append((limit, main.option_count, top))
        return cut

    monkeypatch.setattr(TodayScreen, "fill_lists", recorded)
    app = make_app(services)
    async with app.run_test(size=SHORT) as pilot:
        await pilot.pause()
        first_limit, first_count, first_top = drawn[0]
        assert first_limit == SHORT[1] and first_count == SHORT[1]  # not 1 + 25 + 1
        assert first_top == f"task-{ids[0]}"
        assert drawn[1] == (None, 1 + ROWS_PER_SECTION + 1, f"task-{ids[0]}")
        assert main_ids(app)[-1] == "more-waiting"
        await pilot.press("end")
        assert f"Waiting task number {ROWS_PER_SECTION - 1:02d}" in screen_text(app)


async def test_a_today_that_fits_is_drawn_once(services, clock, monkeypatch):
    add_many(services, clock, count=5)
    limits: list[int | None] = []
    fill = TodayScreen.fill_lists

    def recorded(screen, view, opened, limit):  # type: ignore[no-untyped-def]
        limits.append(limit)
        return fill(screen, view, opened, limit)

    monkeypatch.setattr(TodayScreen, "fill_lists", recorded)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert limits == [SIZE[1]]  # nothing was left out: no second pass
        assert len([i for i in main_ids(app) if i.startswith("task-")]) == 5


async def test_todays_styles_are_applied_once_before_the_first_paint(
    services, clock, monkeypatch
):
    """Mounting styles every widget; the first show does not style them all a
    second time (Textual's ScreenResume would). The look is the snapshots'."""
    add_many(services, clock, count=3)
    restyled: list[str] = []
    update = TodayScreen.update_node_styles

    def counted(screen, animate: bool = True):  # type: ignore[no-untyped-def]
        restyled.append(type(screen).__name__)
        return update(screen, animate)

    monkeypatch.setattr(TodayScreen, "update_node_styles", counted)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and restyled == []
        assert "Waiting task number 02" in screen_text(app)
