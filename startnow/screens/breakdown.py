"""Break it down: the task's steps, editable with the keyboard, and offline
suggestions to accept, edit or discard one by one.

Every change is saved as it is made; there is no "save" to forget.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from startnow.domain.breakdown import FIRST_STEP_MINUTES, parse_step_text
from startnow.domain.describe import format_minutes
from startnow.domain.model import TaskInfo
from startnow.domain.templates import SuggestedChunk, smaller_first_step, suggest_chunks
from startnow.screens.widgets import TopBar, coach_app


def minutes_text(minutes: int | None) -> str:
    return f" ({format_minutes(minutes)})" if minutes else ""


class BreakdownScreen(Screen[None]):
    CSS_PATH = "breakdown.tcss"
    BINDINGS = [
        Binding("escape", "back", "done"),  # first: a narrow footer cuts from the right
        Binding("a", "add", "add step"),
        Binding("e", "edit", "edit", show=False),
        Binding("delete,backspace", "delete", "delete", key_display="del"),
        Binding("shift+up,K", "move(-1)", "move", key_display="⇧↑↓"),
        Binding("shift+down,J", "move(1)", "move down", show=False),
        Binding("A", "accept_all", "accept all"),
        Binding("x", "discard", "discard", show=False),
        Binding("minus", "spiciness(-1)", "spiciness", key_display="-/+"),
        Binding("plus,equals_sign", "spiciness(1)", "finer", show=False),
    ]

    def __init__(self, task: TaskInfo, *, shrink: bool = False) -> None:
        super().__init__()
        self.task_info = task
        self.spiciness = 2
        self.discarded: set[str] = set()
        self.editing: int | None = None  # chunk id being edited; None while adding
        self.shrink = shrink  # opened to shrink a missed start: propose a ≤ 5-minute first step

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield Static(f"Break it down: {self.task_info.title}", classes="question", markup=False)
        yield Static(
            "A first step too small to refuse: five minutes or less. "
            "Enter adds a suggestion or edits a step.",
            classes="hint",
        )
        yield OptionList(id="steps")
        yield Input(
            placeholder="step, e.g. open the doc and write one rough sentence ~5m", id="step-input"
        )
        yield Footer()

    def on_mount(self) -> None:
        self.spiciness = coach_app(self).services.settings.spiciness
        self.query_one("#step-input").display = False
        self.refresh_steps()
        self.query_one("#steps", OptionList).focus()

    # -- what is shown --------------------------------------------------------

    def proposal(self) -> SuggestedChunk | None:
        """A smaller first physical action, when the first open step is bigger than 5 min."""
        step = self.task_info.next_step
        if step.chunk_id is None:
            return None
        if step.minutes is not None and step.minutes <= FIRST_STEP_MINUTES:
            return None
        return smaller_first_step(step.title, FIRST_STEP_MINUTES)

    def suggestions(self) -> list[SuggestedChunk]:
        have = {c.title.lower() for c in self.task_info.chunks}
        return [
            s
            for s in suggest_chunks(self.task_info.title, self.spiciness)
            if s.title.lower() not in have and s.title not in self.discarded
        ]

    def refresh_steps(self, highlight: str | None = None) -> None:
        steps = self.query_one("#steps", OptionList)
        current = steps.highlighted_option.id if steps.highlighted_option else None
        options: list[Option] = [Option(Text("Steps", style="bold"), id="h-steps", disabled=True)]
        if not self.task_info.chunks:
            options.append(
                Option(Text("  none yet: a adds one", style="dim"), id="h-none", disabled=True)
            )
        for number, chunk in enumerate(self.task_info.chunks, 1):
            mark = "✓" if chunk.done_at else f"{number}."
            style = "dim strike" if chunk.done_at else ""
            options.append(
                Option(
                    Text(f"  {mark} {chunk.title}{minutes_text(chunk.estimate)}", style=style),
                    id=f"chunk-{chunk.id}",
                )
            )
        proposal = self.proposal()
        if proposal is not None:
            options.append(
                Option(
                    Text("Too big to start? Put this in front", style="bold"),
                    id="h-proposal",
                    disabled=True,
                )
            )
            options.append(
                Option(Text(f"  + {proposal.title}{minutes_text(proposal.minutes)}"), id="proposal")
            )
        suggestions = self.suggestions()
        if suggestions:
            heading = f"Suggestions · spiciness {self.spiciness} of 3 (- coarser, + finer)"
            options.append(Option(Text(heading, style="bold"), id="h-suggest", disabled=True))
            for index, suggestion in enumerate(suggestions):
                options.append(
                    Option(
                        Text(f"  + {suggestion.title}{minutes_text(suggestion.minutes)}"),
                        id=f"suggest-{index}",
                    )
                )
        steps.set_options(options)
        ids = [o.id for o in options if not o.disabled]
        target = highlight if highlight in ids else current if current in ids else None
        if target is None and self.shrink and "proposal" in ids:
            target = "proposal"
        if target is None and ids:
            target = ids[0]
        if target is not None:
            steps.highlighted = steps.get_option_index(target)

    def highlighted(self) -> str:
        option = self.query_one("#steps", OptionList).highlighted_option
        return option.id or "" if option else ""

    def highlighted_chunk(self) -> int | None:
        option_id = self.highlighted()
        return int(option_id.split("-")[1]) if option_id.startswith("chunk-") else None

    # -- actions ------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("chunk-"):
            self.action_edit()
        elif option_id == "proposal":
            proposal = self.proposal()
            if proposal is not None:
                self.save_new(proposal.title, proposal.minutes, first=True)
        elif option_id.startswith("suggest-"):
            suggestion = self.suggestions()[int(option_id.split("-")[1])]
            self.save_new(suggestion.title, suggestion.minutes)

    def save_new(self, title: str, minutes: int | None, *, first: bool = False) -> None:
        chunks = coach_app(self).services.steps
        self.task_info, chunk_id = chunks.add(self.task_info.id, title, minutes, first=first)
        self.refresh_steps(highlight=f"chunk-{chunk_id}" if first else None)

    def action_accept_all(self) -> None:
        chunks = coach_app(self).services.steps
        for suggestion in self.suggestions():
            self.task_info, _ = chunks.add(self.task_info.id, suggestion.title, suggestion.minutes)
        self.refresh_steps()

    def action_discard(self) -> None:
        option_id = self.highlighted()
        if option_id.startswith("suggest-"):
            self.discarded.add(self.suggestions()[int(option_id.split("-")[1])].title)
            self.refresh_steps()

    def action_spiciness(self, change: int) -> None:
        self.spiciness = max(1, min(3, self.spiciness + change))
        self.refresh_steps()

    def action_move(self, offset: int) -> None:
        chunk_id = self.highlighted_chunk()
        if chunk_id is not None:
            self.task_info = coach_app(self).services.steps.move(chunk_id, offset)
            self.refresh_steps(highlight=f"chunk-{chunk_id}")

    def action_delete(self) -> None:
        chunk_id = self.highlighted_chunk()
        if chunk_id is not None:
            self.task_info = coach_app(self).services.steps.delete(chunk_id)
            self.refresh_steps()

    def action_add(self) -> None:
        self.open_input(None, "")

    def action_edit(self) -> None:
        chunk_id = self.highlighted_chunk()
        chunk = next((c for c in self.task_info.chunks if c.id == chunk_id), None)
        if chunk is None:
            return
        estimate = f" ~{chunk.estimate}m" if chunk.estimate else ""
        self.open_input(chunk.id, f"{chunk.title}{estimate}")

    def open_input(self, chunk_id: int | None, value: str) -> None:
        self.editing = chunk_id
        field = self.query_one("#step-input", Input)
        field.value = value
        field.display = True
        field.focus()

    def close_input(self) -> None:
        field = self.query_one("#step-input", Input)
        field.display = False
        field.value = ""
        self.query_one("#steps", OptionList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            title, minutes = parse_step_text(event.value)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        chunks = coach_app(self).services.steps
        if self.editing is None:
            self.task_info, chunk_id = chunks.add(self.task_info.id, title, minutes)
        else:
            chunk_id = self.editing
            self.task_info = chunks.update(chunk_id, title, minutes)
        self.close_input()
        self.refresh_steps(highlight=f"chunk-{chunk_id}")

    def action_back(self) -> None:
        if self.query_one("#step-input").display:
            self.close_input()
            return
        self.app.pop_screen()
