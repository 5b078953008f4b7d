"""Add a task from inside the app, in the same one-line grammar as `startnow add`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from startnow.domain.model import TaskInfo
from startnow.domain.quickadd import QuickAddError, parse_quick_add
from startnow.screens.widgets import coach_app

EXAMPLE = "Write Q3 report ~2h due:fri start:tomorrow 9am #work :: outline; first paragraph"


class AddScreen(ModalScreen[TaskInfo | None]):
    CSS_PATH = "add.tcss"
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box"):
            yield Static("Add a task", id="add-title")
            yield Input(placeholder=EXAMPLE, id="add-input")
            yield Static("", id="add-error", markup=False)
            yield Static(
                "~25m estimate · due:fri · start:tomorrow 9am · #tag · :: step; step\n"
                "enter add · esc cancel",
                id="add-help",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#add-box").border_title = "Add"
        self.query_one("#add-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        app = coach_app(self)
        error = self.query_one("#add-error", Static)
        try:
            parsed = parse_quick_add(
                event.value,
                app.services.clock(),
                app.tz,
                day_start=app.services.settings.day_start,
            )
        except QuickAddError as exc:
            error.update(str(exc))
            return
        # The ignore goes when services/tasks.py (another branch) makes TaskSpec's members
        # read-only.
        task = app.services.tasks.add(parsed)  # type: ignore[arg-type]  # ParsedTask is read-only
        self.dismiss(task)

    def action_cancel(self) -> None:
        self.dismiss(None)
