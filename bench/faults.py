"""Fault figures: concurrent writers, kill -9s, fuzzed quick adds, counted.

Everything is run from outside, against the `startnow` beside this interpreter,
on stores in a temporary directory, and every store is checked afterwards
(`PRAGMA quick_check`, the rows it must and must not hold):

- **Concurrent writers.** W processes at once, each running R `startnow add`
  one after another on the same store: every task stored once, none lost.
- **kill -9 of `startnow add -`.** A batch written to its standard input, then
  SIGKILL after a random delay up to a little more than a whole batch takes
  (before, during or after its write): the batch is stored whole or not at
  all, and the store is intact.
- **kill -9 of the app.** The coach on a pseudo-terminal, Enter pressed a
  random number of times (0 to 3: Today, the blocker, the nudge, the timer),
  then SIGKILL at a random moment: the store is intact and `startnow status`
  reads it.
- **Fuzzed quick adds.** Strings made of the grammar's pieces and random
  characters (seeded): through the parser in this process (parsed, or refused
  with one QuickAddError; anything else is a crash), and some through
  `startnow add` (exit 0 or 2, one line, never a traceback).

    python -m bench.faults [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench._common import child_env, describe_install, machine, startnow_script, table

KILL_WINDOW_S = 0.25  # the app's SIGKILL comes at a random moment this long after the keys


@dataclass(frozen=True)
class Sizes:
    writers: int
    adds_each: int
    add_kills: int
    app_kills: int
    parser_strings: int
    cli_strings: int


FULL = Sizes(writers=8, adds_each=25, add_kills=60, app_kills=12, parser_strings=20_000,
             cli_strings=120)  # fmt: skip
QUICK = Sizes(writers=4, adds_each=5, add_kills=10, app_kills=3, parser_strings=2_000,
              cli_strings=20)  # fmt: skip


def integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    finally:
        conn.close()


def titles(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [t for (t,) in conn.execute("SELECT title FROM task ORDER BY id")]
    finally:
        conn.close()


def startnow(
    db: Path, *args: str, env: dict[str, str], stdin: str | None = None
) -> tuple[int, str]:
    done = subprocess.run([str(startnow_script()), "--db", str(db), *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    return done.returncode, done.stderr


# ---------------------------------------------------------------- concurrent writers

WRITER = """
import subprocess, sys
script, db, writer, count = sys.argv[1:]
failed = 0
for n in range(int(count)):
    done = subprocess.run([script, "--db", db, "add", f"writer {writer} task {n}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        failed += 1
        print(done.stderr.strip(), file=sys.stderr)
print(failed)
"""


def concurrent_writers(work: Path, sizes: Sizes, env: dict[str, str]) -> list[str]:
    db = work / "writers.db"
    assert startnow(db, "add", "the first task", env=env)[0] == 0
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(startnow_script()), str(db), str(w),
                          str(sizes.adds_each)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env)
        for w in range(sizes.writers)
    ]  # fmt: skip
    failed, errors = 0, Counter[str]()
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        failed += int(out.strip() or 0)
        errors.update(line.split(":", 2)[-1].strip()[:60] for line in err.splitlines() if line)
    stored = titles(db)[1:]
    expected = {
        f"writer {w} task {n}" for w in range(sizes.writers) for n in range(sizes.adds_each)
    }
    lost = len(expected - set(stored))
    doubled = len(stored) - len(set(stored))
    return [
        f"{sizes.writers} writers x {sizes.adds_each} adds at once",
        f"{len(expected)} adds: {len(set(stored) & expected)} stored, {lost} lost, "
        f"{doubled} doubled, {failed} refused"
        + (f" ({', '.join(sorted(errors))})" if errors else ""),
        integrity(db),
    ]


# ---------------------------------------------------------------- kill -9 of add -


def batch_of(name: object, lines: int) -> list[str]:
    return [f"batch {name} line {n} ~5m #k :: one; two" for n in range(lines)]


def killed_adds(work: Path, sizes: Sizes, env: dict[str, str], rng: random.Random) -> list[str]:
    """The kills are spread over the time a whole batch takes here (start-up,
    parsing, the write, exit), measured first, and a little past it."""
    db = work / "killed-adds.db"
    assert startnow(db, "add", "the first task", env=env)[0] == 0
    started = time.monotonic()
    assert startnow(db, "add", "-", env=env, stdin="\n".join(batch_of("timed", 200)))[0] == 0
    window = 1.2 * (time.monotonic() - started)
    whole = none = partial = damaged = 0
    for kill in range(sizes.add_kills):
        before = len(titles(db))
        batch = batch_of(kill, rng.randint(1, 200))
        proc = subprocess.Popen([str(startnow_script()), "--db", str(db), "add", "-"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)  # fmt: skip
        assert proc.stdin is not None
        proc.stdin.write(("\n".join(batch) + "\n").encode())
        proc.stdin.close()
        time.sleep(rng.uniform(0, window))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if integrity(db) != "ok":
            damaged += 1
        stored = len(titles(db)) - before
        if stored == len(batch):
            whole += 1
        elif stored == 0:
            none += 1
        else:
            partial += 1
    return [
        f"{sizes.add_kills} x kill -9 of `add -` (1-200 lines, 0-{window * 1000:.0f} ms)",
        f"{whole} batches whole, {none} not at all, {partial} in part",
        "ok" if not damaged else f"{damaged} damaged",
    ]


# ---------------------------------------------------------------- kill -9 of the app


def spawn_app(db: Path, env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.execve(str(startnow_script()), [str(startnow_script()), "--db", str(db)],
                  {**env, "TERM": "xterm-256color"})  # fmt: skip
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    return pid, fd


def read_until(fd: int, text: bytes, timeout: float = 20.0) -> bool:
    seen, deadline = b"", time.monotonic() + timeout
    while text not in seen:
        if time.monotonic() > deadline:
            return False
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                return False
    return True


def session_running(db: Path, timeout: float = 10.0) -> bool:
    """Whether the app's timer is on record (its focus session open) within `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            if conn.execute("SELECT 1 FROM focus_session WHERE ended_at IS NULL").fetchone():
                return True
        finally:
            conn.close()
        time.sleep(0.02)
    return False


def killed_apps(work: Path, sizes: Sizes, env: dict[str, str], rng: random.Random) -> list[str]:
    db = work / "killed-app.db"
    assert startnow(db, "add", "Write the report :: open the doc ~5m", env=env)[0] == 0
    screens = (b"Write the report", b"in the way", b"What I'll do")
    damaged = unreadable = reached_timer = 0
    for _ in range(sizes.app_kills):
        presses = rng.randint(0, 3)
        pid, fd = spawn_app(db, env)
        try:
            for screen in screens[:presses]:
                if not read_until(fd, screen):
                    break
                os.write(fd, b"\r")
            else:
                reached_timer += presses == 3 and session_running(db)
            time.sleep(rng.uniform(0, KILL_WINDOW_S))
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(fd)
        damaged += integrity(db) != "ok"
        unreadable += startnow(db, "status", env=env)[0] != 0
    return [
        f"{sizes.app_kills} x kill -9 of the app "
        f"(0-3 Enters, then 0-{KILL_WINDOW_S * 1000:.0f} ms)",
        f"{reached_timer} killed with the timer running; `status` read the store after "
        f"{sizes.app_kills - unreadable} of {sizes.app_kills}",
        "ok" if not damaged else f"{damaged} damaged",
    ]


# ---------------------------------------------------------------- fuzzed quick adds

PIECES = (
    "~5m", "~25m", "~2h", "~1h30m", "~0m", "~999h", "~", "~m", "due:fri", "due:tomorrow 9am",
    "due:2026-12-03", "due:", "start:in 3 days", "start:next mon", "start:noon", "start:25:61",
    "#work", "#", "##", "#a-b_c", "::", ":: one; two ~10m", ";", "today", "tonight", "in 2h",
    "dec 3", "3 dec", "feb 30", "17:30", "9am", "0am", "'", '"', "\\", "\t", "  ",
)  # fmt: skip
WORDS = ("Call", "mum", "Write", "Q3", "report", "the", "dentist", "Pay", "rent", "x")
ODD = ("\u200b", "\u202e", "\x1b[31m", "\x07", "é", "日本", "🙂", "\u0301", "\ufeff", "\x00")


def fuzzed(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 8)):
        pick = rng.random()
        if pick < 0.45:
            parts.append(rng.choice(WORDS))
        elif pick < 0.85:
            parts.append(rng.choice(PIECES))
        elif pick < 0.95:
            parts.append(rng.choice(ODD))
        else:
            parts.append("".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 6))))
    return rng.choice((" ", "", "  ")).join(parts)


def fuzz_parser(sizes: Sizes, rng: random.Random) -> list[str]:
    from zoneinfo import ZoneInfo

    from startnow.domain.quickadd import QuickAddError, parse_quick_add

    now, tz = datetime(2026, 11, 23, 7, 52, tzinfo=UTC), ZoneInfo("Europe/Berlin")
    outcome = Counter[str]()
    crashes: list[str] = []
    for _ in range(sizes.parser_strings):
        text = fuzzed(rng)
        try:
            parsed = parse_quick_add(text, now, tz)
            outcome["parsed" if parsed.title.strip() else "crashed"] += 1
        except QuickAddError as exc:
            outcome["refused"] += 1 if str(exc) and "\n" not in str(exc) else 0
            outcome["crashed"] += 0 if str(exc) and "\n" not in str(exc) else 1
        except Exception as exc:  # the figure that must stay 0
            outcome["crashed"] += 1
            crashes.append(f"{text!r}: {type(exc).__name__}")
    return [
        f"{sizes.parser_strings:,} fuzzed strings through the parser (in process)",
        f"{outcome['parsed']:,} parsed, {outcome['refused']:,} refused in one line, "
        f"{outcome['crashed']} crashed" + (f" ({crashes[:3]})" if crashes else ""),
        "-",
    ]


def fuzz_cli(work: Path, sizes: Sizes, env: dict[str, str], rng: random.Random) -> list[str]:
    db = work / "fuzz-cli.db"
    assert startnow(db, "add", "the first task", env=env)[0] == 0
    codes = Counter[int]()
    bad = 0
    for _ in range(sizes.cli_strings):
        text = fuzzed(rng).replace("\x00", "")  # (a NUL cannot be in an argument)
        code, err = startnow(db, "add", text, env=env)
        codes[code] += 1
        lines = err.splitlines()
        bad += "Traceback" in err or (code != 0 and len(lines) != 1) or code not in (0, 2)
    return [
        f"{sizes.cli_strings} fuzzed strings through `startnow add`",
        f"{codes[0]} added (exit 0), {codes[2]} refused (exit 2), "
        f"{sum(v for k, v in codes.items() if k not in (0, 2))} other; "
        f"{bad} without exactly one line or with a traceback",
        integrity(db),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.faults", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a smaller run (about a minute)")
    parser.add_argument("--seed", type=int, default=7, help="the random seed (default 7)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="startnow-faults-") as tmp:
        work = Path(tmp)
        env = child_env(STARTNOW_CONFIG=str(work / "config.toml"))
        env.pop("STARTNOW_DB", None)
        print(describe_install(work))
        rows = [
            concurrent_writers(work, sizes, env),
            killed_adds(work, sizes, env, rng),
            killed_apps(work, sizes, env, rng),
            fuzz_parser(sizes, rng),
            fuzz_cli(work, sizes, env, rng),
        ]
    print(f"{datetime.now(UTC):%d %b %Y %H:%M} UTC, {machine()}")
    print(f"{'quick' if args.quick else 'full'} run, seed {args.seed}, "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    print()
    print(table(["fault", "outcome", "quick_check after"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
