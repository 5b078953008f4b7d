"""What's in the way? Five blockers in the user's words, and "nothing — just go"."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from startnow.domain.breakdown import should_offer_breakdown
from startnow.domain.describe import format_minutes
from startnow.domain.model import TaskInfo
from startnow.screens.widgets import AnswerList, TopBar, coach_app


def step_heading(task: TaskInfo) -> str:
    step = task.next_step
    minutes = f" ({format_minutes(step.minutes)})" if step.minutes else ""
    if step.chunk_id is None:
        return f"{task.title}{minutes}"
    return f"{task.title} — next: {step.title}{minutes}"


class BlockerScreen(Screen[None]):
    CSS_PATH = "blocker.tcss"
    BINDINGS = [
        # The list's "enter choose", as a priority binding: the next screen is
        # pushed before a key typed ahead is read.
        Binding("enter", "choose_highlighted", "choose", priority=True),
        Binding("b", "break_down", "break it down first"),
        Binding("escape,q", "back", "back"),
    ]

    def __init__(self, task: TaskInfo) -> None:
        super().__init__()
        self.task_info = task

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield Static(
            step_heading(self.task_info), classes="context", id="step-heading", markup=False
        )
        yield Static("What's in the way right now?", classes="question")
        library = coach_app(self).services.library
        options = []
        for blocker in library.blockers:
            grid = Table.grid(expand=True, padding=(0, 2))
            grid.add_column(ratio=3, no_wrap=True, overflow="ellipsis")
            grid.add_column(ratio=1, no_wrap=True, style="dim")
            grid.add_row(Text(blocker.words), "" if blocker.id == "none" else blocker.label)
            options.append(Option(grid, id=blocker.id))
        yield AnswerList(*options, id="blockers", classes="answers")
        yield Static("", id="offer", classes="hint")
        yield Footer()

    def on_screen_resume(self) -> None:
        """Back from breaking it down: the next step may have changed."""
        self.task_info = coach_app(self).services.task(self.task_info.id)
        self.query_one("#step-heading", Static).update(step_heading(self.task_info))
        offer = should_offer_breakdown(self.task_info.estimate, bool(self.task_info.chunks))
        self.query_one("#offer", Static).update("b  break it down first" if offer else "")

    def on_mount(self) -> None:
        answers = self.query_one("#blockers", OptionList)
        answers.highlighted = 0
        answers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id or "none")

    def action_choose_highlighted(self) -> None:
        option = self.query_one("#blockers", OptionList).highlighted_option
        self.choose(option.id if option is not None and option.id else "none")

    def choose(self, blocker: str) -> None:
        from startnow.screens.nudge import NudgeScreen

        self.app.push_screen(NudgeScreen(self.task_info, blocker))

    def action_break_down(self) -> None:
        from startnow.screens.breakdown import BreakdownScreen

        self.app.push_screen(BreakdownScreen(self.task_info))

    def action_back(self) -> None:
        self.app.pop_screen()
