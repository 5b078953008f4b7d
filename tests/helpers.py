"""Test helpers: build tasks the way a user would, read rows back directly, run
the command line, and drive the app at a fixed size and zone."""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # the app is imported when one is made: quick-path checks import this module
    import pytest
    from textual.app import App

    from startnow.app import StartnowApp
    from startnow.services.all_services import Services

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 23 November 2026, 08:52 in Berlin: the wireframes' morning.
MORNING = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
SIZE = (100, 30)


def spec(
    title: str,
    *,
    estimate: int | None = None,
    planned_start: datetime | None = None,
    due: datetime | None = None,
    tags: tuple[str, ...] = (),
    chunks: tuple[tuple[str, int | None], ...] = (),
) -> SimpleNamespace:
    """What quick add would hand the task service."""
    return SimpleNamespace(
        title=title,
        estimate=estimate,
        planned_start=planned_start,
        due=due,
        tags=tags,
        chunks=tuple(SimpleNamespace(title=t, estimate=m) for t, m in chunks),
    )


def rows(db_path: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    """Read the database file directly, as a separate program would."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def startnow(*args: str, stdin: str | None = None, timeout: float = 60) -> tuple[int, str, str]:
    """startnow in a subprocess, as a shell would run it: (exit code, stdout, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "startnow", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    """startnow's entry point, main(), in this process: (exit code, stdout, stderr).
    The same parsing, dispatch and one-line errors as the subprocess, without
    the interpreter start-up; `startnow()` is for what only a real process shows."""
    from startnow.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def make_app(services: Services) -> StartnowApp:
    """The app in Berlin, without the watcher's polling or desktop notifications."""
    from startnow.app import StartnowApp

    return StartnowApp(services, tz=BERLIN, watch_seconds=0, notify_desktop=False)


# Rich's SVG export: one <text> per run of styled characters, placed at its
# column (x, in cells of CHAR_WIDTH) and clipped to its row (…-line-N).
SVG_TEXT = re.compile(
    r'<text [^>]*?x="(?P<x>[\d.]+)" [^>]*?clip-path="url\(#[^)]*-line-(?P<row>\d+)\)">'
    r"(?P<text>.*?)</text>"
)
CHAR_WIDTH = 20 * 0.61  # Rich's export_svg: 20px characters, aspect ratio 0.61


def screen_text(app: App[Any]) -> str:
    """What the terminal shows right now, as plain text, row by row: read back from
    Textual's public screenshot (an SVG) rather than the compositor's internals."""
    from rich.cells import cell_len

    lines: dict[int, list[tuple[int, str]]] = {}
    for found in SVG_TEXT.finditer(app.export_screenshot()):
        text = html.unescape(found["text"]).replace("\xa0", " ")
        column = round(float(found["x"]) / CHAR_WIDTH)
        lines.setdefault(int(found["row"]), []).append((column, text))
    rendered = []
    for row in range(app.size.height):
        line, width = "", 0
        for column, text in sorted(lines.get(row, [])):
            line += " " * (column - width) + text
            width = column + cell_len(text)
        rendered.append(line.rstrip())
    return "\n".join(rendered)


def toast_text(app: App[Any]) -> str:
    """The screen as one line of words, without box borders or a toast's edge:
    for finding a notice's words wherever the toast wraps or sits."""
    return " ".join(re.sub("[\u2500-\u257f▌]", " ", screen_text(app)).split())


def fake_systemctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int = 0) -> Path:
    """A `systemctl` first on PATH that logs its arguments (and fails if told to)."""
    bin_dir, log = tmp_path / "bin", tmp_path / "systemctl.log"
    bin_dir.mkdir()
    script = bin_dir / "systemctl"
    script.write_text(
        f'#!/bin/sh\necho "$*" >> {log}\n'
        f"[ {status} = 0 ] || "
        f'{{ echo "Failed to connect to bus: No medium found" >&2; exit {status}; }}\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log
