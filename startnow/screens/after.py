"""After the bell: two one-key questions, then what next.

The answers are stored with the session at once; the coach learns from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from startnow.domain.model import Outcome, SessionInfo, TaskStatus
from startnow.domain.nudges import Nudge, Praise
from startnow.domain.today import LONG_BREAK_MINUTES
from startnow.screens.widgets import AnswerList, TopBar, coach_app


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    answers: tuple[tuple[str, str, str], ...]  # (id, key, label)


DONE = Question(
    "done",
    "Did the step get done?",
    (("yes", "y", "Yes"), ("partly", "p", "Partly"), ("no", "n", "Not this time")),
)
# A task without steps is its own single step: "yes" closes the whole task,
# so the question says so (after five minutes on it, "the step" read as those).
DONE_TASK = Question(
    "done",
    "Is the whole task done?",
    (("yes", "y", "Yes, all of it"), ("partly", "p", "Partly"), ("no", "n", "Not yet")),
)
HELPED = Question(
    "helped",
    "Did the nudge help?",
    (("yes", "y", "Yes"), ("no", "n", "No"), ("skip", "s", "Skip")),
)
RECOVERY = Question(
    "recovery",
    "Did that help — doing it this way?",
    (("yes", "y", "Yes"), ("no", "n", "No"), ("skip", "s", "Skip")),
)
NEXT = Question(
    "next",
    "What now?",
    (
        ("next", "n", "Next step"),
        ("break", "b", "Take a break"),  # its length: AfterScreen.label
        ("today", "t", "Back to Today"),
    ),
)

# The task is finished (its last step, or a stepless task answered "yes"):
# there is no next step to offer.
NEXT_FINISHED = Question("next", "All done. What now?", NEXT.answers[1:])


def bell_words(session: SessionInfo, nudge: Nudge | None, *, finished: bool = False) -> str:
    """What the nudge says at the bell (a half-written sentence, the reward),
    unless the session was abandoned or the nudge's conditions (`not_when` in
    the data) leave it out now."""
    if nudge is None or session.outcome == Outcome.ABANDONED:
        return ""
    if not nudge.says_at_bell("finished" if finished else None):
        return ""
    parts = []
    if nudge.action.stop_mid_sentence:
        parts.append("Leave a sentence half-written: it pulls you back next time.")
    if nudge.action.reward:
        reward = nudge.action.reward
        parts.append(f"Now: {reward}" + ("" if reward.endswith((".", "!", "?")) else "."))
    return " ".join(parts)


def opening_line(session: SessionInfo, nudge: Nudge | None, praise: Praise) -> str:
    """Celebrate the start, not only the finish: one of a few lines, fixed by
    the session, then the nudge's words at the bell."""
    said = praise.for_session(session.id, stopped=session.outcome == Outcome.ABANDONED)
    return " ".join(part for part in (said, bell_words(session, nudge)) if part)


class AfterScreen(Screen[None]):
    CSS_PATH = "after.tcss"
    BINDINGS = [Binding("escape", "today", "back to Today")]

    def __init__(self, session: SessionInfo, nudge: Nudge | None = None) -> None:
        super().__init__()
        self.session = session
        self.nudge = nudge
        # After x (abandon), "is the whole task done?" would be a strange question.
        abandoned_task = session.chunk_id is None and session.outcome == Outcome.ABANDONED
        done = DONE if session.chunk_id is not None else DONE_TASK
        self.questions = [] if abandoned_task else [done]
        if session.nudge_id:
            self.questions.append(HELPED)
        if session.recovery_id:
            self.questions.append(RECOVERY)
        self.questions.append(NEXT)
        self.index = 0
        self.finished = False  # the task was closed by an answer here

    @property
    def question(self) -> Question:
        return self.questions[self.index]

    def compose(self) -> ComposeResult:
        yield TopBar()
        praise = coach_app(self).services.library.praise
        yield Static(
            opening_line(self.session, self.nudge, praise), classes="context", id="after-opening"
        )
        yield Static("", classes="question", id="after-question")
        yield AnswerList(id="after-answers", classes="answers")
        yield Static("one key, or ↑↓ and enter", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        # Pomodoro: after the fourth session of the day (this one counted), a long break.
        self.long_break = coach_app(self).day_so_far().long_break_due
        self.show_question()

    def break_minutes(self) -> int:
        return LONG_BREAK_MINUTES if self.long_break else coach_app(self).settings.break_minutes

    def label(self, answer: str, label: str) -> str:
        if answer != "break":
            return label
        if self.long_break:
            return f"Take a long break, {LONG_BREAK_MINUTES} minutes: that's four sessions today"
        return f"Take a {self.break_minutes()}-minute break"

    def show_question(self) -> None:
        question = self.question
        self.query_one("#after-question", Static).update(question.text)
        answers = self.query_one("#after-answers", OptionList)
        answers.set_options(
            Option(f"[b]{key}[/b]  {self.label(answer, label)}", id=answer)
            for answer, key, label in question.answers
        )
        answers.highlighted = 0
        answers.focus()

    def on_key(self, event: events.Key) -> None:
        for answer, key, _label in self.question.answers:
            if event.key == key:
                event.stop()
                self.answer(answer)
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.answer(event.option.id or "")

    def answer(self, answer: str) -> None:
        workflows = coach_app(self).services.workflows
        finished = False
        if self.question.key == "done":
            after = workflows.answer_step_done(self.session, answer)
            self.session = after.session
            if not after.task_open:
                self.questions[-1] = NEXT_FINISHED
                finished = True
        elif self.question is HELPED:
            self.session = workflows.answer_nudge_helped(self.session, answer)
        elif self.question is RECOVERY:
            workflows.answer_recovery_helped(self.session, answer)
        else:
            self.go(answer)
            return
        # The praise is said once; what the nudge says at the bell stays, unless
        # the task is finished now and there is no next time to prepare for.
        self.finished = self.finished or finished
        words = bell_words(self.session, self.nudge, finished=self.finished)
        opening = self.query_one("#after-opening", Static)
        opening.update(words)
        opening.display = bool(words)
        self.index += 1
        self.show_question()

    def go(self, where: str) -> None:
        app = coach_app(self)
        task = app.services.tasks.get(self.session.task_id)
        if where == "next" and task.status == TaskStatus.OPEN:
            from startnow.screens.blocker import BlockerScreen

            app.switch_screen(BlockerScreen(task))
        elif where == "break":
            from startnow.screens.rest import BreakScreen

            app.switch_screen(BreakScreen(self.break_minutes()))
        else:
            app.back_to_today()

    def action_today(self) -> None:
        coach_app(self).back_to_today()
