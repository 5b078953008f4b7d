"""Nothing a stored string holds reaches the terminal as a control: every
command and screen that shows a title, a step, a tag, a note or a commitment
written into the store by another program (raw sqlite3 here) shows its words
and none of its escape sequences, and never reads it as Rich markup."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from startnow.clock import ManualClock
from startnow.domain.safe_text import unsafe_character
from startnow.screens.blocker import BlockerScreen
from startnow.screens.recovery import RecoveryScreen
from startnow.screens.review import ReviewScreen
from startnow.services.all_services import Services
from tests.helpers import SIZE, cli, make_app, screen_text, spec

# One of each: OSC retitle, clear screen, colour, C1 CSI and OSC, bidi
# override, DCS, BEL, zero width; and Rich markup, which must show as typed.
HOSTILE = (
    "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x1b[0m \x9b2J\x9d0;t\x9c "
    "\u202eevil\u202c \x1bPq#0\x1b\\ \x07a\u200bb [bold]loud[/bold]"
)
WORDS = ("red", "evil", "[bold]loud[/bold]")


def inert(output: str) -> bool:
    """No character a terminal would act on (CRLF and LF line ends allowed)."""
    return unsafe_character(output.replace("\r\n", "\n"), newlines=True) is None


def shows_words(output: str, *words: str) -> bool:
    return all(w in output for w in words)


def poison(db: Path, sql: str, *params: object) -> None:
    """Write into the store as another program would: no startnow in between."""
    conn = sqlite3.connect(db)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def hostile(services: Services, db_path: Path, clock: ManualClock) -> dict[str, int]:
    """A task whose title, step, tags and notes, and a commitment for week 48,
    all hold HOSTILE; and a plain task beside them. A week later (week 49),
    so week 48 is the review's, with the task still waiting in it."""
    task = services.tasks.add(spec("Report", chunks=(("outline", 5),)))
    plain = services.tasks.add(spec("Water the plants"))
    poison(db_path, "UPDATE task SET title = ?, notes = ?, tags = ? WHERE id = ?",
           f"Task {HOSTILE}", f"line one\n{HOSTILE}", "work \x1b[2Jhome", task.id)  # fmt: skip
    poison(db_path, "UPDATE chunk SET title = ? WHERE task_id = ?", f"Step {HOSTILE}", task.id)
    poison(
        db_path,
        "INSERT INTO commitment (week, text, created_at) VALUES ('2026-W48', ?, ?)",
        f"When {HOSTILE} I will",
        int(clock().timestamp()),
    )
    clock.advance(days=7)
    return {"task": task.id, "plain": plain.id}


def run(db: Path, *args: str) -> str:
    code, out, err = cli("--db", str(db), *args)
    assert (code, err) == (0, ""), err
    return out


# ---- the commands -------------------------------------------------------------


def test_list_prints_the_words_of_a_hostile_title_and_step_and_no_control(
    hostile: dict[str, int], db_path: Path
) -> None:
    out = run(db_path, "list")
    assert inert(out)
    assert shows_words(out, "Task", "red") and "Water the plants" in out


@pytest.mark.parametrize("shape", ["--json", "--jsonl"])
def test_list_json_carries_no_control_either_raw_or_once_decoded(
    hostile: dict[str, int], db_path: Path, shape: str
) -> None:
    out = run(db_path, "list", shape)
    assert inert(out)  # C1 and bidi are not escaped by JSON itself
    if shape == "--jsonl":
        records = [json.loads(line) for line in out.splitlines()]
    else:
        records = json.loads(out)
    [task] = [r for r in records if r["id"] == hostile["task"]]
    assert inert(task["title"]) and inert(task["next_step"]) and all(map(inert, task["tags"]))
    assert shows_words(task["title"], *WORDS) and shows_words(task["next_step"], "Step", *WORDS)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_printed_review_shows_a_hostile_waiting_task_and_commitment_inertly(
    hostile: dict[str, int], db_path: Path, fmt: str
) -> None:
    out = run(db_path, "review", "--week", "2026-W48", "--format", fmt)
    assert inert(out)
    if fmt == "json":
        data = json.loads(out)
        assert shows_words(data["still_waiting"][0]["title"], "Task", *WORDS)
        assert shows_words(data["commitment"]["text"], "When", *WORDS, "I will")
    else:
        assert shows_words(out, "Task", "When", "I will", *WORDS)


def test_export_csv_to_the_terminal_and_to_a_directory_is_inert(
    hostile: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    out = run(db_path, "export", "--format", "csv")
    assert inert(out) and shows_words(out, "Task", "Step", "line one", *WORDS)
    run(db_path, "export", "--format", "csv", "--output", f"{tmp_path / 'csv'}/")
    for name in ("tasks.csv", "chunks.csv", "commitments.csv"):
        text = (tmp_path / "csv" / name).read_text(encoding="utf-8")
        assert inert(text) and shows_words(text, *WORDS), name


def test_export_csv_puts_a_quote_before_a_cell_a_spreadsheet_would_run(
    services: Services, db_path: Path
) -> None:
    services.tasks.add(spec('=HYPERLINK("http://x","click")', chunks=(("@SUM(A1)", None),)))
    services.tasks.add(spec("Call -5 minutes early"))
    out = run(db_path, "export", "--format", "csv")
    assert "'=HYPERLINK" in out and "'@SUM(A1)" in out
    assert ",Call -5 minutes early," in out  # only a cell's first character counts


def test_export_json_is_inert_on_screen_and_still_the_whole_backup(
    hostile: dict[str, int], db_path: Path
) -> None:
    out = run(db_path, "export")
    assert inert(out)
    [task] = [t for t in json.loads(out)["tasks"] if t["id"] == hostile["task"]]
    assert task["title"] == f"Task {HOSTILE}"  # escaped in the text, not removed
    assert task["notes"] == f"line one\n{HOSTILE}"


def test_export_ics_is_inert(hostile: dict[str, int], db_path: Path) -> None:
    out = run(db_path, "export", "--format", "ics")
    assert inert(out) and shows_words(out, "SUMMARY:Task", "red", "evil")


@pytest.mark.parametrize("fmt", ["text", "json", "waybar", "tmux"])
def test_status_shows_a_hostile_next_step_inertly(
    hostile: dict[str, int], db_path: Path, fmt: str
) -> None:
    poison(db_path, "UPDATE task SET status = 'done' WHERE id = ?", hostile["plain"])
    out = run(db_path, "status", "--format", fmt)
    assert inert(out) and "Step" in out and "red" in out


# ---- the app ------------------------------------------------------------------


async def test_today_shows_a_hostile_title_step_and_commitment_as_words(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    task = services.tasks.add(spec("Report", chunks=(("outline", 5),)))
    poison(db_path, "UPDATE task SET title = ? WHERE id = ?", f"Task {HOSTILE}", task.id)
    poison(db_path, "UPDATE chunk SET title = ? WHERE task_id = ?", f"Step {HOSTILE}", task.id)
    poison(
        db_path,
        "INSERT INTO commitment (week, text, created_at) VALUES ('2026-W48', ?, ?)",
        f"When {HOSTILE} I will",
        int(clock().timestamp()),
    )
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert inert(text)
        assert shows_words(text, "Task ]0;owned", "Step ]0;owned", "This week: When", *WORDS)
        await pilot.press("enter")  # the blocker question heads with the same title
        assert isinstance(app.screen, BlockerScreen)
        assert inert(screen_text(app)) and "Task ]0;owned" in screen_text(app)


async def test_the_review_screen_shows_a_hostile_waiting_task_and_commitment_as_words(
    hostile: dict[str, int], services: Services
) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert inert(text)
        assert shows_words(text, "Week 48", "Task ]0;owned", "When ]0;owned", *WORDS)


async def test_the_recovery_prompt_shows_a_hostile_missed_task_as_words(
    services: Services, db_path: Path, clock: ManualClock
) -> None:
    now = clock.now
    clock.now = now - timedelta(days=1, hours=1)
    task = services.tasks.add(
        spec("Insurance", planned_start=now - timedelta(days=1), chunks=(("policy", 5),))
    )
    clock.now = now
    poison(db_path, "UPDATE task SET title = ? WHERE id = ?", f"Task {HOSTILE}", task.id)
    poison(db_path, "UPDATE chunk SET title = ? WHERE task_id = ?", f"Step {HOSTILE}", task.id)
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert "Missed" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, RecoveryScreen)
        text = screen_text(app)
        assert inert(text) and shows_words(text, "Task ]0;owned", "next: Step", *WORDS)


async def test_a_title_typed_with_markup_shows_as_typed_in_the_added_notice(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("a")
        await pilot.press(*"Fix [/red] the [b]tap[/b]")
        await pilot.press("enter")
        await pilot.pause()
        assert "Added 1 · Fix [/red] the [b]tap[/b]" in screen_text(app)


def test_a_one_line_error_quoting_what_it_was_given_carries_no_control(tmp_path: Path) -> None:
    code, out, err = cli("--db", str(tmp_path / "\x1b]0;owned\x07.db"), "list")
    assert code != 0 and out == ""
    assert inert(err) and "there is no startnow database" in err and "]0;owned.db" in err
