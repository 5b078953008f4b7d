"""The Textual app: one place that builds the coach, shared by the CLI and tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from startnow.clock import local_zone
from startnow.domain.review import IsoWeek
from startnow.screens.today import TodayScreen
from startnow.services.hub import Services


class StartnowApp(App[None]):
    """Opens on Today; offers to resume a focus session the last run left open."""

    TITLE = "startnow"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    # A mode rather than get_default_screen(): only screens installed this way get
    # their own CSS_PATH loaded.
    MODES = {"today": TodayScreen}
    DEFAULT_MODE = "today"
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
    ) -> None:
        super().__init__()
        self.review_week = review_week
        self.services = services
        self.tz = tz or local_zone()
        self.watch_seconds = watch_seconds
        self.notify_desktop = notify_desktop
        self._seen_version: int | None = None

    def on_mount(self) -> None:
        self.apply_theme(self.services.settings.theme)
        running = self.services.focus.running()
        if running is not None:
            from startnow.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(running))
        elif self.review_week is not None:
            from startnow.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.review_week))
        self._seen_version = self.services.store.data_version()
        if self.watch_seconds > 0:
            self.set_interval(self.watch_seconds, self.check_for_changes)

    def apply_theme(self, name: str) -> None:
        """The config's theme; an unknown name keeps the default and says so once."""
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(f'Unknown theme "{name}" in the settings; using {self.theme}.')

    def check_for_changes(self) -> None:
        """Notice a quick add from another terminal (PRAGMA data_version moves)."""
        version = self.services.store.data_version()
        if version == self._seen_version:
            return
        self._seen_version = version
        for screen in self.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.reload()

    def back_to_today(self) -> None:
        """Pop every screen above Today."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen, by name, in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
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

    def ring(self, title: str, message: str) -> None:
        """The bell, plus a desktop notification where one is available."""
        self.bell()
        self.notify(message, title=title)
        if self.notify_desktop and self.services.settings.notifications:
            from startnow.notify import desktop_notify

            desktop_notify(title, message)
