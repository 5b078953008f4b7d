"""Hooks: the person's own programs, told when the timer starts, pauses and ends.

Executables in the config dir's `hooks/` (beside config.toml), named
`on-start`, `on-pause`, `on-end` and `on-missed`, get one JSON object on
standard input. They run in the background, in a session of their own, and
are killed after a time limit: a slow or broken hook never delays or breaks
the timer. A hook that fails (exit status not 0, killed, not executable) is
reported once per run: a one-line notice through a callback, and a line in
`hooks.log` beside the database.

No Textual here: the app passes its notice function in.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from startnow.domain.describe import iso_instant

EVENTS = ("start", "pause", "end", "missed")
TIME_LIMIT_SECONDS = 10.0
LOG_NAME = "hooks.log"
HOOKS_DIR = "hooks"
SWEEP_TITLE = "Small-things sweep"

Notice = Callable[[str], None]


def hooks_dir() -> Path:
    """`hooks/` beside the settings file (so $STARTNOW_CONFIG moves both)."""
    from startnow.config import config_path

    return config_path().parent / HOOKS_DIR


def hook_name(event: str) -> str:
    """The file a hook for `event` is called: on-start, on-pause, on-end, on-missed.
    A resume runs on-start again (with event "resume")."""
    return f"on-{'start' if event == 'resume' else event}"


def _iso(value: datetime | None) -> str | None:
    return None if value is None else iso_instant(value)


def session_payload(event: str, session: Any, task: Any, now: datetime) -> dict[str, Any]:
    """What a timer hook reads: the session and its task (any objects with
    SessionInfo's and TaskInfo's fields)."""
    step = next((c.title for c in task.chunks if c.id == session.chunk_id), task.title)
    sweep = session.kind == "sweep"  # several small things: its task is only the first
    return {
        "event": event,
        "at": iso_instant(now),
        "session_id": session.id,
        "kind": session.kind,
        "task_id": task.id,
        "chunk_id": session.chunk_id,
        "title": SWEEP_TITLE if sweep else task.title,
        "step": step,
        "blocker": session.blocker,
        "nudge_id": session.nudge_id,
        "planned_minutes": session.planned_minutes,
        "started_at": iso_instant(session.started_at),
        "paused_at": _iso(session.paused_at),
        "ended_at": _iso(session.ended_at),
        "outcome": session.outcome,
        "tags": list(task.tags),
    }


class Fired:
    """One hook run: its process and the thread that feeds and watches it."""

    def __init__(self, process: subprocess.Popen[bytes], watcher: threading.Thread) -> None:
        self.process = process
        self.watcher = watcher


class Hooks:
    """Runs the hooks of one directory; reports each failing hook once."""

    def __init__(
        self,
        directory: Path,
        log_file: Path | None = None,
        notice: Notice | None = None,
        time_limit: float = TIME_LIMIT_SECONDS,
    ) -> None:
        self.directory = directory
        self.log_file = log_file
        self.notice = notice
        self.time_limit = time_limit
        self._reported: set[str] = set()
        self.runs: list[Fired] = []  # (the hooks still running: tests wait on them)
        self._lock = threading.Lock()

    @classmethod
    def for_store(cls, db_path: Path | str, notice: Notice | None = None) -> Hooks:
        """The hooks of the config dir, logging beside the database (the data dir)."""
        return cls(hooks_dir(), Path(db_path).parent / LOG_NAME, notice)

    def has(self, event: str) -> bool:
        """Whether a hook for `event` is there at all (nothing else to do if not)."""
        return os.path.lexists(self.directory / hook_name(event))

    def fire(self, payload: dict[str, Any]) -> Fired | None:
        """Start the hook for payload["event"] and return at once (None: no hook
        to run). Never raises: a hook's trouble is reported, not passed on."""
        name = hook_name(str(payload["event"]))
        path = self.directory / name
        try:
            if not os.path.lexists(path):
                return None
            if not path.is_file() or not os.access(path, os.X_OK):
                self.report(name, f"hook {path} is not executable (chmod +x it); it did not run")
                return None
            data = (json.dumps(payload, ensure_ascii=False) + "\n").encode("utf-8")
            process = subprocess.Popen(
                [str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=self.directory,
                start_new_session=True,  # its own process group: killed whole, untouched by ^C
                close_fds=True,
            )
        except (OSError, ValueError) as exc:
            why = getattr(exc, "strerror", None) or exc
            self.report(name, f"hook {path} could not start: {why}")
            return None
        watcher = threading.Thread(
            target=self._watch, args=(process, name, data), name=f"hook-{name}", daemon=True
        )
        watcher.start()
        fired = Fired(process, watcher)
        self.runs = [run for run in self.runs if run.watcher.is_alive()] + [fired]
        return fired

    def wait(self) -> None:
        """Until every hook fired so far has ended or been stopped (a one-shot
        command waits, or its hooks would lose their input when it exits)."""
        for run in list(self.runs):
            run.watcher.join()

    def _watch(self, process: subprocess.Popen[bytes], name: str, data: bytes) -> None:
        """Feed the JSON, wait up to the time limit, kill the group after it."""
        try:
            _, err = process.communicate(data, timeout=self.time_limit)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            self.report(name, f"hook {name} ran over {self.time_limit:g} s and was stopped")
            return
        except OSError as exc:  # (a stdin it closed early is not this: communicate copes)
            self.report(name, f"hook {name} failed: {exc.strerror or exc}")
            return
        if process.returncode != 0:
            last = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
            said = f": {last[0][:200]}" if last else ""
            self.report(name, f"hook {name} exited with status {process.returncode}{said}")

    def report(self, name: str, line: str) -> None:
        """Once per hook per run: the notice, and a line in the log."""
        with self._lock:
            if name in self._reported:
                return
            self._reported.add(name)
        if self.log_file is not None:
            try:
                self.log_file.parent.mkdir(parents=True, exist_ok=True)
                with self.log_file.open("a", encoding="utf-8") as log:
                    log.write(f"{iso_instant(_now())} {line}\n")
            except OSError:
                pass
        if self.notice is not None:
            with contextlib.suppress(Exception):  # a notice that can't show must not break anything
                self.notice(line)


def _now() -> datetime:
    from startnow.clock import system_clock

    return system_clock()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
