"""`startnow remind`: one check, meant to run every few minutes from a timer,
that sends a desktop notification for what needs a nudge (domain/remind.py).

What was said is kept in `reminders.json` beside the database (JSON, written
whole: a temporary file, then a rename), not in a table: no schema change for
it. `--install` writes a systemd user timer (every 5 minutes); `--uninstall`
removes it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from startnow.commands.protocols import CommandParser
    from startnow.domain.status import OpenTask
    from startnow.hooks import Hooks
    from startnow.notify import Opener

STATE_NAME = "reminders.json"
KEEP_DAYS = 14  # what was said is forgotten after this (a key never comes back sooner)
UNIT = "startnow-remind"

EPILOG = """\
examples:
  startnow remind                 check once: notify what needs a nudge, once each
  startnow remind --install       a systemd user timer that checks every 5 minutes
  startnow remind --uninstall     remove it
  */5 * * * * startnow remind     the same from cron

It says: a planned start has come, a start was missed ("... didn't get started
at 09:00. Five minutes now?"), and, with remind_by = "10:00" in the settings,
that nothing has been started today. Never while a timer runs, never about a
task already started, never in quiet hours (quiet = "20:00-08:00"), nothing at
all with notifications = false."""

# notifier(title, message, opener): the opener is None or a `startnow.notify.Opener`.
Notifier = Callable[[str, str, "Opener | None"], bool]


def register(command: CommandParser) -> None:
    remind = command(
        "remind", "check once and send a desktop notification if a start is due", EPILOG
    )
    group = remind.add_mutually_exclusive_group()
    group.add_argument("--install", action="store_true",
                       help="write a systemd user timer (or print a crontab line)")  # fmt: skip
    group.add_argument("--uninstall", action="store_true", help="remove the timer")


def load_said(path: Path) -> dict[str, str]:
    """key -> when it was said; an unreadable or foreign file counts as empty."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    said = data.get("said") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in said.items()} if isinstance(said, dict) else {}


def save_said(path: Path, said: dict[str, str]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkstemp's file is private (0600), as the store beside it; the rename keeps that.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"said": said}, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check(
    db: str,
    state: Path,
    now: datetime,
    tz: tzinfo,
    settings: object,
    notifier: Notifier,
    hooks: Hooks | None = None,
    open_on: Callable[[int], Opener] | None = None,
) -> list[str]:
    """One check: notify, run the on-missed hook for a missed start, remember
    (so neither happens twice), and return the messages sent, each with the
    command that opens the coach on its task (a click may do it instead). The
    hooks are waited for (up to their time limit): this process ends right after."""
    from startnow.domain.describe import iso_instant
    from startnow.domain.remind import reminders, start_of_local_day
    from startnow.services.glance import read_for_reminders

    notify = getattr(settings, "notifications", True)
    if not notify and (hooks is None or not hooks.has("missed")):
        return []
    found = read_for_reminders(db, start_of_local_day(now, tz))
    if found is None:
        return []
    session, tasks, started_today = found
    said = load_said(state)
    due = reminders(
        tasks, session is not None, started_today, now, tz, set(said),
        grace=getattr(settings, "grace", timedelta(hours=1)),
        remind_by=getattr(settings, "remind_by", ""), quiet=getattr(settings, "quiet", ""),
    )  # fmt: skip
    if not notify:
        due = [reminder for reminder in due if reminder.is_missed_start]
    sent = []
    open_on = open_on or opener_for(db, None)
    for reminder in due:
        if notify:
            opener = None if reminder.opens is None else open_on(reminder.opens)
            notifier(reminder.title, reminder.message, opener)
            said_with = "" if opener is None else f" {opener.shown}"
            sent.append(f"{reminder.message}{said_with}")
        if hooks is not None and reminder.is_missed_start and reminder.task is not None:
            hooks.fire(missed_payload(reminder.task, now))
        said[reminder.key] = iso_instant(now)  # (sent or not: a missing notify-send won't heal)
    cutoff = iso_instant(now - timedelta(days=KEEP_DAYS))
    kept = {k: v for k, v in said.items() if v >= cutoff}
    if due or kept != said:
        save_said(state, kept)
    if hooks is not None:
        hooks.wait()
    return sent


def missed_payload(task: OpenTask, now: datetime) -> dict[str, object]:
    """What on-missed reads: the keys of the app's payloads (startnow/hooks.py),
    from the light task the reminders are worked out on."""
    from startnow.domain.describe import iso_instant

    def iso(value: datetime | None) -> str | None:
        return None if value is None else iso_instant(value)

    return {
        "event": "missed", "at": iso_instant(now), "session_id": None, "kind": None,
        "task_id": task.id,
        "chunk_id": None, "title": task.title, "step": task.step_title, "blocker": None,
        "nudge_id": None, "planned_minutes": task.step_minutes, "started_at": None,
        "planned_start": iso(task.planned_start), "due": iso(task.due), "tags": [],
    }  # fmt: skip


def opener_for(db: str, shown_db: str | None) -> Callable[[int], Opener]:
    """How a reminder opens the coach on its task: `startnow tui --task N` as
    typed (with --db when the store is not the default one), and as a click runs
    it (this install, the store's full path)."""
    import shlex

    from startnow.notify import Opener

    shown = "startnow" if shown_db is None else f"startnow --db {shlex.quote(shown_db)}"
    base = [*command_line(db)[:-1], "tui", "--task"]

    def opener(task_id: int) -> Opener:
        return Opener(f"{shown} tui --task {task_id}", [*base, str(task_id)])

    return opener


def command_line(db: str | None) -> list[str]:
    """How the timer runs this check: this interpreter, so the same install."""
    from startnow.commands.user_timer import startnow_command

    return startnow_command(db, "remind")


def run(args: argparse.Namespace) -> int:
    if args.install or args.uninstall:
        from startnow.commands import user_timer

        if args.uninstall:
            return user_timer.uninstall(UNIT)
        return user_timer.install(
            user_timer.UserTimer(
                UNIT,
                "a nudge when a start is due",
                command_line(getattr(args, "db", None)),
                verb="checks",
                keep_children=True,  # the watcher of a clickable notification
            )
        )
    from startnow.clock import local_zone, system_clock
    from startnow.commands.common import require_store
    from startnow.config import load_settings
    from startnow.notify import desktop_notify
    from startnow.paths import resolve_db_path

    path, is_default = resolve_db_path(getattr(args, "db", None))
    require_store(path, is_default)
    from startnow.hooks import Hooks

    hooks = Hooks.for_store(path, notice=lambda line: print(f"startnow: {line}", file=sys.stderr))
    settings = load_settings()

    def notifier(title: str, message: str, opener: Opener | None) -> bool:
        return desktop_notify(title, message, opener, terminal=settings.terminal)

    shown_db = None if is_default else str(path)
    check(str(path), path.parent / STATE_NAME, system_clock(), local_zone(), settings,
          notifier, hooks, open_on=opener_for(str(path), shown_db))  # fmt: skip
    return 0
