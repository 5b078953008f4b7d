"""The store: a real SQLite file, set up the same way on every connection, and
never written to when it is not ours."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlmodel import select

from startnow.errors import StartnowError
from startnow.store import tables
from startnow.store.db import open_store
from startnow.store.fast.insert import fast_insert
from startnow.store.models import Chunk, Task
from startnow.store.schema import APPLICATION_ID, SCHEMA_VERSION

NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_store_is_wal_with_foreign_keys_and_a_schema_version(db_path: Path) -> None:
    store = open_store(db_path)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    store.close()


def test_instants_are_stored_as_utc_seconds_and_read_back_aware(db_path: Path) -> None:
    store = open_store(db_path)
    with store.session() as session:
        session.add(Task(title="x", created_at=NOW))
    raw = sqlite3.connect(db_path).execute("SELECT created_at FROM task").fetchone()[0]
    assert raw == int(NOW.timestamp())
    with store.session() as session:
        task = session.exec(select(Task)).one()
        assert task.created_at == NOW and task.created_at.tzinfo is not None
    store.close()


def test_a_naive_datetime_is_refused(db_path: Path) -> None:
    store = open_store(db_path)
    with pytest.raises(Exception, match="naive"), store.session() as session:
        session.add(Task(title="x", created_at=datetime(2026, 11, 23, 9)))
    store.close()


def test_a_task_first_start_is_never_overwritten(services, clock) -> None:  # type: ignore[no-untyped-def]
    task = services.tasks.add(
        SimpleNamespace(
            title="Write the report",
            estimate=None,
            planned_start=None,
            due=None,
            tags=(),
            chunks=(),
        )
    )
    first = services.focus.start(task.id, None, 5)
    services.focus.finish(first.id, "completed")
    clock.advance(hours=3)
    second = services.focus.start(task.id, None, 5)
    assert services.tasks.get(task.id).first_started_at == first.started_at
    assert second.started_at == first.started_at + timedelta(hours=3)


def test_deleting_a_task_removes_its_chunks(db_path: Path) -> None:
    store = open_store(db_path)
    with store.session() as session:
        task = Task(title="x", created_at=NOW)
        session.add(task)
        session.flush()
        session.add(Chunk(task_id=task.id, position=0, title="a", created_at=NOW))
    with store.session() as session:
        session.delete(session.exec(select(Task)).one())
    with store.session() as session:
        assert session.exec(select(Chunk)).all() == []
    store.close()


@pytest.mark.parametrize(
    "content",
    [b"just some notes, not a database\n", b"SQLite format 3\x00" + b"\x00" * 84 + b"junk" * 50],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(StartnowError, match="not a startnow database|damaged"):
        open_store(path)
    assert digest(path) == before


def test_a_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StartnowError, match="not startnow's"):
        open_store(path)
    assert digest(path) == before


def test_a_database_from_a_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(StartnowError, match="newer startnow"):
        open_store(db_path)
    assert digest(db_path) == before


def test_a_missing_directory_is_an_error_unless_it_is_the_default(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "x.db"
    with pytest.raises(StartnowError, match="does not exist"):
        open_store(path)
    open_store(path, create_dir=True).close()
    assert path.exists()


def test_a_read_only_file_is_refused_and_left_untouched(db_path: Path) -> None:
    open_store(db_path).close()
    before = digest(db_path)
    os.chmod(db_path, 0o444)
    try:
        with pytest.raises(StartnowError, match="read-only"):
            open_store(db_path)
        assert fast_insert(db_path, [], NOW) is None
    finally:
        os.chmod(db_path, 0o644)
    assert digest(db_path) == before


def test_a_read_only_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    os.chmod(directory, 0o555)
    try:
        with pytest.raises(StartnowError, match="read-only"):
            open_store(directory / "x.db")
    finally:
        os.chmod(directory, 0o755)


def test_the_models_columns_are_the_declared_columns_in_order() -> None:
    for model, table in ((Task, tables.TASK), (Chunk, tables.STEP)):
        assert [c.name for c in model.__table__.columns] == ["id", *table.names]


def test_what_the_fast_path_writes_is_what_the_models_read(db_path: Path) -> None:
    open_store(db_path).close()
    spec = SimpleNamespace(
        title="Write Q3 report",
        estimate=120,
        planned_start=NOW + timedelta(days=1),
        due=NOW + timedelta(days=4),
        tags=("work", "Q3"),
        chunks=(
            SimpleNamespace(title="outline", estimate=5),
            SimpleNamespace(title="first paragraph", estimate=None),
        ),
    )
    [task_id] = fast_insert(db_path, [spec], NOW) or []
    store = open_store(db_path)
    with store.session() as session:
        task = session.get(Task, task_id)
        chunks = session.exec(select(Chunk).order_by(Chunk.position)).all()
    store.close()
    assert task is not None
    assert (task.title, task.estimate, task.tags, task.status, task.notes, task.source) == (
        "Write Q3 report",
        120,
        "work q3",
        "open",
        "",
        "",
    )
    assert task.created_at == NOW
    assert task.planned_start == NOW + timedelta(days=1)
    assert task.due == NOW + timedelta(days=4)
    assert task.first_started_at is None and task.closed_at is None and task.self_due is None
    assert [(c.position, c.title, c.estimate, c.created_at, c.done_at) for c in chunks] == [
        (0, "outline", 5, NOW, None),
        (1, "first paragraph", None, NOW, None),
    ]


def test_fast_path_steps_aside_for_a_missing_or_older_database(db_path: Path) -> None:
    assert fast_insert(db_path, [], NOW) is None  # no file yet: the full path creates it
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    assert fast_insert(db_path, [], NOW) is None
