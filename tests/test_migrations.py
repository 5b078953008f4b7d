"""Schema migrations: backup first, all steps in one transaction, every row kept;
and the committed v1 fixture keeps opening with whatever the schema is now."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from startnow.errors import StartnowError
from startnow.services.transfer import Transfer
from startnow.store import migrations, schema
from startnow.store.db import open_store
from startnow.store.fast.insert import fast_insert
from tests.fixtures.make_v1 import ROWS, build
from tests.helpers import rows, spec

FIXTURE = Path(__file__).parent / "fixtures" / "v1.db"
NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
TABLES = tuple(ROWS)


def user_version(path: Path) -> int:
    return rows(path, "PRAGMA user_version")[0][0]


def table_rows(
    path: Path, table: str, columns: list[str] | None = None
) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        names = columns or [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def columns_of(path: Path, table: str) -> list[str]:
    return [r[1] for r in rows(path, f"PRAGMA table_info({table})")]


def add_priority(conn: sqlite3.Connection) -> None:
    """A test-only v1 -> v2 step: an additive column, as real migrations will be."""
    conn.execute("ALTER TABLE task ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")


def explode(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE task ADD COLUMN half_done INTEGER")  # undone by the rollback
    raise sqlite3.OperationalError("the step failed halfway")


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    """The committed fixture, copied: tests never touch the original."""
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    return path


@pytest.fixture
def at_v2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the code is at schema 2 with one registered step. One patch is
    enough: every module reads schema.SCHEMA_VERSION when it runs."""
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, add_priority)


def test_opening_an_old_store_backs_it_up_then_migrates_keeping_every_row(
    v1_copy: Path, at_v2: None
) -> None:
    before = {t: table_rows(v1_copy, t) for t in TABLES}
    store = open_store(v1_copy)
    store.close()
    assert user_version(v1_copy) == 2
    assert "priority" in columns_of(v1_copy, "task")
    for table in TABLES:
        old_columns = columns_of(FIXTURE, table)
        assert table_rows(v1_copy, table, old_columns) == before[table], table
    [backup] = [p for p in v1_copy.parent.iterdir() if p.name.endswith(".bak")]
    assert re.fullmatch(r"old\.db\.v1-\d{8}T\d{6}Z\.bak", backup.name)
    assert user_version(backup) == 1
    assert {t: table_rows(backup, t) for t in TABLES} == before


def test_a_failing_migration_rolls_back_and_leaves_the_file_at_v1(
    v1_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, add_priority)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, explode)
    before = {t: table_rows(v1_copy, t) for t in TABLES}
    with pytest.raises(StartnowError) as caught:
        open_store(v1_copy)
    message = str(caught.value)
    assert message.startswith(f"could not upgrade {v1_copy} from schema 1 to 3 (the step failed")
    assert "left as it was" in message and ".bak" in message and "\n" not in message
    assert user_version(v1_copy) == 1
    assert "priority" not in columns_of(v1_copy, "task")  # step 1 was rolled back too
    assert "half_done" not in columns_of(v1_copy, "task")
    assert {t: table_rows(v1_copy, t) for t in TABLES} == before


def test_a_store_upgraded_meanwhile_by_another_startnow_is_left_alone(
    v1_copy: Path, at_v2: None
) -> None:
    """Two startnows open the same old store at once: both read version 1, one
    upgrades it; the other, next to take the lock, must find it done rather
    than run the steps a second time (and fail on them)."""
    first = migrations.migrate(v1_copy, 1)
    assert first is not None and user_version(v1_copy) == 2
    assert migrations.migrate(v1_copy, 1) is None  # it read version 1 before the upgrade
    assert user_version(v1_copy) == 2
    assert [p.name for p in v1_copy.parent.iterdir() if p.name.endswith(".bak")] == [first.name]


def test_an_old_store_held_busy_is_one_error_after_the_timeout_and_no_empty_copy(
    v1_copy: Path, at_v2: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy is made while another program holds the file: it must give up after
    the busy timeout (the backup API would retry for ever) and leave no empty .bak."""
    monkeypatch.setenv("STARTNOW_BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(v1_copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            migrations.migrate(v1_copy, 1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [p.name for p in v1_copy.parent.iterdir() if p.name.endswith(".bak")] == []
    assert user_version(v1_copy) == 1


def test_quick_add_leaves_an_old_store_to_the_full_path(v1_copy: Path, at_v2: None) -> None:
    assert fast_insert(v1_copy, [spec("x")], NOW) is None
    assert user_version(v1_copy) == 1


def test_a_store_newer_than_the_code_is_refused_and_untouched(v1_copy: Path) -> None:
    conn = sqlite3.connect(v1_copy)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = v1_copy.read_bytes()
    with pytest.raises(StartnowError, match="newer startnow"):
        open_store(v1_copy)
    assert v1_copy.read_bytes() == before


def test_migrate_needs_a_step_for_every_version(v1_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.delitem(migrations.MIGRATIONS, 1, raising=False)
    with pytest.raises(RuntimeError, match="no migration from schema 1"):
        migrations.migrate(v1_copy, 1)
    assert user_version(v1_copy) == 1


# ---------------------------------------------------------------- the v1 fixture


def test_the_current_code_opens_the_v1_fixture_and_keeps_every_row(v1_copy: Path) -> None:
    store = open_store(v1_copy)
    snapshot = Transfer(store, lambda: NOW).snapshot()  # every model reads the old file
    store.close()
    assert [t.title for t in snapshot.tasks] == [row[1] for row in ROWS["task"]]
    assert sum(len(t.sessions) for t in snapshot.tasks) == len(ROWS["focus_session"])
    assert len(snapshot.commitments) == len(ROWS["commitment"])
    assert user_version(v1_copy) == schema.SCHEMA_VERSION
    for table, expected in ROWS.items():
        old_columns = columns_of(FIXTURE, table)
        assert table_rows(v1_copy, table, old_columns) == [tuple(r) for r in expected], table


def test_the_committed_fixture_is_what_its_script_makes(tmp_path: Path) -> None:
    rebuilt = build(tmp_path / "v1.db")
    assert rebuilt.read_bytes() == FIXTURE.read_bytes(), "run: python tests/fixtures/make_v1.py"


def normalized_schema(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {(name, " ".join(sql.replace(",", " , ").split())) for name, sql in found}
    finally:
        conn.close()


def test_a_migrated_v1_store_has_exactly_the_schema_a_new_store_has(
    v1_copy: Path, tmp_path: Path
) -> None:
    """The real steps (not a test step): the fixture, upgraded, equals what the
    models create today, index for index."""
    open_store(v1_copy).close()
    fresh = tmp_path / "fresh.db"
    open_store(fresh).close()
    assert user_version(v1_copy) == user_version(fresh) == schema.SCHEMA_VERSION
    assert normalized_schema(v1_copy) == normalized_schema(fresh)
    assert "ix_focus_session_nudge_outcome" in {name for name, _ in normalized_schema(fresh)}


def test_schema_4_marks_which_older_blockers_were_chosen(v1_copy: Path) -> None:
    """Before schema 4 the question opened on overwhelm: an older "overwhelm"
    may be three Enters, so it stays not known (NULL); any other blocker took
    moving the highlight, so it was chosen. No blocker: nothing to say."""
    open_store(v1_copy).close()
    found = rows(v1_copy, "SELECT id, blocker, blocker_chosen FROM focus_session ORDER BY id")
    assert [tuple(r) for r in found] == [
        (1, "overwhelm", None), (2, "perfectionism", 1), (3, None, None), (4, "fear", 1)
    ]  # fmt: skip
    from startnow.store.fast.review import OUTCOME_GROUPS

    plan = rows(v1_copy, f"EXPLAIN QUERY PLAN {OUTCOME_GROUPS}")
    assert any("COVERING INDEX ix_focus_session_nudge_outcome" in r[3] for r in plan)


def test_schema_5_makes_every_older_task_a_one_off_and_guards_one_open_per_series(
    v1_copy: Path,
) -> None:
    """From schema 4: the tasks keep every value and gain no rule or series;
    the store itself then refuses a second open instance of one series."""
    migrations.migrate(v1_copy, 1, 4)
    before = table_rows(v1_copy, "task")
    open_store(v1_copy).close()
    assert user_version(v1_copy) == schema.SCHEMA_VERSION
    after = table_rows(v1_copy, "task", [*columns_of(v1_copy, "task")][: len(before[0])])
    assert after == before
    assert {r[0] for r in rows(v1_copy, "SELECT DISTINCT recurrence IS NULL AND series_id "
                                       "IS NULL AND anchor IS NULL FROM task")} == {1}
    conn = sqlite3.connect(v1_copy)
    try:
        insert = "INSERT INTO task (title, notes, created_at, tags, status, source, series_id) "
        conn.execute(insert + "VALUES ('a', '', 0, '', 'open', '', 7)")
        conn.execute(insert + "VALUES ('b', '', 0, '', 'done', '', 7)")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(insert + "VALUES ('c', '', 0, '', 'open', '', 7)")
    finally:
        conn.close()


def test_schema_6_counts_the_day_so_far_from_an_index(v1_copy: Path) -> None:
    """The tasks done since midnight are found through the closed tasks' partial
    index, never by reading every task (the status index would read them all)."""
    from startnow.store.fast.reads import DAY_SO_FAR

    open_store(v1_copy).close()
    assert user_version(v1_copy) == schema.SCHEMA_VERSION >= 6
    plan = rows(v1_copy, f"EXPLAIN QUERY PLAN {DAY_SO_FAR}", 0)
    assert any("USING INDEX ix_task_closed_at" in r[3] for r in plan)
    assert not any("SCAN task" in r[3] for r in plan)


def test_schema_7_leaves_how_older_nudges_were_chosen_not_known(v1_copy: Path) -> None:
    """Older sessions gain the four columns of how their nudge was chosen, all
    NULL: not known, so they count for neither side of the check against chance
    and never as a quick start; every other value stays as it was."""
    migrations.migrate(v1_copy, 1, 6)
    before = table_rows(v1_copy, "focus_session")
    open_store(v1_copy).close()
    added = ["nudge_shown_at", "chosen_at_random", "choice_per_million", "random_per_million"]
    assert set(added) <= set(columns_of(v1_copy, "focus_session"))
    kept = columns_of(v1_copy, "focus_session")[: len(before[0])]
    assert table_rows(v1_copy, "focus_session", kept) == before
    assert {tuple(r) for r in rows(v1_copy, f"SELECT {', '.join(added)} FROM focus_session")} == {
        (None, None, None, None)
    }
