"""The quick-add line: ``Write Q3 report ~2h due:fri start:tomorrow 9am #work :: outline; send``.

Pure and cheap: no Textual, no database, and the date grammar
(:mod:`startnow.domain.dates`) is imported only when the line has ``due:`` or
``start:`` in it, so ``startnow add "Buy milk"`` pays nothing for dates.

Rules chosen here (the tests pin them):

* ``~25m`` ``~2h`` ``~1h30m`` ``~90min`` ``~1.5h``: the estimate, 1 minute to 7
  days, one per task (and one per step). Any other word starting with ``~`` and
  a digit is an error, never title text.
* ``due:<when>`` / ``start:<when>``: the phrase starts right after the colon (or
  at the next word, for ``due: fri``) and extends greedily over the following
  words while they still form a valid phrase: ``due:fri call mom`` is due
  Friday, title "call mom". ``due:"next mon 9am"`` is the quoted form. One of
  each; a start after the due is an error, and so is a due date already past.
* ``every:<rule>``: a recurring task (``every:fri``, ``every:2w``,
  ``every:1st``: the grammar is in :mod:`startnow.domain.recurrence`, imported
  only when the word is there). One per task; the first instance's dates move
  to the rule's first day on or after them (:mod:`startnow.domain.series`).
* ``#tag``: letters, digits, ``-``, ``_``, ``/``, with at least one letter
  (``#123`` stays title text: it is usually an issue number). Lowercased,
  de-duplicated in order. ``#`` alone and ``C#`` are title text.
* ``:: a; b; c`` (``::`` at the start of a word) ends the line: the steps, in
  order, each with an optional ``~estimate``; everything else in a step,
  ``#`` and ``due:`` included, is its title. Empty steps are skipped.
* Everything else is the title, words joined by single spaces, case kept;
  ``re:`` or ``http://x`` are just words. 1 to 500 characters.
* A backslash before a word that would mean something makes it title text:
  ``Fix \\#3 \\due: parser`` is titled "Fix #3 due: parser" (``\\#work``,
  ``\\~5m``, ``\\every:``, ``\\::``; in a step, ``\\~5m``). Only that one
  backslash goes; a word that means nothing keeps its own (``\\o/``), and
  ``\\\\#work`` is the text ``\\#work``. Today's `e` writes a title this way
  (`escaped`), so every title reads back as itself.
* A tab counts as a space; other control characters (newline, escape, NUL,
  bidirectional overrides) are an error: they would garble the terminal.
"""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import datetime, time, tzinfo

from startnow.domain.input_error import InputError

__all__ = [
    "ParsedChunk", "ParsedTask", "QuickAddError", "escaped", "has_date_words", "parse_quick_add",
]  # fmt: skip

MAX_TITLE = 500
MAX_ESTIMATE = 7 * 24 * 60  # minutes
ESTIMATE_HELP = "an estimate looks like ~25m, ~2h or ~1h30m (at most ~168h)"

# Pattern strings, compiled by `re` on first use (and cached there): compiling
# all of them at import would slow every quick add, and a plain line like
# "Buy milk" needs none of them (the cheap string tests in front decide that).
_CONTROL = "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_TOKEN = r'(?ai:due|start):(?:"[^"]*"|“[^”]*”)(?=\s|$)|\S+'
_KEY = r"(?ais)(due|start):(.*)"
_HAS_KEY = r"(?ai)(?:^|\s)(?:due|start|every):"
_TAG = r"#([\w/-]+)"
_CHUNKS = r"(?:^|\s)::"
_NUMBER = r"[0-9]{1,6}(?:\.[0-9]{1,4})?"
_ESTIMATE = (
    rf"(?ai)~(?:({_NUMBER})(?:h|hr|hrs|hour|hours)(?:([0-9]{{1,6}})(?:m|min|mins)?)?"
    rf"|({_NUMBER})(?:m|min|mins|minute|minutes))"
)


class QuickAddError(InputError):
    """One line: what is wrong and where (the token)."""


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable

    from startnow.domain.dates import Role


# collections.namedtuple, not dataclasses or typing.NamedTuple: importing those
# (and inspect) costs a third of a quick add.
class ParsedChunk(namedtuple("ParsedChunk", "title estimate")):
    __slots__ = ()
    if TYPE_CHECKING:
        title: str
        estimate: int | None  # minutes


class ParsedTask(
    namedtuple(
        "ParsedTask",
        "title estimate planned_start due tags chunks recurrence anchor",
        defaults=(None, None),
    )
):
    __slots__ = ()
    if TYPE_CHECKING:
        title: str
        estimate: int | None  # minutes
        planned_start: datetime | None  # aware UTC
        due: datetime | None  # aware UTC
        tags: tuple[str, ...]  # lowercase, without '#', de-duplicated, in order
        chunks: tuple[ParsedChunk, ...]
        recurrence: str | None  # the `every:` rule as stored (Recurrence.text)
        anchor: str | None  # the series' first local day, ISO


def has_date_words(text: str) -> bool:
    """Whether the line has a ``due:``, ``start:`` or ``every:`` word (so the
    local zone is needed)."""
    return ":" in text and re.search(_HAS_KEY, text) is not None


def _control_character(text: str) -> re.Match[str] | None:
    """The first character that would garble a terminal (every one of them is
    non-printable, so printable text skips the regex)."""
    return None if text.isprintable() else re.search(_CONTROL, text)


def _is_estimate_like(word: str) -> bool:
    return len(word) > 1 and word[0] == "~" and word[1] in "0123456789"


def _scaled_minutes(number: str, factor: int) -> int | None:
    """`number` × `factor` as whole minutes, exactly (no float rounding), or None."""
    whole, _, frac = number.partition(".")
    scale = 10 ** len(frac)
    total = (int(whole) * scale + int(frac or 0)) * factor
    return None if total % scale else total // scale


def _estimate(word: str) -> int:
    """Minutes for `~25m`, `~2h`, `~1h30m`, `~90min`, `~1.5h`; QuickAddError otherwise."""
    m = re.fullmatch(_ESTIMATE, word)
    if m is None:
        raise QuickAddError(f'"{word}": {ESTIMATE_HELP}', word)
    hours, and_minutes, minutes = m.groups()
    if hours is not None:
        if and_minutes is not None and ("." in hours or int(and_minutes) > 59):
            raise QuickAddError(f'"{word}": {ESTIMATE_HELP}', word)
        total = _scaled_minutes(hours, 60)
        if total is not None and and_minutes is not None:
            total += int(and_minutes)
    else:
        total = _scaled_minutes(minutes, 1)
    if total is None:
        raise QuickAddError(f'"{word}" is not a whole number of minutes', word)
    if total < 1:
        raise QuickAddError(f'"{word}": an estimate is at least 1 minute', word)
    if total > MAX_ESTIMATE:
        raise QuickAddError(f'"{word}": an estimate is at most 7 days (~168h)', word)
    return total


def _tag(word: str) -> str | None:
    m = re.fullmatch(_TAG, word) if word[:1] == "#" else None
    if m is None or not any(ch.isalpha() for ch in m.group(1)):
        return None
    return m.group(1).lower()


def _key(word: str) -> re.Match[str] | None:
    """``due:…`` / ``start:…``, split into the key and what follows the colon."""
    return re.fullmatch(_KEY, word) if ":" in word else None


def _is_special(word: str) -> bool:
    """Words that end a greedy date phrase: they mean something on their own."""
    return _is_estimate_like(word) or _tag(word) is not None or _key(word) is not None


def _means_something(word: str) -> bool:
    """A word the line reads as more than title text (before any escape)."""
    return word[:6].lower() == "every:" or word[:2] == "::" or _is_special(word)


def _literal(word: str, special: Callable[[str], bool] = _means_something) -> str | None:
    """The text of an escaped word (``\\#3`` -> ``#3``: one backslash fewer),
    or None when `word` is not one: no backslash, or nothing `special` after
    its backslashes."""
    if word[:1] != "\\":
        return None
    rest = word.lstrip("\\")
    return word[1:] if rest and special(rest) else None


def escaped(word: str) -> str:
    """A title word as the line must say it to read back as that text: a
    backslash more before one that would mean something, or before an escape."""
    rest = word.lstrip("\\")
    return "\\" + word if rest and _means_something(rest) else word


# Characters that take no room on screen: a title of only these looks empty.
_INVISIBLE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f"
                       "\u2060\u2061\u2062\u2063\u2064\u3164\ufeff\uffa0")  # fmt: skip


def _is_invisible(text: str) -> bool:
    """Nothing on screen: only spaces and zero-width characters (stops at the first visible)."""
    return all(ch.isspace() or ch in _INVISIBLE for ch in text)


def title_problem(title: str) -> str | None:
    """Why `title` can't name a task or a step (None when it can): a control
    character would garble the terminal, an invisible title can't be picked
    out, a long one can't be shown. Imports check their titles with it too."""
    if bad := _control_character(title):
        return (
            f"control character U+{ord(bad.group()):04X} at position {bad.start() + 1}: "
            "a title is one line of plain text"
        )
    if len(title) > MAX_TITLE:
        return f"it is {len(title)} characters long; the limit is {MAX_TITLE}"
    if _is_invisible(title):
        return "it has no visible characters"
    return None


def _check_title(title: str, what: str) -> None:
    if len(title) > MAX_TITLE:
        raise QuickAddError(
            f"{what} is {len(title)} characters long; the limit is {MAX_TITLE}",
            title[:20] + "…",
        )
    if _is_invisible(title):
        raise QuickAddError(f"{what} has no visible characters", repr(title))


def _when(
    key: str,
    value: str,
    words: list[str],
    i: int,
    now: datetime,
    tz: tzinfo,
    day_start: time,
    day_end: time,
) -> tuple[datetime, int]:
    """Read the phrase of `words[i]` (``due:…``/``start:…``); returns (instant, words used)."""
    from startnow.domain import dates

    role: Role = "due" if key == "due" else "start"
    try:
        if value[:1] in ('"', "“"):
            closing = '"' if value[0] == '"' else "”"
            if len(value) < 2 or not value.endswith(closing):
                raise QuickAddError(
                    f'close the quote in {words[i]} (like {key}:"next mon 9am")', words[i]
                )
            phrase = value[1:-1].strip()
            if not phrase:
                raise QuickAddError(f"{words[i]}: put a date or time inside the quotes", words[i])
            return dates.parse_when(
                phrase, now, tz, role=role, day_start=day_start, day_end=day_end
            ), 1
        following: list[str] = [value] if value else []
        for word in words[i + 1 : i + 1 + dates.MAX_PHRASE_WORDS]:
            if _is_special(word):
                break
            following.append(word)
        if not following:
            example = f"like {key}:fri or {key}:tomorrow 9am"
            raise QuickAddError(f'"{words[i]}" needs a date or time after it ({example})', words[i])
        instant, used = dates.longest_when_prefix(
            following, now, tz, role=role, day_start=day_start, day_end=day_end
        )
    except dates.DateParseError as err:
        raise QuickAddError(f"{key}: {err}", err.token) from None
    return instant, used if value else used + 1


def _chunks(text: str) -> tuple[ParsedChunk, ...]:
    """The steps after ``::``: `a; b ~10m; c`."""
    chunks: list[ParsedChunk] = []
    for part in text.split(";"):
        words = part.split()
        if not words:
            continue
        n = len(chunks) + 1
        estimate: int | None = None
        title_words: list[str] = []
        for word in words:
            if (literal := _literal(word, _is_estimate_like)) is not None:
                title_words.append(literal)
                continue
            if not _is_estimate_like(word):
                title_words.append(word)
                continue
            if estimate is not None:
                raise QuickAddError(f'step {n}: "{word}": a step has one estimate', word)
            try:
                estimate = _estimate(word)
            except QuickAddError as err:
                raise QuickAddError(f"step {n}: {err}", err.token) from None
        title = " ".join(title_words)
        if not title:
            only = part.strip()
            raise QuickAddError(f'step {n} has only an estimate ("{only}"): name it', only)
        _check_title(title, f"step {n}")
        chunks.append(ParsedChunk(title, estimate))
    if not chunks:
        raise QuickAddError('"::" needs at least one step after it (like :: outline; send)', "::")
    return tuple(chunks)


def parse_quick_add_chunk(text: str) -> ParsedChunk:
    """One step typed on its own, as in the breakdown screen: 'call the bank ~10m'."""
    if ";" in text:
        raise QuickAddError("one step at a time: no ';' here", ";")
    text = text.replace("\t", " ")
    bad = _control_character(text)
    if bad is not None:
        raise QuickAddError(f"a step can't contain control character U+{ord(bad.group()):04X}")
    if not text.split():
        raise QuickAddError("a step needs a few words: what will you do first?")
    return _chunks(text)[0]


def _local(instant: datetime, tz: tzinfo) -> str:
    try:
        return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError):  # the ends of the calendar: say it in UTC
        return instant.strftime("%Y-%m-%d %H:%M UTC")


def parse_quick_add(
    text: str,
    now: datetime,
    tz: tzinfo,
    *,
    day_start: time = time(9, 0),
    day_end: time = time(23, 59),
    title_required: bool = True,
) -> ParsedTask:
    """Parse one quick-add line; QuickAddError (one line, naming the token) if it can't.
    Not `title_required` (an edit's pieces): no title words give the title ""."""
    text = text.replace("\t", " ")
    if bad := _control_character(text):
        char = bad.group()
        raise QuickAddError(
            f"control character U+{ord(char):04X} at position {bad.start() + 1}: "
            "a task is one line of plain text",
            repr(char),
        )
    head = text
    chunks: tuple[ParsedChunk, ...] = ()
    if "::" in text and (split := re.search(_CHUNKS, text)):
        head, chunks = text[: split.start()], _chunks(text[split.end() :])

    quoted = '"' in head or "“" in head  # due:"next mon 9am": one token
    words = re.findall(_TOKEN, head) if quoted else head.split()
    title_words: list[str] = []
    tags: dict[str, None] = {}
    estimate: int | None = None
    when: dict[str, datetime] = {}
    when_words: dict[str, str] = {}
    rule: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if (literal := _literal(word)) is not None:
            title_words.append(literal)
            i += 1
            continue
        if word[:6].lower() == "every:":
            if rule is not None:
                raise QuickAddError(f'"{word}": a task has only one every:', word)
            rule = _rule(word)
            i += 1
            continue
        if key_match := _key(word):
            key, value = key_match.group(1).lower(), key_match.group(2)
            if key in when:
                raise QuickAddError(f'"{word}": a task has only one {key}:', word)
            when[key], used = _when(key, value, words, i, now, tz, day_start, day_end)
            when_words[key] = word
            i += used
            continue
        if _is_estimate_like(word):
            if estimate is not None:
                raise QuickAddError(f'"{word}": a task has only one estimate', word)
            estimate = _estimate(word)
        elif (tag := _tag(word)) is not None:
            tags[tag] = None
        else:
            title_words.append(word)
        i += 1

    title = " ".join(title_words)
    if not title and title_required:
        raise QuickAddError(
            'a task needs a title (like "Write Q3 report ~2h due:fri")', text.strip()[:20]
        )
    if title:
        _check_title(title, "the title")
    start, due = when.get("start"), when.get("due")
    if start is not None and due is not None and start > due:
        start_word, due_word = when_words["start"], when_words["due"]
        raise QuickAddError(
            f'start is after due: "{start_word}" is {_local(start, tz)}, '
            f'"{due_word}" is {_local(due, tz)}',
            start_word,
        )
    if due is not None and due < now.replace(second=0, microsecond=0):
        due_word = when_words["due"]
        raise QuickAddError(
            f'"{due_word}" is {_local(due, tz)}, already past: give a due date still ahead',
            due_word,
        )
    if rule is None:
        return ParsedTask(title, estimate, start, due, tuple(tags), chunks)
    from startnow.domain.series import first_instance

    start, due, anchor = first_instance(rule, start, due, now, tz)
    return ParsedTask(title, estimate, start, due, tuple(tags), chunks, rule, anchor)


def _rule(word: str) -> str:
    """The rule of an `every:` word, as stored; QuickAddError naming the word."""
    from startnow.domain.recurrence import parse

    try:
        return parse(word[6:]).text
    except InputError as exc:
        raise QuickAddError(str(exc), word) from None
