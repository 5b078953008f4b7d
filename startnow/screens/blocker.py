"""What's in the way? Five blockers in the user's words, and "nothing — just go".

The highlight opens on the blocker this person last chose for this task, else
on "Nothing — just go", so Enter, Enter, Enter never names a blocker for them;
a session stores whether its blocker was chosen or this default."""

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
        # The moves are priority bindings too, so "up, up, enter" typed fast is
        # taken in that order (the list's own keys would wait behind the Enter),
        # and a move is what tells a choice from the default.
        Binding("up", "move('up')", show=False, priority=True),
        Binding("down", "move('down')", show=False, priority=True),
        Binding("home", "move('first')", show=False, priority=True),
        Binding("end", "move('last')", show=False, priority=True),
        Binding("b", "break_down", "break it down first"),
        Binding("escape,q", "back", "back"),
    ]

    def __init__(self, task: TaskInfo) -> None:
        super().__init__()
        self.task_info = task
        self.default = "none"  # where the highlight opens (set on mount)
        self.moved = False  # the person moved the highlight (away and back is a choice too)

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
        app = coach_app(self)
        answers = self.query_one("#blockers", OptionList)
        self.default = app.services.coach.last_chosen_blocker(self.task_info.id) or "none"
        answers.highlighted = answers.get_option_index(self.default)
        answers.focus()

    def action_move(self, where: str) -> None:
        self.moved = True
        answers = self.query_one("#blockers", OptionList)
        moves = {
            "up": answers.action_cursor_up,
            "down": answers.action_cursor_down,
            "first": answers.action_first,
            "last": answers.action_last,
        }
        moves[where]()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click (or the list's own Enter): picked by the person
        self.choose(event.option.id or "none", chosen=True)

    def action_choose_highlighted(self) -> None:
        option = self.query_one("#blockers", OptionList).highlighted_option
        blocker = option.id if option is not None and option.id else "none"
        self.choose(blocker, chosen=self.moved or blocker != self.default)

    def choose(self, blocker: str, *, chosen: bool) -> None:
        """Nothing in the way: the timer at once. Else the nudge for the blocker."""
        app = coach_app(self)
        if blocker == "none":
            from startnow.screens import actions

            actions.timer(app, app.services.coach.just_go(self.task_info, blocker_chosen=chosen))
            return
        from startnow.screens.nudge import NudgeScreen

        app.push_screen(NudgeScreen(self.task_info, blocker, blocker_chosen=chosen))

    def action_break_down(self) -> None:
        from startnow.screens.breakdown import BreakdownScreen

        self.app.push_screen(BreakdownScreen(self.task_info))

    def action_back(self) -> None:
        self.app.pop_screen()
