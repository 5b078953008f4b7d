"""A heavy user's store, for benchmarks: years of history, fast.

    python -m bench.make_heavy OUT.db [--years 5] [--tasks 20000] [--seed 7]

By default five years ending now: about 20,000 tasks, 100,000 steps, 200,000
focus sessions, a few thousand nudge swaps and a commitment a week. The schema
comes from the product's own open_store (so it is the models'); the rows are
the simulator's (startnow.demo.simulate, a scaled-up user) inserted with
stdlib sqlite3 executemany in one transaction, instants as whole Unix seconds
exactly as store/models.py's UTCSeconds writes them.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from operator import attrgetter
from pathlib import Path
from typing import Any

# Columns the simulator does not fill, and what the app would have written there.
COLUMN_DEFAULTS: dict[str, Any] = {"notes": "", "source": "", "paused_seconds": 0}


def column_names(model: type) -> list[str]:
    return [column.name for column in model.__table__.columns]  # type: ignore[attr-defined]


def row_maker(model: type, fields: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """Simulated row -> a tuple in the table's column order: datetimes to whole Unix
    seconds (UTCSeconds), booleans to 0/1, columns the simulator lacks to their default."""
    from startnow.store.models import UTCSeconds

    columns = model.__table__.columns  # type: ignore[attr-defined]
    present = [c.name for c in columns if c.name in fields]
    get = attrgetter(*present)
    instants = {i for i, c in enumerate(columns) if isinstance(c.type, UTCSeconds)}
    plan = [(c.name in fields, COLUMN_DEFAULTS.get(c.name)) for c in columns]

    def make(item: Any) -> tuple[Any, ...]:
        values = get(item)
        values = values if isinstance(values, tuple) else (values,)
        taken = iter(values)
        row = [next(taken) if has else default for has, default in plan]
        for index in instants:
            value = row[index]
            if value is not None:
                row[index] = int(value.timestamp() // 1)
        return tuple(row)

    return make


def insert_sql(model: type) -> str:
    names = column_names(model)
    table = model.__tablename__  # type: ignore[attr-defined]
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def rows_of(model: type, items: Sequence[Any]) -> Iterable[tuple[Any, ...]]:
    if not items:
        return ()
    make = row_maker(model, type(items[0]).__slots__)
    return map(make, items)


def make_heavy(
    out: Path,
    *,
    years: float = 5.0,
    tasks: int = 20_000,
    seed: int = 7,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """Write the store; returns counts, seconds per phase and the file's size."""
    from startnow.clock import local_zone
    from startnow.demo.simulate import simulate
    from startnow.demo.user import heavy_profile
    from startnow.demo.writer import TABLES
    from startnow.store.db import open_store

    began = time.perf_counter()
    history = simulate(
        now or datetime.now(UTC), tz or local_zone(), seed, heavy_profile(tasks, years)
    )
    simulated = time.perf_counter()
    open_store(out).close()  # the schema, exactly as the app creates it
    conn = sqlite3.connect(out)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # per connection: a bulk load, then a checkpoint
        with conn:
            for model, name in TABLES:
                conn.executemany(insert_sql(model), rows_of(model, getattr(history, name)))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    written = time.perf_counter()
    return {
        "counts": history.counts(),
        "simulate_s": simulated - began,
        "write_s": written - simulated,
        "total_s": written - began,
        "bytes": out.stat().st_size,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.make_heavy",
        description="Write a heavy user's startnow store (years of history) for benchmarks.",
    )
    parser.add_argument("out", type=Path, metavar="OUT.db", help="the store to write (new file)")
    parser.add_argument("--years", type=float, default=5.0, help="years of history (default 5)")
    parser.add_argument("--tasks", type=int, default=20_000, help="about this many tasks")
    parser.add_argument("--seed", type=int, default=7, help="which made-up user (default 7)")
    parser.add_argument("--force", action="store_true", help="replace OUT.db if it exists")
    args = parser.parse_args(argv)
    out: Path = args.out
    if args.tasks < 1 or args.years <= 0:
        parser.error("--tasks and --years must be positive")
    if out.exists():
        if not args.force:
            print(f"make_heavy: {out} exists (use --force to replace it)", file=sys.stderr)
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
    result = make_heavy(out, years=args.years, tasks=args.tasks, seed=args.seed)
    counts = ", ".join(f"{n:,} {name}" for name, n in result["counts"].items())
    print(f"{out}: {counts}")
    print(
        f"simulated in {result['simulate_s']:.1f} s, written in {result['write_s']:.1f} s, "
        f"total {result['total_s']:.1f} s; {result['bytes'] / 1e6:.1f} MB on disk"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
