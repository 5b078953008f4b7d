"""Missed-start recovery: each option does what it says, in the database."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList

from startnow.screens.after import AfterScreen
from startnow.screens.breakdown import BreakdownScreen
from startnow.screens.focus import FocusScreen
from startnow.screens.recovery import RecoveryScreen
from startnow.screens.today import TodayScreen
from tests.helpers import SIZE, make_app, rows, screen_text, spec


def missed_task(services, clock, days: int = 1):  # type: ignore[no-untyped-def]
    """Added before its planned start, `days` ago, and never started."""
    now = clock.now
    planned = now - timedelta(days=days)
    clock.now = planned - timedelta(hours=1)
    task = services.tasks.add(
        spec(
            "Renew the car insurance",
            planned_start=planned,
            chunks=(("find last year's policy number", 5),),
        )
    )
    clock.now = now
    return task


async def choose(pilot, app, option_id: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")  # Enter on the missed task opens the recovery prompt
    assert isinstance(app.screen, RecoveryScreen)
    options = app.screen.query_one("#recovery-options", OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_missed_start_is_acknowledged_without_blame(services, clock):
    missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Missed" in screen_text(app)
        await pilot.press("enter")
        text = screen_text(app)
        assert "didn't get started" in text and "That happens." in text
        for option in (
            "Start 5 minutes now",
            "Shrink it",
            "Reschedule it",
            "Drop it",
            "Something else",
        ):
            assert option in text
        assert "forgive" not in text  # waited one day only


async def test_start_five_minutes_now_runs_the_timer_and_asks_if_it_helped(
    services, clock, db_path
):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter")  # two keys from launch to a running timer
        assert isinstance(app.screen, FocusScreen)
        clock.advance(minutes=5)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("y")  # step done
        assert "Did that help" in screen_text(app)
        await pilot.press("y")
    [session] = rows(db_path, "SELECT * FROM focus_session")
    [recovery] = rows(db_path, "SELECT * FROM recovery")
    assert (session["task_id"], session["planned_minutes"]) == (task.id, 5)
    assert session["recovery_id"] == recovery["id"]
    assert (recovery["option"], recovery["helped"]) == ("start", 1)


async def test_shrink_puts_a_first_step_of_five_minutes_or_less_in_front(services, clock, db_path):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, app, "shrink")
        assert isinstance(app.screen, BreakdownScreen)
    chunks = rows(db_path, "SELECT * FROM chunk WHERE task_id = ? ORDER BY position", task.id)
    assert len(chunks) == 2 and chunks[1]["title"] == "find last year's policy number"
    assert chunks[0]["estimate"] <= 5
    [recovery] = rows(db_path, "SELECT * FROM recovery")
    assert recovery["option"] == "shrink"


async def test_reschedule_sets_a_new_planned_start_from_the_date_grammar(services, clock, db_path):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, app, "reschedule")
        await pilot.press(*"tomorrow 9am", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    [row] = rows(db_path, "SELECT planned_start FROM task WHERE id = ?", task.id)
    # Mon 23 Nov 08:52 Berlin → Tue 24 Nov 09:00 Berlin = 08:00 UTC
    assert row["planned_start"] == int(
        (clock().replace(hour=8, minute=0, second=0) + timedelta(days=1)).timestamp()
    )


async def test_a_bad_date_when_rescheduling_is_one_line_and_changes_nothing(
    services, clock, db_path
):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, app, "reschedule")
        await pilot.press(*"feb 30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        assert "feb" in screen_text(app).lower()
    [row] = rows(db_path, "SELECT planned_start FROM task WHERE id = ?", task.id)
    assert row["planned_start"] == int(task.planned_start.timestamp())
    assert rows(db_path, "SELECT * FROM recovery") == []


async def test_drop_marks_the_task_dropped(services, clock, db_path):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, app, "drop")
        assert isinstance(app.screen, TodayScreen)
        assert "Renew the car insurance" not in screen_text(app)
    [row] = rows(db_path, "SELECT status, closed_at FROM task WHERE id = ?", task.id)
    assert row["status"] == "dropped" and row["closed_at"] is not None


async def test_own_words_become_the_next_step_and_the_timer_is_offered(services, clock, db_path):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, app, "own")
        await pilot.press(*"ask Alex to call them", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        text = " ".join(screen_text(app).split())
        assert "Next step: “ask Alex to call them”. Start it now — 5 min?" in text
        await pilot.press("enter")  # "Yes, start it now"
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        assert "ask Alex to call them" in screen_text(app)
    [recovery] = rows(db_path, "SELECT * FROM recovery")
    assert (recovery["option"], recovery["text"]) == ("own", "ask Alex to call them")
    steps = rows(
        db_path, "SELECT id, title, done_at FROM chunk WHERE task_id = ? ORDER BY position", task.id
    )
    titles = [s["title"] for s in steps]
    assert titles == ["ask Alex to call them", "find last year's policy number"]
    [session] = rows(db_path, "SELECT chunk_id, planned_minutes, recovery_id FROM focus_session")
    assert session["chunk_id"] == steps[0]["id"] and session["planned_minutes"] == 5
    assert session["recovery_id"] == recovery["id"]  # "did that help?" follows the session


async def test_own_words_kept_for_later_stay_the_next_step(services, clock, db_path):
    task = missed_task(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await choose(pilot, app, "own")
        await pilot.press(*"print the form", "enter", "down", "enter")  # "Later"
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "print the form" in screen_text(app)
    assert services.task(task.id).next_step.title == "print the form"
    assert rows(db_path, "SELECT COUNT(*) FROM focus_session")[0][0] == 0


async def test_forgiveness_after_a_long_wait_but_never_twice_in_a_row(services, clock, db_path):
    missed_task(services, clock, days=5)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert "forgive themselves" in screen_text(app)
        options = app.screen.query_one("#recovery-options", OptionList)
        options.highlighted = options.get_option_index("own")
        await pilot.press("enter", *"later", "enter")
        await pilot.pause()
        await pilot.press("escape")  # not now: the timer offer left, back on Today
        await pilot.press("enter")
        assert isinstance(app.screen, RecoveryScreen)
        assert "forgive themselves" not in screen_text(app)
    [recovery] = rows(db_path, "SELECT * FROM recovery")
    assert recovery["forgave"] == 1


def test_the_acknowledgement_says_when_in_plain_words() -> None:
    from startnow.domain.recovery import acknowledgement

    assert acknowledgement("09:00").startswith("This one didn't get started at 09:00. ")
    assert acknowledgement("Fri 09:00").startswith("This one didn't get started on Fri at 09:00.")
    assert acknowledgement("3 Dec 09:00").startswith(
        "This one didn't get started on 3 Dec at 09:00."
    )
    assert acknowledgement(None).startswith("This one didn't get started in time.")
