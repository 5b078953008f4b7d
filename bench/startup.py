"""Start-up in a real terminal: time to first paint, and until Today is populated.

Each run starts an app in a fresh detached tmux session (100x30) and polls the
pane's text until the app shows something (first paint) and, for startnow,
until a known task title is on screen (the Today list is populated). Times run
from the moment the spawn command is sent, on a monotonic clock, so they
include the interpreter's start, every import, the database read and the
terminal round trips: what a person waits for.

Measured from outside only (the product has no timing hook). Polling goes
through one tmux control-mode client: a poll is one round trip on a pipe
(~0.05 ms), not a new `tmux capture-pane` process (a few ms of CPU each, taken
from the app being timed on a 2-core machine).

The reference is bench/bare_app.py (one Label). Both apps run in the same
invocation, interleaved (the order swaps every round), after one warm-up run
each.

    python -m bench.startup [--runs 7] [--small]

Stores: a first run (no file yet), 30 tasks, and five-year heavy stores of
20,000 and 100,000 tasks (bench/make_heavy.py, made once into the temp dir).
Then Enter Enter Enter typed the moment Today paints, 20 times on copies of
the heavy store, and the app's peak memory there after r opened the review.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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
    warn_if_not_venv,
    yes_no,
)
from bench.bare_app import MARKER as BARE_MARKER

WIDTH, HEIGHT = 100, 30

# What `startnow` does up to its first frame, in phases, run headless in a child
# (`python -c PROBE DB`): where the start-up time goes, without a profiler's
# overhead. The same steps as `startnow.commands.tui.run`.
PROBE = """
import json, sys, time
t0 = time.perf_counter()
import startnow.services.all_services
t1 = time.perf_counter()
import startnow.app
t2 = time.perf_counter()
from pathlib import Path
from startnow.services.all_services import Services
services = Services.launch(Path(sys.argv[1]))
t3 = time.perf_counter()
app = startnow.app.StartnowApp(services)
marks = []
async def auto(pilot):
    marks.append(time.perf_counter())
    await pilot.pause()  # (an exit in the middle of Today's mount would unmount it under itself)
    app.exit()
app.run(headless=True, size=(100, 30), auto_pilot=auto)
services.close()
print(json.dumps({
    "import startnow.services.all_services (sqlmodel, SQLAlchemy, pydantic)": t1 - t0,
    "import startnow.app (Textual, the screens)": t2 - t1,
    "check the file, open the fast reader": t3 - t2,
    "app: styles, mount Today, query the tasks, until ready (headless)": marks[0] - t3,
}))
"""
POPULATED_TARGET_MS = 450.0
# First paint over the bare app's, per store: (case, target ratio).
TARGETS = {"first run": 1.3, "30 tasks": 1.15, "heavy": 1.2, "100k tasks": 1.2}
READY = "a add"  # Today's key bar: drawn once Today is (any store)
TIMER = "space pause"  # the focus timer's key bar
CACHE = Path(tempfile.gettempdir()) / "startnow-bench-stores"


class TmuxError(RuntimeError):
    pass


class Tmux:
    """A private tmux server (own socket, no user config) driven through one
    control-mode client. `command` sends one tmux command and returns its output
    lines; notifications (lines starting with % outside a reply) are skipped."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"startnow-bench-{os.getpid()}"
        # run from inside tmux, $TMUX would make tmux refuse to nest the session
        env = {k: v for k, v in env.items() if k not in ("TMUX", "TMUX_PANE")}
        self.proc = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", "/dev/null", "-C", "new-session", "-s", "control",
             "-x", str(WIDTH), "-y", str(HEIGHT), "cat"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )  # fmt: skip
        marker = f"bench-sync-{os.getpid()}"
        self._send(f"display-message -p {marker}")
        while marker not in self._reply():  # skip the reply to the session's creation
            pass
        self.socket_path = Path(self.command("display-message -p '#{socket_path}'")[0])
        self.command("set-option -g default-terminal tmux-256color")
        self.command("set-option -g remain-on-exit on")  # a crash leaves its traceback

    def _send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()

    def _reply(self) -> list[str]:
        assert self.proc.stdout is not None
        lines: list[str] = []
        inside = False
        while True:
            raw = self.proc.stdout.readline()
            if not raw:
                raise TmuxError("the tmux control client ended")
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not inside:
                inside = line.startswith("%begin ")
            elif line.startswith(("%end ", "%error ")):
                if line.startswith("%error"):
                    raise TmuxError("; ".join(lines) or line)
                return lines
            else:
                lines.append(line)

    def command(self, command: str) -> list[str]:
        self._send(command)
        return self._reply()

    def spawn(self, name: str, argv: list[str], cwd: Path, env: dict[str, str]) -> Spawned:
        """Start argv in a new detached session; returns the pane and the spawn instant."""
        parts = ["new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
                 "-c", shlex.quote(str(cwd)), "-P", "-F", "'#{pane_id} #{pane_pid}'"]  # fmt: skip
        for key, value in env.items():
            parts += ["-e", shlex.quote(f"{key}={value}")]
        parts += ["--", *(shlex.quote(a) for a in argv)]  # several words: exec'd, no shell
        started = time.perf_counter()
        pane, pid = self.command(" ".join(parts))[0].split()
        return Spawned(name, pane, int(pid), started)

    def screen(self, pane: str) -> str:
        return "\n".join(self.command(f"capture-pane -p -t {pane}"))

    def kill(self, spawned: Spawned) -> None:
        """End the session and wait until its process is gone, so the next run has
        the CPU to itself."""
        self.command(f"kill-session -t {spawned.name}")
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                os.kill(spawned.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):
            os.kill(spawned.pid, signal.SIGKILL)

    def close(self) -> None:
        with contextlib.suppress(TmuxError, BrokenPipeError):
            self.command("kill-server")
        self.proc.wait(timeout=5)
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind


@dataclass
class Spawned:
    name: str
    pane: str
    pid: int
    started: float


@dataclass
class Run:
    first_paint_ms: float
    ready_ms: float  # the marker (a task title, or the bare app's label) is on screen
    first_screen: str
    ready_screen: str


@dataclass
class App:
    label: str
    argv: list[str]
    markers: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)
    before: Callable[[], None] | None = None  # run before each spawn (a first run's clean slate)


def measure(tmux: Tmux, app: App, name: str, cwd: Path, interval: float, timeout: float) -> Run:
    if app.before is not None:
        app.before()
    spawned = tmux.spawn(name, app.argv, cwd, app.env)
    first_ms: float | None = None
    first_screen = ""
    try:
        while True:
            screen = tmux.screen(spawned.pane)
            elapsed_ms = (time.perf_counter() - spawned.started) * 1000
            if first_ms is None and screen.strip():
                first_ms, first_screen = elapsed_ms, screen
            if first_ms is not None and any(m in screen for m in app.markers):
                break
            if elapsed_ms > timeout * 1000:
                raise TmuxError(
                    f"{app.label}: no {'first paint' if first_ms is None else 'marker'} "
                    f"after {timeout:.0f} s; the pane shows:\n{screen}"
                )
            time.sleep(interval)
        dead = tmux.command(f"display-message -p -t {spawned.pane} '#{{pane_dead}}'")
        if dead == ["1"]:
            raise TmuxError(f"{app.label} exited during the run; the pane shows:\n{screen}")
        return Run(first_ms, elapsed_ms, first_screen, screen)
    finally:
        tmux.kill(spawned)


def prepare_database(workdir: Path, env: dict[str, str]) -> Path:
    """A fresh store with TASK_LINES, added through the CLI as a user would."""
    db = workdir / "startnow.db"
    result = subprocess.run(
        [str(startnow_script()), "--db", str(db), "add", "-"],
        input="\n".join(TASK_LINES) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=workdir,
    )
    if result.returncode != 0:
        sys.exit(f"bench: filling the database failed:\n{result.stderr}")
    return db


def where_the_time_goes(db: Path, env: dict[str, str], cwd: Path, runs: int = 3) -> str:
    """startnow's start-up in phases (median of a few headless runs), then its
    biggest imports (python -X importtime); measured before the timed runs."""
    argv = [sys.executable, "-c", PROBE, str(db)]
    samples = [json.loads(subprocess.run(argv, env=env, cwd=cwd, capture_output=True,
                                         text=True, check=True).stdout)
               for _ in range(runs + 1)][1:]  # fmt: skip
    lines = [f"\nwhere the time goes: startnow's start-up in phases (headless, median of {runs})"]
    for phase in samples[0]:
        lines.append(f"  {phase:<66} {median([s[phase] for s in samples]) * 1000:6.0f} ms")
    lines.append("biggest imports (python -X importtime, the same steps):")
    lines.append(import_costs(["-c", PROBE, str(db)], env, cwd))
    return "\n".join(lines)


def heavy(tasks: int) -> Path:
    """A five-year store of about `tasks` tasks (bench/make_heavy.py), made once
    and kept in the temp dir for later runs."""
    from bench.make_heavy import make_heavy

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"heavy-{tasks}.db"
    if not path.exists():
        print(f"making {path.name} (once) ...", file=sys.stderr)
        make_heavy(path, tasks=tasks)
    return path


def checked_once(store: Path, env: dict[str, str], cwd: Path) -> None:
    """One full check of the store through the product (`list` reads every page
    of a file it has no clean record of, and records it)."""
    subprocess.run([str(startnow_script()), "--db", str(store), "list", "--jsonl"],
                   env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)  # fmt: skip


def as_after_a_quit(store: Path) -> Callable[[], None]:
    """Before each run, the store as a person's quit leaves it: the record of its
    clean check still matching. A timed run is killed at its first paint, which
    a person never does, and the next start would then check the whole file
    again behind the paint (what a start after a crash pays)."""

    def record() -> None:
        from startnow.store import checked

        if checked.read_record(store) is not None:  # (checked once: see checked_once)
            checked.remember(store, checked.marks(store))

    return record


def first_run(path: Path) -> Callable[[], None]:
    def clean() -> None:
        for side in ("", "-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)

    return clean


def typed_ahead(
    tmux: Tmux, store: Path, env: dict[str, str], cwd: Path, tries: int, timeout: float
) -> tuple[int, list[float]]:
    """Enter Enter Enter sent the moment Today first paints, on a fresh copy of
    `store` each time: how often the focus timer comes up, and how soon."""
    reached, times = 0, []
    for i in range(tries):
        copy = cwd / "typed-ahead.db"
        shutil.copyfile(store, copy)
        spawned = tmux.spawn(f"keys{i}", [str(startnow_script()), "--db", str(copy)], cwd, env)
        try:
            while not tmux.screen(spawned.pane).strip():
                time.sleep(0.001)
            tmux.command(f"send-keys -t {spawned.pane} Enter Enter Enter")
            while time.perf_counter() - spawned.started < timeout:
                if TIMER in tmux.screen(spawned.pane):
                    reached += 1
                    times.append((time.perf_counter() - spawned.started) * 1000)
                    break
                time.sleep(0.002)
        finally:
            tmux.kill(spawned)
        for side in ("", "-wal", "-shm"):
            Path(f"{copy}{side}").unlink(missing_ok=True)
    return reached, times


def memory_after_review(tmux: Tmux, store: Path, env: dict[str, str], cwd: Path) -> float:
    """Peak resident memory (MiB) of the app on `store` after r opened the review."""
    spawned = tmux.spawn("memory", [str(startnow_script()), "--db", str(store)], cwd, env)
    try:
        while READY not in tmux.screen(spawned.pane):
            time.sleep(0.01)
        tmux.command(f"send-keys -t {spawned.pane} r")
        deadline = time.monotonic() + 20
        while "Week" not in tmux.screen(spawned.pane) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(1.0)  # let the review settle before reading the peak
        status = Path(f"/proc/{spawned.pid}/status").read_text()
        peak = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(peak.split()[1]) / 1024
    finally:
        tmux.kill(spawned)


def summary(values: list[float]) -> list[str]:
    return [f"{median(values):.0f}", f"{min(values):.0f}", f"{max(values):.0f}",
            f"{iqr(values):.0f}"]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.startup", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=7, help="measured runs per app (default 7)")
    parser.add_argument("--interval", type=float, default=2.0, help="ms between polls (default 2)")
    parser.add_argument("--timeout", type=float, default=20.0, help="s before a run fails")
    parser.add_argument("--pause", type=float, default=0.2, help="s of quiet between runs")
    parser.add_argument("--show", action="store_true", help="print the last screens measured")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--importtime", action="store_true", help="also show where the time goes")
    parser.add_argument("--tries", type=int, default=20, help="Enter x3 typed ahead (default 20)")
    parser.add_argument("--small", action="store_true", help="only the first run and 30 tasks")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        sys.exit("bench: tmux is needed (apt install tmux)")
    warn_if_not_venv()

    with tempfile.TemporaryDirectory(prefix="startnow-bench-") as tmp:
        workdir = Path(tmp)
        # The user's settings must not change what is measured.
        config = workdir / "config.toml"
        env = child_env(STARTNOW_CONFIG=str(config), COLORTERM="truecolor")
        db = prepare_database(workdir, env)
        stores = {"30 tasks": db}
        if not args.small:
            stores["heavy"] = heavy(20_000)
            stores["100k tasks"] = heavy(100_000)
        own = {"STARTNOW_CONFIG": str(config)}
        bare = App("bare Textual (one Label)",
                   [sys.executable, str(Path(__file__).with_name("bare_app.py"))],
                   (BARE_MARKER,))  # fmt: skip
        new = workdir / "new" / "startnow.db"
        new.parent.mkdir()
        cases = [App("first run", [str(startnow_script()), "--db", str(new)], (READY,), own,
                     before=first_run(new))]  # fmt: skip
        for path in stores.values():
            checked_once(path, env, workdir)
        cases += [App(label, [str(startnow_script()), "--db", str(path)], (READY,), own,
                      before=as_after_a_quit(path))
                  for label, path in stores.items()]  # fmt: skip
        print(f"machine:  {machine()}")
        print(f"install:  {describe_install(workdir)}")
        print(f"terminal: tmux {WIDTH}x{HEIGHT}, poll every {args.interval:g} ms; "
              f"{args.runs} runs each, interleaved, after 1 warm-up run each")  # fmt: skip

        if args.importtime:
            why = where_the_time_goes(db, env, workdir)
        tmux = Tmux(env)
        try:
            for app in (bare, *cases):  # warm-up: .pyc files, page cache
                measure(tmux, app, "warmup", workdir, args.interval / 1000, args.timeout)
            for i in range(args.runs):
                order = [bare, *cases] if i % 2 == 0 else [*cases, bare]
                for app in order:
                    time.sleep(args.pause)
                    run = measure(tmux, app, f"run{i}", workdir, args.interval / 1000, args.timeout)
                    app.runs.append(run)
                    print(f"  run {i + 1}: {app.label}: first paint {run.first_paint_ms:.0f} ms, "
                          f"ready {run.ready_ms:.0f} ms", file=sys.stderr)  # fmt: skip
            keys_store = stores.get("heavy", db)
            reached, key_times = typed_ahead(tmux, keys_store, own, workdir, args.tries,
                                             args.timeout)  # fmt: skip
            peak = memory_after_review(tmux, keys_store, own, workdir)
        finally:
            tmux.close()

    bare_first = [r.first_paint_ms for r in bare.runs]
    rows = [["bare Textual: first paint", *summary(bare_first)]]
    for app in cases:
        rows.append([f"startnow, {app.label}: first paint",
                     *summary([r.first_paint_ms for r in app.runs])])  # fmt: skip
        rows.append([f"startnow, {app.label}: Today drawn",
                     *summary([r.ready_ms for r in app.runs])])  # fmt: skip
    print()
    print(table(["ms from spawn", "median", "min", "max", "IQR"], rows))
    print()
    targets = []
    for app in cases:
        ratio = median([r.first_paint_ms for r in app.runs]) / median(bare_first)
        goal = TARGETS[app.label]
        targets.append([f"first paint, {app.label} <= {goal}x bare", f"{ratio:.2f}x",
                        yes_no(ratio <= goal)])  # fmt: skip
    keys_label = "heavy" if "heavy" in stores else "30 tasks"
    targets.append([f"Enter x3 typed ahead reaches the timer ({keys_label})",
                    f"{reached} of {args.tries}", yes_no(reached == args.tries)])  # fmt: skip
    if key_times:
        targets.append(["  launch to running timer (median)", f"{median(key_times):.0f} ms", ""])
    targets.append([f"memory after the review ({keys_label}) <= 80 MiB", f"{peak:.0f} MiB",
                    yes_no(peak <= 80)])  # fmt: skip
    print(table(["target", "measured", "met"], targets))
    if args.importtime:
        print(why)
    if args.show:
        print("\nbare app, first paint:\n" + bare.runs[-1].first_screen)
        for app in cases:
            print(f"\nstartnow, {app.label}, first paint:\n" + app.runs[-1].first_screen)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "machine": machine(),
            "bare_first_paint_ms": bare_first,
            **{f"{a.label}_first_paint_ms": [r.first_paint_ms for r in a.runs] for a in cases},
            "typed_ahead_reached": reached,
            "typed_ahead_ms": key_times,
            "memory_after_review_mib": peak,
        }, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
