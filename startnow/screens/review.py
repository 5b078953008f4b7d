"""The weekly review: start delays drawn over twelve weeks, focus per day,
what worked, what still waits (one key to act on it), and next week's
commitment. Left and right walk the weeks."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from startnow.domain.model import TaskInfo, TaskStatus
from startnow.domain.review import IsoWeek, Review, week_of
from startnow.errors import UnreadableValue
from startnow.formats.review_format import (
    NOT_ENOUGH,
    bar,
    chance_words,
    closed_words,
    delay_words,
    headline,
    week_title,
)
from startnow.screens import actions
from startnow.screens.widgets import KeyBar, RedrawOnReturn, TopBar, coach_app

TABLE_ROWS = 4  # the longest-delay blockers, the most-used nudges: all fit in 30 rows


def more(shown: int, total: int) -> str:
    """' · 3 more' for a box that shows only the first rows (the printed review,
    `startnow review --format text`, has them all)."""
    hidden = total - shown
    return f" · {hidden} more" if hidden > 0 else ""


def small_table(rows: Sequence[tuple[str, ...]], empty: str, gap: int) -> Table | Text:
    """The first TABLE_ROWS rows: a clipped label, then right-aligned figures."""
    if not rows:
        return Text(empty, style="dim")
    table = Table.grid(padding=(0, gap), expand=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for _ in rows[0][1:]:
        table.add_column(justify="right", no_wrap=True)
    for row in rows[:TABLE_ROWS]:
        table.add_row(*row)
    return table


def moved_on(task: TaskInfo) -> str | None:
    """What became of a task that was waiting then: None while it still waits."""
    if task.status == TaskStatus.OPEN and not task.started:
        return None
    since: dict[str, str] = {TaskStatus.DROPPED: "dropped since", TaskStatus.DONE: "done since"}
    return since.get(task.status, "started since")


class WaitingList(OptionList):
    """Still-waiting tasks; Enter reads "start 5 min" in the footer.

    The list sits low in a scrolling page: moving its cursor scrolls the page
    to it, or the highlighted task (the one s, t and x act on) could be out of
    sight on a short terminal."""

    BINDINGS = [Binding("enter", "select", "start 5 min")]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.has_focus:  # a key moved it (not the first fill, before the focus)
            self.scroll_visible(animate=False)


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
        focus.update(self.focus_bars(review))
        blockers = self.query_one("#blockers", Static)
        blockers.border_title = "Start delay by blocker" + more(TABLE_ROWS, len(review.by_blocker))
        blockers.update(self.blocker_table(review))
        nudges = self.query_one("#nudges", Static)
        nudges.border_title = "Nudges · used/completed/helped" + more(
            TABLE_ROWS, len(review.nudges)
        )
        nudges.update(self.nudge_table(review))
        self.fill_waiting(review)
        commitment = self.query_one("#review-commitment", Static)
        commitment.border_title = "Commitment"
        commitment.update(self.commitment_text(review))
        works = self.query_one("#what-works", Static)
        works.border_title = "What works for you"
        works.update(self.what_works_text(review))

    @staticmethod
    def what_works_text(review: Review) -> Text:
        """Per blocker, the best nudge and how sure; one rarely offered now, and why."""
        chance = chance_words(review)
        if not review.what_works:
            text = Text(NOT_ENOUGH[0].upper() + NOT_ENOUGH[1:] + ".", style="dim")
            if chance is not None:
                text.append("\n" + chance, style="dim")
            return text
        text = Text()
        for lesson in review.what_works:
            text.append(f"{lesson.label.capitalize()}: ", style="bold")
            text.append(lesson.words() + "\n")
        if chance is not None:
            text.append(chance, style="italic")
        text.rstrip()
        return text

    @staticmethod
    def focus_bars(review: Review) -> Text:
        top = max((d.minutes for d in review.focus_days), default=0)
        text = Text()
        for d in review.focus_days:
            text.append(f"{d.day:%a} ", style="dim")
            text.append(bar(d.minutes, top, 20) or "·", style="" if d.minutes else "dim")
            text.append(f" {d.minutes}\n" if d.minutes else "\n", style="dim")
        text.rstrip()
        return text

    @staticmethod
    def blocker_table(review: Review) -> Table | Text:
        rows = [(b.label, str(b.tasks_started), delay_words(b.median_delay))
                for b in review.by_blocker]  # fmt: skip
        return small_table(rows, "No starts this week.", gap=2)

    @staticmethod
    def nudge_table(review: Review) -> Table | Text:
        rows = [(n.title, f"{n.used} / {n.completed} / {n.helped}") for n in review.nudges]
        return small_table(rows, "No nudges used this week.", gap=1)

    def fill_waiting(self, review: Review) -> None:
        waiting = self.query_one("#waiting", WaitingList)
        waiting.border_title = "Still waiting" + more(
            len(review.still_waiting), review.waiting_total
        )
        options = []
        tasks = coach_app(self).services.tasks
        for w in review.still_waiting:
            # A past week's list is history; what happened to a task since
            # (dropped here a moment ago, started on Tuesday) is said beside it.
            since = moved_on(tasks.get(w.task_id))
            grid = Table.grid(expand=True, padding=(0, 1))
            grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            grid.add_column(justify="right", no_wrap=True)
            if since is None:
                overdue = " · overdue" if w.overdue else ""
                grid.add_row(
                    Text(w.title),
                    Text(f"waiting {delay_words(w.waiting_minutes)}{overdue}", "dim"),
                )
            else:
                grid.add_row(Text(w.title, "dim strike"), Text(since, "dim"))
            options.append(Option(grid, id=f"task-{w.task_id}"))
        if not options:
            empty = (
                "Nothing waiting: every ready task got started."
                if review.figures.tasks_started
                else "Nothing waiting."
            )
            options.append(Option(Text(empty, "dim"), disabled=True))
        keep = waiting.highlighted
        waiting.set_options(options)
        if review.still_waiting:
            waiting.highlighted = min(keep or 0, len(review.still_waiting) - 1)
        waiting.focus(scroll_visible=False)

    def commitment_text(self, review: Review) -> Text:
        text = Text()
        if review.commitment is not None:
            kept = {True: "kept ✓", False: "not kept", None: "kept? press k"}
            text.append(f"Week {review.week.week}: {review.commitment.text}  ")
            text.append(f"({kept[review.commitment.kept]})\n", style="dim")
        nxt = review.next_commitment
        if nxt is not None:
            text.append(f"Week {review.week.shift(1).week}: {nxt.text}")
        elif self.commitment_week() is None:
            text.append(f"No commitment was made for week {review.week.shift(1).week}.", "dim")
        else:
            text.append(f"For week {review.week.shift(1).week}, one sentence: ", style="dim")
            text.append(review.suggestion, style="italic")
            text.append("  (c to commit)", style="dim")
        return text

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
