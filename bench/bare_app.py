"""The reference for the start-up benchmark: the least a Textual app can do.

One Label and nothing else, so the time to its first paint is what Textual itself
costs on this machine; startnow's first paint is compared against it.
"""

from textual.app import App, ComposeResult
from textual.widgets import Label

MARKER = "bare textual app"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(MARKER)


if __name__ == "__main__":
    BareApp().run()
