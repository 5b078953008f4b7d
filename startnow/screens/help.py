"""The key map, one keystroke away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = """\
[b]Today[/b]
  enter      start the highlighted task (enter ×3 from launch: the
             top task's timer); a small thing: 2 minutes at once
  ↑ ↓ · tab  move · to the small things · / filter: words or #tag
  a · e      add a task · edit it, as one quick-add line
  d          done (open steps: the whole task, or the next step?)
  t · x · u  reschedule · drop (y/n) · undo Today's last change
  b          break the highlighted task down into steps
  s · v      sweep the small things (10 min) · show / hide Upcoming
  r · ?      the weekly review · this help (ctrl+p: every action)
  q / esc    quit (esc clears a filter first)

[b]What's in the way? / the nudge[/b]
  enter      take the highlighted answer / start the timer
             ("Nothing — just go": the timer at once, no nudge)
  n          skip to another nudge for the same blocker
  esc        back

[b]Focus timer[/b]
  space      pause / resume
  +          five more minutes
  d          done (finish early)
  x          abandon
  q          quit startnow: the timer keeps its place, and the next
             launch offers to resume it

[b]Break it down[/b]
  enter      take the highlighted suggestion / edit the step
  A          take all the suggestions · x discard one
  a · e      add your own step · edit one
  del        delete a step · shift+↑ ↓ move it
  - +        spiciness: coarser / finer suggestions
  esc        done (every change is already saved)

[b]Sweep (small things)[/b]
  d, enter   done · n skip · esc stop

[b]Weekly review[/b]
  ← →        the week before / after
  enter      5 minutes now on the highlighted still-waiting task
  s t x      shrink it · reschedule it · drop it (u: undo the drop)
  pgup pgdn  scroll the review
  c          commit to one "When ___, I will ___" for the week after
             the one shown (this week, when reviewing last week)
  k          mark this week's commitment kept / not kept
  esc        back

[b]After the bell[/b]
  one key per answer (shown), or ↑ ↓ and enter

[b]Anywhere[/b]
  ctrl+q     quit startnow (nothing is lost: every change is saved)
"""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,question_mark", "close", "close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(KEYS, id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = "Keys"

    def action_close(self) -> None:
        self.dismiss(None)
