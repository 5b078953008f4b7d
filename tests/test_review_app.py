"""The review over a real store: the queries, the three printed formats through
the real entry point (or with no keyboard), the screen driven by keys, and the
commitment on Today."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from startnow.cli import main
from startnow.clock import ManualClock
from startnow.domain.review import IsoWeek
from startnow.screens.breakdown import BreakdownScreen
from startnow.screens.focus import FocusScreen
from tests.helpers import BERLIN, MORNING, SIZE, make_app, rows, screen_text, spec, toast_text

W46, W47, W48 = IsoWeek(2026, 46), IsoWeek(2026, 47), IsoWeek(2026, 48)


def at(clock: ManualClock, *args: int) -> None:
    clock.now = datetime(*args, tzinfo=BERLIN).astimezone(UTC)  # type: ignore[misc]


def history(services, clock: ManualClock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Week 46: one start after 4 h. Week 47: one after a day (overwhelm, five
    minutes, helped), one early (planned, started before its time), one never."""
    ids = {}
    at(clock, 2026, 11, 9, 9, 0)
    ids["old"] = services.tasks.add(spec("Book the dentist")).id
    at(clock, 2026, 11, 9, 13, 0)
    s = services.focus.start(
        ids["old"], None, 25, blocker="boredom", blocker_chosen=True, nudge_id="ten-minute-dash"
    )
    clock.advance(minutes=25)
    services.focus.finish(s.id, "completed")

    at(clock, 2026, 11, 12, 9, 0)
    ids["waiting"] = services.tasks.add(spec("Tax return")).id
    at(clock, 2026, 11, 16, 9, 0)
    ids["report"] = services.tasks.add(spec("Write the report", chunks=(("outline", 5),))).id
    ids["bank"] = services.tasks.add(
        spec("Call the bank", planned_start=datetime(2026, 11, 18, 9, 0, tzinfo=BERLIN))
    ).id
    at(clock, 2026, 11, 17, 9, 0)
    s = services.focus.start(
        ids["report"], None, 5, blocker="overwhelm", blocker_chosen=True, nudge_id="five-minutes"
    )
    clock.advance(minutes=5)
    services.focus.finish(s.id, "completed")
    services.focus.answer(s.id, chunk_done="yes", nudge_helped=True)
    at(clock, 2026, 11, 18, 8, 30)
    s = services.focus.start(ids["bank"], None, 25, blocker="none", blocker_chosen=True)
    clock.advance(minutes=20)
    services.focus.pause(s.id)
    clock.advance(minutes=10)
    services.focus.finish(s.id, "completed")  # 20 minutes of focus: the pause doesn't count
    services.reviews.commit(W47, "When I open the laptop, I will start the top task.")
    clock.now = MORNING
    return ids


# ---- the service ------------------------------------------------------------


def test_the_review_of_a_known_week(services, clock: ManualClock) -> None:
    history(services, clock)
    r = services.reviews.week(W47, BERLIN)
    assert (r.figures.tasks_started, r.figures.median_delay, r.figures.p90_delay) == (2, 720, 1440)
    assert (r.previous.tasks_started, r.previous.median_delay) == (1, 240)
    assert r.delay_change == 480
    assert [(b.blocker, b.median_delay) for b in r.by_blocker] == [("overwhelm", 1440), ("none", 0)]
    assert [(n.nudge_id, n.used, n.completed, n.helped) for n in r.nudges] == [
        ("five-minutes", 1, 1, 1)
    ]
    assert [d.minutes for d in r.focus_days] == [0, 5, 20, 0, 0, 0, 0]
    assert [w.title for w in r.still_waiting] == ["Tax return"] and r.waiting_total == 1
    waited = datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN) - datetime(
        2026, 11, 12, 9, 0, tzinfo=BERLIN
    )
    assert r.still_waiting[0].waiting_minutes == waited // timedelta(minutes=1)
    assert r.commitment is not None and r.commitment.kept is None


def test_still_waiting_then_is_not_still_waiting_now(services, clock: ManualClock) -> None:
    """Judged at the week's end: a task started later was waiting then."""
    ids = history(services, clock)
    services.focus.start(ids["waiting"], None, 5)
    assert [w.title for w in services.reviews.week(W47, BERLIN).still_waiting] == ["Tax return"]
    assert services.reviews.week(W48, BERLIN).still_waiting == ()
    services.tasks.set_status(ids["waiting"], "done")
    assert services.reviews.week(W48, BERLIN).waiting_total == 0


def test_the_default_week_is_the_last_full_one(services, clock: ManualClock) -> None:
    assert services.reviews.default_week(BERLIN) == W47  # nothing at all: still last week
    services.tasks.add(spec("Water the plants"))
    s = services.focus.start(1, None, 5)
    services.focus.finish(s.id, "completed")
    assert services.reviews.default_week(BERLIN) == W48  # only this week has anything
    history(services, clock)
    assert services.reviews.default_week(BERLIN) == W47


def test_commitments_are_one_per_week_and_marked_kept(services, db_path: Path) -> None:
    services.reviews.commit(W48, "  When I pour coffee,\n I will open the report. ")
    services.reviews.commit(W48, "When I pour coffee, I will write one line.")
    services.reviews.mark_kept(W48, True)
    assert [tuple(r) for r in rows(db_path, "SELECT week, text, kept FROM commitment")] == [
        ("2026-W48", "When I pour coffee, I will write one line.", 1)
    ]
    assert services.reviews.this_weeks(BERLIN).text.endswith("write one line.")
    from startnow.errors import StartnowError

    with pytest.raises(StartnowError, match="needs words"):
        services.reviews.commit(W48, "   ")
    with pytest.raises(StartnowError, match="no commitment for 2026-W46"):
        services.reviews.mark_kept(W46, False)


# ---- the command ------------------------------------------------------------


@pytest.fixture
def filled(services, clock: ManualClock, db_path: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    history(services, clock)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    return db_path


def test_review_json_through_the_entry_point(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(filled), "review", "--week", "2026-W47", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["week"] == "2026-W47" and data["complete"] is True
    assert data["tasks_started"] == 2 and data["median_delay_minutes"] == 720
    assert data["p90_delay_minutes"] == 1440 and data["median_delay_change_minutes"] == 480
    assert data["previous_week"] == {
        "week": "2026-W46", "tasks_started": 1, "median_delay_minutes": 240,
        "p90_delay_minutes": 240,
    }  # fmt: skip
    assert [d["minutes"] for d in data["focus_minutes_per_day"]] == [0, 5, 20, 0, 0, 0, 0]
    assert data["still_waiting"][0]["title"] == "Tax return"
    assert data["commitment"]["text"].startswith("When I open the laptop")
    assert data["suggested_commitment"].startswith("When I think “It's too big")


def test_review_text_and_markdown(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["review", "--db", str(filled), "--week", "2026-W47", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Week 47 · 16–22 Nov 2026" in text
    assert "Started 2 tasks · median start delay 12 h · 90th percentile 1 day" in text
    assert "· median 8 h longer than W46" in text
    assert "overwhelm: 1 task, median 1 day" in text
    assert "Just five minutes (overwhelm): used 1, completed 1, helped 1" in text
    assert "Tax return · waiting 10 days" in text
    assert main(["review", "--db", str(filled), "--week", "2026-W47", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert (
        markdown.startswith("# startnow review") and "\n## Still waiting\n- Tax return" in markdown
    )


def test_a_new_user_gets_an_empty_review_not_an_error(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("STARTNOW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the default store, new
    assert main(["review", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tasks_started"] == 0 and data["still_waiting"] == []


@pytest.mark.parametrize(
    ("week", "message"),
    [("2026-W60", "2026 has no week 60"), ("next", '"next" is not a week'),
     ("2999-W01", "hasn't begun yet")],
)  # fmt: skip
def test_a_bad_week_is_one_line_and_exit_2(db_path: Path, capsys, week: str, message: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "review", "--week", week, "--format", "text"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("startnow: --week: ") and message in err and err.count("\n") == 1
    assert not db_path.exists()


# ---- the screen -------------------------------------------------------------


async def test_r_opens_the_review_and_the_arrows_walk_the_weeks(services, clock) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        text = screen_text(app)
        assert "Week 47 · 16–22 Nov 2026" in text
        assert "Started 2 tasks · median start delay 12 h" in text
        assert "Tax return" in text and "Just five minutes" in text
        await pilot.press("left")
        assert "Week 46 · 9–15 Nov 2026" in screen_text(app)
        assert "Started 1 task · median start delay 4 h" in screen_text(app)
        await pilot.press("right", "right")
        assert "Week 48" in screen_text(app) and "(so far)" in screen_text(app)
        await pilot.press("right")  # the future: refused, stays
        assert "Week 48" in screen_text(app)
        await pilot.press("escape")
        assert "Waiting longest" in screen_text(app)


async def test_still_waiting_drop_and_reschedule_with_one_key(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    ids = history(services, clock)
    services.tasks.add(spec("Renew passport"))  # waiting this week, not last
    clock.advance(hours=1)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "right")  # this week: Tax return and Renew passport
        await pilot.press("x")
        await pilot.pause()
        assert (
            rows(db_path, "SELECT status FROM task WHERE id = ?", ids["waiting"])[0][0] == "dropped"
        )
        assert "Tax return" not in screen_text(app)
        await pilot.press("t")
        await pilot.press("f", "e", "b", "space", "3", "0")
        await pilot.press("enter")
        assert "feb 30" in screen_text(app)  # the parser's own line; nothing changed
        assert (
            rows(db_path, "SELECT planned_start FROM task WHERE title = 'Renew passport'")[0][0]
            is None
        )
        app.screen.query_one("#review-input").value = "tomorrow 9am"  # type: ignore[attr-defined]
        await pilot.press("enter")
        planned = rows(db_path, "SELECT planned_start FROM task WHERE title = 'Renew passport'")
        assert planned[0][0] == int(datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN).timestamp())


async def test_enter_on_a_still_waiting_task_starts_five_minutes(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    ids = history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        assert isinstance(app.screen, FocusScreen) and "Tax return" in screen_text(app)
    session = rows(db_path, "SELECT task_id, planned_minutes FROM focus_session ORDER BY id DESC")
    assert tuple(session[0]) == (ids["waiting"], 5)


async def test_s_shrinks_a_still_waiting_task(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    ids = history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "s")
        assert isinstance(app.screen, BreakdownScreen)
    first = rows(
        db_path, "SELECT estimate FROM chunk WHERE task_id = ? ORDER BY position", ids["waiting"]
    )
    assert first and first[0][0] <= 5


async def test_the_commitment_made_in_the_review_is_on_today(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        assert "When I open the laptop" in screen_text(app)  # last week's, kept? not yet
        await pilot.press("k")
        assert "kept ✓" in screen_text(app)
        await pilot.press("c")
        field = app.screen.query_one("#review-input")
        assert field.value == ""  # type: ignore[attr-defined]
        assert field.placeholder.startswith("When I think")  # type: ignore[attr-defined]
        await pilot.press(*"When I sit down, I will open the tax folder.", "enter", "escape")
        assert "This week: When I sit down, I will open the tax folder." in screen_text(app)
    assert [tuple(r) for r in rows(db_path, "SELECT week, kept FROM commitment ORDER BY week")] == [
        ("2026-W47", 1), ("2026-W48", None)
    ]  # fmt: skip


async def test_a_task_dropped_from_last_weeks_list_says_so(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    """Last week's list is history (Tax return was waiting then); dropping it now
    must still show, or x looks like it did nothing."""
    ids = history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:  # (no toasts over the list)
        await pilot.press("r", "x")
        await pilot.pause()
        assert "Tax return" in screen_text(app) and "dropped since" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "dropped since" not in screen_text(app) and "waiting 1" in screen_text(app)
    assert rows(db_path, "SELECT status FROM task WHERE id = ?", ids["waiting"])[0][0] == "open"


async def test_a_commitment_is_never_for_a_week_gone_by(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    app = make_app(services)
    # Taller than SIZE: the toasts are read, and at 30 rows they lie over "What works for you".
    async with app.run_test(size=(SIZE[0], 40), notifications=True) as pilot:
        await pilot.press("r", "left")  # week 46: the week after it, 47, is over
        assert "No commitment was made for week 47" not in screen_text(app)  # 47 has one
        await pilot.press("left")  # week 45
        assert "No commitment was made for week 46." in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert not app.screen.query_one("#review-input").display
        assert "this week or next" in toast_text(app)
        await pilot.press("right", "right", "c")  # back to week 47: commits for this week, 48
        await pilot.press("enter")
        await pilot.pause()
        assert "every morning this week" in toast_text(app)
    assert [r[0] for r in rows(db_path, "SELECT week FROM commitment ORDER BY week")] == [
        "2026-W47", "2026-W48"
    ]  # fmt: skip


async def test_the_highlighted_waiting_task_stays_in_sight_on_a_small_terminal(
    services, clock
) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    at(clock, 2026, 11, 20, 9, 0)
    titles = [f"Errand number {n}" for n in range(1, 9)]
    services.tasks.add_many([spec(t) for t in titles])
    clock.now = MORNING
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        for _ in range(4):
            await pilot.press("down")
        await pilot.pause()
        waiting = app.screen.query_one("#waiting")
        highlighted = waiting.highlighted_option  # type: ignore[attr-defined]
        assert highlighted is not None
        task_id = int(highlighted.id.removeprefix("task-"))
        title = services.tasks.get(task_id).title
        assert title in screen_text(app)  # what x would drop is on the screen


@pytest.mark.parametrize("width", [60, 80, 100, 140])
def test_the_review_key_bar_fits_and_keeps_the_way_back_and_help(width: int) -> None:
    from startnow.screens.review import ReviewScreen, WaitingList
    from startnow.screens.widgets import KeyBar

    line = KeyBar.line([*WaitingList.BINDINGS, *ReviewScreen.BINDINGS], width).plain
    rows = line.split("\n")
    assert len(rows) <= 2 and all(len(row) <= width for row in rows)
    assert "esc back" in line and "? help" in line and "⏎ start 5 min" in line
    assert "c commit" in line
    assert (len(rows) == 1) == (width >= 100)  # a second line only when one is too narrow


async def test_the_commitment_field_says_what_it_is_for(services, clock) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", "c")
        await pilot.pause()
        field = app.screen.query_one("#review-input")
        assert field.border_title == (
            "Your commitment for week 48 · enter alone takes this one · esc cancels"
        )
        await pilot.press("escape", "t")
        assert field.border_title.startswith("Start it when?")


async def test_a_typed_commitment_is_stored_exactly_as_typed(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    """The suggestion is a placeholder: typing replaces it, never prepends to it."""
    history(services, clock)
    app = make_app(services)
    typed = "When the kettle boils, I will open the tax folder."
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "c", *typed)
        field = app.screen.query_one("#review-input")
        assert field.value == typed  # type: ignore[attr-defined]
        await pilot.press("enter", "escape")  # Today shows this week's commitment
        assert f"This week: {typed}" in screen_text(app)
    [row] = rows(db_path, "SELECT text FROM commitment WHERE week = '2026-W48'")
    assert row[0] == typed


async def test_enter_on_the_empty_commitment_field_takes_the_suggestion(
    services, clock, db_path
) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "c")
        suggestion = app.screen.query_one("#review-input").placeholder  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
    [row] = rows(db_path, "SELECT text FROM commitment WHERE week = '2026-W48'")
    assert row[0] == suggestion and suggestion.startswith("When I think")


# ---- odd paths ----------------------------------------------------------------


@pytest.mark.parametrize("week", ["0001-W01", "1970-W01", "9999-W52"])
def test_weeks_outside_the_stored_range_are_one_line(db_path: Path, capsys, week: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "review", "--week", week, "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("startnow: --week: ") and "1971 to 9998" in err


async def test_a_drop_in_the_review_can_be_undone(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    ids = history(services, clock)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "x")
        assert (
            rows(db_path, "SELECT status FROM task WHERE id = ?", ids["waiting"])[0][0] == "dropped"
        )
        await pilot.press("u")
        assert rows(db_path, "SELECT status FROM task WHERE id = ?", ids["waiting"])[0][0] == "open"
        assert "Tax return" in screen_text(app)


def test_the_review_labels_commitments_by_week(
    services, clock, db_path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    history(services, clock)
    services.reviews.commit(W47.shift(1), "When the kettle boils, I will open the tax folder.")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert main(["--db", str(db_path), "review", "--week", "2026-W47", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "week 47: When I open the laptop" in text
    assert "week 48: When the kettle boils" in text


def test_review_with_no_keyboard_prints_text_instead_of_waiting(store: Path) -> None:
    """Output to a terminal but input from nowhere (`startnow review < /dev/null`):
    the screen would wait for keys for ever; the printed review is what's wanted."""
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "startnow", "--db", str(store), "review"],
            stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, timeout=60,
        )  # fmt: skip
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
    assert done.returncode == 0
    assert out.decode().startswith("startnow review · Week ")


# ---- closed without a start -------------------------------------------------


def test_tasks_closed_without_a_start_are_counted_and_given_no_delay(
    services, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """W47: the report is started then done; two tasks are done and dropped
    with no session (through the command line's service); one is closed in W48."""
    from startnow.services.changes import Changes

    ids = history(services, clock)
    changes = Changes(services.path, clock)
    at(clock, 2026, 11, 19, 10, 0)
    never = services.tasks.add(spec("Sort the receipts")).id
    skipped = services.tasks.add(spec("Renew the permit")).id
    clock.advance(hours=3)
    changes.done([never])
    changes.drop([skipped])
    changes.done([ids["bank"]])  # started in W47: closed, but not without a start
    at(clock, 2026, 11, 23, 8, 0)
    changes.done([services.tasks.add(spec("Next week's")).id])
    clock.now = MORNING
    r = services.reviews.week(W47, BERLIN)
    assert r.closed_without_start == 2
    assert (r.figures.tasks_started, r.figures.median_delay) == (2, 720)  # as before: no delay
    assert services.reviews.week(W48, BERLIN).closed_without_start == 1
    assert rows(services.path, "SELECT first_started_at FROM task WHERE id IN (?, ?)",
                never, skipped)[0][0] is None  # fmt: skip
    db = str(services.path)
    assert main(["--db", db, "review", "--week", "2026-W47", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["closed_without_start"] == 2
    assert main(["--db", db, "review", "--week", "2026-W47", "--format", "text"]) == 0
    assert "Closed 2 tasks without a start (done or dropped, no timer)" in capsys.readouterr().out


async def test_the_review_screen_shows_the_closed_without_a_start_line(
    services, clock: ManualClock
) -> None:
    from startnow.services.changes import Changes

    history(services, clock)
    at(clock, 2026, 11, 19, 10, 0)
    Changes(services.path, clock).drop([services.tasks.add(spec("Renew the permit")).id])
    clock.now = MORNING
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        text = screen_text(app)
        assert "Week 47 · 16–22 Nov 2026" in text
        assert "Closed 1 task without a start (done or dropped, no timer)" in text
        await pilot.press("left")
        assert "without a start" not in screen_text(app)  # week 46 had none


def test_still_waiting_says_overdue_when_the_due_date_had_passed(
    services, clock: ManualClock, db_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Judged at the week's end, as the rest of still-waiting: due on the Thursday
    of W47, never started, so overdue then; due in W48, not yet."""
    clock.now = datetime(2026, 11, 16, 9, 0, tzinfo=BERLIN).astimezone(UTC)
    services.tasks.add(spec("Send the invoice", due=clock.now + timedelta(days=3)))
    services.tasks.add(spec("Book the flights", due=clock.now + timedelta(days=9)))
    clock.now = MORNING
    r = services.reviews.week(W47, BERLIN)
    assert [(w.title, w.overdue) for w in r.still_waiting] == [
        ("Send the invoice", True),
        ("Book the flights", False),
    ]
    assert main(["--db", str(db_path), "review", "--week", "2026-W47", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["overdue"] for w in data["still_waiting"]] == [True, False]
    assert main(["--db", str(db_path), "review", "--week", "2026-W47", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Send the invoice · waiting 6 days · overdue" in text
    assert "Book the flights · waiting 6 days\n" in text


async def test_the_review_screen_shows_a_recurring_tasks_delays(
    db_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the printed review says it: 3 h late one Monday, 40 min the next.
    A week with no started instance has no such box."""
    from startnow.services.all_services import Services

    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("STARTNOW_NOW", "2026-11-23T07:00:00+00:00")
    assert main(["--db", str(db_path), "add", "Weekly report every:mon start:9am"]) == 0
    services = Services.open(db_path, clock=clock)
    try:
        for task_id, started in ((1, datetime(2026, 11, 23, 11, tzinfo=BERLIN)),
                                 (2, datetime(2026, 11, 30, 9, 40, tzinfo=BERLIN))):  # fmt: skip
            clock.now = started.astimezone(UTC)
            session = services.focus.start(task_id, None, 25)
            clock.advance(minutes=25)
            services.focus.finish(session.id, "completed")
            services.tasks.set_status(task_id, "done")
        at(clock, 2026, 12, 7, 10, 0)  # Monday: the default review is week 49
        app = make_app(services)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            text = screen_text(app)
            assert "Week 49 · 30 Nov – 6 Dec 2026" in text
            assert "Recurring tasks" in text
            assert "Weekly report: started 1 h late on average, 40 min last time (2 times)" in text
            await pilot.press("left")
            text = screen_text(app)
            assert "Weekly report: started 2 h late on average, 2 h last time (once)" in text
            await pilot.press("left")
            assert "Recurring tasks" not in screen_text(app)  # week 47: none started
    finally:
        services.close()
