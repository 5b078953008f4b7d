"""The Textual app: one place that builds the coach, shared by the CLI and tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from startnow.clock import Clock, local_zone
from startnow.config import Settings
from startnow.domain.commitment import CommitmentRecord
from startnow.domain.localtime import IsoWeek
from startnow.domain.safe_text import safe
from startnow.domain.today import DaySoFar, TodayView
from startnow.errors import UnreadableValue
from startnow.screens.today import TodayScreen
from startnow.screens.widgets import TopBar

if TYPE_CHECKING:
    from startnow.domain.model import SessionInfo
    from startnow.hooks import Hooks
    from startnow.services.all_services import Services


OPEN_STORE_AFTER = 0.2  # seconds


def user_line(error: BaseException, path: object = None) -> str | None:
    """The one line for an error the user can act on; None for a bug."""
    import sqlite3

    from startnow.errors import StartnowError

    if isinstance(error, StartnowError):
        return str(error)
    original = getattr(error, "orig", error)  # SQLAlchemy wraps the driver's error
    if isinstance(original, sqlite3.Error):
        from startnow.store.preflight import database_error

        return str(database_error(original, path))  # type: ignore[arg-type]  # a path, or None: shown as given
    return None


class StartnowApp(App[None]):
    """Opens on Today; offers to resume a focus session the last run left open."""

    TITLE = "startnow"
    # Today's stylesheet (beside its screen) is read with the app's: loaded by the
    # screen itself it would make Textual parse every stylesheet a second time
    # before the first paint.
    CSS_PATH = ["app.tcss", "screens/today.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "help", key_display="?"),
        Binding("ctrl+q", "quit", "quit", show=False, priority=True),
    ]

    def __init__(
        self,
        services: Services,
        *,
        tz: tzinfo | None = None,
        watch_seconds: float = 1.0,
        notify_desktop: bool = True,
        review_week: IsoWeek | None = None,
        open_task: int | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.review_week = review_week
        self._open_task = open_task  # Today's cursor starts on it (tui --task)
        self.settings: Settings = services.settings
        self.clock: Clock = services.clock
        self.tz = tz or local_zone()
        self.watch_seconds = watch_seconds
        self.notify_desktop = notify_desktop
        self._seen_version: int | None = None
        self._seen_minute: datetime | None = None
        self._typed_ahead: list[events.Key] = []
        self._hooks: Hooks | None = None

    def _handle_exception(self, error: Exception) -> None:
        """A store problem met mid-session (the disk full, the file gone, a lock
        held too long): one line and exit status 1, as on the command line,
        rather than a traceback. Anything else is a bug: Textual's report.
        (Textual's own hook for unhandled exceptions; it has no public one.)"""
        line = user_line(error, self.services.path)
        if line is None:
            super()._handle_exception(error)
        else:
            self.exit(return_code=1, message=f"startnow: {safe(line)}")

    def get_default_screen(self) -> Screen[None]:
        """Today. (Not a mode: installing a mode re-reads every stylesheet.)"""
        return TodayScreen()

    def take_open_task(self) -> int | None:
        """The task Today was asked to open on, once: later reloads keep the
        person's own place."""
        task_id, self._open_task = self._open_task, None
        return task_id

    def today_view(self, first_rows: int | None = None) -> TodayView:
        return self.services.today(self.tz, first_rows=first_rows)

    def opens_on_task(self) -> bool:
        """Whether Today is still to open on a task (see take_open_task)."""
        return self._open_task is not None

    def day_so_far(self) -> DaySoFar:
        return self.services.day_so_far(self.tz)

    def commitment_now(self) -> CommitmentRecord | None:
        return self.services.commitment_now(self.tz)

    def on_mount(self) -> None:
        self.apply_theme(self.settings.theme)
        try:
            running = self.services.focus.running() if self.services.has_running_session() else None
        except UnreadableValue as problem:  # another program's value: Today, and say why
            running = None
            self.notify(
                f"The session left running cannot be resumed: {problem}",
                severity="warning", timeout=30, markup=False,
            )  # fmt: skip
        if running is not None and running.kind == "sweep":
            # A sweep walks a list the next launch doesn't have: log it as it
            # stood (what was swept is already marked done) rather than offer a
            # plain timer on whichever small thing it began with.
            self.services.focus.log_as_it_stands(running.id)
            self.notify("The last sweep was cut short; it is logged as it stood.")
            running = None
        if running is not None:
            from startnow.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(running))
        elif self.review_week is not None:
            from startnow.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.review_week))
        self._seen_version = self.services.data_version()
        self._seen_minute = self.clock().replace(second=0, microsecond=0)
        if self.watch_seconds > 0:
            self.set_interval(self.watch_seconds, self.check_for_changes)
        # A moment after the first paint: importing the ORM on a thread holds the
        # GIL in long stretches, and would delay the frame on its way out. A key
        # that needs the store sooner opens (and waits for) it itself.
        self.set_timer(OPEN_STORE_AFTER, self.after_first_paint)

    def after_first_paint(self) -> None:
        """The collector back on (`collector`: held off while the app starts),
        then the store's opening behind Today."""
        from startnow import collector

        collector.release()
        self.services.warm_up()

    async def on_event(self, event: events.Event) -> None:
        """Keys typed faster than screens appear (Enter, Enter, Enter the moment
        Today shows) wait for the screen they were meant for: a key that comes
        while the current screen is still mounting, or before its question has
        the focus, is kept and replayed in order once it has. Textual itself
        would hand it to the bare screen, which drops it. (The loop's Enter
        keys are priority bindings: each one's screen change is made before
        the next key is looked at.)"""
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and (self._typed_ahead or not self._screen_ready())
        ):
            self._typed_ahead.append(event)
            self.call_after_refresh(self._replay_typed_ahead)
            return
        await super().on_event(event)

    def _screen_ready(self) -> bool:
        screen = self.screen
        return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)

    async def _replay_typed_ahead(self) -> None:
        while self._typed_ahead and self._screen_ready():
            await super().on_event(self._typed_ahead.pop(0))
        if self._typed_ahead:
            self.call_after_refresh(self._replay_typed_ahead)

    def apply_theme(self, name: str) -> None:
        """The config's theme; an unknown name keeps the default and says so once."""
        if name == self.theme:
            return  # setting it anyway re-applies every style at start-up
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(f'Unknown theme "{name}" in the settings; using {self.theme}.')

    def check_for_changes(self) -> None:
        """Notice a quick add from another terminal (PRAGMA data_version moves),
        and a new minute: the clock in the top bar, "waited 3 h", a start that
        has just been missed all move with time, not only with data. And the
        store's opening behind the first paint: if it failed (the file is
        damaged, the disk full), the one line, and the app ends.

        Not while the app closes: its timer can still fire then, when Today's
        widgets are already gone."""
        if not self.is_running:
            return
        failure = self.services.opening_error()
        if isinstance(failure, Exception):
            self._handle_exception(failure)
            return
        version = self.services.data_version()
        minute = self.clock().replace(second=0, microsecond=0)
        if version == self._seen_version and minute == self._seen_minute:
            return
        self._seen_version, self._seen_minute = version, minute
        for screen in self.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.reload()
        for bar in self.screen.query(TopBar):  # the clock of whichever screen is up
            bar.update_clock()

    def back_to_today(self) -> None:
        """Pop every screen above Today."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key of the current screen, by name, in the command palette (ctrl+p)."""
        # Textual's own "Keys" entry opens its key panel; ours below opens the help.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        seen: set[str] = set()
        for binding in screen.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.action in seen or binding.action in ("quit", "help"):
                continue
            seen.add(binding.action)
            key = binding.key_display or binding.key.split(",")[0]
            yield SystemCommand(
                binding.description.capitalize(),
                f"key: {key}",
                partial(screen.run_action, binding.action),
            )
        yield SystemCommand("Keys", "key: ? — the key map", self.action_help)

    def action_help(self) -> None:
        from startnow.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def fire_hook(self, event: str, session: SessionInfo) -> None:
        """The user's hook for this moment of the timer (start, pause, resume,
        end; startnow/hooks.py) runs in the background: it never delays or
        breaks the timer, and its trouble is one notice."""
        from startnow.hooks import Hooks, session_payload

        try:
            if self._hooks is None:
                self._hooks = Hooks.for_store(self.services.path, self.hook_notice)
            if self._hooks.has(event):
                task = self.services.tasks.get(session.task_id)
                self._hooks.fire(session_payload(event, session, task, self.clock()))
        except Exception as exc:  # (fire itself never raises; reading the task might)
            self.hook_notice(f"hook on-{event} did not run: {exc}")

    def hook_notice(self, line: str) -> None:
        """One line about a hook, from the hook's watcher thread or from this one."""
        try:
            self.call_from_thread(self.notify, line, severity="warning", markup=False)
        except RuntimeError:  # on the app's own thread (or the app has gone)
            self.notify(line, severity="warning", markup=False)

    def ring(self, title: str, message: str) -> None:
        """The bell, plus a desktop notification where one is available."""
        self.bell()
        self.notify(message, title=title)
        if self.notify_desktop and self.settings.notifications:
            from startnow.notify import desktop_notify

            desktop_notify(title, message)
