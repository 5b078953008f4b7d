"""Today: missed starts, then today's plan, then what has waited longest.

The highlighted row starts with Enter; the top row is highlighted on launch,
so Enter, Enter, Enter starts the timer on it. The keys that change a task
(d x e t u) are in today_changes.py; `/` narrows Today to words or a #tag.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from startnow.domain.describe import added_line_of
from startnow.domain.model import TaskInfo
from startnow.domain.task_filter import TaskFilter
from startnow.domain.today import SmallThing, TodayView, narrowed
from startnow.screens.today_changes import TodayChanges
from startnow.screens.today_filter import TodayFilter
from startnow.screens.today_open import TodayOpenOn
from startnow.screens.today_rows import MORE, TaskList, TodayRows, small_id
from startnow.screens.widgets import (
    KeyBar,
    RedrawOnReturn,
    TopBar,
    coach_app,
    list_width,
)

EMPTY_TEXT = (
    "Nothing waiting. That's a good place to be.\n\n"
    "Press [b]a[/b] to add your first task, in one line, for example:\n"
    "    [i]Call the dentist ~5m start:tomorrow 10am[/i]\n"
    "    [i]Write the Q3 report ~2h due:fri #work :: outline; first paragraph[/i]\n\n"
    'From a shell: [b]startnow add "…"[/b]'
)


class TodayScreen(TodayOpenOn, TodayRows, TodayFilter, TodayChanges, RedrawOnReturn, Screen[None]):
    # Its stylesheet, today.tcss, is loaded by StartnowApp.CSS_PATH (see there).
    BINDINGS = [
        # Priority: the next screen is pushed before a key typed ahead is read.
        Binding("enter", "start", "start", show=True, priority=True),
        Binding("a", "add", "add"),
        Binding("d", "done", "done"),
        Binding("e", "edit", "edit"),
        Binding("t", "reschedule", "reschedule"),
        Binding("x", "drop", "drop"),
        Binding("u", "undo", "undo"),
        Binding("slash", "filter", "filter", key_display="/"),
        Binding("b", "break_down", "break down"),
        Binding("r", "review", "review"),
        Binding("s", "sweep", "sweep"),
        # Last: the first to go from a narrow footer; Upcoming's heading says it.
        Binding("v", "toggle_upcoming", "upcoming"),
        Binding("q", "quit", "quit"),
        Binding("escape", "escape", "quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: TodayView | None = None
        self.width_used = 0
        self.shown_in_full: set[str] = set()  # sections whose "… more" row was chosen
        self.told: set[str] = set()  # the unreadable rows already mentioned
        self.show_upcoming = False  # collapsed: its rows are not even laid out
        self.filter_text = ""  # what `/` narrows Today to ("" shows everything)
        self.drawn_once = False  # the first frame draws only what fits (reload)

    def compose(self) -> ComposeResult:
        yield TopBar(summary=True)
        # (The filter's line is mounted by the first `/`: today_filter.py.)
        yield Static(EMPTY_TEXT, id="empty")
        yield TaskList(id="main")
        with Vertical(id="small-lane"):
            yield TaskList(id="small")
        yield Static("", id="commitment")
        yield KeyBar(self.BINDINGS)

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        """Option lines are laid out for the width: lay them out again if it changed."""
        if self.view is not None and list_width(self) != self.width_used:
            self.reload()

    # -- building the lists ---------------------------------------------------

    def reload(self) -> None:
        app = coach_app(self)
        self.width_used = list_width(self)
        # The first frame reads and lays out only what fits on the screen: the
        # steps of the tasks of its first rows, and those rows (each a line at
        # least). What lies below cannot be seen yet, and reading and laying
        # it out is what a long history would add to the start. The whole of
        # Today follows straight after that frame (fill_in).
        first_frame = not self.drawn_once and not app.opens_on_task()
        self.drawn_once = True
        fits = self.app.size.height if first_frame else None
        view = app.today_view(first_rows=fits)
        if self.filter_text.strip():
            view = narrowed(view, TaskFilter.typed(self.filter_text).matches)
        self.view = view
        opened = self.opened_on(view)
        self.show_filter()
        self.tell_left_out()
        top = self.query_one(TopBar)
        top.update_clock()
        top.update_summary(app.day_so_far().line)
        if self.fill_lists(view, opened, fits) or view.partial:
            self.call_after_refresh(self.fill_in)
        self.query_one("#empty", Static).update(
            EMPTY_TEXT if not self.filter_text.strip() else self.no_match()
        )
        self.query_one("#empty").display = view.is_empty
        commitment = app.commitment_now()
        line = self.query_one("#commitment", Static)
        line.display = commitment is not None
        if commitment is not None:
            line.update(Text(f"This week: {commitment.text}"))

    def fill_in(self) -> None:
        """The whole of Today, after the first frame (see `reload`). A screen
        pushed above it since (Enter typed ahead) draws it whole on return."""
        if self.app.screen is self:
            self.reload()

    def fill_lists(
        self, view: TodayView, opened: tuple[str, int] | None, limit: int | None
    ) -> bool:
        """Both lists drawn from `view`, the person's place kept (or put on the
        task Today was `opened` on), each list's first `limit` rows only when
        given; whether that left rows out."""
        main = self.query_one("#main", OptionList)
        keep = main.highlighted_option.id if main.highlighted_option else None
        main_rows = self.main_options(view, limit)
        main.set_options(main_rows)
        small = self.query_one("#small", OptionList)
        keep_small = small.highlighted_option.id if small.highlighted_option else None
        in_small = self.focused is small
        if opened is not None and opened[0] == "small":
            item = next(s for s in view.small if s.task.id == opened[1])
            keep_small, in_small = small_id(item), True
        elif opened is not None:
            keep = f"task-{opened[1]}"
        small_rows = self.small_options(view.small, limit)
        small.set_options(small_rows)
        lane = self.query_one("#small-lane")
        lane.display = bool(view.small)
        lane.border_title = f"Small things ({len(view.small)})"
        main.display = bool(view.main or view.upcoming)
        self.highlight(main, keep)
        if view.small and keep_small is not None:  # (none until the lane is first visited)
            self.highlight(small, keep_small)
        # Stay in the lane the person is in (a reload comes every minute), else
        # the main list; a focus change recomposes the footer: only when needed.
        target = small if view.small and (in_small or not view.main) else main
        typing = self.typing_filter  # in the filter's line: stay there
        if target.display and self.focused is not target and not typing:
            target.focus()
        return limit is not None and limit in (len(main_rows), len(small_rows))

    def tell_left_out(self) -> None:
        """Rows Today could not read (another program wrote them): shown once
        each, as a notice, while the rest of Today is there to work with."""
        problems = [str(p) for p in coach_app(self).services.unreadable]
        new = [p for p in problems if p not in self.told]
        if new:
            self.told.update(new)
            more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
            self.notify(
                f"Left out of Today: {new[0]}{more}", severity="warning", timeout=30, markup=False
            )

    # -- actions ------------------------------------------------------------

    def listed_tasks(self) -> tuple[TaskInfo, ...]:
        """Every task on the screen: the main list's, Upcoming's when it is
        open, then the small things'."""
        if self.view is None:
            return ()
        upcoming = self.view.upcoming if self.show_upcoming else ()
        return self.view.main + upcoming + tuple(s.task for s in self.view.small)

    def highlighted_task(self) -> TaskInfo | None:
        """The task under the cursor of whichever list has focus."""
        if self.view is None:
            return None
        focused = self.focused
        if isinstance(focused, OptionList) and focused.highlighted_option is not None:
            option_id = focused.highlighted_option.id or ""
            kind, _, rest = option_id.partition("-")
            if kind not in ("task", "small"):
                return None  # a "… more" row: no task under the cursor
            task_id = int(rest.split("-")[0])
            for task in self.listed_tasks():
                if task.id == task_id:
                    return task
        return self.view.main[0] if self.view.main else None

    def highlighted_small_thing(self) -> SmallThing | None:
        """The small thing under the cursor, when the person is in that lane."""
        small = self.query_one("#small", OptionList)
        option = small.highlighted_option
        if self.view is None or self.focused is not small or option is None:
            return None
        return next((s for s in self.view.small if option.id == small_id(s)), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start()

    def show_the_rest(self) -> bool:
        """Enter on a "… more" row: that section in full, the cursor where it was."""
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.highlighted_option is None:
            return False
        option_id = focused.highlighted_option.id or ""
        if not option_id.startswith(MORE):
            return False
        self.shown_in_full.add(option_id.removeprefix(MORE))
        where = focused.highlighted
        self.reload()
        focused.highlighted = where
        return True

    def action_start(self) -> None:
        if isinstance(self.focused, Input):  # Enter in the filter: keep it, back to the list
            self.focus_list()
            return
        if self.show_the_rest():
            return
        if (item := self.highlighted_small_thing()) is not None:
            self.start_small_thing(item)
            return
        task = self.highlighted_task()
        if task is None:
            self.app.bell()
            return
        if self.view is not None and task in self.view.missed:
            from startnow.screens.recovery import RecoveryScreen

            self.app.push_screen(RecoveryScreen(task))
            return
        from startnow.screens.blocker import BlockerScreen

        self.app.push_screen(BlockerScreen(task))

    def start_small_thing(self, item: SmallThing) -> None:
        """The two-minute rule: do it now. The timer runs at once; what is in
        the way of a two-minute thing is not worth a question."""
        from startnow.screens.focus import FocusScreen

        session = coach_app(self).services.workflows.start_small(item.step)
        self.app.push_screen(FocusScreen(session))

    def action_toggle_upcoming(self) -> None:
        if self.view is None or not self.view.upcoming:
            self.notify("Nothing planned for a later day.")
            return
        self.show_upcoming = not self.show_upcoming
        self.reload()

    def action_break_down(self) -> None:
        task = self.highlighted_task()
        if task is None:
            self.app.bell()
            return
        from startnow.screens.breakdown import BreakdownScreen

        self.app.push_screen(BreakdownScreen(task))

    def action_sweep(self) -> None:
        if self.view is None or not self.view.small:
            self.notify("No small things right now.")
            return
        from startnow.screens.sweep import SweepScreen

        session = coach_app(self).services.workflows.start_sweep(self.view.small[0].step)
        self.app.push_screen(SweepScreen(self.view.small, session))

    def action_review(self) -> None:
        from startnow.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_add(self) -> None:
        from startnow.screens.add import AddScreen

        def added(task: TaskInfo | None) -> None:
            if task is not None:
                self.reload()
                self.highlight(self.query_one("#main", OptionList), f"task-{task.id}")
                self.notify(self.added_message(task), markup=False)

        self.app.push_screen(AddScreen(), added)

    def added_message(self, task: TaskInfo) -> str:
        """The quick add's echo, absolute dates and all (a wrong date shows at
        once), and where the task went when it is not on the screen."""
        app = coach_app(self)
        now = app.clock()
        line = added_line_of(task.id, task, app.tz, now)
        shown = any(t.id == task.id for t in self.listed_tasks())
        if not shown and task.planned_start is not None and task.planned_start > now:
            line += "\nIt shows on Today from its start; until then under Upcoming (v)."
        return line

    async def action_quit(self) -> None:
        self.app.exit()
