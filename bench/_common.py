"""What both benchmarks share: the interpreter under test, a clean child
environment, realistic tasks, and plain statistics.

The benchmarks time the `startnow` console script that sits next to the
interpreter running them (sys.executable), so `/tmp/b/bin/python -m bench.x`
measures the install in /tmp/b. Time only from a venv: the base interpreter on
the development machine has extra site hooks (~24 ms a start), and an editable
install adds its import finder (~15 ms).
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

# Thirty open tasks of the kind a person really has: estimates, due dates,
# planned starts, tags, steps, small things. No title may appear in startnow's
# empty-list text ("Call the dentist", "Write the Q3 report"), or an empty list
# would count as populated.
TASK_LINES = (
    "Renew passport ~45m due:fri #admin :: find the old passport; fill in the form ~15m",
    "Email Sara about the budget ~10m start:today 10am #work",
    "Water the plants ~2m",
    "Book flights for Lisbon ~30m due:dec 3 #travel",
    "Draft the team newsletter ~1h start:tomorrow 9am #work :: collect links; rough draft ~30m",
    "Pay the electricity bill ~5m due:tomorrow #home",
    "Fix the dripping tap ~30m #home",
    "Read chapter 4 of the thesis ~1h30m #study",
    "Reply to the landlord ~2m #home",
    "Prepare slides for Thursday ~2h due:thu #work :: outline ~20m; charts; rehearse once",
    "Clean out the garage ~3h #home",
    "Schedule a dental check-up ~5m #health",
    "Update CV with the new project ~45m #career",
    "Return library books ~15m due:sat",
    "Refactor the login module ~2h #code :: write a failing test; extract the token check",
    "Buy a birthday present for Tom ~30m due:dec 5 #family",
    "File the expense report ~20m due:fri #work",
    "Back up the laptop ~10m",
    "Plan next week's meals ~20m #home",
    "Practise guitar ~25m #music",
    "Ring the insurance about the claim ~15m start:today 14:00",
    "Sort the tax receipts ~1h due:dec 15 #taxes",
    "Write a thank-you note to Ana ~10m",
    "Research standing desks ~30m #home",
    "Review Lee's pull request ~20m #code",
    "Defrost the freezer ~1h",
    "Order printer ink ~2m",
    "Cancel the unused gym membership ~10m",
    "Book the car service ~5m due:next mon",
    "Sketch ideas for the garden ~45m #home",
)


def title_of(line: str) -> str:
    """The title the app shows for one of TASK_LINES (the words before the first ~)."""
    return line.split(" ~", 1)[0]


def venv_bin() -> Path:
    return Path(sys.executable).parent


def startnow_script() -> Path:
    """The console script installed with the interpreter running the benchmark."""
    script = venv_bin() / "startnow"
    if not script.exists():
        sys.exit(
            f"bench: no startnow console script next to {sys.executable}; install the "
            "project into this venv first (pip install .)"
        )
    return script


def warn_if_not_venv() -> None:
    if sys.prefix == sys.base_prefix:
        print(
            "bench: warning: not running from a venv; the base interpreter may carry site "
            "hooks that slow every start (see bench/README.md)",
            file=sys.stderr,
        )


def child_env(**extra: str) -> dict[str, str]:
    """The environment for the processes timed: bytecode writing allowed (so the
    .pyc files exist after the warm-up), no PYTHONPATH leaking the source tree in."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


def describe_install(cwd: Path) -> str:
    """One line: where startnow is imported from, editable or not, textual's version.

    Asked of a child started outside the source tree, so the repo's own
    startnow/ and startnow.egg-info do not answer instead of the install.
    """
    probe = (
        "import json, startnow, importlib.metadata as m\n"
        "d = m.distribution('startnow')\n"
        "u = d.read_text('direct_url.json') or '{}'\n"
        "e = json.loads(u).get('dir_info', {}).get('editable', False)\n"
        "print(f\"startnow {d.version} from {startnow.__file__.rsplit('/', 2)[0]}"
        " ({'editable' if e else 'not editable'}); textual {m.version('textual')}\")\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, env=child_env()
    )
    return (result.stdout or result.stderr).strip().splitlines()[-1]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()} ({sys.executable})"
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def iqr(values: Sequence[float]) -> float:
    """Interquartile range: the spread of the middle half, robust to one slow run."""
    if len(values) < 4:
        return max(values) - min(values)
    q = statistics.quantiles(values, n=4)
    return q[2] - q[0]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table: first column left-aligned, the rest right-aligned."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        out = [str(cells[0]).ljust(widths[0])]
        out += [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def yes_no(ok: bool) -> str:
    return "yes" if ok else "NO"


def importtime_rows(
    args: Sequence[str], env: dict[str, str], cwd: Path
) -> list[tuple[int, str, int, int]]:
    """(depth, module, self us, cumulative us) of `python -X importtime ARGS`,
    in importtime's order (a module after everything it imported); run once to
    warm first."""
    argv = [sys.executable, "-X", "importtime", *args]
    subprocess.run(argv, env=env, cwd=cwd, capture_output=True)
    stderr = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True).stderr
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((depth, name.strip(), int(own), int(cumulative)))
    return rows


def import_costs(
    args: Sequence[str], env: dict[str, str], cwd: Path, min_ms: float = 5.0, depth: int = 4
) -> str:
    """The import tree of `python -X importtime ARGS`, cut to the modules costing
    at least min_ms (cumulative): eight top-level modules and four children a
    module, `depth` levels deep. Where the imports' time goes."""
    pending: dict[int, list[tuple[int, str, list]]] = {}  # finished subtrees per depth
    for level, name, _own, cumulative in importtime_rows(args, env, cwd):
        node = (cumulative, name, pending.pop(level + 1, []))
        pending.setdefault(level, []).append(node)
    roots = pending.get(0, [])
    lines = [f"  all imports: {sum(cum for cum, _, _ in roots) / 1000:.0f} ms"]

    def show(nodes: list[tuple[int, str, list]], level: int) -> None:
        for cum, name, kids in sorted(nodes, reverse=True)[: 8 if level == 0 else 4]:
            if cum / 1000 < min_ms:
                break
            lines.append(f"  {'  ' * level}{name:<{50 - 2 * level}} {cum / 1000:6.1f} ms")
            if level + 1 < depth:
                show(kids, level + 1)

    show(roots, 0)
    return "\n".join(lines)
