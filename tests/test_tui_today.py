"""Today tells the truth and fits the task, driven with keys: overdue said as
such, Upcoming one key away, the two-minute rule in the small-things lane,
what was done today, and titles that fit their cells."""

from __future__ import annotations

from datetime import timedelta

from rich.cells import cell_len
from textual.widgets import OptionList

from startnow.screens.after import AfterScreen
from startnow.screens.blocker import BlockerScreen
from startnow.screens.focus import FocusScreen
from startnow.screens.recovery import RecoveryScreen
from startnow.screens.rest import BreakScreen
from startnow.screens.today import TodayScreen
from tests.helpers import SIZE, make_app, rows, screen_text, spec, toast_text


def line_with(app, text: str) -> str:  # type: ignore[no-untyped-def]
    [line] = [row for row in screen_text(app).splitlines() if text in row]
    return line


async def test_a_task_due_yesterday_reads_as_overdue(services, clock, db_path):
    clock.advance(days=-3)
    services.tasks.add(spec("Send the invoice", due=clock() + timedelta(days=2), estimate=30))
    clock.advance(days=3)  # the due date was yesterday
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        line = line_with(app, "Send the invoice")
        assert "overdue since Sun" in line and "waiting 3 days" in line
        assert "start by" not in line and "due Sun" not in line
        await pilot.press("enter")  # a missed start: the recovery, which says when it was due
        assert isinstance(app.screen, RecoveryScreen)
        assert "didn't get started in time, and it was due Sun" in screen_text(app)
    [task] = rows(db_path, "SELECT status, due FROM task")
    assert task["status"] == "open" and task["due"] < int(clock().timestamp())


async def test_upcoming_is_collapsed_until_v_and_lists_each_task_with_its_start(
    services, clock, db_path
):
    services.tasks.add(spec("Plan the offsite"))
    services.tasks.add(spec("Book the dentist", planned_start=clock() + timedelta(days=2)))
    services.tasks.add(
        spec("Water the plants", estimate=2, planned_start=clock() + timedelta(days=1))
    )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        text = screen_text(app)
        assert "Upcoming (2) · v show" in text
        assert "Book the dentist" not in text and "Water the plants" not in text
        main = app.screen.query_one("#main", OptionList)
        assert not any(o.id == f"task-{2}" for o in main.options)  # its rows: not even made
        await pilot.press("v")
        text = screen_text(app)
        assert "Upcoming (2) · v hide" in text
        assert "starts Tue 08:52" in line_with(app, "Water the plants")
        assert "starts Wed 08:52" in line_with(app, "Book the dentist")
        await pilot.press("v")
        assert "Book the dentist" not in screen_text(app)
    assert len(rows(db_path, "SELECT * FROM task WHERE planned_start IS NOT NULL")) == 2


async def test_enter_in_the_small_things_lane_starts_a_two_minute_timer(services, db_path):
    services.tasks.add(spec("Write the report", estimate=120))
    anna = services.tasks.add(spec("Reply to Anna", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Reply to Anna" in line_with(app, "2 min")
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, FocusScreen)  # no "what's in the way?", no nudge
        await pilot.pause()
        assert "02:00" in screen_text(app) or app.screen.session.planned_minutes == 2
    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert (session["task_id"], session["planned_minutes"]) == (anna.id, 2)
    assert (session["blocker"], session["nudge_id"], session["kind"]) == (None, None, "focus")


async def test_d_in_the_lane_marks_the_small_thing_done_as_d_does_anywhere(services, db_path):
    """One d for both lists (tests/test_tui_today_keys.py has the rest): done
    without a timer is closed without a start."""
    services.tasks.add(spec("Write the report", estimate=120))
    bill = services.tasks.add(spec("Pay the water bill", estimate=2))
    services.tasks.add(spec("Reply to Sam", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Small things (2)" in screen_text(app)
        await pilot.press("tab", "d")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        assert "Small things (1)" in text
        assert "Pay the water bill" not in text and "Reply to Sam" in text
        assert "1 done" in text  # the top line counts it: done today, timer or not
    [task] = rows(db_path, "SELECT status, first_started_at FROM task WHERE id = ?", bill.id)
    assert (task["status"], task["first_started_at"]) == ("done", None)


async def test_d_in_the_main_list_marks_the_highlighted_task_done(services, db_path):
    report = services.tasks.add(spec("Write the report", estimate=120))
    services.tasks.add(spec("Pay the water bill", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert "Write the report" not in screen_text(app)
    assert [r["status"] for r in rows(db_path, "SELECT status FROM task ORDER BY id")] == [
        "done", "open",
    ]  # fmt: skip
    assert report.id == 1


async def test_the_lane_holds_only_small_tasks_not_big_ones_by_a_small_step(services):
    services.tasks.add(spec("Plan the offsite", chunks=(("send one message", 2), ("book", 30))))
    services.tasks.add(spec("Reply to Anna", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE):
        text = screen_text(app)
        assert "Small things (1)" in text
        assert "Plan the offsite: send one message" not in text
        assert text.count("Plan the offsite") == 1  # in the main list, once


async def test_the_top_line_counts_todays_starts_minutes_and_done(services, clock):
    report = services.tasks.add(spec("Write the report", estimate=120))
    bill = services.tasks.add(spec("Pay the bill"))
    for task, minutes in ((report, 25), (bill, 21)):
        session = services.focus.start(task.id, None, 25)
        clock.advance(minutes=minutes)
        services.focus.finish(session.id, "completed")
    services.tasks.complete_step(bill.id, None)
    app = make_app(services)
    async with app.run_test(size=SIZE):
        top = screen_text(app).splitlines()[0]
        assert "2 starts · 46 min focused · 1 done" in top
        assert "Pay the bill" not in screen_text(app)


async def test_a_long_break_is_offered_after_the_fourth_session_of_the_day(
    services, clock, db_path
):
    task = services.tasks.add(spec("Write the report", estimate=120))
    for _ in range(3):
        session = services.focus.start(task.id, None, 25)
        clock.advance(minutes=25)
        services.focus.finish(session.id, "completed")
    services.tasks.add(spec("Reply to Anna", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "enter")  # the fourth: two minutes on Anna
        assert isinstance(app.screen, FocusScreen)
        await pilot.press("d")
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("y")  # the whole (small) task is done
        assert "Take a long break, 15 minutes: that's four sessions today" in screen_text(app)
        await pilot.press("b")
        assert isinstance(app.screen, BreakScreen) and app.screen.minutes == 15
    assert len(rows(db_path, "SELECT * FROM focus_session WHERE kind = 'focus'")) == 4


async def test_a_short_break_before_the_fourth(services, clock):
    services.tasks.add(spec("Reply to Anna", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "d", "y")  # the lane is the only list: Enter starts it
        assert "Take a 5-minute break" in screen_text(app)
        assert "long break" not in screen_text(app)


async def test_wide_and_zero_width_titles_fit_their_cells(services):
    trip = "旅行の計画を立てて、ホテルと電車を予約して、友達に連絡する"  # two cells each
    services.tasks.add(spec(trip * 2 + "🎉" * 6))
    services.tasks.add(spec("Fix\u200b\u200b\u200bthe\u200b hinge"))
    services.tasks.add(spec("Plain old task"))
    app = make_app(services)
    async with app.run_test(size=SIZE):
        lines = screen_text(app).splitlines()
        wide = [row for row in lines if "旅行" in row]
        assert len(wide) == 1, "clipped on its own line, not wrapped onto the next"
        assert "…" in wide[0] and "waiting just now" in wide[0]
        assert "\u200b" not in screen_text(app)
        # The right column starts in the same cell on every row.
        ends = [cell_len(row) for row in lines if "waiting just now" in row]
        assert len(ends) == 3 and len(set(ends)) == 1


async def test_enter_on_an_upcoming_task_starts_it_early(services, clock):
    services.tasks.add(spec("Book the dentist", planned_start=clock() + timedelta(days=2)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "down", "enter")
        assert isinstance(app.screen, BlockerScreen)


async def test_an_add_whose_start_has_passed_says_so_and_starts_now(services, clock, db_path):
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a", *"Call the bank start:today 8am", "enter")  # at 08:52
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = toast_text(app)
        assert "Added 1 · Call the bank · starts now: 08:00 has passed" in text
        assert "start now" in line_with(app, "Call the bank  ")
    [task] = rows(db_path, "SELECT planned_start, created_at FROM task")
    assert task["planned_start"] < task["created_at"] == int(clock().timestamp())


async def test_an_add_due_in_the_past_is_refused_on_the_add_screen(services, db_path):
    from textual.widgets import Static

    from startnow.screens.add import AddScreen

    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", *"Pay rent due:2020-01-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AddScreen)
        error = str(app.screen.query_one("#add-error", Static).render())
        assert "already past" in error and "2020-01-01" in error
    assert rows(db_path, "SELECT * FROM task") == []
