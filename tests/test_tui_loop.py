"""The morning loop driven with keys, as a person would: the screen and the rows."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Digits, OptionList, Static

from startnow.screens.after import AfterScreen
from startnow.screens.blocker import BlockerScreen
from startnow.screens.focus import FocusScreen
from startnow.screens.resume import ResumeScreen
from startnow.screens.today import TodayScreen
from tests.helpers import BERLIN, SIZE, make_app, rows, screen_text, spec, toast_text


def seed(services, clock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A realistic morning: one missed start, one planned today, one waiting."""
    now = clock()
    ids = {}
    ids["waiting"] = services.tasks.add(spec("Plan the team offsite")).id
    clock.advance(hours=1)
    ids["today"] = services.tasks.add(
        spec(
            "Write the quarterly report",
            estimate=120,
            planned_start=now + timedelta(hours=2),
            chunks=(("open the doc and write one rough sentence", 5), ("outline", 20)),
        )
    ).id
    clock.advance(hours=1)
    return ids


async def test_enter_enter_enter_starts_the_timer_on_the_top_task(services, clock, db_path):
    ids = seed(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, TodayScreen)
        # Today: the planned task first, then the one waiting longest.
        main = app.screen.query_one("#main", OptionList)
        assert main.highlighted_option.id == f"task-{ids['today']}"
        await pilot.press("enter")
        assert isinstance(app.screen, BlockerScreen)
        assert "What's in the way right now?" in screen_text(app)
        blockers = app.screen.query_one("#blockers", OptionList)
        assert blockers.highlighted_option.id == "none"  # a new task: no blocker named yet
        await pilot.press("enter")  # "Nothing — just go": the timer at once, no nudge
        assert isinstance(app.screen, FocusScreen)
        await pilot.press("enter")  # the third Enter lands on the timer and does nothing
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        face = str(app.screen.query_one("#countdown", Digits).value)
        planned = app.screen.session.planned_minutes
        assert planned == 5  # the step's own estimate
        assert face == f"{planned:02d}:00"
        assert "open the doc and write one rough sentence" in screen_text(app)

    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert session["task_id"] == ids["today"]
    assert session["blocker"] == "none" and session["blocker_chosen"] == 0  # the default
    assert session["nudge_id"] is None and session["paused_at"] is None
    assert session["started_at"] == int(clock().timestamp())
    assert session["ended_at"] is None  # written the moment the timer started
    [task] = rows(db_path, "SELECT * FROM task WHERE id = ?", ids["today"])
    assert task["first_started_at"] == session["started_at"]
    # Planned for 10:52 Berlin and started right then: a start delay of zero.
    assert task["first_started_at"] == task["planned_start"]


async def test_the_whole_loop_stores_blocker_nudge_outcome_and_answers(services, clock, db_path):
    ids = seed(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down")  # past the heading, to "waiting longest"
        main = app.screen.query_one("#main", OptionList)
        assert main.highlighted_option.id == f"task-{ids['waiting']}"
        await pilot.press("enter")
        blockers = app.screen.query_one("#blockers", OptionList)
        await pilot.press("up", "up")  # from "Nothing — just go", past deadline → boredom
        assert blockers.highlighted_option.id == "boredom"
        await pilot.press("enter", "enter")
        focus = app.screen
        assert isinstance(focus, FocusScreen)
        planned = focus.session.planned_minutes
        clock.advance(minutes=planned, seconds=1)
        focus.tick()
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        praise = services.library.praise.for_session(focus.session.id, stopped=False)
        assert praise in screen_text(app)
        assert "Is the whole task done?" in screen_text(app)  # it has no steps: it is one
        await pilot.press("y")
        assert "Did the nudge help?" in screen_text(app)
        assert praise not in screen_text(app)  # said once
        await pilot.press("y")
        assert "All done. What now?" in screen_text(app)
        assert "Next step" not in screen_text(app)  # the task is closed: there is none
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert session["blocker"] == "boredom" and session["blocker_chosen"] == 1
    assert session["outcome"] == "completed"
    assert session["chunk_done"] == "yes"
    assert session["nudge_helped"] == 1
    assert session["ended_at"] - session["started_at"] == planned * 60 + 1
    [task] = rows(db_path, "SELECT * FROM task WHERE id = ?", ids["waiting"])
    assert task["status"] == "done"  # a task without chunks is its own single step
    # Start delay: added at 07:52 UTC, started two hours later.
    assert task["first_started_at"] - task["created_at"] == 2 * 3600


async def test_pause_more_and_abandon_change_the_stored_session(services, clock, db_path):
    seed(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.press("up", "down")  # away from "Nothing — just go" and back: chosen
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, FocusScreen)
        planned = screen.session.planned_minutes
        clock.advance(minutes=1)
        await pilot.press("space")
        clock.advance(minutes=10)  # paused: the countdown must not move
        screen.tick()
        await pilot.pause()
        assert screen.query_one("#countdown", Digits).value.startswith(f"{planned - 1:02d}:00")
        assert "Paused" in screen_text(app)
        assert "resume" in screen_text(app) and "pause" not in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert "Paused" not in screen_text(app)
        assert "pause" in screen_text(app) and "resume" not in screen_text(app)
        await pilot.press("plus")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert session["outcome"] == "abandoned"
    assert session["paused_seconds"] == 600
    assert session["planned_minutes"] == planned + 5
    assert session["blocker"] == "none" and session["blocker_chosen"] == 1


async def test_the_bell_while_help_is_open_leaves_no_dead_timer_behind(services, clock, db_path):
    from startnow.screens.help import HelpScreen

    seed(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "enter")
        timer = app.screen
        assert isinstance(timer, FocusScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        clock.advance(minutes=timer.session.planned_minutes)
        timer.tick()  # the bell rings under the help window
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        assert not any(isinstance(s, FocusScreen | HelpScreen) for s in app.screen_stack)
        planned = timer.session.planned_minutes
        timer.action_more()  # the old timer, if anything still reached it, changes nothing
        assert not timer.check_action("more", ())
    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert (session["outcome"], session["planned_minutes"]) == ("completed", planned)


async def test_q_on_the_timer_quits_and_the_next_launch_offers_to_resume(services, clock, db_path):
    seed(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "enter")
        assert isinstance(app.screen, FocusScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # the app is on its way out (None while running)
    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert session["ended_at"] is None  # not logged: it keeps its place
    again = make_app(services)
    async with again.run_test(size=SIZE):
        assert isinstance(again.screen, ResumeScreen)


async def test_a_session_left_open_is_offered_for_resume_on_the_next_launch(
    services, clock, db_path
):
    ids = seed(services, clock)
    first = make_app(services)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "up", "enter", "enter")  # "Nothing — just go"
        assert isinstance(first.screen, FocusScreen)
        assert first.screen.session.planned_minutes == 5  # the step's own estimate
    # The app is gone mid-session (closed, or killed): the row is still open.
    [open_row] = rows(db_path, "SELECT * FROM focus_session WHERE ended_at IS NULL")
    clock.advance(minutes=2)
    second = make_app(services)
    async with second.run_test(size=SIZE) as pilot:
        assert isinstance(second.screen, ResumeScreen)
        assert "Write the quarterly report" in screen_text(second)
        assert "03:00 left" in screen_text(second)
        await pilot.press("enter")  # resume
        assert isinstance(second.screen, FocusScreen)
        assert second.screen.session.id == open_row["id"]
        assert second.screen.query_one("#countdown", Digits).value == "03:00"
    clock.advance(hours=2)
    third = make_app(services)
    async with third.run_test(size=SIZE) as pilot:
        assert isinstance(third.screen, ResumeScreen)
        assert "ran out while startnow was closed" in screen_text(third)
        await pilot.press("enter")  # log it
        assert isinstance(third.screen, AfterScreen)
    [logged] = rows(db_path, "SELECT * FROM focus_session")
    assert logged["outcome"] == "unknown"  # the bell rang unseen: no "completed"
    assert logged["ended_at"] == logged["started_at"] + 5 * 60  # as far as it could have run
    assert ids["today"] == logged["task_id"]


async def test_a_new_user_sees_how_to_add_a_first_task_and_can_add_it(services, db_path):
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Press a to add your first task" in screen_text(app)
        await pilot.press("a")
        await pilot.press(*"Call the dentist ~5m #health")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "Call the dentist" in screen_text(app)
    [task] = rows(db_path, "SELECT * FROM task")
    assert (task["title"], task["estimate"], task["tags"]) == ("Call the dentist", 5, "health")


async def test_an_add_in_the_app_echoes_what_was_understood(services, clock, db_path):
    """As on the command line: absolute dates, so a wrong one is seen at once; and
    a task that starts later says why it is not on Today yet."""
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a", *"Renew passport start:tomorrow 9am ~20m", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = toast_text(app)  # the toast, unwrapped
        tomorrow = (clock.now.astimezone(BERLIN) + timedelta(days=1)).strftime("%a %-d %b")
        assert f"Added 1 · Renew passport · start {tomorrow} 09:00 · ~20m" in text
        assert "It shows on Today from its start; until then under Upcoming (v)." in text
        assert "Upcoming (1) · v show" in text
    [task] = rows(db_path, "SELECT * FROM task")
    assert task["title"] == "Renew passport"


async def test_a_malformed_add_shows_one_line_and_writes_nothing(services, db_path):
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.press(*"Pay rent due:frday")
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#add-error", Static).render())
        assert "frday" in error
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
    assert rows(db_path, "SELECT * FROM task") == []


async def test_the_command_palette_offers_every_key_of_the_screen(services, clock):
    seed(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Start", "Add", "Break down", "Sweep", "Keys"):
            assert title in titles
        assert titles.count("Keys") == 1  # ours (the help), not also Textual's key panel
        from startnow.screens.add import AddScreen

        await pilot.press("ctrl+p", *"Add", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AddScreen)


async def test_question_mark_shows_the_key_map(services):
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "five more minutes" in text and "abandon" in text
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_no_color_is_respected(services, monkeypatch):
    """NO_COLOR: Textual's monochrome filter is on for everything we draw."""
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(services)
    async with app.run_test(size=SIZE):
        assert app.no_color
        assert any(isinstance(f, Monochrome | NoColor) for f in app.get_line_filters())


async def test_a_store_error_mid_session_is_one_line_not_a_traceback(services, clock, db_path):  # type: ignore[no-untyped-def]
    """The disk fills up as the timer would start: the app ends with one line and
    exit status 1, and nothing half-written is left behind."""
    from startnow.errors import StartnowError

    seed(services, clock)

    def full_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise StartnowError("cannot write to the database: the disk is full")

    services.focus.start = full_disk
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down", "enter")
        app.simulate_key("enter")  # "Nothing — just go": the store says no, the app ends
    assert app.return_code == 1
    assert rows(db_path, "SELECT COUNT(*) FROM focus_session")[0][0] == 0


def test_the_key_map_fits_an_80_column_terminal() -> None:
    """The help box is 95% of 80 columns less border and padding: 70 cells a line."""
    from startnow.screens.help import KEYS

    assert max(len(line) for line in KEYS.splitlines()) <= 70
