"""Breaking a task down with the keyboard, and the sweep: what the screen shows,
and that every change is in the database the moment it is made."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from startnow.domain.templates import suggest_chunks
from startnow.screens.blocker import BlockerScreen
from startnow.screens.breakdown import BreakdownScreen
from startnow.screens.focus import FocusScreen
from startnow.screens.sweep import SweepScreen
from startnow.screens.today import TodayScreen
from tests.helpers import SIZE, make_app, rows, screen_text, spec


def chunk_rows(db_path, task_id):  # type: ignore[no-untyped-def]
    return [
        (r["title"], r["estimate"])
        for r in rows(db_path, "SELECT * FROM chunk WHERE task_id = ? ORDER BY position", task_id)
    ]


async def test_b_on_today_opens_breakdown_with_suggestions_to_accept(services, db_path):
    task = services.tasks.add(spec("Write the quarterly report", estimate=120))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BreakdownScreen)
        suggestions = suggest_chunks("Write the quarterly report", 2)
        assert suggestions[0].title in screen_text(app)
        assert suggestions[0].minutes <= 5
        # The highlight starts on the first suggestion (no steps yet): accept two.
        await pilot.press("enter")
        await pilot.pause()
        assert chunk_rows(db_path, task.id) == [(suggestions[0].title, suggestions[0].minutes)]
        steps = app.screen.query_one("#steps", OptionList)
        # after accepting, move down to the next suggestion and accept it too
        while not (steps.highlighted_option.id or "").startswith("suggest-"):
            await pilot.press("down")
        await pilot.press("enter")
        assert [t for t, _ in chunk_rows(db_path, task.id)] == [s.title for s in suggestions[:2]]


async def test_add_edit_reorder_and_delete_steps_persist(services, db_path):
    task = services.tasks.add(spec("Fix the squeaky hinge", chunks=(("find the oil", 2),)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.press("a")
        assert app.screen.query_one("#step-input", Input).has_focus
        await pilot.press(*"oil the hinge ~5m", "enter")
        await pilot.pause()
        assert chunk_rows(db_path, task.id) == [("find the oil", 2), ("oil the hinge", 5)]
        # the new step is highlighted: move it up
        await pilot.press("shift+up")
        assert chunk_rows(db_path, task.id) == [("oil the hinge", 5), ("find the oil", 2)]
        # edit it
        await pilot.press("e")
        field = app.screen.query_one("#step-input", Input)
        assert field.value == "oil the hinge ~5m"
        field.value = "oil both hinges ~4m"
        await pilot.press("enter")
        await pilot.pause()
        assert chunk_rows(db_path, task.id)[0] == ("oil both hinges", 4)
        # and delete it
        await pilot.press("delete")
        assert chunk_rows(db_path, task.id) == [("find the oil", 2)]
        # a malformed estimate is one line, nothing changes
        await pilot.press("a", *"wipe it ~2x", "enter")
        await pilot.pause()
        assert chunk_rows(db_path, task.id) == [("find the oil", 2)]


async def test_a_big_first_step_gets_a_smaller_one_proposed_in_front(services, db_path):
    task = services.tasks.add(spec("Plan the offsite", chunks=(("draft the agenda", 30),)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert "Too big to start? Put this in front" in screen_text(app)
        steps = app.screen.query_one("#steps", OptionList)
        steps.highlighted = steps.get_option_index("proposal")
        await pilot.press("enter")
        await pilot.pause()
    chunks = chunk_rows(db_path, task.id)
    assert len(chunks) == 2 and chunks[1] == ("draft the agenda", 30)
    assert chunks[0][1] is not None and chunks[0][1] <= 5


async def test_the_blocker_question_offers_break_down_for_a_big_unsplit_task(services, db_path):
    task = services.tasks.add(spec("Write the quarterly report", estimate=120))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, BlockerScreen)
        assert "b  break it down first" in screen_text(app)
        assert rows(db_path, "SELECT * FROM chunk") == []  # the offer never adds a step
        await pilot.press("b")
        assert isinstance(app.screen, BreakdownScreen)
        await pilot.press("enter")  # accept the first suggestion
        await pilot.press("escape")
        assert isinstance(app.screen, BlockerScreen)
        first = chunk_rows(db_path, task.id)[0][0]
        assert f"next: {first}" in screen_text(app)


async def test_the_sweep_marks_small_things_done_with_one_key(services, db_path):
    reply = services.tasks.add(spec("Reply to Sam about Friday", estimate=2))
    bill = services.tasks.add(spec("Pay the water bill", estimate=2))
    offsite = services.tasks.add(spec("Plan the offsite", chunks=(("send the doodle", 1),)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        # Small tasks only: the offsite is a big task, listed once, in the main list.
        assert "Small things (2)" in str(app.screen.query_one("#small-lane").border_title)
        await pilot.press("s")
        assert isinstance(app.screen, SweepScreen)
        assert "Reply to Sam about Friday" in screen_text(app)
        assert "1 of 2" in screen_text(app)  # the lane's count, the sweep's count: one rule
        await pilot.press("d")  # done
        await pilot.press("n")  # skip the bill: the end of the sweep
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    status = {r["id"]: r["status"] for r in rows(db_path, "SELECT id, status FROM task")}
    assert status == {reply.id: "done", bill.id: "open", offsite.id: "open"}
    [chunk] = rows(db_path, "SELECT * FROM chunk")
    assert chunk["done_at"] is None
    # The sweep's own session, on its first thing; that thing, swept the same
    # second, needs no row of its own (Today's "1 done" finds it through this one).
    [sweep] = rows(db_path, "SELECT * FROM focus_session ORDER BY id")
    assert (sweep["kind"], sweep["planned_minutes"], sweep["outcome"]) == ("sweep", 10, "completed")


async def test_a_sweep_cut_short_is_logged_not_resumed_as_a_timer(services, clock, db_path):
    """Killed mid-sweep: the next launch has no list to walk, and must not offer a
    plain timer on the (already done) small thing the sweep began with."""
    reply = services.tasks.add(spec("Reply to Sam about Friday", estimate=2))
    services.tasks.add(spec("Pay the water bill", estimate=2))
    first = make_app(services)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("s", "d")  # one swept, then the terminal is closed
        await pilot.pause()
        assert isinstance(first.screen, SweepScreen)
    clock.advance(minutes=3)
    again = make_app(services)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, TodayScreen)
        assert "Reply to Sam" not in screen_text(again) and "Pay the water bill" in screen_text(
            again
        )
    [sweep] = rows(db_path, "SELECT * FROM focus_session WHERE planned_minutes = 10")
    assert sweep["kind"] == "sweep" and sweep["ended_at"] is not None
    assert rows(db_path, "SELECT status FROM task WHERE id = ?", reply.id)[0][0] == "done"


async def test_tab_to_the_small_things_highlights_one_and_enter_starts_two_minutes(
    services, db_path
):
    services.tasks.add(spec("Write the quarterly report", estimate=120))
    services.tasks.add(spec("Reply to Sam about Friday", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        small = app.screen.query_one("#small", OptionList)
        assert app.screen.focused is small and small.highlighted == 0
        await pilot.press("enter")  # the two-minute rule: no question, the timer at once
        assert isinstance(app.screen, FocusScreen)
        assert "Reply to Sam about Friday" in screen_text(app)
    [session] = rows(db_path, "SELECT planned_minutes, blocker FROM focus_session")
    assert tuple(session) == (2, None)


async def test_the_minute_reload_keeps_the_small_things_lane(services, clock, db_path):
    """Today reloads every minute; the lane the person tabbed to, and its row, stay."""
    services.tasks.add(spec("Write the quarterly report", estimate=120))
    services.tasks.add(spec("Reply to Sam about Friday", estimate=2))
    services.tasks.add(spec("Water the plants", estimate=1))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "down")
        small = app.screen.query_one("#small", OptionList)
        chosen = small.highlighted_option.id
        clock.advance(minutes=1)
        app.check_for_changes()  # the minute's reload
        await pilot.pause()
        assert app.screen.focused is small and small.highlighted_option.id == chosen


async def test_a_small_thing_skipped_in_a_sweep_has_not_been_started(services, db_path):
    """The sweep's session is stored on the first thing's task; skipping that thing
    must not count as its first start (a start delay that never happened)."""
    reply = services.tasks.add(spec("Reply to Sam about Friday", estimate=2))
    bill = services.tasks.add(spec("Pay the water bill", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "n", "d")  # skip Sam, sweep the bill
        await pilot.pause()
    started = {r["id"]: r["first_started_at"] for r in rows(db_path, "SELECT * FROM task")}
    assert started[reply.id] is None
    assert started[bill.id] is not None
