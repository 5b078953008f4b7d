"""Today's keys for running a day: d done (the whole task or its next step),
x drop, e edit, t reschedule, u undo, / filter. Each driven with keys,
checked on the screen and in the stored rows; Enter, Enter, Enter still
starts the timer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from startnow.clock import ManualClock
from startnow.screens.focus import FocusScreen
from startnow.screens.questions import DoneWhichScreen, DropScreen, LineScreen
from startnow.screens.today import TodayScreen
from startnow.services.all_services import Services
from tests.helpers import SIZE, make_app, rows, screen_text, spec

FRIDAY_NIGHT = datetime(2026, 11, 27, 22, 59, tzinfo=UTC)  # due:fri, from the morning


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def task_row(db_path: Path, task_id: int):  # type: ignore[no-untyped-def]
    [row] = rows(db_path, "SELECT * FROM task WHERE id = ?", task_id)
    return row


def two_tasks(services: Services, clock: ManualClock) -> tuple[int, int]:
    """The milk (no steps, on top: it has waited longest) and the report (two steps)."""
    clock.advance(hours=-2)
    milk = services.tasks.add(spec("Buy milk", tags=("home",)))
    clock.advance(hours=1)
    report = services.tasks.add(
        spec("Write the report", estimate=120, due=FRIDAY_NIGHT, tags=("work",),
             chunks=(("outline", 20), ("first paragraph", 30)))
    )  # fmt: skip
    clock.advance(hours=1)
    return milk.id, report.id


async def test_d_on_a_stepless_task_closes_it_without_a_start(services, clock, db_path):
    milk, report = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Buy milk" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)  # no question: it has no steps
        assert "Buy milk" not in screen_text(app)
        assert "Write the report" in screen_text(app)
        assert any(
            f"Done {milk} · Buy milk · #home · closed without a start" in n for n in notices(app)
        )
    row = task_row(db_path, milk)
    assert (row["status"], row["first_started_at"]) == ("done", None)
    assert row["closed_at"] == int(clock().timestamp())
    assert rows(db_path, "SELECT * FROM focus_session") == []
    assert task_row(db_path, report)["status"] == "open"


@pytest.mark.parametrize("answer", ["w", "n"])
async def test_d_on_a_task_with_steps_asks_the_whole_task_or_the_next_step(
    services, clock, db_path, answer
):
    milk, report = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d")  # the report
        await pilot.pause()
        assert isinstance(app.screen, DoneWhichScreen)
        text = screen_text(app)
        assert "The whole task (2 steps open)" in text
        assert "Just the next step: outline (20 min)" in text
        await pilot.press(answer)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        if answer == "w":
            assert "Write the report" not in text
        else:
            assert "next: first paragraph (30 min)" in text
            assert any("Step done: outline. Next: first paragraph." in n for n in notices(app))
    task = task_row(db_path, report)
    steps = rows(db_path, "SELECT title, done_at FROM chunk ORDER BY position")
    if answer == "w":
        assert task["status"] == "done" and task["first_started_at"] is None
        assert [s["done_at"] for s in steps] == [None, None]
    else:
        assert task["status"] == "open"
        assert [s["done_at"] is not None for s in steps] == [True, False]
    assert task_row(db_path, milk)["status"] == "open"


async def test_esc_on_the_done_question_changes_nothing(services, clock, db_path):
    two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert [r["status"] for r in rows(db_path, "SELECT status FROM task")] == ["open", "open"]
    assert [r["done_at"] for r in rows(db_path, "SELECT done_at FROM chunk")] == [None, None]


async def test_d_in_the_small_things_lane_is_the_same_done(services, clock, db_path):
    services.tasks.add(spec("Write the report", estimate=120))
    bill = services.tasks.add(spec("Pay the water bill", estimate=2))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "d")
        await pilot.pause()
        assert "Pay the water bill" not in screen_text(app)
        assert any("Done 2 · Pay the water bill · ~2m · closed without a start" in n
                   for n in notices(app))  # fmt: skip
    row = task_row(db_path, bill.id)
    assert (row["status"], row["first_started_at"]) == ("done", None)


@pytest.mark.parametrize("keys", [("d",), ("x", "y")], ids=["after d", "after x"])
async def test_u_takes_the_last_change_back_once(services, clock, db_path, keys):
    milk, _ = two_tasks(services, clock)
    before = dict(task_row(db_path, milk))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert "Buy milk" not in screen_text(app)
        assert task_row(db_path, milk)["status"] in ("done", "dropped")
        await pilot.press("u")
        await pilot.pause()
        assert "Buy milk" in screen_text(app)
        assert any(f"Restored {milk} · Buy milk · #home · open" in n for n in notices(app))
        assert dict(task_row(db_path, milk)) == before
        await pilot.press("u")  # once only
        await pilot.pause()
        assert "Nothing to undo here" in notices(app)[-1]
    assert dict(task_row(db_path, milk)) == before


async def test_u_after_the_next_step_opens_the_step_again(services, clock, db_path):
    _, report = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d", "n")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert "next: outline (20 min)" in screen_text(app)
    assert [r["done_at"] for r in rows(db_path, "SELECT done_at FROM chunk")] == [None, None]


async def test_u_leaves_a_change_made_elsewhere_since_alone(services, clock, db_path):
    milk, report = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        services.changes.drop([report])  # as `startnow drop` from another terminal
        await pilot.press("u")
        await pilot.pause()
        assert "made elsewhere" in notices(app)[-1]
    assert task_row(db_path, milk)["status"] == "done"
    assert task_row(db_path, report)["status"] == "dropped"


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_x_asks_once_then_drops_or_keeps(services, clock, db_path, answer):
    milk, _ = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DropScreen)
        assert "Drop Buy milk? y/n" in screen_text(app)
        await pilot.press(answer)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert ("Buy milk" in screen_text(app)) == (answer == "n")
    row = task_row(db_path, milk)
    if answer == "y":
        assert (row["status"], row["first_started_at"]) == ("dropped", None)
        assert any("Dropped 1 · Buy milk · #home · closed without a start" in n
                   for n in notices(app))  # fmt: skip
    else:
        assert (row["status"], row["closed_at"]) == ("open", None)


async def test_e_changes_only_the_due_date(services, clock, db_path):
    _, report = two_tasks(services, clock)
    before = dict(task_row(db_path, report))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e")
        await pilot.pause()
        assert isinstance(app.screen, LineScreen)
        field = app.screen.query_one("#line-input", Input)
        assert field.value == "Write the report ~2h due:2026-11-27 #work"
        await pilot.press("end", *["left"] * 6, *["backspace"] * 10)
        await pilot.press(*"next mon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "due Mon 30 Nov" in notices(app)[-1] and "Edited 2" in notices(app)[-1]
        await pilot.press("u")  # an edit is taken back too
        await pilot.pause()
        assert dict(task_row(db_path, report)) == before
        await pilot.press("e", "end", *["left"] * 6, *["backspace"] * 10)  # still on it
        await pilot.press(*"next mon", "enter")
        await pilot.pause()
    after = dict(task_row(db_path, report))
    monday_night = int(datetime(2026, 11, 30, 22, 59, tzinfo=UTC).timestamp())
    assert after == {**before, "due": monday_night}
    assert len(rows(db_path, "SELECT * FROM chunk WHERE task_id = ?", report)) == 2


async def test_e_with_a_bad_date_says_so_inline_and_writes_nothing(services, clock, db_path):
    _, report = two_tasks(services, clock)
    before = dict(task_row(db_path, report))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "e", "end", *["left"] * 6, *["backspace"] * 10)
        await pilot.press(*"feb 30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LineScreen)  # still open, the mistake under the line
        error = [line for line in screen_text(app).splitlines() if "feb" in line.lower()]
        assert len(error) == 2  # the line typed, and the one line saying why
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "due Fri" in screen_text(app)
    assert dict(task_row(db_path, report)) == before


async def test_t_reschedules_and_u_puts_the_start_back(services, clock, db_path):
    milk, _ = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, LineScreen)
        assert "Start Buy milk when?" in screen_text(app)
        await pilot.press(*"tomorrow 9am", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "Upcoming (1)" in screen_text(app)  # it starts on a later day now
        tomorrow_nine = int(datetime(2026, 11, 24, 8, 0, tzinfo=UTC).timestamp())
        assert task_row(db_path, milk)["planned_start"] == tomorrow_nine
        await pilot.press("u")
        await pilot.pause()
        assert "Upcoming" not in screen_text(app)
    assert task_row(db_path, milk)["planned_start"] is None


async def test_t_with_words_it_cannot_read_says_so_and_writes_nothing(services, clock, db_path):
    milk, _ = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"someday", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LineScreen)
        assert "someday" in screen_text(app).split("someday", 1)[1]  # said under the line
    assert task_row(db_path, milk)["planned_start"] is None


async def test_slash_filters_by_words_and_by_tag_and_esc_clears(services, clock, db_path):
    two_tasks(services, clock)
    services.tasks.add(spec("Milk the goat", tags=("farm",)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"milk")
        await pilot.pause()
        text = screen_text(app)
        assert "Buy milk" in text and "Milk the goat" in text and "Write the report" not in text
        await pilot.press("enter")  # keeps the filter, back in the list: keys act again
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and "Write the report" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Write the report" in screen_text(app)
        await pilot.press("slash", *"#work")
        await pilot.pause()
        text = screen_text(app)
        assert "Write the report" in text and "milk" not in text.lower()
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Buy milk" in text and "Milk the goat" in text and "Write the report" in text
        assert app.return_code is None  # esc cleared the filter; it did not quit
        await pilot.press("slash", *"nothing like it")
        await pilot.pause()
        assert "Nothing on Today matches “nothing like it”" in screen_text(app)
    assert len(rows(db_path, "SELECT * FROM task WHERE status = 'open'")) == 3


async def test_enter_three_times_from_launch_still_starts_the_timer(services, clock, db_path):
    milk, _ = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
    [session] = rows(db_path, "SELECT task_id, ended_at FROM focus_session")
    assert (session["task_id"], session["ended_at"]) == (milk, None)


async def test_the_new_keys_are_in_the_help_and_the_palette(services, clock):
    from startnow.screens.help import KEYS

    for words in ("d          done", "a · e", "edit it", "t · x · u", "/ filter"):
        assert words in KEYS
    app = make_app(services)
    async with app.run_test(size=SIZE):
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Done", "Edit", "Reschedule", "Drop", "Undo", "Filter"} <= titles


async def test_u_after_startnow_undo_elsewhere_says_it_was_undone(services, clock, db_path):
    milk, _ = two_tasks(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        services.changes.undo()  # as `startnow undo` from another terminal
        await pilot.press("u")
        await pilot.pause()
        assert "already undone" in notices(app)[-1]
        assert "Buy milk" in screen_text(app)
    assert task_row(db_path, milk)["status"] == "open"


async def test_e_on_a_title_with_grammar_words_keeps_the_title(
    services, clock, db_path, monkeypatch
):
    """`\\due:` in the line is the title's "due:", not a date; Enter alone
    changes nothing, and a new estimate changes only the estimate."""
    from tests.helpers import cli

    monkeypatch.setenv("STARTNOW_NOW", clock().isoformat())
    code, out, _ = cli("--db", str(db_path), "add", r"Fix #3 \due: date parser \#x #work")
    assert code == 0 and out.startswith("Added 1 · Fix #3 due: date parser #x · #work")
    before = dict(task_row(db_path, 1))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Fix #3 due: date parser #x" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#line-input", Input)
        assert field.value == r"Fix #3 \due: date parser \#x #work"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert dict(task_row(db_path, 1)) == before
        await pilot.press("e", "end", *" ~20m", "enter")
        await pilot.pause()
        assert "Fix #3 due: date parser #x" in screen_text(app)
    after = dict(task_row(db_path, 1))
    assert after == {**before, "estimate": 20}
