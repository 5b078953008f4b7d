"""Machines for the sync tests: each a real store of its own and a clock,
all sharing one folder, edited through the command line and the services."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from startnow.clock import ManualClock
from startnow.services.all_services import Services
from startnow.services.sync import SyncSummary, sync
from startnow.store import tables
from tests.helpers import MORNING, cli

ID_COLUMNS = {"chunk_id": "chunk", "recovery_id": "recovery"}
LISTS = {"chunks": "chunk", "sessions": "focus_session", "recoveries": "recovery"}


class Machine:
    def __init__(self, root: Path, name: str, folder: Path, skew: timedelta = timedelta()) -> None:
        self.name = name
        self.db = root / name / "startnow.db"
        self.db.parent.mkdir(parents=True)
        self.folder = folder
        self.clock = ManualClock(MORNING + skew)

    def run(self, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
        """A command on this machine, at its own clock."""
        monkeypatch.setenv("STARTNOW_NOW", self.clock().isoformat())
        return cli("--db", str(self.db), *args)

    def services(self) -> Services:
        return Services.open(self.db, clock=self.clock, rng=random.Random(3))

    def sync(self) -> SyncSummary:
        return sync(self.db, self.folder, self.clock)

    def id_of(self, title: str) -> int:
        found = self.query("SELECT id FROM task WHERE title = ? ORDER BY id", title)
        assert found, f"{self.name} has no task {title!r}"
        return int(found[0][0])

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if not self.db.exists():
            return []  # (sqlite3.connect would make an empty file of it)
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def session_uids(self) -> set[str]:
        return {r[0] for r in self.query("SELECT uid FROM focus_session")}

    def export_by_uid(self, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
        """`startnow export`, with every local id replaced by the row's uid and
        every list in uid order: local ids are this machine's own numbers."""
        code, out, err = self.run(monkeypatch, "export")
        assert code == 0, err
        data = json.loads(out)
        data.pop("exported_at")
        uids = {t.name: dict(self.query(f"SELECT id, uid FROM {t.name}")) for t in tables.TABLES}

        def by_uid(record: dict[str, Any], table: str) -> dict[str, Any]:
            record = dict(record)
            if "id" in record:
                record["id"] = uids[table][record["id"]]
            if record.get("series_id") is not None:
                record["series_id"] = uids["task"][record["series_id"]]
            for column, other in ID_COLUMNS.items():
                if record.get(column) is not None:
                    record[column] = uids[other][record[column]]
            for key, other in LISTS.items():
                if key in record:
                    record[key] = sorted(
                        (by_uid(r, other) for r in record[key]),
                        key=lambda r: json.dumps(r, sort_keys=True),
                    )
            return record

        data["tasks"] = sorted((by_uid(t, "task") for t in data["tasks"]), key=lambda t: t["id"])
        data["commitments"] = sorted(
            (by_uid(c, "commitment") for c in data["commitments"]), key=lambda c: c["week"]
        )
        data["nudge_swaps"] = sorted(
            (by_uid(s, "nudge_swap") for s in data["nudge_swaps"]),
            key=lambda s: json.dumps(s, sort_keys=True),
        )
        return data


def at(hour: int, minute: int = 0) -> datetime:
    return MORNING.replace(hour=hour, minute=minute)
