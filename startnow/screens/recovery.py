"""A missed start: acknowledge it plainly, offer ways forward, do the chosen one at once."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from startnow.domain import recovery
from startnow.domain.delays import is_overdue, open_delay
from startnow.domain.describe import short_day, short_when
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.screens import actions
from startnow.screens.blocker import step_heading
from startnow.screens.widgets import AnswerList, TopBar, coach_app


class RecoveryScreen(Screen[None]):
    CSS_PATH = "recovery.tcss"
    BINDINGS = [
        # The list's "enter choose" as a priority binding: the option is carried
        # out before a key typed ahead is read (a second Enter would start twice).
        Binding("enter", "choose_highlighted", "choose", priority=True),
        Binding("escape", "back", "back"),
    ]

    def __init__(self, task: TaskInfo) -> None:
        super().__init__()
        self.task_info = task
        # "reschedule" or "own" while the input is open; "start own" while the
        # timer is offered on the person's own next step
        self.asking: str | None = None
        self.forgive = False

    def compose(self) -> ComposeResult:
        app = coach_app(self)
        task = self.task_info
        now = app.services.clock()
        # "at 08:00" today, "at Fri 09:00" this week: as Today itself says it.
        planned = short_when(task.planned_start, now, app.tz) if task.planned_start else None
        waited = open_delay(task.ready_time, now)
        self.forgive = recovery.should_forgive(
            waited, app.services.recoveries.forgave_last_time(task.id)
        )
        yield TopBar()
        yield Static(step_heading(task), classes="context", markup=False)
        if self.forgive:
            yield Static(recovery.FORGIVENESS_LINE, id="forgive", classes="hint")
        was_due = short_day(task.due, now, app.tz) if is_overdue(task, now) and task.due else None
        yield Static(recovery.acknowledgement(planned, was_due), classes="question", id="ack")
        yield AnswerList(
            *(Option(o.label, id=o.id) for o in recovery.OPTIONS),
            id="recovery-options",
            classes="answers",
        )
        yield Input(id="recovery-input")
        yield Static("", id="recovery-error", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#recovery-input").display = False
        options = self.query_one("#recovery-options", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id or "")

    async def action_choose_highlighted(self) -> None:
        field = self.query_one("#recovery-input", Input)
        if field.has_focus:
            await field.action_submit()  # Enter in the input is its own
            return
        option = self.query_one("#recovery-options", OptionList).highlighted_option
        if option is not None and option.id:
            self.choose(option.id)

    def choose(self, option_id: str) -> None:
        if option_id in ("reschedule", "own"):
            self.ask(option_id)
            return
        app = coach_app(self)
        if option_id == "own-start":  # the timer on their own next step
            actions.start_now(app, self.task_info)
            return
        if option_id == "own-later":
            app.back_to_today()
            return
        done = app.services.workflows.recover(
            self.task_info, option_id, forgave=self.forgive, tz=app.tz
        )
        if isinstance(done, SessionInfo):  # start
            actions.timer(app, done)
        elif option_id == "shrink" and isinstance(done, TaskInfo):
            actions.breakdown(app, done, replace=True)
        else:  # drop
            actions.said_dropped(app)
            app.back_to_today()

    def ask(self, option_id: str) -> None:
        self.asking = option_id
        field = self.query_one("#recovery-input", Input)
        field.placeholder = (
            "when? e.g. tomorrow 9am, fri, in 2h"
            if option_id == "reschedule"
            else "in your own words: what will you do?"
        )
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        app = coach_app(self)
        text = event.value.strip()
        if not text:
            return
        from startnow.domain.dates import DateParseError

        option = self.asking or "own"
        try:
            done = app.services.workflows.recover(
                self.task_info, option, text=text, forgave=self.forgive, tz=app.tz
            )
        except DateParseError as exc:
            self.query_one("#recovery-error", Static).update(str(exc))
            return
        if isinstance(done, datetime):
            actions.said_rescheduled(app, done)
            app.back_to_today()
        elif isinstance(done, TaskInfo):  # their own words: now the next step
            self.offer_timer(done, text)

    def offer_timer(self, task: TaskInfo, text: str) -> None:
        """The person's words are the next step: offer the timer on it at once."""
        self.task_info = task
        self.asking = "start own"
        self.query_one("#recovery-input").display = False
        self.query_one("#recovery-error", Static).update("")
        minutes = recovery.start_now_minutes(task.next_step.minutes)
        offer = recovery.OWN_OFFER.format(text=text, minutes=minutes)
        self.query_one("#ack", Static).update(Text(offer))  # their words, not markup
        options = self.query_one("#recovery-options", OptionList)
        options.set_options(Option(label, id=f"own-{key}") for key, label in recovery.OWN_ANSWERS)
        options.highlighted = 0
        options.focus()

    def action_back(self) -> None:
        if self.asking == "start own":  # the step is added: leaving is "later"
            coach_app(self).back_to_today()
            return
        field = self.query_one("#recovery-input", Input)
        if field.display:
            field.display = False
            self.query_one("#recovery-options", OptionList).focus()
            return
        self.app.pop_screen()
