"""The global identity sync rests on: every row of every table gets a uid, by
the store itself, on a new store, a migrated one and every way of writing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from startnow.store import identity, migrations, schema, tables
from startnow.store.db import open_store
from tests.helpers import cli, rows

FIXTURE = Path(__file__).parent / "fixtures" / "v1.db"


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            t.name: conn.execute(f"SELECT {t.select_list()} FROM {t.name} ORDER BY id").fetchall()
            for t in tables.TABLES
        }
    finally:
        conn.close()


def test_a_store_on_the_previous_schema_is_backed_up_and_keeps_every_row_with_a_uid(
    tmp_path: Path,
) -> None:
    store = tmp_path / "old.db"
    shutil.copy(FIXTURE, store)
    migrations.migrate(store, 1, schema.SCHEMA_VERSION - 1)
    for backup in tmp_path.glob("*.bak"):
        backup.unlink()
    before = every_row(store)
    assert sum(map(len, before.values())) > 5
    open_store(store).close()
    assert every_row(store) == before
    backups = list(tmp_path.glob(f"old.db.v{schema.SCHEMA_VERSION - 1}-*.bak"))
    assert len(backups) == 1 and every_row(backups[0]) == before
    for table in tables.TABLES:
        uids = [r[0] for r in rows(store, f"SELECT {identity.UID} FROM {table.name}")]
        assert all(isinstance(u, str) and len(u) == 32 for u in uids), table.name
        assert len(set(uids)) == len(uids)


def test_every_way_of_writing_gets_a_new_uid_and_the_store_refuses_a_repeated_one(
    tmp_path: Path,
) -> None:
    db = tmp_path / "s.db"
    assert cli("--db", str(db), "add", "Water the plants every:day")[0] == 0  # the fast path
    assert cli("--db", str(db), "done", "1")[0] == 0  # the rollover copies the row
    found = rows(db, "SELECT id, uid FROM task ORDER BY id")
    assert len(found) == 2 and found[0]["uid"] != found[1]["uid"]
    assert all(r["uid"] for r in found)
    conn = sqlite3.connect(db)
    try:
        conn.execute("UPDATE task SET uid = ? WHERE id = 2", (found[0]["uid"],))
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a repeated uid was accepted")
    finally:
        conn.close()
