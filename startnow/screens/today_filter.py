"""Today's `/`: narrow Today to the tasks with these words or #tags (the
filter of `list --search/--tag`, domain/task_filter.py), typed in a line at
the top. Enter keeps the filter and goes back to the list; Esc clears it.

The line is mounted by the first `/`, not with Today: a widget on the screen
costs its styles at every launch, and most mornings nobody filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Input, OptionList

FILTER_HINT = "filter: words or #tag · enter keeps it · esc clears"

if TYPE_CHECKING:
    from textual.screen import Screen

    Base = Screen[None]
else:
    Base = object


class TodayFilter(Base):
    """The filter of TodayScreen (which has `reload` and `action_quit`)."""

    filter_text = ""  # what `/` narrows Today to ("" shows everything)
    typing_filter = False  # `/` was pressed and the filter's line has the keys

    def reload(self) -> None:
        raise NotImplementedError

    async def action_quit(self) -> None:
        raise NotImplementedError

    def filter_line(self) -> Input | None:
        """The filter's line, once `/` has mounted it."""
        found = self.query("#filter")
        return found.first(Input) if found else None

    def show_filter(self) -> None:
        """The filter's line is there while it is typed in or narrows Today."""
        field = self.filter_line()
        if field is None:
            return
        field.display = bool(self.filter_text) or self.typing_filter
        # Focusable only after `/`: else it takes the first focus (Today empty,
        # or before the lists are filled), and the keys meant for Today with it.
        field.can_focus = self.typing_filter

    def no_match(self) -> Text:
        typed = self.filter_text.strip()
        return Text(f"Nothing on Today matches “{typed}”. esc clears the filter.")

    async def action_filter(self) -> None:
        field = self.filter_line()
        if field is None:
            field = Input(placeholder=FILTER_HINT, id="filter")
            # Awaited: the keys typed after `/` wait for it, and go to the line.
            await self.mount(field, before="#empty")
        self.typing_filter = field.display = field.can_focus = True
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.filter_text = event.value
            self.reload()

    def focus_list(self) -> None:
        self.typing_filter = False
        main, small = self.query_one("#main", OptionList), self.query_one("#small", OptionList)
        target = main if main.display else small if small.display else None
        if target is not None:
            target.focus()
        else:
            self.set_focus(None)
        self.show_filter()

    async def action_escape(self) -> None:
        """Esc clears the filter when there is one (or it is being typed), else quits."""
        field = self.filter_line()
        if self.filter_text or self.typing_filter:
            self.filter_text = ""
            if field is not None:
                field.value = ""
            self.set_focus(None)
            self.reload()
            self.focus_list()
            return
        await self.action_quit()
