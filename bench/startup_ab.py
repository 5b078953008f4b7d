"""First paint of two (or more) startnow installs side by side, in one invocation.

    python -m bench.startup_ab /tmp/before /tmp/after [--runs 15] [--small]

Each argument is a venv with startnow installed in it (`python3 -m venv
/tmp/before && /tmp/before/bin/pip install <checkout>`). Every install opens
the same stores (30 tasks; the heavy 20k- and 100k-task stores unless
`--small`), its runs interleaved with the bare Textual app's in one tmux, as
`bench.startup` times them. One invocation is the unit: on a VM whose speed
drifts, a change is the ratio of B against A *in the same run*, never against
a figure from another one.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from bench._common import TASK_LINES, child_env, table
from bench.bare_app import MARKER as BARE_MARKER
from bench.startup import READY, App, Tmux, as_after_a_quit, heavy, measure


def startnow_of(venv: Path) -> Path:
    script = venv / "bin" / "startnow"
    if not script.exists():
        sys.exit(f"bench: no startnow in {venv} (pip install it there first)")
    return script


def small_store(script: Path, path: Path, env: dict[str, str]) -> Path:
    """The 30 tasks of bench.startup, added through this install's quick add."""
    lines = "\n".join(TASK_LINES) + "\n"
    subprocess.run([str(script), "--db", str(path), "add", "-"], input=lines, text=True,
                   env=env, capture_output=True, check=True)  # fmt: skip
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup_ab", description=__doc__)
    parser.add_argument("venvs", nargs="+", type=Path, help="venvs with startnow installed")
    parser.add_argument("--runs", type=int, default=15, help="measured runs per case (15)")
    parser.add_argument("--small", action="store_true", help="only the 30-task store")
    parser.add_argument("--pause", type=float, default=0.2, help="s of quiet between runs")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        sys.exit("bench: tmux is needed (apt install tmux)")
    with tempfile.TemporaryDirectory(prefix="startnow-bench-ab-") as tmp:
        work = Path(tmp)
        env = child_env(STARTNOW_CONFIG=str(work / "config.toml"), COLORTERM="truecolor")
        own = {"STARTNOW_CONFIG": str(work / "config.toml")}
        bare = App("bare Textual (one Label)",
                   [sys.executable, str(Path(__file__).with_name("bare_app.py"))],
                   (BARE_MARKER,))  # fmt: skip
        shared = {} if args.small else {"heavy": heavy(20_000), "100k": heavy(100_000)}
        cases: list[App] = []
        for n, venv in enumerate(args.venvs):
            script = startnow_of(venv)
            stores = {"30 tasks": small_store(script, work / f"small-{n}.db", env), **shared}
            for label, store in stores.items():
                cases.append(App(f"{venv} {label}", [str(script), "--db", str(store)],
                                 (READY,), own, before=as_after_a_quit(store)))  # fmt: skip
        tmux = Tmux(env)
        try:
            for app in (bare, *cases):  # warm-up: .pyc files, page cache, check records
                measure(tmux, app, "warmup", work, 0.002, 30)
            for i in range(args.runs):
                for app in [bare, *cases] if i % 2 == 0 else [*cases, bare]:
                    time.sleep(args.pause)
                    app.runs.append(measure(tmux, app, f"run{i}", work, 0.002, 30))
                print(f"  run {i + 1} of {args.runs}", file=sys.stderr)
        finally:
            tmux.close()
    base = median(r.first_paint_ms for r in bare.runs)
    rows = [[bare.label, f"{base:.0f}", "1.00x"]]
    for app in cases:
        first = median(r.first_paint_ms for r in app.runs)
        rows.append([app.label, f"{first:.0f}", f"{first / base:.2f}x"])
    print(f"\nfirst paint, median of {args.runs} interleaved runs, ms from spawn")
    print(table(["install and store", "median", "ratio to bare"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
