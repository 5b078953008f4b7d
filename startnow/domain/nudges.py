"""Nudges: a cure for each blocker, as data.

The words live in `startnow/data/nudges.toml` so they can be reworded without
touching code; this module reads them and checks every entry strictly, so a
typo in the file fails loudly at load time with the entry named, not later on
a screen.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from startnow.domain.resources import (
    DataFileError,
    check_keys,
    load_toml,
    parse_toml,
    unique_entries,
)

Blocker = Literal["overwhelm", "fear", "perfectionism", "boredom", "deadline", "none"]
BLOCKERS: tuple[Blocker, ...] = get_args(Blocker)  # display order: overwhelm first

DEFAULT_PRIOR = 0.5
TIMER_RANGE = (1, 120)
SHRINK_RANGE = (1, 30)
SELF_DEADLINE_RANGE = (1, 336)  # up to two weeks

# When a nudge's words at the bell don't apply: "finished" (the task is done,
# so there is no next time to leave a sentence half-written for).
SITUATIONS = ("finished",)
# "Nothing — just go" starts the timer at once: it has no nudges.
NO_NUDGE_BLOCKER = "none"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERB = re.compile(r"^[a-z]+$")
_BLOCKER_KEYS = frozenset({"label", "words"})
_NUDGE_KEYS = frozenset(
    {"id", "blocker", "title", "words", "why", "source", "prior", "action", "not_when",
     "not_for_verbs"}
)  # fmt: skip
_PRAISE_KEYS = frozenset({"started", "stopped"})
_ACTION_KEYS = frozenset(
    {"timer_minutes", "shrink_to", "rough_draft", "self_deadline_hours", "reward",
     "stop_mid_sentence"}
)  # fmt: skip


class NudgeDataError(ValueError):
    """nudges.toml is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class NudgeAction:
    """What the app carries out for a nudge, beyond the words."""

    timer_minutes: int | None = None
    shrink_to: int | None = None
    rough_draft: bool = False
    self_deadline_hours: int | None = None
    reward: str | None = None
    stop_mid_sentence: bool = False

    @property
    def does_something(self) -> bool:
        return bool(
            self.timer_minutes
            or self.shrink_to
            or self.rough_draft
            or self.self_deadline_hours
            or self.reward
            or self.stop_mid_sentence
        )

    def describe(self, step: str, default_minutes: int) -> str:
        """The "What I'll do" line, e.g. 'a 5-minute timer on "open the doc"; rough-draft mode'.

        `default_minutes` is the step's own estimate (or the focus default); a
        shrink only happens when the step is bigger than `shrink_to`, as the
        plan does it.
        """
        from startnow.domain.templates import smaller_first_step

        minutes = self.timer_minutes or default_minutes
        parts: list[str] = []
        if self.shrink_to and default_minutes > self.shrink_to:
            first = smaller_first_step(step, self.shrink_to)
            minutes = min(minutes, first.minutes)
            parts.append(f'a {minutes}-minute timer on "{first.title}", a new smaller first step')
        else:
            parts.append(f'a {minutes}-minute timer on "{step}"')
        if self.rough_draft:
            parts.append("rough-draft mode: no fixing, no rereading until the bell")
        if self.self_deadline_hours:
            parts.append(f"your own deadline, {_hours_text(self.self_deadline_hours)} from now")
        if self.reward:
            parts.append(f"the reward: {self.reward}")
        if self.stop_mid_sentence:
            parts.append("at the bell, stop mid-sentence")
        return "; ".join(parts)


def _hours_text(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return "a day" if days == 1 else f"{days} days"
    return "an hour" if hours == 1 else f"{hours} hours"


@dataclass(frozen=True)
class Nudge:
    id: str
    blocker: Blocker
    title: str
    words: str  # what the user reads
    why: str  # one line on why it helps
    source: str  # the idea it draws on
    prior: float  # expected success rate before any data
    action: NudgeAction
    not_when: frozenset[str] = frozenset()  # SITUATIONS its bell-time words are left out in
    not_for_verbs: frozenset[str] = frozenset()  # never offered on a task or step doing these

    def fits(self, titles: Iterable[str]) -> bool:
        """Whether it may be offered for a task and step with these titles: not
        when one begins with a verb it doesn't suit ("no fixing" on "Fix the bug")."""
        return not any(first_word(title) in self.not_for_verbs for title in titles)

    def says_at_bell(self, situation: str | None) -> bool:
        """Whether its words at the bell (a half-written sentence, the reward) apply."""
        return situation not in self.not_when


def first_word(title: str) -> str:
    """The title's first word, lowercased, without punctuation: its verb, usually."""
    words = title.split()
    return re.sub(r"[^a-z]", "", words[0].lower()) if words else ""


@dataclass(frozen=True)
class BlockerInfo:
    id: Blocker
    label: str  # "fear of failure"
    words: str  # the user's words: "I'm afraid it won't turn out well"


@dataclass(frozen=True)
class Praise:
    """A few ways of saying it after a session, so the words don't wear out."""

    started: tuple[str, ...]  # "Started — that was the hard part."
    stopped: tuple[str, ...]  # after abandoning: "Stopped — and you did start."

    def for_session(self, session_id: int, *, stopped: bool) -> str:
        """The same line for the same session (however often it is drawn), the
        next one for the next session."""
        lines = self.stopped if stopped else self.started
        return lines[session_id % len(lines)]


@dataclass(frozen=True)
class NudgeLibrary:
    blockers: tuple[BlockerInfo, ...]
    nudges: tuple[Nudge, ...]
    praise: Praise = Praise(
        ("Started — that was the hard part.",), ("Stopped — and you did start. That counts.",)
    )

    def for_blocker(self, blocker: str) -> tuple[Nudge, ...]:
        """The blocker's nudges in file order (the first is the baseline's pick)."""
        return tuple(n for n in self.nudges if n.blocker == blocker)

    def get(self, nudge_id: str) -> Nudge:
        """The nudge with this id; KeyError if there is none."""
        found = self.find(nudge_id)
        if found is None:
            raise KeyError(nudge_id)
        return found

    def find(self, nudge_id: str | None) -> Nudge | None:
        """The nudge with this id, or None (e.g. a session logged by an older version)."""
        return next((n for n in self.nudges if n.id == nudge_id), None)

    def blocker(self, blocker: str) -> BlockerInfo | None:
        return next((b for b in self.blockers if b.id == blocker), None)


# -- parsing -------------------------------------------------------------------


def _fail(where: str, message: str) -> NudgeDataError:
    return NudgeDataError(f"{where}: {message}")


def _text(table: dict[str, Any], key: str, where: str) -> str:
    if key not in table:
        raise _fail(where, f"{key} is missing")
    value = table[key]
    if not isinstance(value, str):
        raise _fail(where, f"{key} must be text, got {value!r}")
    if not value.strip():
        raise _fail(where, f"{key} must not be empty")
    return value.strip()


def _unknown_keys(
    table: dict[str, Any], allowed: frozenset[str], where: str, prefix: str = ""
) -> None:
    check_keys(table, allowed, where, NudgeDataError, prefix)


def _int_in(table: dict[str, Any], key: str, bounds: tuple[int, int], where: str) -> int | None:
    if key not in table:
        return None
    value = table[key]
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"action.{key} must be a whole number {low}..{high}, got {value!r}")
    if not low <= value <= high:
        raise _fail(where, f"action.{key} must be {low}..{high}, got {value}")
    return value


def _flag(table: dict[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise _fail(where, f"action.{key} must be true or false, got {value!r}")
    return value


def _parse_action(raw: Any, where: str) -> NudgeAction:
    if raw is None:
        raise _fail(where, "action is missing: every nudge must make the app do something")
    if not isinstance(raw, dict):
        raise _fail(where, f"action must be a table, got {raw!r}")
    _unknown_keys(raw, _ACTION_KEYS, where, prefix="action.")
    reward = None
    if "reward" in raw:
        reward = raw["reward"]
        if not isinstance(reward, str) or not reward.strip():
            raise _fail(where, f"action.reward must be non-empty text, got {reward!r}")
        reward = reward.strip()
    action = NudgeAction(
        timer_minutes=_int_in(raw, "timer_minutes", TIMER_RANGE, where),
        shrink_to=_int_in(raw, "shrink_to", SHRINK_RANGE, where),
        rough_draft=_flag(raw, "rough_draft", where),
        self_deadline_hours=_int_in(raw, "self_deadline_hours", SELF_DEADLINE_RANGE, where),
        reward=reward,
        stop_mid_sentence=_flag(raw, "stop_mid_sentence", where),
    )
    if not action.does_something:
        raise _fail(
            where, "action does nothing: set at least one of " + ", ".join(sorted(_ACTION_KEYS))
        )
    return action


def _words(
    raw: dict[str, Any], key: str, where: str, allowed: tuple[str, ...] = ()
) -> frozenset[str]:
    """A list of lowercase words (`allowed` ones only, when given)."""
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise _fail(where, f"{key} must be a list of words, got {value!r}")
    for word in value:
        if allowed and word not in allowed:
            raise _fail(where, f"{key}: unknown {word!r} (known: {', '.join(allowed)})")
        if not _VERB.match(word):
            raise _fail(where, f"{key}: {word!r} must be one lowercase word")
    return frozenset(value)


def _parse_praise(raw: Any, source_name: str) -> Praise:
    where = f"{source_name}: praise"
    if not isinstance(raw, dict):
        raise _fail(where, "[praise] is missing: started and stopped, lists of lines")
    _unknown_keys(raw, _PRAISE_KEYS, where)
    lines: dict[str, tuple[str, ...]] = {}
    for key in sorted(_PRAISE_KEYS):
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            raise _fail(where, f"{key} must be a list of at least one line, got {value!r}")
        if not all(isinstance(line, str) and line.strip() for line in value):
            raise _fail(where, f"{key}: every line must be non-empty text")
        lines[key] = tuple(line.strip() for line in value)
    return Praise(lines["started"], lines["stopped"])


def _parse_prior(raw: dict[str, Any], where: str) -> float:
    value = raw.get("prior", DEFAULT_PRIOR)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"prior must be a number between 0 and 1, got {value!r}")
    if not 0 < value < 1:
        raise _fail(where, f"prior must be strictly between 0 and 1, got {value}")
    return float(value)


def _parse_blockers(raw: Any, source_name: str) -> tuple[BlockerInfo, ...]:
    if not isinstance(raw, dict):
        raise _fail(source_name, "[blockers.<id>] tables are missing")
    unknown = sorted(set(raw) - set(BLOCKERS))
    if unknown:
        raise _fail(
            f"{source_name}: blockers.{unknown[0]}",
            f"unknown blocker (known: {', '.join(BLOCKERS)})",
        )
    infos = []
    for blocker in BLOCKERS:
        where = f"{source_name}: blockers.{blocker}"
        table = raw.get(blocker)
        if not isinstance(table, dict):
            raise _fail(where, "missing: every blocker needs a label and the user's words")
        _unknown_keys(table, _BLOCKER_KEYS, where)
        infos.append(
            BlockerInfo(blocker, _text(table, "label", where), _text(table, "words", where))
        )
    return tuple(infos)


def _parse_nudge(raw: Any, number: int, source_name: str) -> Nudge:
    where = f"{source_name}: nudge #{number}"
    if not isinstance(raw, dict):
        raise _fail(where, f"must be a [[nudge]] table, got {raw!r}")
    if isinstance(raw.get("id"), str) and raw["id"]:
        where += f' ("{raw["id"]}")'
    _unknown_keys(raw, _NUDGE_KEYS, where)
    nudge_id = _text(raw, "id", where)
    if not _SLUG.match(nudge_id):
        raise _fail(where, f"id must be a lowercase slug like five-minutes, got {nudge_id!r}")
    blocker = _text(raw, "blocker", where)
    if blocker not in BLOCKERS:
        raise _fail(where, f"unknown blocker {blocker!r} (known: {', '.join(BLOCKERS)})")
    if blocker == NO_NUDGE_BLOCKER:
        raise _fail(where, f"blocker {blocker!r} starts the timer at once: it takes no nudge")
    return Nudge(
        id=nudge_id,
        blocker=blocker,  # (`in BLOCKERS` narrowed it to a Blocker)
        title=_text(raw, "title", where),
        words=_text(raw, "words", where),
        why=_text(raw, "why", where),
        source=_text(raw, "source", where),
        prior=_parse_prior(raw, where),
        action=_parse_action(raw.get("action"), where),
        not_when=_words(raw, "not_when", where, SITUATIONS),
        not_for_verbs=_words(raw, "not_for_verbs", where),
    )


def parse_nudges(data: dict[str, Any], source_name: str = "nudges.toml") -> NudgeLibrary:
    """Check everything (keys, types, ranges, ids, blockers) and build the library."""
    unknown = sorted(set(data) - {"blockers", "nudge", "praise"})
    if unknown:
        raise _fail(source_name, f"unknown top-level key {', '.join(unknown)}")
    blockers = _parse_blockers(data.get("blockers"), source_name)
    nudges = unique_entries(data.get("nudge"), "nudge", _parse_nudge, NudgeDataError, source_name)
    for blocker in BLOCKERS:
        if blocker != NO_NUDGE_BLOCKER and not any(n.blocker == blocker for n in nudges):
            raise _fail(f"{source_name}: blockers.{blocker}", "has no nudge")
    praise = _parse_praise(data.get("praise"), source_name)
    return NudgeLibrary(blockers, tuple(nudges), praise)


def parse_nudges_toml(text: str, source_name: str = "nudges.toml") -> NudgeLibrary:
    """Like `parse_nudges`, from TOML text; bad TOML is a NudgeDataError too."""
    try:
        data = parse_toml(text, source_name)
    except DataFileError as exc:
        raise NudgeDataError(str(exc)) from None
    return parse_nudges(data, source_name)


@functools.cache
def load_nudges() -> NudgeLibrary:
    """The shipped nudges, read and checked once per process."""
    try:
        data = load_toml("nudges.toml")
    except DataFileError as exc:
        raise NudgeDataError(str(exc)) from None
    return parse_nudges(data, "nudges.toml")
