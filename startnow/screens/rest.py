"""A short break between steps. Not recorded: it is rest, not a focus session."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Footer, Static

from startnow.domain.focus import clock_face
from startnow.screens.widgets import coach_app


class BreakScreen(Screen[None]):
    CSS_PATH = "rest.tcss"
    BINDINGS = [Binding("enter,escape", "today", "back to Today")]

    def __init__(self, minutes: int) -> None:
        super().__init__()
        self.minutes = minutes
        self.started: datetime | None = None
        self.over = False

    def compose(self) -> ComposeResult:
        with Vertical(id="break-body"):
            yield Static(
                "A break. Stand up, look out of a window, drink some water.", id="break-text"
            )
            with Center():
                yield Digits("", id="break-countdown")
        yield Footer()

    def on_mount(self) -> None:
        self.started = coach_app(self).services.clock()
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        assert self.started is not None
        now = coach_app(self).services.clock()
        left = max(self.started + timedelta(minutes=self.minutes) - now, timedelta(0))
        self.query_one("#break-countdown", Digits).update(clock_face(left))
        if not left and not self.over:
            self.over = True
            self.query_one("#break-text", Static).update("Break's over. Enter: back to Today.")
            coach_app(self).ring("Break's over", "Back to Today when you're ready.")

    def action_today(self) -> None:
        coach_app(self).back_to_today()
