"""What relates one nudge to another: the kinds of help its action gives and
the idea it draws on. The learner shares evidence along these lines, and the
coach's benchmark builds its simulated people from the same two."""

from __future__ import annotations

from startnow.domain.nudges import Nudge

# Action kinds, in words for the reason line.
KIND_WORDS = {
    "small step": "a smaller first step",
    "short timer": "a short timer",
    "time box": "a time box",
    "rough draft": "a rough draft",
    "own deadline": "an own deadline",
    "reward": "a reward",
    "stop mid-sentence": "stopping mid-sentence",
}


def action_kinds(nudge: Nudge) -> frozenset[str]:
    """The kinds of help a nudge's action gives, for sharing between nudges."""
    action = nudge.action
    kinds = set()
    if action.shrink_to:
        kinds.add("small step")
    if action.timer_minutes and action.timer_minutes <= 10:
        kinds.add("short timer")
    elif action.timer_minutes:
        kinds.add("time box")
    if action.rough_draft:
        kinds.add("rough draft")
    if action.self_deadline_hours:
        kinds.add("own deadline")
    if action.reward:
        kinds.add("reward")
    if action.stop_mid_sentence:
        kinds.add("stop mid-sentence")
    return frozenset(kinds)


def idea_of(nudge: Nudge) -> str:
    """The idea a nudge draws on, without the citation: "Steel's temporal
    motivation theory (delay)" and "(value)" are one idea."""
    return nudge.source.split(" (", 1)[0].strip().lower()
