"""done, drop, edit, undo and show, whole process, beside `startnow add`.

Every figure is the wall time of one complete process (interpreter start,
imports, the arguments, the transaction, exit) as a shell would see it, on a
store of 10 realistic tasks. Before each run the store (and, for undo, its
undo record) is put back from a pristine copy, untimed, so every run does the
same work. Rounds are interleaved: each runs every case once, starting one
case later than the round before.

Goal: each command within 1.25x the median of the add it is compared with:
`add "Buy milk"`, or `add "Call mum start:tomorrow 9am"` where the command
prints a date (both look up the local zone). They do what add does, one
checked transaction, plus a read or two; show reads steps and sessions too.

    python -m bench.commands [--runs 21] [--warmup 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import (
    TASK_LINES,
    child_env,
    describe_install,
    machine,
    median,
    startnow_script,
    table,
    warn_if_not_venv,
    yes_no,
)

RATIO_TARGET = 1.25
UNDO_SUFFIX = ".undo.json"  # services/undo_journal.py: beside the store, named after it


def run_checked(argv: list[str], env: dict[str, str], stdin: str | None = None) -> None:
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")


def restore(pristine: Path, work: Path) -> None:
    """The store and its side files as they were (an undo record only if the copy has one)."""
    shutil.copyfile(pristine, work)
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    record = Path(f"{pristine}{UNDO_SUFFIX}")
    target = Path(f"{work}{UNDO_SUFFIX}")
    if record.exists():
        shutil.copyfile(record, target)
    else:
        target.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.commands", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=21, help="measured runs per case (21)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured runs per case first (3)")
    args = parser.parse_args(argv)
    warn_if_not_venv()
    script = str(startnow_script())
    with tempfile.TemporaryDirectory(prefix="startnow-bench-") as tmp:
        folder = Path(tmp)
        env = child_env(STARTNOW_CONFIG=str(folder / "config.toml"))
        work = folder / "work.db"
        run_checked([script, "--db", str(work), "add", "-"], env, "\n".join(TASK_LINES[:10]))
        run_checked([sys.executable, "-c", "import sqlite3, sys; "
                     "sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')",
                     str(work)], env)  # fmt: skip
        plain = folder / "pristine.db"
        shutil.copyfile(work, plain)
        run_checked([script, "--db", str(work), "done", "2"], env)  # the change undo takes back
        undoable = folder / "pristine-undo.db"
        shutil.copyfile(work, undoable)
        shutil.copyfile(f"{work}{UNDO_SUFFIX}", f"{undoable}{UNDO_SUFFIX}")
        db = ["--db", str(work)]
        # (argv, the store it starts from, the add it is compared with: a task
        # with a date prints it in local time, which costs the zone lookup, as
        # an add with a date does).
        plain_add, dated_add = 'add "Buy milk"', 'add "Call mum start:tomorrow 9am"'
        cases = {
            plain_add: ([script, *db, "add", "Buy milk"], plain, plain_add),
            dated_add: ([script, *db, "add", "Call mum start:tomorrow 9am"], plain, dated_add),
            "done 3": ([script, *db, "done", "3"], plain, plain_add),
            "drop 3": ([script, *db, "drop", "3"], plain, plain_add),
            "done 1 (it has a due date)": ([script, *db, "done", "1"], plain, dated_add),
            'edit 1 "due:fri ~30m"': ([script, *db, "edit", "1", "due:fri ~30m"], plain, dated_add),
            "edit 3 New title": ([script, *db, "edit", "3", "New", "title"], plain, dated_add),
            "undo (of done 2: a start date)": ([script, *db, "undo"], undoable, dated_add),
            "show 1": ([script, *db, "show", "1"], plain, dated_add),
            "show 1 --json": ([script, *db, "show", "1", "--json"], plain, plain_add),
        }
        names = list(cases)
        times: dict[str, list[float]] = {name: [] for name in names}
        for round_ in range(args.warmup + args.runs):
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                command, pristine, _ref = cases[name]
                restore(pristine, work)
                started = time.perf_counter()
                done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)  # fmt: skip
                elapsed = (time.perf_counter() - started) * 1000
                if done.returncode != 0:
                    sys.exit(f"bench: {name} failed: {done.stderr}")
                if round_ >= args.warmup:
                    times[name].append(elapsed)
        install = describe_install(folder)
    print(f"machine: {machine()}")
    print(f"install: {install}")
    print(f"runs: {args.runs} per case after {args.warmup} warm-up, whole process, interleaved")
    print()
    rows = []
    for name in names:
        ref = cases[name][2]
        ratio = median(times[name]) / median(times[ref])
        met = "—" if name == ref else yes_no(ratio <= RATIO_TARGET)
        rows.append([f"startnow {name}", f"{median(times[name]):.1f}", ref if name != ref else "",
                     f"{ratio:.2f}x", met])  # fmt: skip
    print(table(["command (10 tasks)", "median ms", "compared with", "ratio",
                 f"<= {RATIO_TARGET}x"], rows))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
