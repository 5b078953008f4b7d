"""Text from the store or from a file, made safe to show.

A title, a tag, a commitment or a note can hold anything a file or another
program put there, escape sequences included. Printed raw, ESC, CSI, OSC, DCS,
BEL and the C1 controls drive the terminal (retitle it, clear it, move the
cursor), and the bidirectional overrides make text read backwards. Every place
that shows such a string passes it through `safe` (one line) or `safe_lines`
(keeps its line breaks); JSON printed anywhere goes through `json_safe`, which
escapes rather than removes (the data stays whole); importers use
`unsafe_character` to refuse them.

Stdlib only and no `typing`: the quick path (status, list, add) imports it.
"""

from __future__ import annotations

# What can drive a terminal or reorder text: C0 and C1 controls (ESC among
# them), DEL, and the bidirectional overrides, embeddings, isolates and marks.
_DRIVING = [
    *range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F,
    *range(0x202A, 0x202F), *range(0x2066, 0x206A),
]  # fmt: skip
# Invisible, harmless to the terminal, but a column shifts around them: shown
# without them, stored as they came. The joiners (U+200C, U+200D) stay: they
# hold emoji sequences and some scripts together.
_INVISIBLE = [0x200B, 0x2060, 0xFEFF]
_LINE_BREAKS = "\t\n\v\f\r\x85\u2028\u2029"

_ONE_LINE: dict[int, str | None] = dict.fromkeys([*_DRIVING, *_INVISIBLE])
_ONE_LINE.update(dict.fromkeys(map(ord, _LINE_BREAKS), " "))

_KEEP_LINES: dict[int, str | None] = dict(_ONE_LINE)
_KEEP_LINES[ord("\n")] = "\n"

_UNSAFE = frozenset(_DRIVING) | frozenset(map(ord, _LINE_BREAKS))


# Characters JSON leaves as they are but a terminal may act on (C1, DEL,
# bidi, zero width, the Unicode line separators): written as \uXXXX, which
# a JSON reader turns back into the same character. C0 is escaped by json.
# Made on first use: quick add imports this module and never needs it.
_JSON_ESCAPED: dict[int, str] = {}


def safe(text: str) -> str:
    """`text` on one line, with nothing that could drive a terminal (a line
    break or tab becomes a space, so words stay apart)."""
    if text.isascii() and text.isprintable():  # nearly every title: no copy
        return text
    return text.translate(_ONE_LINE)


def safe_lines(text: str) -> str:
    """As `safe`, but a newline stays a newline (a note of several lines)."""
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_KEEP_LINES)


def json_safe(document: str) -> str:
    """A JSON document with every character a terminal could act on escaped
    (\\u009b, \\u202e): the same data to a JSON reader, inert on a screen.
    Only for JSON text, where such characters can only be inside strings."""
    if document.isascii() and "\x7f" not in document:
        return document
    if not _JSON_ESCAPED:
        _JSON_ESCAPED.update({c: f"\\u{c:04x}" for c in _UNSAFE if c >= 0x7F})
    return document.translate(_JSON_ESCAPED)


def unsafe_character(text: str, *, newlines: bool = False) -> str | None:
    """The first character that could drive a terminal or reorder text, else
    None (`newlines=True` lets "\\n" through, for multi-line fields). What the
    app's own inputs accept passes, so an export always imports again."""
    if text.isascii() and text.isprintable():
        return None
    for char in text:
        if ord(char) in _UNSAFE and not (newlines and char == "\n"):
            return char
    return None
