"""Small widgets more than one screen uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import OptionList, Static

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.dom import DOMNode

    from startnow.app import StartnowApp


class RedrawOnReturn:
    """For screens that draw themselves in on_mount: draw again when the person
    comes back from a screen above (ScreenResume), but not on the first show,
    which on_mount has just drawn.

    Nor, on the first show, are the styles applied again: every widget's were
    applied as it was mounted, a moment ago, and Textual would apply them all
    a second time before the first paint (Today's is the app's first)."""

    shown_once = False

    def reload(self) -> None:
        raise NotImplementedError

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self.shown_once:
            self.reload()
        else:
            event.refresh_styles = False
        self.shown_once = True


def coach_app(widget: DOMNode) -> StartnowApp:
    """The running StartnowApp, typed (screens reach services through it)."""
    return cast("StartnowApp", widget.app)


class TopBar(Horizontal):
    """' startnow            Mon 23 Nov · 08:52' — the injected clock, not the wall clock.

    With `summary`, a line beside the clock (Today's "3 starts · 46 min focused")."""

    def __init__(self, left: str = "startnow", *, summary: bool = False) -> None:
        super().__init__(classes="topbar")
        self.left = left
        # Held, not queried: an exit typed ahead can unmount them mid-mount.
        self.summary_line = (
            Static("", classes="summary", id="topbar-summary", markup=False) if summary else None
        )
        self.clock_line = Static("", classes="clock", id="topbar-clock")

    def compose(self) -> ComposeResult:
        yield Static(self.left, classes="brand", markup=False)
        if self.summary_line is not None:
            yield self.summary_line
        yield self.clock_line

    def update_summary(self, text: str) -> None:
        if self.summary_line is not None:
            self.summary_line.update(f"{text}  ·  " if text else "")

    def on_mount(self) -> None:
        self.update_clock()

    def update_clock(self) -> None:
        app = coach_app(self)
        now = app.clock().astimezone(app.tz)
        self.clock_line.update(f"{now:%a} {now.day} {now:%b} · {now:%H:%M}")


class AnswerList(OptionList):
    """An OptionList whose Enter shows in the footer: "enter choose"."""

    BINDINGS = [Binding("enter", "select", "choose")]


def clip_cells(text: str, width: int) -> str:
    """At most `width` terminal cells, an ellipsis marking a cut. Cells, not
    characters: an emoji or a CJK character takes two, and counted as one it
    pushed the line past the edge, where it wrapped instead of being cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip(" ") + "…"


def two_columns(left: str, right: str, width: int, right_style: str = "dim") -> Text:
    """'title ........ details' in one line of `width` cells, the title clipped
    first (to no less than three fifths), then the details.

    A plain Text rather than a rich Table.grid per row: rendering a Table for
    every option was most of the cost of painting Today.
    """
    right_cells = cell_len(right)
    if cell_len(left) + 1 + right_cells > width:
        right = clip_cells(right, max(width - max(width * 3 // 5, width - right_cells - 1) - 1, 0))
        left = clip_cells(left, width - cell_len(right) - 1)
    line = Text(left, no_wrap=True, overflow="ellipsis")
    line.append(" " * max(width - cell_len(left) - cell_len(right), 1))
    line.append(right, style=right_style)
    return line


def list_width(widget: DOMNode, overhead: int = 8) -> int:
    """Cells for one option line: the screen's width less margins, border,
    padding and a scrollbar (known before the first layout, unlike the list's own)."""
    return max(coach_app(widget).size.width - overhead, 20)


class KeyBar(Static):
    """The footer's look, drawn once from the screen's bindings.

    Textual's Footer recomposes itself on every focus and binding change: on
    Today, the first screen, that was a third of the time to the first paint.
    Today's keys don't change with focus, so one line of text does.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 2;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        # A screen's BINDINGS may hold (key, action[, description]) tuples too.
        self.bindings = [b if isinstance(b, Binding) else Binding(*b) for b in bindings]
        super().__init__(self.line(self.bindings))

    def on_resize(self) -> None:
        self.update(self.line(self.bindings, self.size.width))

    @staticmethod
    def line(bindings: list[Binding], width: int | None = None) -> Content:
        """The keys as the footer shows them, on one line, or two when one is
        too narrow for them all (Today's keys at 100 columns). Too narrow for
        two: the palette goes first, then the screen's keys from the right, but
        never the way back (esc, q) and never `? help`, which lists them all."""
        keys: list[tuple[str, str, bool]] = []  # (key, description, always shown)
        for binding in [*bindings, Binding("question_mark", "help", "help", key_display="?")]:
            if not binding.show or not binding.description:
                continue
            key = binding.key_display or binding.key.split(",")[0]
            key = {"enter": "⏎", "escape": "esc"}.get(key, key)
            keys.append((key, binding.description, key in ("esc", "q", "?")))
        palette = ("^p", "palette", False)
        shown = [*keys, palette]
        if width is None:
            return _key_lines([shown])
        while len(lines := _wrapped(shown, width)) > 2 and any(not kept for *_, kept in shown):
            last = max(i for i, (_, _, kept) in enumerate(shown) if not kept)
            shown = shown[:last] + shown[last + 1 :]
        return _key_lines(lines)


KeyItem = tuple[str, str, bool]


def _wrapped(items: list[KeyItem], width: int) -> list[list[KeyItem]]:
    """The keys in lines of at most `width` cells, in order."""
    lines: list[list[KeyItem]] = [[]]
    used = 1  # the leading space
    for item in items:
        size = len(item[0]) + 1 + len(item[1])
        if lines[-1] and used + 2 + size > width:
            lines.append([])
            used = 1
        used += size + (2 if lines[-1] else 0)
        lines[-1].append(item)
    return lines


def _key_lines(lines: list[list[KeyItem]]) -> Content:
    parts: list[str | tuple[str, str]] = []
    for row, items in enumerate(lines):
        parts.append("\n " if row else " ")
        for n, (key, description, _) in enumerate(items):
            parts.append((key + " ", "bold $footer-key-foreground"))
            parts.append(description + ("  " if n < len(items) - 1 else ""))
    return Content.assemble(*parts)
