"""The sweep: one ten-minute timer that walks through the small things.

Small things hold other people up when they pile up; a sweep clears them with
one key each. It is stored as one focus session of kind "sweep".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Footer, Static

from startnow.domain.focus import clock_face, remaining
from startnow.domain.model import SessionInfo
from startnow.domain.today import SmallThing
from startnow.screens.widgets import coach_app


class SweepScreen(Screen[None]):
    CSS_PATH = "sweep.tcss"
    BINDINGS = [
        Binding("d,enter", "done", "done"),
        Binding("n", "skip", "skip"),
        Binding("escape", "stop", "stop"),
    ]

    def __init__(self, items: tuple[SmallThing, ...], session: SessionInfo) -> None:
        super().__init__()
        self.items = list(items)
        self.session = session
        self.index = 0
        self.swept = 0
        self.ended = False

    def compose(self) -> ComposeResult:
        with Vertical(id="sweep-body"):
            yield Static("Sweep: small things, one key each.", id="sweep-title")
            yield Static("", id="sweep-item", markup=False)
            yield Static("", id="sweep-count")
            with Center():
                yield Digits("", id="sweep-countdown")
        yield Footer()

    def on_mount(self) -> None:
        coach_app(self).fire_hook("start", self.session)
        self.show_item()
        self.tick()
        self.set_interval(1.0, self.tick)

    def show_item(self) -> None:
        if self.index >= len(self.items):
            self.finish()
            return
        item = self.items[self.index]
        title = (
            item.step.title
            if item.step.chunk_id is None
            else (f"{item.task.title}: {item.step.title}")
        )
        self.query_one("#sweep-item", Static).update(title)
        self.query_one("#sweep-count", Static).update(f"{self.index + 1} of {len(self.items)}")

    def tick(self) -> None:
        if self.ended:
            return
        left = remaining(self.session, coach_app(self).services.clock())
        self.query_one("#sweep-countdown", Digits).update(clock_face(left))
        if not left:
            coach_app(self).ring("Sweep's over", f"Swept {self.swept} small things.")
            self.finish()

    def action_done(self) -> None:
        if self.ended or self.index >= len(self.items):
            return
        coach_app(self).services.workflows.sweep_done(self.items[self.index].step)
        self.swept += 1
        self.index += 1
        self.show_item()

    def action_skip(self) -> None:
        self.index += 1
        self.show_item()

    def action_stop(self) -> None:
        self.finish()

    def finish(self) -> None:
        if self.ended:
            return
        self.ended = True
        app = coach_app(self)
        self.session = app.services.workflows.end_sweep(self.session)
        app.fire_hook("end", self.session)
        app.notify(f"Swept {self.swept} small thing{'s' if self.swept != 1 else ''}.")
        app.back_to_today()
