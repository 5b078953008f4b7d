"""The nudge: what to do, why it should help, and what the app will do now."""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from startnow.domain.describe import local_when
from startnow.domain.model import TaskInfo
from startnow.domain.plan import StartPlan
from startnow.screens.widgets import TopBar, coach_app


def what_ill_do(plan: StartPlan, tz: tzinfo) -> str:
    action = plan.nudge.action
    parts = [f'a {plan.minutes}-minute timer on "{plan.step.title}"']
    if plan.new_first_step is not None:
        parts[0] += ", as a new, smaller first step"
    if action.rough_draft:
        parts.append("rough-draft mode: no fixing, no rereading until the bell")
    if plan.self_due is not None:
        parts.append(f"your own deadline: {local_when(plan.self_due, tz)}")
    if action.reward:
        parts.append(f"the reward: {action.reward}")
    return "; ".join(parts) + "."


def chosen_because(reason: str) -> str:
    """The one line under the nudge: "Chosen because it helped 7 of 9 times;
    fairly sure." where the reason is a record, else the reason as a sentence."""
    if reason.startswith(("worked", "didn't", "helped", "used")):
        return f"Chosen because it {reason}."
    return f"{reason[0].upper()}{reason[1:]}."


class NudgeScreen(Screen[None]):
    CSS_PATH = "nudge.tcss"
    BINDINGS = [
        Binding("enter", "start", "start", priority=True),  # before a key typed ahead
        Binding("n", "another", "another nudge"),
        Binding("escape,q", "back", "back"),
    ]

    def __init__(self, task: TaskInfo, blocker: str, *, blocker_chosen: bool = False) -> None:
        super().__init__()
        self.task_info = task
        self.blocker = blocker
        self.blocker_chosen = blocker_chosen
        self.tried: list[str] = []
        self.plan: StartPlan | None = None

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="nudge-body"):
            yield Static("", id="nudge-title", markup=False)
            yield Static("", id="nudge-words", markup=False)
            yield Static("", id="nudge-why", markup=False)
            yield Static("", id="nudge-action", markup=False)
            yield Static("", id="nudge-reason", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.choose()

    def choose(self) -> None:
        coach = coach_app(self).services.coach
        choice = coach.choose(self.blocker, exclude=self.tried, task=self.task_info)
        self.plan = coach.plan(
            self.task_info, self.blocker, choice, blocker_chosen=self.blocker_chosen
        )
        self.show(self.plan)

    def show(self, plan: StartPlan) -> None:
        app = coach_app(self)
        nudge = plan.nudge
        label = next(b.label for b in app.services.library.blockers if b.id == self.blocker)
        self.query_one("#nudge-title", Static).update(f"{label.capitalize()} · “{nudge.title}”")
        self.query_one("#nudge-words", Static).update(nudge.words)
        self.query_one("#nudge-why", Static).update(f"Why: {nudge.why}\n     ({nudge.source})")
        self.query_one("#nudge-action", Static).update(f"What I'll do: {what_ill_do(plan, app.tz)}")
        self.query_one("#nudge-reason", Static).update(chosen_because(plan.choice.reason))

    def action_another(self) -> None:
        if self.plan is None:
            return
        current = self.plan.nudge.id
        coach_app(self).services.coach.swap(self.blocker, current)
        self.tried.append(current)
        if len(self.tried) >= coach_app(self).services.coach.offered(self.blocker, self.task_info):
            self.tried = [current]  # every nudge seen: start over, but not with this one
        self.choose()

    def action_start(self) -> None:
        if self.plan is None:
            return
        app = coach_app(self)
        session = app.services.coach.start(self.plan)
        from startnow.screens.focus import FocusScreen

        app.back_to_today()
        app.push_screen(FocusScreen(session, self.plan.nudge))

    def action_back(self) -> None:
        self.app.pop_screen()
