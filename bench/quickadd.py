"""Quick add, whole process: `startnow add` against todo.txt and Taskwarrior.

Every figure is the wall time of one complete process (interpreter start,
imports, parsing, the write, exit) as a shell would see it, on a store of a
fixed size: before each run the store is restored from a pristine copy
(untimed, and flushed to disk), so repeated adds do not grow it.

Cases, all measured in the same invocation and interleaved (each round runs
every case once, starting one case later than the round before):

- `todo-txt add "Buy milk"` (Debian todotxt-cli), 10 open tasks: the reference.
- `startnow add "Buy milk"`, 10 open tasks.
- `startnow add "Call mum start:tomorrow 9am"`: the date grammar is loaded and
  used. The literal `"Call mum tomorrow 9am"` is timed too: without `start:` the
  grammar reads it as a title, but it still has date words (zone lookup).
- `startnow add "Buy milk"` and `task add "Buy milk"` (Taskwarrior) with 10 and
  with 20,000 open tasks. Each startnow copy gets the record of its clean check
  beside it (store/checked.py), as the add before leaves it; once more at
  20,000 without one, as after another program wrote to the store: that add
  reads every page before it writes.
- `python -c pass` with the same interpreter: the floor no Python CLI beats.

    python -m bench.quickadd [--runs 21] [--hyperfine] [--importtime]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shlex
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
    importtime_rows,
    iqr,
    machine,
    median,
    startnow_script,
    table,
    title_of,
    warn_if_not_venv,
    yes_no,
)

SMALL, LARGE = 10, 20_000
RATIO_TARGET = 2.0  # startnow add <= 2x todo-txt add
DATE_TARGET_MS = 60.0
# "No slower at 20,000 than at 10, within noise": the medians may differ by the most of
# 3 ms, 5 % and half the wider interquartile range of the two (on a busy machine the
# spread of a case is tens of ms, and a fixed tolerance would report noise as a loss).
NOISE_MS, NOISE_FRACTION = 3.0, 0.05

VERBS = ("Email", "Call", "Fix", "Write", "Review", "Book", "Clean", "Plan", "Read", "Buy",
         "Sort", "Draft", "Check", "Update", "Order", "Return", "Pay", "Research")  # fmt: skip
OBJECTS = ("the budget", "the landlord", "the bike light", "the grant report", "Lee's PR",
           "the dentist visit", "the kitchen", "the sprint", "chapter 7", "new shoes",
           "the receipts", "the newsletter", "the smoke alarm", "the wiki page", "printer ink",
           "the library books", "the water bill", "standing desks")  # fmt: skip
TAGS = ("work", "home", "admin", "health", "study", "code", "family", "money")


@dataclass
class Case:
    id: str  # floor, todo, plain, dated, literal, large, task_small, task_large
    label: str
    store: str
    argv: list[str]
    restore: list[tuple[Path, Path]]  # (pristine, working) copies made before each run
    ref: str | None = None  # id of the case this one is compared with
    # A startnow store: "recorded" as the last add leaves it (its clean check on
    # record beside it), or "changed" since (no record: the add checks every page).
    check_record: str = ""
    times: list[float] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.label} @ {self.store}"

    def reset(self) -> None:
        """Put the store back as it was (untimed), so every run adds to the same size.

        The copy is flushed to disk here: otherwise the first fsync of the timed run
        (SQLite's, at commit or checkpoint) writes out the whole freshly copied file,
        which at 20,000 tasks added ~2.5 ms that a real store would not pay."""
        for src, dst in self.restore:
            shutil.copyfile(src, dst)
            for suffix in ("-wal", "-shm"):  # a stale WAL next to a fresh copy would replay
                Path(f"{dst}{suffix}").unlink(missing_ok=True)
            fd = os.open(dst, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            if self.check_record:
                recorded(dst, self.check_record == "recorded")

    def reset_command(self) -> str:
        """The same reset as one command line, for hyperfine's --prepare."""
        if not self.restore:
            return "true"
        record = self.check_record
        script = "; ".join(
            f"cp -f {shlex.quote(str(src))} {shlex.quote(str(dst))}; "
            f"rm -f {shlex.quote(f'{dst}-wal')} {shlex.quote(f'{dst}-shm')}; "
            f"sync {shlex.quote(str(dst))}"
            + (f"; {shlex.join(record_command(dst, record))}" if record else "")
            for src, dst in self.restore
        )
        return shlex.join(["sh", "-c", script])  # one word list, with or without hyperfine -N


# The same, as a command line for hyperfine's --prepare.
RECORD = """
import os, sys
from startnow.store import checked
store, state = sys.argv[1:]
if state == "recorded":
    checked.remember(store, checked.marks(store))
elif os.path.exists(checked.record_path(store)):
    os.unlink(checked.record_path(store))
"""


def recorded(store: Path, clean: bool) -> None:
    """The record of the fresh copy's clean check beside it, as an add leaves it
    (the copy is of a store startnow wrote), or none, as after another program wrote."""
    from startnow.store import checked

    if clean:
        checked.remember(store, checked.marks(store))
    else:
        Path(checked.record_path(store)).unlink(missing_ok=True)


def record_command(store: Path, state: str) -> list[str]:
    return [sys.executable, "-c", RECORD, str(store), state]


def generated(n: int, seed: int = 7) -> list[tuple[str, str, int, int | None]]:
    """n varied open tasks: (title, tag, estimate minutes, due in days or None)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {i}"
        due = rng.choice((1, 3, 7, 30)) if i % 5 == 0 else None
        out.append((title, rng.choice(TAGS), rng.choice((2, 5, 15, 30, 60, 120)), due))
    return out


def run_checked(argv: list[str], env: dict[str, str], cwd: Path, stdin: str | None = None) -> str:
    result = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, cwd=cwd)
    if result.returncode != 0:
        sys.exit(f"bench: {shlex.join(argv)} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def setup_startnow(work: Path, env: dict[str, str]) -> dict[int, Path]:
    """Pristine stores of 10 and 20,000 open tasks, filled through `startnow add -`.

    The 10 are realistic lines; the large store is a copy of the small one plus
    generated tasks, so the fast path (an existing store) does the bulk insert.
    """
    script = str(startnow_script())
    small = work / "pristine-small.db"
    run_checked([script, "--db", str(small), "add", "-"], env, work,
                "\n".join(TASK_LINES[:SMALL]) + "\n")  # fmt: skip
    large = work / "pristine-large.db"
    shutil.copyfile(small, large)
    lines = [
        f"{title} ~{est}m #{tag}" + (f" due:in {due} days" if due else "")
        for title, tag, est, due in generated(LARGE - SMALL)
    ]
    run_checked([script, "--db", str(large), "add", "-"], env, work, "\n".join(lines) + "\n")
    for db in (small, large):  # everything in the main file, so copying it copies it all
        with contextlib.closing(sqlite3.connect(db)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {SMALL: small, LARGE: large}


def setup_todotxt(work: Path) -> tuple[Path, Path, Path]:
    """A todo.txt config and directory of its own (nothing read from $HOME)."""
    root = work / "todotxt"
    root.mkdir()
    config = root / "config"
    config.write_text(
        f"export TODO_DIR={shlex.quote(str(root))}\n"
        'export TODO_FILE="$TODO_DIR/todo.txt"\n'
        'export DONE_FILE="$TODO_DIR/done.txt"\n'
        'export REPORT_FILE="$TODO_DIR/report.txt"\n'
    )
    pristine = root / "pristine-todo.txt"
    today = datetime.now().date().isoformat()
    pristine.write_text("".join(f"{today} {title_of(line)}\n" for line in TASK_LINES[:SMALL]))
    return config, pristine, root / "todo.txt"


def setup_taskwarrior(work: Path, size: int, env: dict[str, str]) -> tuple[Path, Path, Path]:
    """A TASKRC and data.location with `size` pending tasks, filled by `task import`."""
    root = work / f"task-{size}"
    pristine, data = root / "pristine", root / "data"
    pristine.mkdir(parents=True)
    data.mkdir()
    taskrc = root / "taskrc"
    taskrc.write_text(f"data.location={pristine}\n")
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = "%Y%m%dT%H%M%SZ"
    records = []
    for i, (title, tag, _est, due) in enumerate(generated(size)):
        record = {
            "uuid": str(uuid.uuid4()),
            "description": title,
            "status": "pending",
            "entry": (now - timedelta(minutes=size - i)).strftime(stamp),
            "tags": [tag],
        }
        if due:
            record["due"] = (now + timedelta(days=due)).strftime(stamp)
        records.append(json.dumps(record))
    source = root / "import.json"
    source.write_text("\n".join(records) + "\n")
    run_checked(["task", "rc.confirmation=off", "rc.verbose=nothing", "import", str(source)],
                {**env, "TASKRC": str(taskrc)}, work)  # fmt: skip
    taskrc.write_text(f"data.location={data}\n")  # the timed runs work on a copy
    return taskrc, pristine, data


def taskwarrior_files(pristine: Path, data: Path) -> list[tuple[Path, Path]]:
    return [(p, data / p.name) for p in sorted(pristine.iterdir())]


def build_cases(work: Path, env: dict[str, str]) -> list[Case]:
    script = str(startnow_script())
    stores = setup_startnow(work, env)
    run_db = {size: work / f"run-{size}.db" for size in stores}
    config, todo_pristine, todo_file = setup_todotxt(work)
    tw = {size: setup_taskwarrior(work, size, env) for size in (SMALL, LARGE)}

    def startnow_add(size: int, text: str) -> list[str]:
        return [script, "--db", str(run_db[size]), "add", text]

    def task_add(size: int) -> list[str]:
        taskrc = tw[size][0]
        return ["task", f"rc:{taskrc}", "rc.confirmation=off", "rc.verbose=nothing",
                "add", "Buy milk"]  # fmt: skip

    small, large = f"{SMALL} tasks", f"{LARGE:,} tasks"
    reset_small = [(stores[SMALL], run_db[SMALL])]
    reset_large = [(stores[LARGE], run_db[LARGE])]
    plain = 'startnow add "Buy milk"'
    dated, literal = "Call mum start:tomorrow 9am", "Call mum tomorrow 9am"
    return [
        Case("floor", "python -c pass (interpreter floor)", "-", [sys.executable, "-c", "pass"],
             []),
        Case("todo", 'todo-txt add "Buy milk"', small,
             ["todo-txt", "-d", str(config), "add", "Buy milk"], [(todo_pristine, todo_file)]),
        Case("plain", plain, small, startnow_add(SMALL, "Buy milk"), reset_small, ref="todo",
             check_record="recorded"),
        Case("dated", f'startnow add "{dated}"', small, startnow_add(SMALL, dated), reset_small,
             ref="plain", check_record="recorded"),
        Case("literal", f'startnow add "{literal}"', small, startnow_add(SMALL, literal),
             reset_small, ref="plain", check_record="recorded"),
        Case("large", plain, large, startnow_add(LARGE, "Buy milk"), reset_large, ref="plain",
             check_record="recorded"),
        Case("large_changed", plain, f"{large}, changed since its last check",
             startnow_add(LARGE, "Buy milk"), reset_large, ref="large",
             check_record="changed"),
        Case("task_small", 'task add "Buy milk"', small, task_add(SMALL),
             taskwarrior_files(*tw[SMALL][1:])),
        Case("task_large", 'task add "Buy milk"', large, task_add(LARGE),
             taskwarrior_files(*tw[LARGE][1:]), ref="large"),
    ]  # fmt: skip


def timed(case: Case, env: dict[str, str], cwd: Path) -> float:
    case.reset()
    started = time.perf_counter()
    code = subprocess.run(
        case.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    ).returncode
    elapsed = (time.perf_counter() - started) * 1000
    if code != 0:
        run_checked(case.argv, env, cwd)  # again, to show the error
        sys.exit(f"bench: {shlex.join(case.argv)} exited {code}")
    return elapsed


def measure_loop(cases: list[Case], env: dict[str, str], cwd: Path, runs: int, warmup: int) -> None:
    """Every case once per round, the starting case rotating each round."""
    for i in range(warmup + runs):
        shift = i % len(cases)
        for case in cases[shift:] + cases[:shift]:
            elapsed = timed(case, env, cwd)
            if i >= warmup:
                case.times.append(elapsed)


def measure_hyperfine(
    cases: list[Case], env: dict[str, str], cwd: Path, runs: int, warmup: int, out: Path
) -> None:
    """The same commands through hyperfine (one case after another, not interleaved).

    The store is restored by a `--prepare` copy, as in the loop."""
    argv = ["hyperfine", "-N", "--warmup", str(warmup), "--runs", str(runs),
            "--export-json", str(out), "--style", "basic"]  # fmt: skip
    for case in cases:
        argv += ["--prepare", case.reset_command(), shlex.join(case.argv)]
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    results = json.loads(out.read_text())["results"]
    for case, result in zip(cases, results, strict=True):
        case.times = [t * 1000 for t in result["times"]]


def where_the_time_goes(cases: list[Case], env: dict[str, str], cwd: Path) -> str:
    """The biggest imports of the plain quick add, then what a date adds to them."""
    by_id = {case.id: case for case in cases}
    plain, dated = by_id["plain"], by_id["dated"]
    plain.reset()
    lines = [f"\nwhere the time goes: python -X importtime {plain.label}"]
    lines.append(import_costs(plain.argv, env, cwd, min_ms=2.0, depth=3))
    seen = {name for _, name, _, _ in importtime_rows(plain.argv, env, cwd)}
    dated.reset()
    extra = [(own, name) for _, name, own, _ in importtime_rows(dated.argv, env, cwd)
             if name not in seen]  # fmt: skip
    lines.append(f"what {dated.label} imports on top: {sum(o for o, _ in extra) / 1000:.1f} ms")
    lines += [f"  {name:<48} {own / 1000:6.1f} ms" for own, name in sorted(extra, reverse=True)[:6]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.quickadd", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=21, help="measured runs per case (>= 15)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured runs per case first")
    parser.add_argument("--hyperfine", action="store_true",
                        help="time with hyperfine instead (not interleaved)")  # fmt: skip
    parser.add_argument("--importtime", action="store_true",
                        help="also show the biggest imports of `startnow add`")  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    for tool in ("todo-txt", "task") + (("hyperfine",) if args.hyperfine else ()):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} is needed (Debian: todotxt-cli, taskwarrior, hyperfine)")
    warn_if_not_venv()

    with tempfile.TemporaryDirectory(prefix="startnow-bench-") as tmp:
        work = Path(tmp)
        env = child_env(STARTNOW_CONFIG=str(work / "config.toml"))
        print(f"machine: {machine()}")
        print(f"install: {describe_install(work)}")
        print("preparing stores (20,000 tasks each for startnow and Taskwarrior)...", flush=True)
        cases = build_cases(work, env)
        print("each command once, as it answers:")
        for case in cases[1:]:  # not the floor
            case.reset()
            first = run_checked(case.argv, env, work).strip().splitlines()
            print(f"  {case.key}: {first[0] if first else '(no output)'}")
        engine = "hyperfine (not interleaved)" if args.hyperfine else "own loop, interleaved"
        print(f"timing: {engine}; {args.warmup} warm-up + {args.runs} runs per case", flush=True)
        if args.hyperfine:
            out = work / "hyperfine.json"
            measure_hyperfine(cases, env, work, args.runs, args.warmup, out)
        else:
            measure_loop(cases, env, work, args.runs, args.warmup)
        importtime = where_the_time_goes(cases, env, work) if args.importtime else ""

    by_id = {case.id: case for case in cases}
    rows = []
    for case in cases:
        ratio = ""
        if case.ref:
            ref = by_id[case.ref]
            ratio = f"{median(case.times) / median(ref.times):.2f}x {ref.label} @ {ref.store}"
        rows.append([case.label, case.store, f"{median(case.times):.1f}",
                     f"{min(case.times):.1f}", f"{iqr(case.times):.1f}", ratio])  # fmt: skip
    print()
    print(table(["command", "store", "median ms", "min", "IQR", "vs"], rows))

    todo, plain, dated, literal, large, task_large = (
        median(by_id[i].times) for i in ("todo", "plain", "dated", "literal", "large", "task_large")
    )
    spread = max(iqr(by_id["plain"].times), iqr(by_id["large"].times)) / 2
    tolerance = max(NOISE_MS, NOISE_FRACTION * plain, spread)
    print()
    print(table(
        ["target", "measured", "met"],
        [[f"startnow add <= {RATIO_TARGET:g}x todo-txt add", f"{plain / todo:.2f}x",
          yes_no(plain / todo <= RATIO_TARGET)],
         [f"with a date (start:tomorrow 9am) <= {DATE_TARGET_MS:.0f} ms", f"{dated:.1f} ms",
          yes_no(dated <= DATE_TARGET_MS)],
         [f'literal "Call mum tomorrow 9am" <= {DATE_TARGET_MS:.0f} ms', f"{literal:.1f} ms",
          yes_no(literal <= DATE_TARGET_MS)],
         [f"at {LARGE:,} no slower than at {SMALL} (+{tolerance:.1f} ms noise)",
          f"{large - plain:+.1f} ms", yes_no(large - plain <= tolerance)],
         [f"at {LARGE:,} faster than task add", f"{large:.0f} vs {task_large:.0f} ms",
          yes_no(large < task_large)]],
    ))  # fmt: skip
    if importtime:
        print(importtime, end="")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {"machine": machine(), "cases": {c.key: c.times for c in cases}}
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
