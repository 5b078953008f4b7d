"""Small widgets more than one screen uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, Static

if TYPE_CHECKING:
    from startnow.app import StartnowApp


def coach_app(widget: object) -> StartnowApp:
    """The running StartnowApp, typed (screens reach services through it)."""
    return cast("StartnowApp", widget.app)  # type: ignore[attr-defined]


class TopBar(Horizontal):
    """' startnow            Mon 23 Nov · 08:52' — the injected clock, not the wall clock."""

    def __init__(self, left: str = "startnow") -> None:
        super().__init__(classes="topbar")
        self.left = left

    def compose(self) -> ComposeResult:
        yield Static(self.left, classes="brand", markup=False)
        yield Static("", classes="clock", id="topbar-clock")

    def on_mount(self) -> None:
        self.update_clock()

    def update_clock(self) -> None:
        app = coach_app(self)
        now = app.services.clock().astimezone(app.tz)
        self.query_one("#topbar-clock", Static).update(f"{now:%a} {now.day} {now:%b} · {now:%H:%M}")


class AnswerList(OptionList):
    """An OptionList whose Enter shows in the footer: "enter choose"."""

    BINDINGS = [Binding("enter", "select", "choose")]
