"""Writing simulated history into a store: the demo's weeks of made-up use.

Only ever into a new or empty store: a real one must never be mixed with
made-up rows, so anything holding tasks is refused before it is touched (read
without migrating, so a refused file stays byte for byte as it was).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from startnow.demo.rows import History
from startnow.demo.simulate import DEFAULT_SEED, simulate
from startnow.demo.user import DEMO, Profile
from startnow.domain.model import TaskStatus
from startnow.errors import StartnowError
from startnow.store.db import Store, open_store
from startnow.store.models import Chunk, Commitment, FocusSession, NudgeSwap, Task

# Each table with the simulated rows that go into it, in foreign-key order.
TABLES: tuple[tuple[type, str], ...] = (
    (Task, "tasks"),
    (Chunk, "chunks"),
    (FocusSession, "sessions"),
    (NudgeSwap, "swaps"),
    (Commitment, "commitments"),
)


@dataclass(frozen=True)
class HistorySummary:
    path: Path
    weeks: int
    counts: dict[str, int]  # tasks, chunks, sessions, swaps, commitments
    open_tasks: int
    still_waiting: int  # open and never started
    missed: int
    seconds: float  # simulating and writing

    def line(self) -> str:
        c = self.counts
        return (
            f"{c['tasks']} tasks ({self.open_tasks} open, {self.still_waiting} never started, "
            f"{self.missed} missed starts), {c['chunks']} steps, {c['sessions']} focus sessions, "
            f"{c['swaps']} nudge swaps, {c['commitments']} commitments over {self.weeks} weeks"
        )


# What counts as "already in use": any task, commitment or nudge feedback.
HELD_QUERY = (
    "SELECT (SELECT count(*) FROM task), "
    "(SELECT count(*) FROM commitment) + (SELECT count(*) FROM nudge_swap)"
)


def held_in_file(path: Path) -> tuple[int, int]:
    """(tasks, other rows) a database file holds, read-only and without migrating it.

    (0, 0) for a missing file, or one that is not a startnow store (opening it
    will then say what is wrong, without writing to it).
    """
    if not path.exists():
        return 0, 0
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0, 0
    try:
        tasks, others = conn.execute(HELD_QUERY).fetchone()
        return int(tasks), int(others)
    except sqlite3.Error:
        return 0, 0
    finally:
        conn.close()


def refuse_if_used(path: Path, held: tuple[int, int]) -> None:
    tasks, others = held
    if tasks or others:
        what = f"{tasks} task{'s' if tasks != 1 else ''}" if tasks else f"{others} other rows"
        raise StartnowError(
            f"{path} already holds data ({what}): the demo only fills a new or empty store "
            "(give --db a new file name)"
        )


def history_rows(history: History) -> dict[str, list[dict[str, Any]]]:
    """The simulated rows as column -> value mappings (the field names are the columns)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for _model, name in TABLES:
        items = getattr(history, name)
        fields = type(items[0]).__slots__ if items else ()
        rows[name] = [{f: getattr(item, f) for f in fields} for item in items]
    return rows


def write_history(
    store_or_path: Store | Path | str,
    now: datetime,
    tz: tzinfo,
    seed: int = DEFAULT_SEED,
    profile: Profile = DEMO,
) -> HistorySummary:
    """Simulate `profile.weeks` weeks up to `now` and insert them in one transaction.

    Raises StartnowError if the store already holds tasks (nothing is written).
    """
    started = time.perf_counter()
    if isinstance(store_or_path, Store):
        store, own = store_or_path, False
    else:
        path = Path(store_or_path).expanduser()
        refuse_if_used(path, held_in_file(path))
        store, own = open_store(path), True
    try:
        history = simulate(now, tz, seed, profile)
        rows = history_rows(history)
        with store.engine.begin() as conn:
            held = conn.exec_driver_sql(HELD_QUERY).one()
            refuse_if_used(store.path, (int(held[0]), int(held[1])))
            for model, name in TABLES:
                if rows[name]:
                    conn.execute(insert(model), rows[name])
    finally:
        if own:
            store.close()
    open_tasks = sum(1 for t in history.tasks if t.status == TaskStatus.OPEN)
    return HistorySummary(
        path=store.path,
        weeks=profile.weeks,
        counts=history.counts(),
        open_tasks=open_tasks,
        still_waiting=len(history.open_unstarted()),
        missed=len(history.missed()),
        seconds=time.perf_counter() - started,
    )
