"""`startnow edit`: quick add's grammar, and only the pieces given change."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from startnow.domain.edit import EditError, TaskEdit, edited_values, parse_edit
from startnow.domain.quickadd import QuickAddError
from tests.helpers import BERLIN, MORNING, cli, rows

# MORNING is Monday 23 Nov 2026, 08:52 in Berlin.
FRIDAY_END = datetime(2026, 11, 27, 23, 59, tzinfo=BERLIN).astimezone(UTC)


def parsed(text: str) -> TaskEdit:
    return parse_edit(text, MORNING, BERLIN)


def test_a_date_alone_changes_only_the_date() -> None:
    assert parsed("due:fri") == TaskEdit(None, None, None, FRIDAY_END, (), (), ())


def test_words_and_an_estimate_are_the_title_and_estimate() -> None:
    edit = parsed("New title ~30m")
    assert (edit.title, edit.estimate, edit.due, edit.add_tags) == ("New title", 30, None, ())


def test_tags_are_added_and_removed_and_pieces_cleared() -> None:
    edit = parsed("#Work -#home -due -~ -start:")
    assert edit.add_tags == ("work",) and edit.remove_tags == ("home",)
    assert edit.clear == ("due", "estimate", "planned_start") and edit.title is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "nothing to change"),
        ("-#", 'a tag to remove looks like -#work'),
        ("due:fri -due", "both due: and -due"),
        ("#home -#home", "#home is both added and removed"),
        ("Title :: a step", "not its steps"),
    ],
)
def test_edits_that_cannot_be_done_say_why(text: str, message: str) -> None:
    with pytest.raises(EditError, match=message):
        parsed(text)


def test_the_quick_add_grammar_errors_come_through() -> None:
    with pytest.raises(QuickAddError, match="estimate"):
        parsed("~5x")


CURRENT = {
    "title": "Write report", "estimate": 60, "planned_start": None, "due": FRIDAY_END,
    "tags": ("work", "q3"),
}  # fmt: skip


def test_only_what_differs_is_changed() -> None:
    assert edited_values(CURRENT, parsed("due:fri"), BERLIN) == {}
    assert edited_values(CURRENT, parsed("Write report ~45m"), BERLIN) == {"estimate": 45}
    assert edited_values(CURRENT, parsed("-#work #home"), BERLIN) == {"tags": ("q3", "home")}
    assert edited_values(CURRENT, parsed("-due -~"), BERLIN) == {"due": None, "estimate": None}


def test_a_start_after_the_due_date_or_a_missing_tag_is_refused() -> None:
    with pytest.raises(EditError, match="start would be after the due date"):
        edited_values(CURRENT, parsed("start:next mon"), BERLIN)
    with pytest.raises(EditError, match="it has no tag #home"):
        edited_values(CURRENT, parsed("-#home"), BERLIN)


# ---- through the command line -----------------------------------------------


@pytest.fixture
def one(db_path: Path) -> Path:
    assert cli("--db", str(db_path), "add", "Write Q3 report ~2h #work due:2030-01-10")[0] == 0
    return db_path


def task(db: Path) -> dict[str, object]:
    return dict(rows(db, "SELECT * FROM task WHERE id = 1")[0])


def test_edit_due_moves_only_the_due_date(one: Path) -> None:
    before = task(one)
    code, out, err = cli("--db", str(one), "edit", "1", "due:2030-01-14")
    assert (code, err) == (0, "")
    assert out.startswith("Edited 1 · Write Q3 report · due Mon 14 Jan 2030") and "~2h" in out
    after = task(one)
    assert after["due"] != before["due"]
    assert {k: v for k, v in after.items() if k != "due"} == {
        k: v for k, v in before.items() if k != "due"
    }


def test_edit_title_and_estimate_leave_the_rest(one: Path) -> None:
    before = task(one)
    code, out, _ = cli("--db", str(one), "edit", "1", "Send the report ~30m")
    assert code == 0 and out.startswith("Edited 1 · Send the report · due ")
    after = task(one)
    assert (after["title"], after["estimate"]) == ("Send the report", 30)
    assert (after["due"], after["tags"], after["created_at"]) == (
        before["due"], before["tags"], before["created_at"],
    )  # fmt: skip


def test_edit_adds_and_removes_tags_and_undo_restores_them(one: Path) -> None:
    before = task(one)
    assert cli("--db", str(one), "edit", "1", "-#work", "#q3")[0] == 0
    assert task(one)["tags"] == "q3"
    code, out, _ = cli("--db", str(one), "undo")
    assert code == 0 and out.startswith("Undid edit 1")
    assert task(one) == before


def test_an_edit_with_no_effect_says_unchanged_and_keeps_the_last_undo(one: Path) -> None:
    assert cli("--db", str(one), "edit", "1", "~45m")[0] == 0
    code, out, _ = cli("--db", str(one), "edit", "1", "~45m")
    assert code == 0 and out.startswith("Unchanged 1 · ")
    assert cli("--db", str(one), "undo")[0] == 0
    assert task(one)["estimate"] == 120


def test_bad_edits_are_one_line_exit_2_and_write_nothing(one: Path) -> None:
    before = task(one)
    for args, said in [
        (("9", "due:fri"), "there is no task 9"),
        (("1", "~5x"), "an estimate looks like"),
        (("1", "start:2030-02-01"), "start would be after the due date"),
        (("1", "-#home"), "it has no tag #home"),
        (("one", "x"), '"one" is not a task id'),
    ]:
        code, out, err = cli("--db", str(one), "edit", *args)
        assert (code, out) == (2, ""), args
        assert said in err and err.count("\n") == 1, args
    assert task(one) == before
    assert cli("--db", str(one), "undo")[0] == 1  # nothing was recorded either


def test_a_backslash_makes_an_edit_word_title_text() -> None:
    """`\\-due` is the title's "-due", not a clearing; `\\#work` is "#work"."""
    edit = parsed(r"Drop the \-due flag \#work \-#home -#old")
    assert (edit.title, edit.add_tags, edit.remove_tags, edit.clear) == (
        "Drop the -due flag #work -#home", (), ("old",), (),
    )  # fmt: skip
    assert parsed(r"Keep \\-due").title == r"Keep \-due"
