"""The Textual app: one place that builds the coach, shared by the CLI and tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from startnow.clock import Clock, local_zone, system_clock
from startnow.config import Settings
from startnow.domain.review import CommitmentRecord, IsoWeek
from startnow.domain.today import TodayView
from startnow.screens.today import TodayScreen
from startnow.screens.widgets import TopBar

if TYPE_CHECKING:
    from startnow.domain.model import SessionInfo
    from startnow.hooks import Hooks
    from startnow.services.hub import Services
    from startnow.services.quick_look import QuickLook


OPEN_SERVICES_AFTER = 0.2  # seconds


def user_line(error: BaseException, path: object = None) -> str | None:
    """The one line for an error the user can act on; None for a bug."""
    import sqlite3

    from startnow.errors import StartnowError

    if isinstance(error, StartnowError):
        return str(error)
    original = getattr(error, "orig", error)  # SQLAlchemy wraps the driver's error
    if isinstance(original, sqlite3.Error):
        from startnow.store.preflight import database_error

        return str(database_error(original, path))  # type: ignore[arg-type]
    return None


class ServicesOpening:
    """Opens the full services (SQLAlchemy and all, ~0.4 s) once, on a thread,
    after Today has painted; whoever needs them first waits for the rest."""

    def __init__(self, opener: Callable[[], Services]) -> None:
        self._opener = opener
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._services: Services | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="open-services", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._services = self._opener()
        except BaseException as exc:  # handed to whoever asks, on their thread
            self._error = exc
        finally:
            self._done.set()

    def get(self) -> Services:
        self.start()
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._services is not None
        return self._services

    def opened(self) -> Services | None:
        """The services if they were opened, without waiting (for closing them)."""
        return self._services if self._done.is_set() else None


class StartnowApp(App[None]):
    """Opens on Today; offers to resume a focus session the last run left open."""

    TITLE = "startnow"
    # Today's stylesheet (beside its screen) is read with the app's: loaded by the
    # screen itself it would make Textual parse every stylesheet a second time
    # before the first paint (~40 ms).
    CSS_PATH = ["app.tcss", "screens/today.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "help", key_display="?"),
        Binding("ctrl+q", "quit", "quit", show=False, priority=True),
    ]

    def __init__(
        self,
        services: Services | None = None,
        *,
        tz: tzinfo | None = None,
        watch_seconds: float = 1.0,
        notify_desktop: bool = True,
        review_week: IsoWeek | None = None,
        quick: QuickLook | None = None,
        opening: ServicesOpening | None = None,
        settings: Settings | None = None,
        clock: Clock | None = None,
    ) -> None:
        """Either ready `services`, or a `quick` look at Today with the services
        `opening` in the background (plus the `settings` and `clock` they will use)."""
        super().__init__()
        if services is None and (quick is None or opening is None):
            raise ValueError("StartnowApp needs services, or a quick look and an opening")
        self.review_week = review_week
        self._services = services
        self.quick = quick
        self.opening = opening
        self.settings: Settings = services.settings if services else settings or Settings()
        self.clock: Clock = services.clock if services else clock or system_clock
        self.tz = tz or local_zone()
        self.watch_seconds = watch_seconds
        self.notify_desktop = notify_desktop
        self._seen_version: int | None = None
        self._seen_minute: datetime | None = None
        self._hooks: Hooks | None = None

    def _handle_exception(self, error: Exception) -> None:
        """A store problem met mid-session (the disk full, the file gone, a lock
        held too long): one line and exit status 1, as on the command line,
        rather than a traceback. Anything else is a bug: Textual's report.
        (Textual's own hook for unhandled exceptions; it has no public one.)"""
        line = user_line(error, self._services.store.path if self._services else None)
        if line is None:
            super()._handle_exception(error)
        else:
            self.exit(return_code=1, message=f"startnow: {line}")

    def get_default_screen(self) -> Screen:
        """Today. (Not a mode: installing a mode re-reads every stylesheet.)"""
        return TodayScreen()

    @property
    def services(self) -> Services:
        """The full services; on a quick start, waits for the background open."""
        if self._services is None:
            assert self.opening is not None
            self._services = self.opening.get()
        return self._services

    def today_view(self) -> TodayView:
        if self._services is None and self.quick is not None:
            return self.quick.today(self.tz)
        return self.services.tasks.today(self.tz, self.settings.grace)

    def commitment_now(self) -> CommitmentRecord | None:
        if self._services is None and self.quick is not None:
            return self.quick.commitment(self.tz)
        return self.services.reviews.this_weeks(self.tz)

    def data_version(self) -> int:
        if self.quick is not None:
            return self.quick.data_version()
        return self.services.store.data_version()

    def on_mount(self) -> None:
        self.apply_theme(self.settings.theme)
        left_open = self._services is not None or (
            self.quick is not None and self.quick.has_running_session()
        )
        running = self.services.focus.running() if left_open else None
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
        self._seen_version = self.data_version()
        self._seen_minute = self.clock().replace(second=0, microsecond=0)
        if self.watch_seconds > 0:
            self.set_interval(self.watch_seconds, self.check_for_changes)
        if self.opening is not None:
            # A moment after the first paint: importing the ORM on a thread holds
            # the GIL in long stretches, and would delay the frame on its way out.
            # A key that needs the services sooner starts (and waits for) them itself.
            self.set_timer(OPEN_SERVICES_AFTER, self.opening.start)

    def apply_theme(self, name: str) -> None:
        """The config's theme; an unknown name keeps the default and says so once."""
        if name == self.theme:
            return  # setting it anyway re-applies every style: ~0.1 s at start-up
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(f'Unknown theme "{name}" in the settings; using {self.theme}.')

    def check_for_changes(self) -> None:
        """Notice a quick add from another terminal (PRAGMA data_version moves),
        and a new minute: the clock in the top bar, "waited 3 h", a start that
        has just been missed all move with time, not only with data."""
        version = self.data_version()
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

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
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
                self._hooks = Hooks.for_store(self.services.store.path, self.hook_notice)
            if self._hooks.has(event):
                task = self.services.tasks.get(session.task_id)
                self._hooks.fire(session_payload(event, session, task, self.clock()))
        except Exception as exc:  # (fire itself never raises; reading the task might)
            self.hook_notice(f"hook on-{event} did not run: {exc}")

    def hook_notice(self, line: str) -> None:
        """One line about a hook, from the hook's watcher thread or from this one."""
        try:
            self.call_from_thread(self.notify, line, severity="warning")
        except RuntimeError:  # on the app's own thread (or the app has gone)
            self.notify(line, severity="warning")

    def ring(self, title: str, message: str) -> None:
        """The bell, plus a desktop notification where one is available."""
        self.bell()
        self.notify(message, title=title)
        if self.notify_desktop and self.services.settings.notifications:
            from startnow.notify import desktop_notify

            desktop_notify(title, message)
