"""The coach says only what happened: a blocker nobody chose is stored as a
default and counted as no one's answer; a skipped nudge is a skip, not a try."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from startnow.domain.chooser import NudgeRecord, reason_for, tally
from startnow.domain.review import week_of
from startnow.screens.after import AfterScreen
from startnow.screens.blocker import BlockerScreen
from startnow.screens.focus import FocusScreen
from startnow.screens.nudge import NudgeScreen
from tests.helpers import BERLIN, SIZE, make_app, rows, screen_text, spec


def one_session(  # type: ignore[no-untyped-def]
    services, clock, task_id: int, blocker: str, nudge_id: str | None, *, chosen: bool
):
    """A finished five-minute session on the task, answered "helped"."""
    session = services.focus.start(
        task_id, None, 5, blocker=blocker, blocker_chosen=chosen, nudge_id=nudge_id
    )
    clock.advance(minutes=5)
    services.focus.finish(session.id, "completed")
    if nudge_id is not None:
        services.focus.answer(session.id, nudge_helped=True)
    clock.advance(minutes=30)
    return session


# ---- the blocker question's default -------------------------------------------


async def test_enter_three_times_on_a_new_task_stores_a_defaulted_blocker(
    services, clock, db_path
) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(spec("Renew the passport", chunks=(("find the old one", 5),)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, BlockerScreen)
        highlighted = app.screen.query_one("#blockers", OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == "none"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        assert not any(isinstance(s, NudgeScreen) for s in app.screen_stack)
        assert "find the old one" in screen_text(app)
    [session] = rows(db_path, "SELECT * FROM focus_session")
    assert session["task_id"] == task.id and session["ended_at"] is None
    assert (session["blocker"], session["blocker_chosen"], session["nudge_id"]) == ("none", 0, None)


async def test_the_question_opens_on_the_blocker_last_chosen_for_this_task(
    services, clock, db_path
) -> None:  # type: ignore[no-untyped-def]
    """A later default (boredom, never chosen) does not move it; another task's
    choice does not either."""
    task = services.tasks.add(spec("Write the grant proposal", estimate=60))
    other = services.tasks.add(spec("Sort the receipts"))
    one_session(services, clock, task.id, "fear", "practice-round", chosen=True)
    one_session(services, clock, task.id, "boredom", "beat-the-clock", chosen=False)
    one_session(services, clock, other.id, "perfectionism", "rough-draft", chosen=True)
    assert services.coach.last_chosen_blocker(task.id) == "fear"
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(BlockerScreen(services.task(task.id)))
        await pilot.pause()
        highlighted = app.screen.query_one("#blockers", OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == "fear"
        await pilot.press("enter")
        assert isinstance(app.screen, NudgeScreen)
        assert "Fear of failure" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, FocusScreen)
    last = rows(db_path, "SELECT blocker, blocker_chosen FROM focus_session ORDER BY id DESC")[0]
    assert tuple(last) == ("fear", 0)  # taken as offered: still a default


async def test_moving_to_a_blocker_and_choosing_it_is_stored_as_chosen(
    services, clock, db_path
) -> None:  # type: ignore[no-untyped-def]
    services.tasks.add(spec("Clean the oven"))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "up", "up")  # from "Nothing — just go", past deadline
        assert app.screen.query_one("#blockers", OptionList).highlighted_option.id == "boredom"  # type: ignore[union-attr]
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, FocusScreen)
    [session] = rows(db_path, "SELECT blocker, blocker_chosen FROM focus_session")
    assert tuple(session) == ("boredom", 1)


async def test_nothing_just_go_reaches_the_timer_without_a_nudge_screen(
    services, clock, db_path
) -> None:  # type: ignore[no-untyped-def]
    """The step's own estimate sets the timer, and no question asks about a
    nudge that was never shown."""
    services.tasks.add(spec("Email the landlord", chunks=(("draft two lines", 10),)))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "up", "down", "enter")  # chosen: away and back
        assert isinstance(app.screen, FocusScreen)
        assert not any(isinstance(s, NudgeScreen) for s in app.screen_stack)
        assert app.screen.session.planned_minutes == 10
        clock.advance(minutes=10)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("y")
        assert "Did the nudge help?" not in screen_text(app)
        assert "What now?" in screen_text(app)
    [session] = rows(db_path, "SELECT blocker, blocker_chosen, nudge_id FROM focus_session")
    assert tuple(session) == ("none", 1, None)


# ---- defaults never count as choices ------------------------------------------


def store_with_chosen_and_defaulted(services, clock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Two first starts: one whose blocker was chosen (fear, after 2 h), one
    whose blocker was the question's default (overwhelm, later)."""
    chosen = services.tasks.add(spec("Call the tax office"))
    defaulted = services.tasks.add(spec("Fill in the form"))
    clock.advance(hours=2)
    one_session(services, clock, chosen.id, "fear", "practice-round", chosen=True)
    clock.advance(hours=2)
    one_session(services, clock, defaulted.id, "overwhelm", "five-minutes", chosen=False)
    return {"chosen": chosen.id, "defaulted": defaulted.id}


def test_the_reviews_by_blocker_figures_leave_out_a_defaulted_blocker(services, clock) -> None:  # type: ignore[no-untyped-def]
    store_with_chosen_and_defaulted(services, clock)
    review = services.reviews.week(week_of(clock(), BERLIN), BERLIN)
    by_blocker = {b.blocker: (b.label, b.tasks_started) for b in review.by_blocker}
    assert by_blocker == {"fear": ("fear of failure", 1), "unknown": ("not named", 1)}
    assert "overwhelm" not in by_blocker
    # The nudge was still used: the week's nudge figures count both sessions.
    assert {n.nudge_id: n.used for n in review.nudges} == {"practice-round": 1, "five-minutes": 1}


def test_the_choosers_record_leaves_out_sessions_with_a_defaulted_blocker(services, clock) -> None:  # type: ignore[no-untyped-def]
    store_with_chosen_and_defaulted(services, clock)
    records = services.coach.records()
    assert records == {"practice-round": NudgeRecord("practice-round", 1, 0)}


# ---- a skip is not a try --------------------------------------------------------


def test_a_skip_is_counted_apart_from_tries() -> None:
    outcomes = [("five-minutes", "completed", None, 1)]
    records = tally(outcomes, [("five-minutes", 2), ("first-move", 1)])
    assert records["five-minutes"] == NudgeRecord("five-minutes", 1, 0, 2)
    assert records["first-move"] == NudgeRecord("first-move", 0, 0, 1)
    assert records["first-move"].tries == 0


def test_the_reason_says_only_what_happened() -> None:
    assert reason_for(NudgeRecord("x", 0, 0, 2)) == "you skipped it twice; never tried"
    assert reason_for(NudgeRecord("x", 0, 0, 1)) == "you skipped it once; never tried"
    assert reason_for(NudgeRecord("x", 1, 0, 3)) == (
        "worked for you the one time you tried it; you skipped it 3 times"
    )
    assert reason_for(NudgeRecord("x", 1, 1)) == "worked for you 1 of 2 times"


async def test_browsing_every_nudge_and_back_never_says_it_did_not_work(
    services, clock, db_path
) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(spec("Write the annual letter", estimate=60))
    app = make_app(services)
    overwhelm = services.library.for_blocker("overwhelm")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(BlockerScreen(services.task(task.id)))
        await pilot.pause()
        await pilot.press("home", "enter")  # overwhelm, chosen
        screen = app.screen
        assert isinstance(screen, NudgeScreen)
        first = screen.plan.nudge.id  # type: ignore[union-attr]
        reasons = []
        for _ in range(len(overwhelm)):
            await pilot.press("n")
            reasons.append(str(screen.query_one("#nudge-reason", Static).render()))
        assert all("didn't work" not in r and "helped 0 of" not in r for r in reasons)
        assert any("swapped away once" in r for r in reasons)  # a swap, said as one
        assert "didn't work" not in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, FocusScreen)
    swaps = rows(db_path, "SELECT nudge_id FROM nudge_swap ORDER BY id")
    assert len(swaps) == len(overwhelm) and swaps[0][0] == first
    records = services.coach.records()
    assert all(r.failures == 0 for r in records.values())  # browsing is no failure
    assert sum(r.skips for r in records.values()) == len(overwhelm)


def test_a_skipped_nudge_is_still_offered_often(services) -> None:  # type: ignore[no-untyped-def]
    """A skip tilts the draw, but far less than failures would."""
    import random

    from startnow.domain.chooser import choose_nudge

    library = services.library
    skipped = {"five-minutes": NudgeRecord("five-minutes", 0, 0, 2)}
    failed = {"five-minutes": NudgeRecord("five-minutes", 0, 2)}

    def share(records: dict[str, NudgeRecord]) -> int:
        rng = random.Random(7)
        picks = [choose_nudge(library, "overwhelm", records, rng).nudge.id for _ in range(2000)]
        return picks.count("five-minutes")

    assert share(failed) < share(skipped) < share({})


# ---- words that fit what happened ------------------------------------------------


async def run_to_the_bell(app, pilot, clock, nudge_id: str | None, task_id: int):  # type: ignore[no-untyped-def]
    """The timer on the task with this nudge, run out: the questions after it."""
    services = app.services
    nudge = services.library.get(nudge_id) if nudge_id else None
    session = services.focus.start(
        task_id, None, 15, blocker=nudge.blocker if nudge else "none", nudge_id=nudge_id
    )
    app.push_screen(FocusScreen(session, nudge))
    await pilot.pause()
    clock.advance(minutes=15)
    app.screen.tick()
    await pilot.pause()
    assert isinstance(app.screen, AfterScreen)
    return session


async def test_no_half_written_sentence_once_the_task_is_finished(services, clock) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(spec("Write the thank-you card"))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await run_to_the_bell(app, pilot, clock, "leave-it-open", task.id)
        assert "Leave a sentence half-written" in screen_text(app)
        await pilot.press("y")  # "Yes, all of it"
        assert "Did the nudge help?" in screen_text(app)
        assert "half-written" not in screen_text(app) and "next time" not in screen_text(app)


async def test_a_half_written_sentence_stays_while_the_task_goes_on(services, clock) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(spec("Write the novel"))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await run_to_the_bell(app, pilot, clock, "leave-it-open", task.id)
        await pilot.press("p")  # partly
        assert "Leave a sentence half-written" in screen_text(app)


async def test_the_praise_varies_and_is_said_once_per_session(services, clock) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(spec("Practise the speech"))
    app = make_app(services)
    said = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            session = await run_to_the_bell(app, pilot, clock, None, task.id)
            line = services.library.praise.for_session(session.id, stopped=False)
            assert line in screen_text(app)
            said.append(line)
            await pilot.press("p")  # partly: the next question, without the praise
            assert line not in screen_text(app)
            await pilot.press("t")
            await pilot.pause()
    assert said[0] != said[1]


async def test_after_abandoning_nobody_asks_if_the_task_is_done(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(spec("Call the plumber"))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        session = services.focus.start(task.id, None, 10, blocker="none")
        app.push_screen(FocusScreen(session))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        assert "Is the whole task done?" not in screen_text(app)
        assert "What now?" in screen_text(app)
        stopped = services.library.praise.for_session(session.id, stopped=True)
        assert stopped in screen_text(app)
    [row] = rows(db_path, "SELECT outcome, chunk_done FROM focus_session")
    assert tuple(row) == ("abandoned", None)
    assert rows(db_path, "SELECT status FROM task")[0][0] == "open"


async def test_moves_typed_fast_before_enter_are_taken_in_order(services, clock, db_path) -> None:  # type: ignore[no-untyped-def]
    """Up, up, Enter arriving at once: the Enter (a priority binding) must not
    overtake the moves and start "Nothing — just go" as a default."""
    from textual import events

    services.tasks.add(spec("Tidy the shed"))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, BlockerScreen)
        for key in ("up", "up", "up", "enter"):
            app.post_message(events.Key(key, "\r" if key == "enter" else None))
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, NudgeScreen):
                break
        assert isinstance(app.screen, NudgeScreen)
        assert "Perfectionism" in screen_text(app)
    assert rows(db_path, "SELECT COUNT(*) FROM focus_session")[0][0] == 0
