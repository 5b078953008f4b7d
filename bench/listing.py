"""`startnow list --json`: whole-process time on a small store beside the
printed review (the other ORM-free read), and time and peak memory on a
100,000-task store, where it must stream.

Each run is a fresh process (the console script next to this interpreter);
the two commands alternate; medians of `--runs`. Peak memory is the child's
maximum resident set (getrusage of a child run alone).

    python -m bench.listing [--runs 11]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import (
    TASK_LINES,
    child_env,
    machine,
    median,
    startnow_script,
    table,
    warn_if_not_venv,
    yes_no,
)
from bench.startup import heavy


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000


def peak_mib(argv: list[str], env: dict[str, str]) -> float:
    """The largest resident set of one child run (a fresh Python per call)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *argv], env=env, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return int(out.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.listing", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=11, help="runs per command (default 11)")
    args = parser.parse_args(argv)
    warn_if_not_venv()
    script = str(startnow_script())
    with tempfile.TemporaryDirectory(prefix="startnow-bench-") as tmp:
        env = child_env(STARTNOW_CONFIG=str(Path(tmp) / "config.toml"))
        small = Path(tmp) / "small.db"
        subprocess.run([script, "--db", str(small), "add", "-"], input="\n".join(TASK_LINES[:10]),
                       text=True, env=env, check=True, capture_output=True)  # fmt: skip
        big = heavy(100_000)
        listing = [script, "--db", str(small), "list", "--json"]
        review = [script, "--db", str(small), "review", "--format", "json"]
        big_list = [script, "--db", str(big), "list", "--json"]
        for command in (listing, review, big_list):  # warm-up
            timed(command, env)
        times: dict[str, list[float]] = {"list": [], "review": [], "big": []}
        for i in range(args.runs):
            pair = (("list", listing), ("review", review))
            for name, command in pair if i % 2 == 0 else pair[::-1]:
                times[name].append(timed(command, env))
            times["big"].append(timed(big_list, env))
        memory = peak_mib(big_list, env)
        lines = subprocess.run([script, "--db", str(big), "list", "--jsonl"], env=env,
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        open_tasks = lines.count("\n")
    ratio = median(times["list"]) / median(times["review"])
    print(f"machine: {machine()}")
    print(f"runs: {args.runs} each, whole process, interleaved")
    print()
    print(table(["command", "median ms"], [
        ["list --json, 10 tasks", f"{median(times['list']):.1f}"],
        ["review --format json, same store", f"{median(times['review']):.1f}"],
        [f"list --json, 100k-task store ({open_tasks} open)", f"{median(times['big']):.1f}"],
    ]))  # fmt: skip
    print()
    print(table(["target", "measured", "met"], [
        ["list --json <= 1.5x review (10 tasks)", f"{ratio:.2f}x", yes_no(ratio <= 1.5)],
        ["list --json at 100k tasks <= 0.5 s", f"{median(times['big']) / 1000:.2f} s",
         yes_no(median(times["big"]) <= 500)],
        ["list --json at 100k tasks <= 60 MiB", f"{memory:.0f} MiB", yes_no(memory <= 60)],
    ]))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
