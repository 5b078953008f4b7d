"""The one function every shown string passes through: nothing in it may drive a terminal."""

import json

import pytest

from startnow.domain.safe_text import json_safe, safe, safe_lines, unsafe_character

SEQUENCES = {
    "CSI clear screen": "\x1b[2J",
    "CSI colour": "\x1b[31mred\x1b[0m",
    "OSC retitle (BEL)": "\x1b]0;owned\x07",
    "OSC retitle (ST)": "\x1b]2;owned\x1b\\",
    "OSC 8 hyperlink": "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "DCS": "\x1bPq#0;2;0;0;0\x1b\\",
    "BEL": "\x07",
    "C1 CSI": "\x9b2J",
    "C1 OSC": "\x9d0;t\x9c",
    "bidi override": "\u202eevil\u202c",
    "bidi isolate": "\u2066x\u2069",
    "NUL": "\x00",
    "DEL": "\x7f",
}


@pytest.mark.parametrize("sequence", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_no_sequence_survives_safe(sequence: str) -> None:
    shown = safe(f"Write {sequence} report")
    assert unsafe_character(shown) is None
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert shown.startswith("Write ") and shown.endswith(" report")
    assert unsafe_character(f"Write {sequence} report") is not None


def test_line_breaks_become_spaces_on_one_line_and_stay_in_a_block() -> None:
    assert safe("one\ntwo\tthree") == "one two three"
    assert safe_lines("one\ntwo\x1b[2J") == "one\ntwo[2J"
    assert unsafe_character("one\ntwo", newlines=True) is None
    assert unsafe_character("one\ntwo") == "\n"


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Buy milk", "Écrire le rapport", "报告 ✅", "Q3 report — draft"):
        assert safe(text) == text
        assert unsafe_character(text) is None


def test_invisible_characters_are_not_shown_but_are_not_unsafe() -> None:
    assert safe("a\u200bb\ufeff") == "ab"
    assert unsafe_character("a\u200bb") is None
    runner = "\U0001f3c3\u200d\u2642\ufe0f run"  # an emoji sequence held by a joiner
    assert safe(runner) == runner and unsafe_character(runner) is None


@pytest.mark.parametrize("sequence", SEQUENCES.values(), ids=SEQUENCES.keys())
def test_json_safe_escapes_every_sequence_and_reads_back_the_same(sequence: str) -> None:
    document = json.dumps({"title": f"Write {sequence} report"}, ensure_ascii=False)
    escaped = json_safe(document)
    assert unsafe_character(escaped) is None
    assert json.loads(escaped) == json.loads(document)
