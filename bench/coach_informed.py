"""A reference, not a coach: a chooser that knows the benchmark's own model of
people (bench/coach_model.py: its structure, every standard deviation, how an
answer, a quick start, a swap and a session's end depend on whether the nudge
helped) and not the person. It keeps a cloud of possible people drawn from
that model, weighs each by how likely it makes everything seen so far, and
offers the nudge with the highest expected chance (`--informed` in
bench.coach).

No app could do better on these people with this evidence, except by trying
more cleverly than greedily: so its share of the oracle's gain is about the
most any learner can reach by a given week. That is what it is for: to say
whether a target is within reach of the evidence. It assumes a steady person
(it never forgets), so its drifting figures only show what not forgetting
costs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection
from datetime import datetime

from bench import coach_model as model
from bench.coach_choosers import Chooser, Context, Session
from startnow.domain.learning import candidates
from startnow.domain.nudge_kinds import action_kinds, idea_of
from startnow.domain.nudges import Nudge, NudgeLibrary

CLOUD = 4000  # possible people (bench.coach --cloud); more gives a truer posterior


class InformedBayes(Chooser):
    name = "informed (knows the model)"

    def __init__(
        self, library: NudgeLibrary, rng: random.Random, cloud: int | None = None
    ) -> None:
        super().__init__(library, rng)
        cloud = CLOUD if cloud is None else cloud
        kinds = sorted({k for n in library.nudges for k in action_kinds(n)})
        ideas = sorted({idea_of(n) for n in library.nudges})
        self.ids = [n.id for n in library.nudges]
        self.chances: dict[str, list[float]] = {i: [] for i in self.ids}
        for _ in range(cloud):  # as model.make_person draws a person
            person = rng.gauss(0, model.PERSON_SD)
            kind = {k: rng.gauss(0, model.KIND_SD) for k in kinds}
            idea = {i: rng.gauss(0, model.IDEA_SD) for i in ideas}
            for nudge in library.nudges:
                own = action_kinds(nudge)
                logit = (
                    math.log(nudge.prior / (1 - nudge.prior)) + person
                    + sum(kind[k] for k in own) / math.sqrt(len(own) or 1)
                    + idea[idea_of(nudge)] + rng.gauss(0, model.OWN_SD)
                )  # fmt: skip
                self.chances[nudge.id].append(1 / (1 + math.exp(-logit)))
        self.weights = [1.0] * cloud
        self.last_task = -1
        self.offered: tuple[str, int] | None = None  # the nudge offered, swaps so far

    def effective(self) -> float:
        """The cloud's effective number of people, (Σw)² / Σw²."""
        total = sum(self.weights)
        return total * total / sum(w * w for w in self.weights)

    def expected(self, nudge_id: str) -> float:
        chances = self.chances[nudge_id]
        return sum(w * p for w, p in zip(self.weights, chances, strict=True)) / sum(self.weights)

    def pick(
        self, blocker: str, now: datetime, exclude: Collection[str], context: Context = None
    ) -> Nudge:
        offered = candidates(self.library, blocker, exclude)
        best = max(offered, key=lambda n: self.expected(n.id))
        self.offered = (best.id, len(exclude))
        return best

    def _weigh(self, likelihood: list[float]) -> None:
        weights = [w * x for w, x in zip(self.weights, likelihood, strict=True)]
        top = max(weights)
        self.weights = [w / top for w in weights]  # kept in range

    def swapped(self, blocker: str, nudge: Nudge, when: datetime) -> None:
        self._weigh(
            [model.SWAP_BASE + model.SWAP_UNSUITED * (1 - p) for p in self.chances[nudge.id]],
        )

    def session(self, session: Session) -> None:
        follow_up = session.task_id == self.last_task
        self.last_task = session.task_id
        if session.defaulted_blocker:  # the real blocker unknown: left out
            return
        nudge = session.nudge
        timer = nudge.action.timer_minutes or model.COMPLETE_SHORT
        short = max(0.0, min(1.0, (model.COMPLETE_SHORT - timer) / (model.COMPLETE_SHORT - 2)))

        def given(helped: bool) -> float:
            """P(the answer and the session's end | helped or not)."""
            if session.helped is None:
                said = 1 - model.ANSWER_RATE
            else:
                right = session.helped == helped
                said = model.ANSWER_RATE * (model.TRUTHFUL if right else 1 - model.TRUTHFUL)
            base, extra = model.COMPLETE_HELPED if helped else model.COMPLETE_NOT
            done = base + extra * short
            if session.outcome == "completed":
                return said * done
            if session.outcome == "stopped":
                return said * (1 - done) * (1 - model.ABANDON_SHARE)
            early = model.EARLY_IF_HELPED if helped else model.EARLY_IF_NOT
            when = early if session.abandoned_early else 1 - early
            return said * (1 - done) * model.ABANDON_SHARE * when

        yes, no = given(True), given(False)
        # Not swapped away, when a swap was still possible.
        kept = self.offered is not None and self.offered[0] == nudge.id
        room = kept and self.offered is not None and self.offered[1] < model.MAX_SWAPS
        likelihood = []
        for p in self.chances[nudge.id]:
            q = p + model.MOMENTUM * (1 - p) if follow_up else p
            quick = model.QUICK_BASE + model.QUICK_SUITED * p
            x = (q * yes + (1 - q) * no) * (quick if session.started_within_a_minute else 1 - quick)
            if room:
                x *= 1 - (model.SWAP_BASE + model.SWAP_UNSUITED * (1 - p))
            likelihood.append(x)
        self._weigh(likelihood)
