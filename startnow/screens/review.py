"""The weekly review: start delays drawn over twelve weeks, focus per day,
recurring tasks' delays, what worked, what still waits (one key to act on it),
and next week's commitment. Left and right walk the weeks. This module holds
the screen's keys and state; what each box shows is `review_boxes.py`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Sparkline, Static

from startnow.domain.model import TaskInfo, TaskStatus
from startnow.domain.review import IsoWeek, Review, week_of
from startnow.errors import UnreadableValue
from startnow.formats.review_format import closed_words, delay_words, headline, week_title
from startnow.screens import actions
from startnow.screens.review_boxes import (
    TABLE_ROWS,
    WaitingList,
    blocker_table,
    commitment_text,
    focus_bars,
    more,
    nudge_table,
    recurring_text,
    waiting_options,
    what_works_text,
)
from startnow.screens.widgets import KeyBar, RedrawOnReturn, TopBar, coach_app


class ReviewScreen(RedrawOnReturn, Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("left,h", "week(-1)", "weeks", key_display="←→"),
        Binding("right,l", "week(1)", "next week", show=False),
        Binding("c", "commit", "commit"),  # before the list's keys: 80 columns keep it
        Binding("s", "shrink", "shrink"),
        Binding("t", "reschedule", "reschedule"),
        Binding("x", "drop", "drop"),
        Binding("k", "kept", "kept", show=False),
        Binding("u", "undo_drop", "undo drop", show=False),
        # Before the focused waiting list's own paging, which would keep the page still.
        Binding("pageup", "scroll(-1)", "scroll up", show=False, priority=True),
        Binding("pagedown", "scroll(1)", "scroll down", show=False, priority=True),
        Binding("end", "scroll(1)", "scroll down", show=False),
        Binding("escape,q", "back", "back"),
    ]

    def __init__(self, week: IsoWeek | None = None) -> None:
        super().__init__()
        self.week = week
        self.review: Review | None = None
        self.asking: str | None = None  # "reschedule" or "commit" while the input is open
        self.commit_default = ""  # what Enter on an empty commitment field commits
        self.dropped: int | None = None  # the task the last x dropped, for u

    def compose(self) -> ComposeResult:
        yield TopBar("startnow · review")
        with VerticalScroll(id="review-body"):
            yield Static("", id="week-title")
            yield Static("", id="headline")
            with Horizontal(id="charts"):
                with Vertical(id="trend-box", classes="box"):
                    yield Sparkline([], id="trend")
                    yield Static("", id="trend-legend")
                yield Static("", id="focus", classes="box")
            with Horizontal(id="tables"):
                yield Static("", id="blockers", classes="box")
                yield Static("", id="nudges", classes="box")
            yield Static("", id="recurring", classes="box")
            yield WaitingList(id="waiting")
            yield Static("", id="review-commitment", classes="box")
            yield Static("", id="what-works", classes="box")
        yield Static("", id="review-error", markup=False)
        yield Input(id="review-input")
        yield KeyBar([*WaitingList.BINDINGS, *self.BINDINGS])

    def on_mount(self) -> None:
        app = coach_app(self)
        self.query_one("#review-input").display = False
        try:
            if self.week is None:
                self.week = app.services.reviews.default_week(app.tz)
            self.reload()
        except UnreadableValue as problem:  # another program's value: say which, go back
            self.app.notify(f"No review: {problem}", severity="error", timeout=30, markup=False)
            self.app.pop_screen()

    # -- drawing --------------------------------------------------------------

    def reload(self) -> None:
        app = coach_app(self)
        assert self.week is not None
        review = app.services.reviews.week(self.week, app.tz)
        self.review = review
        self.query_one("#week-title", Static).update(Text(week_title(review), style="bold"))
        closed = closed_words(review)
        self.query_one("#headline", Static).update(
            headline(review) + (f"\n{closed}" if closed else "")
        )
        trend = self.query_one("#trend", Sparkline)
        trend.data = [f.median_delay or 0 for f in review.trend]
        box = self.query_one("#trend-box")
        box.border_title = f"Median start delay · {len(review.trend)} weeks"
        first, last = review.trend[0].week, review.trend[-1].week
        worst = max((f.median_delay or 0) for f in review.trend)
        legend = f"W{first.week:02d} … W{last.week:02d} · highest {delay_words(worst or None)}"
        self.query_one("#trend-legend", Static).update(Text(legend, style="dim"))
        focus = self.query_one("#focus", Static)
        focus.border_title = f"Focus minutes · {review.focus_total} this week"
        focus.update(focus_bars(review))
        blockers = self.query_one("#blockers", Static)
        blockers.border_title = "Start delay by blocker" + more(TABLE_ROWS, len(review.by_blocker))
        blockers.update(blocker_table(review))
        nudges = self.query_one("#nudges", Static)
        nudges.border_title = "Nudges · used/completed/helped" + more(
            TABLE_ROWS, len(review.nudges)
        )
        nudges.update(nudge_table(review))
        recurring = self.query_one("#recurring", Static)
        recurring.display = bool(review.recurring)  # as in the printed review: only if any
        recurring.border_title = "Recurring tasks" + more(TABLE_ROWS, len(review.recurring))
        recurring.update(recurring_text(review))
        self.fill_waiting(review)
        commitment = self.query_one("#review-commitment", Static)
        commitment.border_title = "Commitment"
        commitment.update(commitment_text(review, self.commitment_week() is not None))
        works = self.query_one("#what-works", Static)
        works.border_title = "What works for you"
        works.update(what_works_text(review))

    def fill_waiting(self, review: Review) -> None:
        waiting = self.query_one("#waiting", WaitingList)
        waiting.border_title = "Still waiting" + more(
            len(review.still_waiting), review.waiting_total
        )
        keep = waiting.highlighted
        waiting.set_options(waiting_options(review, coach_app(self).services.tasks.get))
        if review.still_waiting:
            waiting.highlighted = min(keep or 0, len(review.still_waiting) - 1)
        waiting.focus(scroll_visible=False)

    # -- acting on a still-waiting task ---------------------------------------

    def selected_task(self) -> TaskInfo | None:
        """The highlighted still-waiting task, if it is still open and unstarted."""
        waiting = self.query_one("#waiting", WaitingList)
        option = waiting.highlighted_option
        if option is None or option.id is None:
            self.app.bell()
            return None
        task = coach_app(self).services.tasks.get(int(option.id.removeprefix("task-")))
        if task.status != TaskStatus.OPEN or task.started:
            self.notify("That one has moved on since: nothing to do here.")
            return None
        return task

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        task = self.selected_task()
        if task is not None:
            actions.start_now(coach_app(self), task)

    def action_shrink(self) -> None:
        task = self.selected_task()
        if task is not None:
            actions.shrink(coach_app(self), task, replace=False)

    def action_drop(self) -> None:
        task = self.selected_task()
        if task is not None:
            actions.drop(coach_app(self), task)
            self.dropped = task.id
            self.notify("u brings it back.")
            self.reload()

    def action_undo_drop(self) -> None:
        if self.dropped is None:
            self.app.bell()
            return
        coach_app(self).services.tasks.set_status(self.dropped, TaskStatus.OPEN)
        self.dropped = None
        self.notify("Back on the list.")
        self.reload()

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#review-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_reschedule(self) -> None:
        if self.selected_task() is not None:
            self.ask("reschedule", "when? e.g. tomorrow 9am, fri, in 2h", "Start it when?")

    def commitment_week(self) -> IsoWeek | None:
        """The week a commitment made here is for: the one after the reviewed
        week, when that is this week or next (a past week can't be committed to)."""
        assert self.week is not None
        app = coach_app(self)
        target = self.week.shift(1)
        return target if target >= week_of(app.services.clock(), app.tz) else None

    def action_commit(self) -> None:
        assert self.review is not None
        week = self.commitment_week()
        if week is None:
            self.notify("A commitment is for this week or next: → goes to the latest review.")
            return
        current = self.review.next_commitment
        # The suggestion (or the commitment it would replace) is the field's
        # placeholder, never its text: what the person types is all that is
        # stored, and Enter on the empty field takes the suggestion as it is.
        self.commit_default = current.text if current else self.review.suggestion
        title = f"Your commitment for week {week.week}" + (" (replaces it)" if current else "")
        self.ask("commit", self.commit_default, title, "enter alone takes this one")

    def ask(self, what: str, placeholder: str, title: str, enter: str = "enter saves") -> None:
        """Open an empty input; its title says what it is for, what Enter
        does, and how to leave it."""
        self.asking = what
        field = self.query_one("#review-input", Input)
        field.placeholder, field.value = placeholder, ""
        field.border_title = f"{title} · {enter} · esc cancels"
        field.display = True
        field.focus()

    def close_input(self) -> None:
        self.asking = None
        self.query_one("#review-input").display = False
        self.query_one("#review-error", Static).update("")
        self.query_one("#waiting").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        app = coach_app(self)
        text = event.value.strip()
        if not text and self.asking == "commit":
            text = self.commit_default
        if not text:
            return
        error: str | None = None
        if self.asking == "reschedule":
            task = self.selected_task()
            error = None if task is None else actions.reschedule(app, task, text)
        elif self.asking == "commit":
            assert self.week is not None
            from startnow.errors import StartnowError

            target = self.commitment_week()
            if target is None:  # the clock passed into a new week while typing
                error = "That week has begun: a commitment is for this week or next."
            else:
                try:
                    app.services.reviews.commit(target, text)
                except StartnowError as exc:
                    error = str(exc)
                else:
                    now_week = week_of(app.services.clock(), app.tz)
                    when = "this week" if target == now_week else "next week"
                    self.notify(f"Committed. It will be on Today every morning {when}.")
        if error is not None:
            self.query_one("#review-error", Static).update(error)
            return
        self.close_input()
        self.reload()

    # -- weeks, and the commitment kept --------------------------------------

    def action_week(self, step: int) -> None:
        assert self.week is not None
        app = coach_app(self)
        target = self.week.shift(step)
        if target > week_of(app.services.clock(), app.tz):
            self.notify("That week hasn't happened yet.")
            return
        shown, self.week = self.week, target
        try:
            self.reload()
        except UnreadableValue as problem:  # that week only: stay on the one shown
            self.week = shown
            self.notify(f"No review of that week: {problem}", severity="error", markup=False)
            return
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)  # its title

    def action_kept(self) -> None:
        assert self.review is not None and self.week is not None
        if self.review.commitment is None:
            self.notify("No commitment was made for this week.")
            return
        cycle = {None: True, True: False, False: None}
        coach_app(self).services.reviews.mark_kept(self.week, cycle[self.review.commitment.kept])
        self.reload()

    def action_back(self) -> None:
        if self.asking is not None:
            self.close_input()
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()
