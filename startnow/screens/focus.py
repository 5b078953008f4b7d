"""The focus timer: a big countdown on one step.

Remaining time is always computed from the stored session and the injected
clock; the one-second tick only redraws. `tick()` is public so tests can call
it after moving their clock.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Footer, ProgressBar, Static

from startnow.domain.focus import clock_face, remaining
from startnow.domain.model import Outcome, SessionInfo
from startnow.domain.nudges import Nudge
from startnow.screens.widgets import coach_app


class FocusScreen(Screen[None]):
    CSS_PATH = "focus.tcss"
    BINDINGS = [
        Binding("space", "pause", "pause"),
        Binding("space", "resume", "resume"),  # only one of the two shows: check_action
        Binding("plus,equals_sign", "more", "5 more min", key_display="+"),
        Binding("d", "done", "done"),
        Binding("x", "abandon", "abandon"),
        Binding("q", "quit", "quit"),
        # Enter, Enter, Enter is the advertised start; when "Nothing — just go"
        # skips the nudge screen, the third Enter lands here and does nothing.
        Binding("enter", "nothing", show=False, priority=True),
    ]

    def __init__(self, session: SessionInfo, nudge: Nudge | None = None) -> None:
        super().__init__()
        self.session = session
        self.nudge = nudge
        self.ended = False

    def compose(self) -> ComposeResult:
        app = coach_app(self)
        task = app.services.tasks.get(self.session.task_id)
        step_title = next(
            (c.title for c in task.chunks if c.id == self.session.chunk_id), task.next_step.title
        )
        with Vertical(id="focus-body"):
            yield Static(task.title, id="focus-task", markup=False)
            yield Static(
                "" if step_title == task.title else step_title, id="focus-step", markup=False
            )
            if self.nudge is not None and self.nudge.action.rough_draft:
                yield Static(
                    "Rough draft: no fixing, no rereading until the bell.", id="focus-mode"
                )
            with Center():
                yield Digits("", id="countdown")
            with Center():
                yield ProgressBar(show_eta=False, show_percentage=False, id="focus-progress")
            yield Static("", id="focus-state")
            if self.nudge is not None and self.nudge.action.reward:
                yield Static(f"Then: {self.nudge.action.reward}", id="focus-reward", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        coach_app(self).fire_hook("start", self.session)
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Redraw from the stored session; ring the bell once the time is up."""
        if self.ended:
            return
        now = coach_app(self).services.clock()
        left = remaining(self.session, now)
        total = self.session.planned_minutes * 60
        self.query_one("#countdown", Digits).update(clock_face(left))
        bar = self.query_one("#focus-progress", ProgressBar)
        bar.update(total=total, progress=total - left.total_seconds())
        paused = self.session.paused_at is not None
        self.query_one("#focus-state", Static).update("Paused — space to go on." if paused else "")
        if left.total_seconds() <= 0 and not paused:
            self.finish(Outcome.COMPLETED, ring=True)

    def finish(self, outcome: str, *, ring: bool = False) -> None:
        if self.ended:
            return
        self.ended = True
        app = coach_app(self)
        self.session = app.services.focus.finish(self.session.id, outcome)
        app.fire_hook("end", self.session)
        if ring:
            app.ring("Time's up", "The bell: time to look up.")
        from startnow.screens.after import AfterScreen

        # The bell may ring while help (or the palette) is open over the timer:
        # close those first, or switch_screen would replace them, not the timer.
        while app.screen is not self and self in app.screen_stack:
            app.pop_screen()
        app.switch_screen(AfterScreen(self.session, self.nudge))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space pauses a running timer and resumes a paused one; the key bar
        names what it will do now."""
        if self.ended:  # between the bell and the questions: nothing more to change
            return False
        if action in ("pause", "resume"):
            return (action == "resume") == (self.session.paused_at is not None)
        return True

    def action_pause(self) -> None:
        if self.ended:
            return
        self.session = coach_app(self).services.focus.pause(self.session.id)
        coach_app(self).fire_hook("pause", self.session)
        self.after_pause_change()

    def action_resume(self) -> None:
        if self.ended:
            return
        self.session = coach_app(self).services.focus.resume(self.session.id)
        coach_app(self).fire_hook("resume", self.session)
        self.after_pause_change()

    def after_pause_change(self) -> None:
        self.refresh_bindings()
        self.tick()

    def action_more(self) -> None:
        if self.ended:
            return
        self.session = coach_app(self).services.focus.extend(self.session.id, 5)
        self.tick()

    def action_quit(self) -> None:
        """Leave the app; the session stays stored and open, so the next launch
        offers to resume it (or to log it, if its time ran out meanwhile)."""
        self.app.exit(message="The timer keeps its place: startnow offers to resume it next time.")

    def action_nothing(self) -> None:
        """Enter on the timer: swallowed (see BINDINGS)."""

    def action_done(self) -> None:
        self.finish(Outcome.COMPLETED)

    def action_abandon(self) -> None:
        self.finish(Outcome.ABANDONED)
