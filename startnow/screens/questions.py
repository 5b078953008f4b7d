"""Today's small questions, asked once before a change: done with the whole
task or just its next step? drop it, y/n? And the one line that edit and
reschedule are typed into, whose mistakes are said under it, in one line."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from startnow.domain.describe import format_minutes
from startnow.domain.model import TaskInfo
from startnow.screens.widgets import AnswerList

WHOLE, NEXT_STEP = "task", "step"


class DoneWhichScreen(ModalScreen[str | None]):
    """A task with open steps: done with all of it, or with the next step?"""

    CSS_PATH = "questions.tcss"
    BINDINGS = [
        Binding("w", "answer('task')", "whole task"),
        Binding("n", "answer('step')", "next step"),
        Binding("escape", "answer('')", "cancel"),
    ]

    def __init__(self, task: TaskInfo) -> None:
        super().__init__()
        self.task_info = task

    def compose(self) -> ComposeResult:
        step = self.task_info.next_step
        left = len(self.task_info.open_chunks)
        minutes = f" ({format_minutes(step.minutes)})" if step.minutes else ""
        with Vertical(classes="question-box"):
            yield Static(Text(f"Done: {self.task_info.title}"), classes="question-title")
            yield AnswerList(
                Option(Text(f"w  The whole task ({left} step{'' if left == 1 else 's'} open)"),
                       id=WHOLE),
                Option(Text(f"n  Just the next step: {step.title}{minutes}"), id=NEXT_STEP),
                id="done-which",
            )  # fmt: skip
            yield Static("enter choose · esc cancel", classes="question-help")

    def on_mount(self) -> None:
        self.query_one(".question-box").border_title = "Done"
        answers = self.query_one("#done-which", OptionList)
        answers.highlighted = 0
        answers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)


class DropScreen(ModalScreen[bool]):
    """"Drop <title>? y/n": asked once, since a drop takes it off the list."""

    CSS_PATH = "questions.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "drop it"),
        Binding("n,escape", "answer(False)", "keep it"),
    ]

    def __init__(self, task: TaskInfo) -> None:
        super().__init__()
        self.task_info = task

    def compose(self) -> ComposeResult:
        with Vertical(classes="question-box"):
            yield Static(Text(f"Drop {self.task_info.title}? y/n"), classes="question-title")
            yield Static("y drop it (u brings it back) · n keep it", classes="question-help")

    def on_mount(self) -> None:
        self.query_one(".question-box").border_title = "Drop"

    def action_answer(self, drop: bool) -> None:
        self.dismiss(drop)


class LineScreen(ModalScreen[bool]):
    """One line of input. `apply` carries it out and returns None, or the
    one line saying why it could not (shown under it; nothing was written)."""

    CSS_PATH = "questions.tcss"
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self,
        heading: str,
        apply: Callable[[str], str | None],
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
    ) -> None:
        super().__init__()
        self.heading, self.apply = heading, apply
        self.value, self.placeholder, self.hint = value, placeholder, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="question-box"):
            yield Input(self.value, placeholder=self.placeholder, id="line-input")
            yield Static("", id="line-error", markup=False)
            yield Static(
                f"{self.hint}\nenter saves · esc cancels", classes="question-help", markup=False
            )

    def on_mount(self) -> None:
        self.query_one(".question-box").border_title = self.heading
        self.query_one("#line-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        error = self.apply(event.value)
        if error is not None:
            self.query_one("#line-error", Static).update(error)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
