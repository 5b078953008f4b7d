"""Today's keys that change a task: d done, x drop, e edit, t reschedule,
and u to take the last of them back while Today is open.

Done, drop, edit and reschedule go through services/changes.py, as
`startnow done/drop/edit` do, so Today and the command line make the same
change (a task closed without a session is closed without a start) and leave
the same undo record. Today also remembers its own last change (`LastChange`):
u takes back only that one, and only while the undo record is still it (a
change made elsewhere since is said, not undone). "Just the next step" marks a
step done (services/steps.py); u opens it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from startnow.domain.describe import added_line
from startnow.domain.model import TaskInfo
from startnow.domain.safe_text import safe
from startnow.errors import StartnowError
from startnow.screens.widgets import coach_app

# screens/questions.py, screens/actions.py and domain/edit.py are imported
# where a key needs them: Today's first paint reads none of them.

if TYPE_CHECKING:
    from textual.screen import Screen

    from startnow.services.changes import TaskLine

    Base = Screen[None]
else:
    Base = object

EDIT_HINT = "~25m · due:fri · start:tomorrow 9am · #tag · a piece taken out is cleared"
VERBS = {"done": "Done", "drop": "Dropped", "edit": "Edited"}


@dataclass(frozen=True)
class LastChange:
    """Today's last change: `command` as the undo record names it ("done",
    "drop", "edit"), or "step" for a step marked done (its `chunk_id`)."""

    command: str
    task_id: int
    title: str
    chunk_id: int | None = None


class TodayChanges(Base):
    """The change keys of TodayScreen (which has `highlighted_task` and `reload`)."""

    last_change: LastChange | None = None

    def highlighted_task(self) -> TaskInfo | None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def echo_line(self, verb: str, line: TaskLine) -> str:
        """The task as `add` echoes it, absolute dates and all."""
        app = coach_app(self)
        return added_line(
            line.id, safe(line.title), planned_start=line.planned_start, due=line.due,
            estimate=line.estimate, tags=[safe(t) for t in line.tags], steps=line.steps,
            tz=app.tz, now=app.clock(), verb=verb,
        )  # fmt: skip

    def chosen_task(self) -> TaskInfo | None:
        task = self.highlighted_task()
        if task is None:
            self.app.bell()
        return task

    # ------------------------------------------------------------ d, x

    def action_done(self) -> None:
        task = self.chosen_task()
        if task is None:
            return
        if not task.has_steps:
            self.close_task("done", task)
            return
        from startnow.screens.questions import NEXT_STEP, WHOLE, DoneWhichScreen

        def answered(answer: str | None) -> None:
            if answer == WHOLE:
                self.close_task("done", task)
            elif answer == NEXT_STEP:
                self.step_done(task)

        self.app.push_screen(DoneWhichScreen(task), answered)

    def action_drop(self) -> None:
        task = self.chosen_task()
        if task is None:
            return
        from startnow.screens.questions import DropScreen

        def answered(drop: bool | None) -> None:
            if drop:
                self.close_task("drop", task)

        self.app.push_screen(DropScreen(task), answered)

    def close_task(self, command: str, task: TaskInfo) -> None:
        changes = coach_app(self).services.changes
        try:
            [line] = changes.close(command, [task.id])
        except StartnowError as problem:
            self.notify(str(problem), severity="error", markup=False)
            return
        self.last_change = LastChange(command, task.id, task.title)
        said = self.echo_line(VERBS[command], line)
        if not line.started:
            said += " · closed without a start"
        self.notify(f"{said}\nu takes it back.", markup=False)
        self.reload()

    def step_done(self, task: TaskInfo) -> None:
        step = task.next_step
        assert step.chunk_id is not None  # asked only of a task with open steps
        after = coach_app(self).services.steps.set_done(step.chunk_id)
        self.last_change = LastChange("step", task.id, step.title, step.chunk_id)
        following = after.next_step
        then = f" Next: {following.title}." if following.chunk_id is not None else ""
        self.notify(f"Step done: {step.title}.{then} u takes it back.", markup=False)
        self.reload()

    # ------------------------------------------------------------ e, t

    def action_edit(self) -> None:
        task = self.chosen_task()
        if task is None:
            return
        from startnow.domain.edit_line import quick_add_line
        from startnow.screens.questions import LineScreen

        app = coach_app(self)
        line = quick_add_line(task, app.tz)

        def apply(text: str) -> str | None:
            if text.strip() == line:
                self.notify("Unchanged.")
                return None
            return self.apply_edit(task, text)

        self.app.push_screen(LineScreen(f"Edit task {task.id}", apply, value=line, hint=EDIT_HINT))

    def apply_edit(self, task: TaskInfo, text: str) -> str | None:
        """The edited line, written; the one line of a mistake (nothing written)."""
        from startnow.domain.edit_line import edit_from_line
        from startnow.domain.input_error import InputError

        app = coach_app(self)
        day_start = app.services.settings.day_start
        try:
            edit = edit_from_line(task, text, app.clock(), app.tz, day_start=day_start)
            line, changed = app.services.changes.edit(task.id, edit, app.tz)
        except (InputError, StartnowError) as problem:
            return str(problem)
        if changed:
            self.last_change = LastChange("edit", task.id, task.title)
        self.notify(self.echo_line("Edited" if changed else "Unchanged", line), markup=False)
        self.reload()
        return None

    def action_reschedule(self) -> None:
        task = self.chosen_task()
        if task is None:
            return
        from startnow.screens.questions import LineScreen

        self.app.push_screen(
            LineScreen(
                f"Start {task.title} when?",
                lambda text: self.apply_reschedule(task, text),
                placeholder="when? e.g. tomorrow 9am, fri, in 2h",
                hint="any <when> of quick add's start:",
            )
        )

    def apply_reschedule(self, task: TaskInfo, text: str) -> str | None:
        """The new start (checked as the recovery and the review check it),
        written as an edit of the start alone, so u takes it back."""
        from startnow.domain.edit import TaskEdit
        from startnow.domain.input_error import InputError
        from startnow.screens import actions

        app = coach_app(self)
        try:
            when = app.services.workflows.new_start(task, text.strip(), app.tz)
            edit = TaskEdit(None, None, when, None, (), (), ())
            _, changed = app.services.changes.edit(task.id, edit, app.tz)
        except (InputError, StartnowError) as problem:
            return str(problem)
        if changed:
            self.last_change = LastChange("edit", task.id, task.title)
        actions.said_rescheduled(app, when)
        self.reload()
        return None

    # ------------------------------------------------------------ u

    def action_undo(self) -> None:
        last = self.last_change
        if last is None:
            self.notify("Nothing to undo here: u takes back Today's last change.")
            return
        services = coach_app(self).services
        try:
            if last.command == "step":
                assert last.chunk_id is not None
                services.steps.set_done(last.chunk_id, False)
                said = f"Step open again: {last.title}."
            elif (recorded := services.changes.last_change()) != (last.command, [last.task_id]):
                self.last_change = None
                self.notify(
                    "Nothing to undo: that change was already undone (startnow undo)."
                    if recorded is None
                    else "A change was made elsewhere since (startnow undo takes that one back).",
                    markup=False,
                )
                self.reload()  # that change, made elsewhere, is on Today now too
                return
            else:
                undone = services.changes.undo()
                [line] = undone.tasks
                said = self.echo_line("Restored", line) + f" · {line.status}"
        except StartnowError as problem:
            self.last_change = None
            self.notify(str(problem), severity="error", markup=False)
            return
        self.last_change = None
        self.notify(said, markup=False)
        self.reload()
