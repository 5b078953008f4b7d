"""Rough edges a first-time user found: each is one clear line, never junk or a traceback."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from startnow.cli import main
from tests.helpers import rows
from tests.test_review_app import W47, history
from tests.test_tui_loop import SIZE, make_app, screen_text


def test_text_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    done = subprocess.run(
        [sys.executable, "-m", "startnow", "--db", str(db), "add", "-"],
        input=b"fine task\nx\xff\xfey\n", capture_output=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "startnow: line 2: not UTF-8 text (a bad byte at character 2; nothing was added)\n"
    )
    assert not db.exists() or rows(db, "SELECT COUNT(*) FROM task")[0][0] == 0


def test_an_empty_db_path_is_an_error_not_the_default_store(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", "", "list"]) == 2
    assert capsys.readouterr().err == "startnow: --db needs a file name (it was empty)\n"


@pytest.mark.parametrize("command", [["add", "x"], ["list"], ["review"]])
def test_an_empty_startnow_db_is_an_error_not_the_default_store(  # type: ignore[no-untyped-def]
    capsys, monkeypatch, command: list[str]
) -> None:
    monkeypatch.setenv("STARTNOW_DB", "")
    assert main(command) == 2
    assert capsys.readouterr().err == (
        "startnow: $STARTNOW_DB is set but empty: name a file, or unset it\n"
    )


def test_a_date_in_another_year_shows_its_year(db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "add", "Renew passport due:2031-03-04"]) == 0
    assert "due Tue 4 Mar 2031" in capsys.readouterr().out


def test_the_csv_export_is_not_read_back_as_todotxt(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db_path), "add", "Water the plants"]) == 0
    csv_file = tmp_path / "tasks.csv"
    assert main(["--db", str(db_path), "export", "--format", "csv", "--output", str(csv_file)]) == 0
    capsys.readouterr()
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "import", str(csv_file)]) == 2
    err = capsys.readouterr().err
    assert "CSV export" in err and "JSON export" in err and err.count("\n") == 1
    assert not other.exists() or rows(other, "SELECT COUNT(*) FROM task")[0][0] == 0


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


@pytest.mark.parametrize("command", [[], ["tui"], ["demo"]])
def test_the_coach_without_a_terminal_is_one_line_not_a_wait(
    db_path: Path, command: list[str]
) -> None:
    assert main(["--db", str(db_path), "add", "Water the plants"]) == 0
    args = ["--db", str(db_path), *command] if command != ["demo"] else ["demo"]
    done = subprocess.run(
        [sys.executable, "-m", "startnow", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("startnow: the coach needs a terminal")
    assert len(done.stderr.splitlines()) == 1


CET = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    "value, text",
    [
        (datetime(1, 1, 1, 23, 59, tzinfo=UTC), "0001-01-01T23:59:00Z"),
        (datetime(2026, 11, 30, 17, 8, 9, 999_999, tzinfo=UTC), "2026-11-30T17:08:09Z"),
        (
            datetime(2026, 11, 30, 18, 8, tzinfo=timezone(timedelta(hours=1))),
            "2026-11-30T17:08:00Z",
        ),
    ],
)
def test_instants_in_json_are_always_iso_8601(value: datetime, text: str) -> None:
    from startnow.domain.describe import iso_instant

    assert iso_instant(value) == text
    assert datetime.fromisoformat(text) == value.replace(microsecond=0)
