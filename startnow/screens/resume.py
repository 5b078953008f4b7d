"""A focus session the last run left open: resume it, or log it as it stands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from startnow.domain.focus import clock_face, remaining
from startnow.domain.model import SessionInfo
from startnow.screens.widgets import AnswerList, TopBar, coach_app


class ResumeScreen(Screen[None]):
    CSS_PATH = "resume.tcss"
    BINDINGS = [Binding("escape", "log", "log it")]

    def __init__(self, session: SessionInfo) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        app = coach_app(self)
        task = app.services.tasks.get(self.session.task_id)
        started = self.session.started_at.astimezone(app.tz)
        left = remaining(self.session, app.services.clock())
        yield TopBar()
        if left.total_seconds() > 0:
            text = (
                f"You were focusing on “{task.title}” (since {started:%H:%M}). "
                f"{clock_face(left)} left on the timer."
            )
            options = [
                Option("Resume the timer", id="resume"),
                Option("Log it as it stands", id="log"),
            ]
        else:
            text = (
                f"Your timer on “{task.title}” (from {started:%H:%M}) ran out while "
                "startnow was closed."
            )
            options = [Option("Log it and answer two quick questions", id="log")]
        yield Static(text, classes="context", id="resume-text", markup=False)
        yield AnswerList(*options, id="resume-options", classes="answers")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#resume-options", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "resume":
            self.resume()
        else:
            self.action_log()

    def resume(self) -> None:
        from startnow.screens.focus import FocusScreen

        app = coach_app(self)
        nudge = app.services.library.find(self.session.nudge_id)
        app.switch_screen(FocusScreen(self.session, nudge))

    def action_log(self) -> None:
        from startnow.screens.after import AfterScreen

        app = coach_app(self)
        logged = app.services.focus.log_as_it_stands(self.session.id)
        app.fire_hook("end", logged)
        nudge = app.services.library.find(self.session.nudge_id)
        app.switch_screen(AfterScreen(logged, nudge))
