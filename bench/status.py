"""`startnow status`, whole process: what a status bar pays every second.

Every figure is the wall time of one complete process (interpreter start,
imports, the read-only reads, the line, exit), as tmux's `#()` or waybar's
`exec` would see it. Cases, measured in the same invocation and interleaved
(each round runs every case once, starting one case later than the round
before):

- `python -c pass` with the same interpreter: the floor no Python CLI beats;
  and `python -c 'import re, sys'`, what pip's console-script wrapper
  (`bin/startnow`) imports before any startnow code runs.
- `startnow status` on a store of 30 realistic open tasks (the next thing), and
  with a focus session running; `--format json` and `--format waybar` too.
- `task +ACTIVE count` (Taskwarrior, "is anything running?") on 30 pending
  tasks, when `task` is installed; the column is skipped otherwise.
- `python -c 'import sqlite3'`: what any Python process that reads SQLite
  pays before its first query (sqlite3 brings datetime and collections.abc).
- `status --follow`, one check: what a follower (one process a bar keeps
  running) spends each second, timed in this process (the same code, with the
  process already started), on the running store.

Goal: `startnow status` within 1.5x the floor.

    python -m bench.status [--runs 31] [--warmup 3] [--importtime] [--json PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._common import (
    TASK_LINES,
    child_env,
    describe_install,
    import_costs,
    iqr,
    machine,
    median,
    startnow_script,
    table,
    title_of,
    warn_if_not_venv,
    yes_no,
)

RATIO_TARGET = 1.5  # startnow status <= 1.5x python -c pass


@dataclass
class Case:
    id: str  # floor, idle, running, json, waybar, task
    label: str
    argv: list[str]
    ref: str | None = "floor"
    times: list[float] = field(default_factory=list)


def run_checked(argv: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None) -> str:
    result = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, cwd=cwd)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def setup_stores(work: Path, env: dict[str, str]) -> tuple[Path, Path]:
    """Two stores of the 30 tasks: one idle, one with a session running since a
    minute ago (written as the app writes it: the row, and the task's first start)."""
    script = str(startnow_script())
    idle = work / "idle.db"
    run_checked([script, "--db", str(idle), "add", "-"], env, work, "\n".join(TASK_LINES) + "\n")
    with contextlib.closing(sqlite3.connect(idle)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    running = work / "running.db"
    shutil.copyfile(idle, running)
    start = int(time.time()) - 60
    with contextlib.closing(sqlite3.connect(running)) as conn:
        conn.execute(
            "INSERT INTO focus_session (task_id, kind, started_at, planned_minutes, paused_seconds)"
            " VALUES (1, 'focus', ?, 25, 0)",
            (start,),
        )
        conn.execute("UPDATE task SET first_started_at = ? WHERE id = 1", (start,))
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return idle, running


def setup_taskwarrior(work: Path, env: dict[str, str]) -> Path:
    """A TASKRC and data.location with the same 30 tasks pending, one of them started."""
    root = work / "task"
    data = root / "data"
    data.mkdir(parents=True)
    taskrc = root / "taskrc"
    taskrc.write_text(f"data.location={data}\n")
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = "%Y%m%dT%H%M%SZ"
    records = []
    for i, line in enumerate(TASK_LINES):
        record = {
            "uuid": str(uuid.uuid4()),
            "description": title_of(line),
            "status": "pending",
            "entry": (now - timedelta(minutes=60 - i)).strftime(stamp),
        }
        if i == 0:
            record["start"] = (now - timedelta(minutes=1)).strftime(stamp)
        records.append(json.dumps(record))
    source = root / "import.json"
    source.write_text("\n".join(records) + "\n")
    env = {**env, "TASKRC": str(taskrc)}
    run_checked(["task", "rc.confirmation=off", "rc.verbose=nothing", "import", str(source)],
                env, work)  # fmt: skip
    return taskrc


def build_cases(work: Path, env: dict[str, str], with_task: bool) -> list[Case]:
    script = str(startnow_script())
    idle, running = setup_stores(work, env)
    cases = [
        Case("floor", "python -c pass", [sys.executable, "-c", "pass"], ref=None),
        # pip's console-script wrapper imports re (and sys) before any startnow code.
        Case("wrapper", "python -c 'import re, sys'", [sys.executable, "-c", "import re, sys"]),
        Case("sqlite", "python -c 'import sqlite3'", [sys.executable, "-c", "import sqlite3"]),
        Case("idle", "startnow status (next thing)", [script, "--db", str(idle), "status"]),
        Case("running", "startnow status (timer running)",
             [script, "--db", str(running), "status"]),
        Case("json", "startnow status --format json",
             [script, "--db", str(running), "status", "--format", "json"]),
        Case("waybar", "startnow status --format waybar",
             [script, "--db", str(running), "status", "--format", "waybar"]),
    ]  # fmt: skip
    if with_task:
        taskrc = setup_taskwarrior(work, env)
        argv = ["task", f"rc:{taskrc}", "rc.verbose=nothing", "rc.gc=off", "+ACTIVE", "count"]
        cases.append(Case("task", "task +ACTIVE count (Taskwarrior)", argv))
    return cases


def timed(case: Case, env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(case.argv, env=env, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {case.label} failed ({result.returncode}):\n{result.stderr.decode()}")
    return elapsed * 1000


def measure(cases: list[Case], env: dict[str, str], cwd: Path, runs: int, warmup: int) -> None:
    for case in cases:
        for _ in range(warmup):
            timed(case, env, cwd)
    for round_ in range(runs):
        for i in range(len(cases)):
            case = cases[(i + round_) % len(cases)]
            case.times.append(timed(case, env, cwd))


def follower_check(running: Case, env: dict[str, str], cwd: Path, runs: int) -> str:
    """One check of `status --follow`, in a process that has already started (the
    installed startnow's, so the same code): the median of `runs` checks."""
    db = running.argv[running.argv.index("--db") + 1]
    code = (
        "import statistics, sys, time\n"
        "from startnow.clock import system_clock\n"
        "from startnow.commands.status import status_line\n"
        f"status_line({db!r}, False, 'text', system_clock())\n"
        "times = []\n"
        f"for _ in range({runs}):\n"
        "    start = time.perf_counter()\n"
        f"    status_line({db!r}, False, 'text', system_clock())\n"
        "    times.append((time.perf_counter() - start) * 1000)\n"
        "print(f'{statistics.median(times):.2f}')\n"
    )
    per_check = run_checked([sys.executable, "-c", code], env, cwd).strip()
    return (f"status --follow, one check (timer running, in a started process): "
            f"{per_check} ms a second")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.status", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=31, help="measured runs per case")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured runs per case first")
    parser.add_argument("--importtime", action="store_true",
                        help="also print the biggest imports of startnow status")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    warn_if_not_venv()
    with_task = shutil.which("task") is not None
    with tempfile.TemporaryDirectory(prefix="startnow-bench-status-") as tmp:
        work = Path(tmp)
        env = child_env(STARTNOW_CONFIG=str(work / "config.toml"))
        print(describe_install(work))
        print(machine())
        cases = build_cases(work, env, with_task)
        print(f"{args.runs} runs a case, {args.warmup} warm-up, interleaved"
              + ("" if with_task else "; Taskwarrior not installed: its case skipped"))  # fmt: skip
        measure(cases, env, work, args.runs, args.warmup)
        floor = median(next(c for c in cases if c.id == "floor").times)
        rows = []
        for case in cases:
            mid = median(case.times)
            ratio = "" if case.ref is None else f"{mid / floor:.2f}x"
            rows.append((case.label, f"{mid:.1f} ms", f"{iqr(case.times):.1f} ms", ratio))
        print(table(("case", "median", "IQR", "vs floor"), rows))
        status_ratio = median(next(c for c in cases if c.id == "idle").times) / floor
        verdict = yes_no(status_ratio <= RATIO_TARGET)
        print(f"startnow status <= {RATIO_TARGET}x python -c pass: {verdict} ({status_ratio:.2f}x)")
        wrapper = median(next(c for c in cases if c.id == "wrapper").times)
        own = median(next(c for c in cases if c.id == "idle").times) - wrapper
        print(f"startnow's own share (status minus the wrapper's imports): {own:.1f} ms")
        print(follower_check(next(c for c in cases if c.id == "running"), env, work, args.runs))
        if args.importtime:
            idle = next(c for c in cases if c.id == "idle")
            code = (
                "import sys\nfrom startnow.cli import run\n"
                f"sys.argv = ['startnow', *{idle.argv[1:]!r}]\nrun()"
            )
            print("where the time goes (startnow status):")
            print(import_costs(["-c", code], env, work, min_ms=0.5))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({c.id: c.times for c in cases}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
