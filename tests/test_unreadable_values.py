"""A value another program wrote into the store that no reader can use (a
year-10000 instant, text where a number belongs) is one line naming its row
and column: the list and Today leave the row out and say so, an export or a
review stops. Never a traceback, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.helpers import SIZE, cli, make_app, rows, screen_text, spec
from tests.test_safe_output import poison

YEAR_10000 = 253402300800  # 10000-01-01T00:00:00Z
YEAR_0 = -62167219200  # 0000-01-01T00:00:00Z


@pytest.fixture
def two_tasks(services: Services) -> tuple[int, int]:
    """The task a test breaks (with a step and a session), and one left whole."""
    broken = services.tasks.add(spec("Broken one ~10m", estimate=10, chunks=(("first", 5),)))
    whole = services.tasks.add(spec("Water the plants"))
    return broken.id, whole.id


def toasts(screen: str) -> str:
    """The words of the notices on the screen: each row's part right of the
    toast's edge (▌), joined, so a notice wrapped over rows reads as one."""
    parts = [line.rsplit("▌", 1)[1].rstrip("│╯ ") for line in screen.splitlines() if "▌" in line]
    return " ".join(" ".join(parts).split())


def one_line(err: str, *words: str) -> None:
    """A single line on stderr, with every word, and no traceback."""
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert all(w in err for w in words), err


# ---- list -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [YEAR_10000, YEAR_0], ids=["year 10000", "year 0"])
def test_list_leaves_out_a_task_created_out_of_range_and_names_it(
    two_tasks: tuple[int, int], db_path: Path, value: int
) -> None:
    broken, whole = two_tasks
    poison(db_path, "UPDATE task SET created_at = ? WHERE id = ?", value, broken)
    code, out, err = cli("--db", str(db_path), "list")
    assert code == 1 and "Water the plants" in out and "Broken" not in out
    one_line(err, "left out", f"task {broken}", "created_at", str(value))


@pytest.mark.parametrize("value", [YEAR_10000, YEAR_0], ids=["year 10000", "year 0"])
def test_list_json_is_the_readable_tasks_and_a_line_for_the_rest(
    two_tasks: tuple[int, int], db_path: Path, value: int
) -> None:
    broken, whole = two_tasks
    poison(db_path, "UPDATE task SET created_at = ? WHERE id = ?", value, broken)
    code, out, err = cli("--db", str(db_path), "list", "--json")
    assert code == 1 and [r["id"] for r in json.loads(out)] == [whole]
    one_line(err, f"task {broken}", "created_at")


def test_list_leaves_out_a_task_whose_due_is_text(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, whole = two_tasks
    poison(db_path, "UPDATE task SET due = 'next friday' WHERE id = ?", broken)
    for shape in ((), ("--json",)):
        code, out, err = cli("--db", str(db_path), "list", *shape)
        assert code == 1 and "Water the plants" in out
        one_line(err, f"task {broken}", "due", "'next friday'", "not a time")


def test_list_leaves_out_a_step_whose_estimate_is_text(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE chunk SET estimate = 'five' WHERE task_id = ?", broken)
    [step] = rows(db_path, "SELECT id FROM chunk")
    code, out, err = cli("--db", str(db_path), "list", "--json")
    assert code == 1 and {r["title"] for r in json.loads(out)} >= {"Water the plants"}
    one_line(err, f"step {step['id']}", "estimate", "not a whole number")


def test_list_leaves_out_a_task_whose_title_is_a_blob(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET title = x'1b5b324a' WHERE id = ?", broken)
    code, out, err = cli("--db", str(db_path), "list")
    assert code == 1 and "Water the plants" in out
    one_line(err, f"task {broken}", "title", "not text")
    assert "\x1b" not in err  # the value is shown escaped


# ---- export ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
def test_export_of_a_task_created_in_year_10000_stops_with_its_row_and_writes_nothing(
    two_tasks: tuple[int, int], db_path: Path, tmp_path: Path, fmt: str
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET created_at = ? WHERE id = ?", YEAR_10000, broken)
    target = tmp_path / f"backup.{fmt}"
    code, out, err = cli("--db", str(db_path), "export", "--format", fmt, "-o", str(target))
    assert code == 1 and out == "" and not target.exists()
    one_line(err, f"task {broken}", "created_at", str(YEAR_10000))


def test_export_of_a_due_stored_as_text_names_the_row(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET due = 'soon' WHERE id = ?", broken)
    for fmt in ("json", "csv"):
        code, out, err = cli("--db", str(db_path), "export", "--format", fmt)
        assert code == 1 and out == ""
        one_line(err, f"task {broken}", "due", "'soon'")


def test_export_of_a_session_started_in_year_10000_names_the_session(
    two_tasks: tuple[int, int], services: Services, db_path: Path
) -> None:
    task = services.task(two_tasks[0])
    session = services.focus.start(task.id, task.next_step.chunk_id, 5)
    poison(db_path, "UPDATE focus_session SET started_at = ?", YEAR_10000)
    code, out, err = cli("--db", str(db_path), "export")
    assert code == 1 and out == ""
    one_line(err, f"focus session {session.id}", "started_at")


def test_csv_counts_a_huge_pause_as_no_focus_rather_than_failing(
    two_tasks: tuple[int, int], services: Services, db_path: Path, clock: ManualClock
) -> None:
    task = services.task(two_tasks[0])
    session = services.focus.start(task.id, task.next_step.chunk_id, 5)
    clock.advance(minutes=5)
    services.focus.finish(session.id, "completed")
    poison(db_path, "UPDATE focus_session SET paused_seconds = ?", 2**63 - 1)
    code, out, err = cli("--db", str(db_path), "export", "--format", "csv")
    assert (code, err) == (0, "")
    header, first = out.splitlines()[:2]
    record = dict(zip(header.split(","), first.split(","), strict=True))
    assert (record["sessions"], record["focus_minutes"]) == ("1", "0")


# ---- status and the review ----------------------------------------------------


def test_status_with_a_task_created_in_year_0_is_one_line(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET created_at = ? WHERE id = ?", YEAR_0, broken)
    code, out, err = cli("--db", str(db_path), "status")
    assert code == 1 and out == ""
    one_line(err, f"task {broken}", "created_at")


def test_status_with_an_estimate_stored_as_text_is_one_line(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET estimate = 'ten' WHERE id = ?", broken)
    code, _, err = cli("--db", str(db_path), "status", "--format", "json")
    assert code == 1
    one_line(err, f"task {broken}", "estimate", "'ten'")


def test_the_printed_review_with_a_task_created_in_year_0_is_one_line(
    two_tasks: tuple[int, int], db_path: Path
) -> None:
    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET created_at = ? WHERE id = ?", YEAR_0, broken)
    code, out, err = cli("--db", str(db_path), "review", "--week", "2026-W48", "--format", "text")
    assert code == 1 and out == ""
    one_line(err, f"task {broken}", "created_at")


# ---- the app ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("created_at", YEAR_10000, (str(YEAR_10000), "not a time")),
        ("created_at", YEAR_0, (str(YEAR_0), "not a time")),
        ("due", "tomorrow", ("'tomorrow'", "not a time")),
        ("estimate", "ten", ("'ten'", "not a whole number")),
    ],
    ids=["created in year 10000", "created in year 0", "due as text", "estimate as text"],
)
async def test_today_shows_the_rest_and_a_notice_naming_the_unreadable_row(
    two_tasks: tuple[int, int],
    services: Services,
    db_path: Path,
    column: str,
    value: object,
    words: tuple[str, ...],
) -> None:
    broken, _ = two_tasks
    poison(db_path, f"UPDATE task SET {column} = ? WHERE id = ?", value, broken)
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Water the plants" in text and "Broken one" not in text
        notice = toasts(text)
        assert f"Left out of Today: task {broken} in the store: its {column} is" in notice
        assert all(w in notice for w in words)
        await pilot.press("enter")  # the readable task still starts
        assert "What's in the way" in screen_text(app)
    assert rows(db_path, f"SELECT {column} FROM task WHERE id = ?", broken)[0][0] == value


async def test_the_notice_is_given_once_not_on_every_redraw(
    two_tasks: tuple[int, int], services: Services, db_path: Path
) -> None:
    poison(db_path, "UPDATE task SET due = 'x' WHERE id = ?", two_tasks[0])
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.reload()  # type: ignore[attr-defined]  # Today's redraw (every minute)
        await pilot.pause()
        assert len(app._notifications) == 1


async def test_the_review_screen_names_the_row_it_cannot_read_and_goes_back_to_today(
    two_tasks: tuple[int, int], services: Services, db_path: Path
) -> None:
    from startnow.screens.today import TodayScreen

    broken, _ = two_tasks
    poison(db_path, "UPDATE task SET created_at = ? WHERE id = ?", YEAR_0, broken)
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.clear_notifications()  # Today's own notice about the same row
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        notice = toasts(screen_text(app))
        assert f"No review: task {broken} in the store: its created_at is {YEAR_0}" in notice


# ---- a pause no timedelta holds ---------------------------------------------------


@pytest.mark.parametrize("paused", [2**63 - 1, -(2**63) + 1], ids=["huge", "hugely negative"])
def test_the_timer_arithmetic_survives_a_pause_no_timedelta_holds(
    paused: int, clock: ManualClock
) -> None:
    from datetime import timedelta

    from startnow.domain.focus import elapsed, remaining
    from startnow.domain.model import SessionInfo

    session = SessionInfo(1, 1, None, clock(), 25, paused_seconds=paused)
    later = clock() + timedelta(minutes=5)
    if paused > 0:  # the pause ate the session: nothing focused, the whole timer left
        assert (elapsed(session, later), remaining(session, later)) == (
            timedelta(0), timedelta(minutes=25),
        )  # fmt: skip
    else:  # more focused than any timer: none left
        assert remaining(session, later) == timedelta(0) and elapsed(session, later).days > 10000


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_status_of_a_running_session_with_a_huge_pause_is_its_line(
    two_tasks: tuple[int, int], services: Services, db_path: Path, fmt: str
) -> None:
    services.focus.start(two_tasks[0], None, 25)
    poison(db_path, "UPDATE focus_session SET paused_seconds = ?", 2**63 - 1)
    code, out, err = cli("--db", str(db_path), "status", "--format", fmt)
    assert (code, err) == (0, "") and "Broken one" in out


async def test_the_app_offers_to_resume_a_session_with_a_huge_pause(
    two_tasks: tuple[int, int], services: Services, db_path: Path
) -> None:
    from startnow.screens.resume import ResumeScreen

    services.focus.start(two_tasks[0], None, 25)
    poison(db_path, "UPDATE focus_session SET paused_seconds = ?", 2**63 - 1)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "Broken one" in screen_text(app)


async def test_a_running_session_started_in_year_10000_is_named_and_today_shown(
    two_tasks: tuple[int, int], services: Services, db_path: Path
) -> None:
    session = services.focus.start(two_tasks[0], None, 25)
    poison(db_path, "UPDATE focus_session SET started_at = ?", YEAR_10000)
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Water the plants" in text  # Today, not the offer to resume
        assert (
            f"The session left running cannot be resumed: focus session {session.id} in the "
            f"store: its started_at is {YEAR_10000}"
        ) in toasts(text)
