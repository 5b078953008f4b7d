"""Today opened on one task (`startnow tui --task N`, a reminder's click): that
task under the cursor, so Enter starts it, wherever Today lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from startnow.domain.safe_text import safe
from startnow.domain.today import TodayView
from startnow.errors import StartnowError
from startnow.screens.widgets import coach_app

if TYPE_CHECKING:
    from startnow.app import StartnowApp


def where_listed(view: TodayView, task_id: int) -> str | None:
    """The section Today lists the task in ("missed", "today", "waiting",
    "upcoming", "small"), or None when it is not on Today."""
    sections = (
        ("missed", view.missed), ("today", view.today),
        ("waiting", view.waiting), ("upcoming", view.upcoming),
    )  # fmt: skip
    for key, tasks in sections:
        if any(task.id == task_id for task in tasks):
            return key
    if any(item.task.id == task_id for item in view.small):
        return "small"
    return None


class TodayOpenOn:
    """The part of Today that places the cursor on the task it was opened on."""

    shown_in_full: set[str]
    show_upcoming: bool

    def opened_on(self, view: TodayView) -> tuple[str, int] | None:
        """(section, task id) of the task the app was opened on, the first time
        Today is drawn; its section is shown whole (and Upcoming opened) so the
        row is there. None after that, or when it is not on Today (then said)."""
        app = coach_app(self)  # type: ignore[arg-type]  # a mixin of a Screen
        task_id = app.take_open_task()
        if task_id is None:
            return None
        section = where_listed(view, task_id)
        if section is None:
            app.notify(not_on_today(app, task_id), markup=False, timeout=10)
            return None
        self.shown_in_full.add(section)
        if section == "upcoming":
            self.show_upcoming = True
        return section, task_id


def not_on_today(app: StartnowApp, task_id: int) -> str:
    """Why the task asked for is not on Today, in a few words."""
    try:
        task = app.services.tasks.get(task_id)
    except StartnowError:
        return f"There is no task {task_id}."
    title = safe(task.title)
    if task.status == "done":
        return f"“{title}” is done already."
    if task.status == "dropped":
        return f"“{title}” was dropped."
    return f"“{title}” is not on Today."
