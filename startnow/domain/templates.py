"""Breakdown suggestions, offline: a task title to small, physical steps.

Each kind of work (writing, a phone call, taxes...) is a template in
`startnow/data/templates.toml`, found by keyword stems in the title. A step has
a level 1..3, the "spiciness": 1 shows a few coarse steps, 3 very fine ones.
Whatever the spiciness, the first step is a physical action of five minutes or
less: a start too small to refuse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from startnow.domain.resources import (
    DataFileError,
    check_keys,
    load_toml,
    parse_toml,
    unique_entries,
)

FIRST_STEP_MAX_MINUTES = 5
STEP_MINUTES_RANGE = (1, 240)
LEVELS = (1, 2, 3)
GENERIC_ID = "generic"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A keyword: lowercase words; a trailing "$" means "this whole word only".
_KEYWORD = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*\$?$")
_TEMPLATE_KEYS = frozenset({"id", "keywords", "steps"})
_STEP_KEYS = frozenset({"title", "minutes", "level"})


class TemplateDataError(ValueError):
    """templates.toml is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class SuggestedChunk:
    title: str
    minutes: int


@dataclass(frozen=True)
class TemplateStep:
    title: str
    minutes: int
    level: int  # shown at spiciness >= level


@dataclass(frozen=True)
class Template:
    id: str
    keywords: tuple[str, ...]
    steps: tuple[TemplateStep, ...]

    def steps_at(self, spiciness: int) -> tuple[TemplateStep, ...]:
        return tuple(s for s in self.steps if s.level <= spiciness)


# -- matching --------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lowercase words separated by single spaces: "Monday's e-mail" -> "monday s e mail"."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


@functools.lru_cache(maxsize=512)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A stem matches at the start of a word ("writ" in "rewriting" does not match);
    with a trailing "$" it must also end there ("read$" skips "ready")."""
    whole = keyword.endswith("$")
    stem = keyword.rstrip("$")
    return re.compile(rf"(?<!\w){re.escape(stem)}" + (r"(?!\w)" if whole else ""))


def keyword_score(title: str, template: Template) -> int:
    """How many of the template's keywords occur in the title."""
    text = normalize(title)
    return sum(1 for k in template.keywords if _keyword_pattern(k).search(text))


def _generic(templates: Sequence[Template]) -> Template:
    for template in templates:
        if template.id == GENERIC_ID:
            return template
    raise TemplateDataError(f'no "{GENERIC_ID}" template to fall back on')


def match_template(title: str, templates: Sequence[Template] | None = None) -> Template:
    """The template with the most matching keywords (ties: the earlier in the file),
    else the generic one."""
    templates = load_templates() if templates is None else templates
    best: Template | None = None
    best_score = 0
    for template in templates:
        score = keyword_score(title, template) if template.keywords else 0
        if score > best_score:
            best, best_score = template, score
    return best if best is not None else _generic(templates)


def clamp_spiciness(spiciness: int) -> int:
    """Spiciness is 1..3; anything outside is brought to the nearest end."""
    if isinstance(spiciness, bool) or not isinstance(spiciness, int):
        raise TypeError(f"spiciness must be a whole number 1..3, got {spiciness!r}")
    return max(LEVELS[0], min(LEVELS[-1], spiciness))


def suggest_chunks(
    title: str, spiciness: int = 2, templates: Sequence[Template] | None = None
) -> list[SuggestedChunk]:
    """The suggested steps for a task: the matching template's steps up to this level."""
    template = match_template(title, templates)
    return [
        SuggestedChunk(s.title, s.minutes) for s in template.steps_at(clamp_spiciness(spiciness))
    ]


def smaller_first_step(
    chunk_title: str,
    minutes: int = FIRST_STEP_MAX_MINUTES,
    templates: Sequence[Template] | None = None,
    taken: Iterable[str] = (),
) -> SuggestedChunk:
    """A first physical action of at most `minutes`, to go in front of a bigger chunk.

    A chunk that came from a template (a later step of it) or whose title names a
    known kind of work gets that kind's first action ("open the doc and write one
    rough sentence"); anything else, a chunk that already is that first action,
    or a task that already has it among its steps (`taken`: done last time, it
    must not come back), gets its own first few minutes.
    """
    templates = load_templates() if templates is None else templates
    minutes = max(1, minutes)
    wanted = normalize(chunk_title)
    template = next(
        (t for t in templates if any(normalize(s.title) == wanted for s in t.steps)),
        None,
    ) or match_template(chunk_title, templates)
    first = template.steps[0]
    used = {normalize(t) for t in taken} | {wanted}
    if template.id != GENERIC_ID and normalize(first.title) not in used:
        return SuggestedChunk(first.title, min(first.minutes, minutes))
    return SuggestedChunk(f"just the first {minutes} minutes of: {chunk_title.strip()}", minutes)


# -- parsing ---------------------------------------------------------------------


def _fail(where: str, message: str) -> TemplateDataError:
    return TemplateDataError(f"{where}: {message}")


def _unknown_keys(table: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    check_keys(table, allowed, where, TemplateDataError)


def _parse_step(raw: Any, index: int, where: str) -> TemplateStep:
    at = f"steps[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, f"{at} must be a table like {{ title = ..., minutes = 5, level = 1 }}")
    _unknown_keys(raw, _STEP_KEYS, f"{where}: {at}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _fail(where, f"{at}.title must be non-empty text, got {title!r}")
    values: dict[str, int] = {}
    for key, (low, high) in (("minutes", STEP_MINUTES_RANGE), ("level", (LEVELS[0], LEVELS[-1]))):
        value = raw.get(key)
        if value is None:
            raise _fail(where, f"{at}.{key} is missing")
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _fail(where, f"{at}.{key} must be {low}..{high}, got {value!r}")
        values[key] = value
    return TemplateStep(title.strip(), values["minutes"], values["level"])


def _parse_keywords(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise _fail(where, f"keywords must be a list of lowercase stems, got {raw!r}")
    keywords = []
    for keyword in raw:
        if not isinstance(keyword, str) or not _KEYWORD.match(keyword):
            raise _fail(
                where,
                f"keyword {keyword!r} must be lowercase letters/digits, single spaces, "
                'optionally ending in "$"',
            )
        if keyword in keywords:
            raise _fail(where, f"keyword {keyword!r} is listed twice")
        keywords.append(keyword)
    return tuple(keywords)


def _parse_template(raw: Any, number: int, source_name: str) -> Template:
    where = f"{source_name}: template #{number}"
    if not isinstance(raw, dict):
        raise _fail(where, "must be a [[template]] table")
    if isinstance(raw.get("id"), str) and raw["id"]:
        where += f' ("{raw["id"]}")'
    _unknown_keys(raw, _TEMPLATE_KEYS, where)
    template_id = raw.get("id")
    if not isinstance(template_id, str) or not _SLUG.match(template_id):
        raise _fail(where, f"id must be a lowercase slug like pay-bill, got {template_id!r}")
    keywords = _parse_keywords(raw.get("keywords", []), where)
    if template_id == GENERIC_ID and keywords:
        raise _fail(where, "the generic template takes no keywords: it is the fallback")
    if template_id != GENERIC_ID and not keywords:
        raise _fail(where, "keywords are missing: without them it can never match")
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _fail(where, "steps are missing")
    steps = tuple(_parse_step(s, i, where) for i, s in enumerate(raw_steps, 1))
    first = steps[0]
    if first.level != 1 or first.minutes > FIRST_STEP_MAX_MINUTES:
        raise _fail(
            where,
            f"steps[1] must be level 1 and at most {FIRST_STEP_MAX_MINUTES} minutes "
            f"(a start too small to refuse, at every spiciness), got level {first.level}, "
            f"{first.minutes} min",
        )
    return Template(template_id, keywords, steps)


def parse_templates(
    data: dict[str, Any], source_name: str = "templates.toml"
) -> tuple[Template, ...]:
    """Check every template (keys, types, ranges, ids, first steps) and build them."""
    unknown = sorted(set(data) - {"template"})
    if unknown:
        raise _fail(source_name, f"unknown top-level key {', '.join(unknown)}")
    templates = unique_entries(
        data.get("template"), "template", _parse_template, TemplateDataError, source_name
    )
    if GENERIC_ID not in {t.id for t in templates}:
        raise _fail(source_name, f'no "{GENERIC_ID}" template to fall back on')
    return tuple(templates)


def parse_templates_toml(text: str, source_name: str = "templates.toml") -> tuple[Template, ...]:
    """Like `parse_templates`, from TOML text; bad TOML is a TemplateDataError too."""
    try:
        data = parse_toml(text, source_name)
    except DataFileError as exc:
        raise TemplateDataError(str(exc)) from None
    return parse_templates(data, source_name)


@functools.cache
def load_templates() -> tuple[Template, ...]:
    """The shipped templates, read and checked once per process."""
    try:
        data = load_toml("templates.toml")
    except DataFileError as exc:
        raise TemplateDataError(str(exc)) from None
    return parse_templates(data, "templates.toml")
