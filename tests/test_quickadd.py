"""The quick-add line: grammar, errors that name the token, and cheap imports."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.domain.quickadd import (
    MAX_TITLE,
    ParsedChunk,
    ParsedTask,
    QuickAddError,
    escaped,
    has_date_words,
    parse_quick_add,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 8, 52, tzinfo=BERLIN)  # Monday morning


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=tz).astimezone(UTC)


def parse(text: str, now: datetime = NOW, tz: ZoneInfo = BERLIN) -> ParsedTask:
    return parse_quick_add(text, now, tz)


def test_the_product_example() -> None:
    task = parse(
        "Write Q3 report ~2h due:fri start:tomorrow 9am #work "
        ":: outline; first paragraph ~10m; send"
    )
    assert task == ParsedTask(
        title="Write Q3 report",
        estimate=120,
        planned_start=local(2026, 11, 24, 9, 0),
        due=local(2026, 11, 27, 23, 59),
        tags=("work",),
        chunks=(
            ParsedChunk("outline", None),
            ParsedChunk("first paragraph", 10),
            ParsedChunk("send", None),
        ),
    )
    assert task.due is not None and task.due.tzinfo is UTC


def test_plain_title_and_whitespace() -> None:
    assert parse("Buy milk") == ParsedTask("Buy milk", None, None, None, (), ())
    assert parse("  Buy \u00a0  oat   milk  ").title == "Buy oat milk"
    assert parse("Call\tmom").title == "Call mom"  # a tab is a space
    assert parse("re: budget http://x.org/a:b Mr. X").title == "re: budget http://x.org/a:b Mr. X"
    assert parse("Fix Foo::bar crash").title == "Fix Foo::bar crash"
    assert parse("overdue:fri later").title == "overdue:fri later"


@pytest.mark.parametrize(
    ("word", "minutes"),
    [
        ("~25m", 25),
        ("~2h", 120),
        ("~1h30m", 90),
        ("~1h30", 90),
        ("~1h5min", 65),
        ("~90min", 90),
        ("~90mins", 90),
        ("~45minutes", 45),
        ("~1.5h", 90),
        ("~0.5h", 30),
        ("~2H", 120),
        ("~3hours", 180),
        ("~1m", 1),
        ("~168h", 7 * 24 * 60),
        ("~10080m", 7 * 24 * 60),
    ],
)
def test_estimates(word: str, minutes: int) -> None:
    assert parse(f"Write {word} report").estimate == minutes
    assert parse(f"Write {word} report").title == "Write report"


@pytest.mark.parametrize(
    ("text", "token", "says"),
    [
        ("x ~2x", "~2x", "an estimate looks like ~25m, ~2h or ~1h30m"),
        ("x ~30", "~30", "an estimate looks like"),
        ("x ~2h,", "~2h,", "an estimate looks like"),
        ("x ~1h60m", "~1h60m", "an estimate looks like"),
        ("x ~1.5h30m", "~1.5h30m", "an estimate looks like"),
        ("x ~2d", "~2d", "an estimate looks like"),
        ("x ~0m", "~0m", "at least 1 minute"),
        ("x ~0h", "~0h", "at least 1 minute"),
        ("x ~169h", "~169h", "at most 7 days"),
        ("x ~99999999m", "~99999999m", "an estimate looks like"),
        ("x ~1.25m", "~1.25m", "whole number of minutes"),
        ("x ~2h ~3h", "~3h", "only one estimate"),
    ],
)
def test_estimate_errors(text: str, token: str, says: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse(text)
    assert caught.value.token == token
    assert says in str(caught.value)
    assert f'"{token}"' in str(caught.value)


def test_tilde_without_a_digit_is_title_text() -> None:
    assert parse("Read ~ approx ~chapter").title == "Read ~ approx ~chapter"


@pytest.mark.parametrize(
    ("text", "title", "start", "due"),
    [
        ("due:fri call mom", "call mom", None, local(2026, 11, 27, 23, 59)),
        ("Call mom due:fri", "Call mom", None, local(2026, 11, 27, 23, 59)),
        ("Call mom DUE:Fri 5pm", "Call mom", None, local(2026, 11, 27, 17, 0)),
        ("Gym start:tomorrow 7am sharp", "Gym sharp", local(2026, 11, 24, 7, 0), None),
        ("Pay due: april 15 taxes", "Pay taxes", None, local(2027, 4, 15, 23, 59)),
        ('Plan due:"next mon 9am" trip', "Plan trip", None, local(2026, 11, 30, 9, 0)),
        ("Plan due:“next mon 9am” trip", "Plan trip", None, local(2026, 11, 30, 9, 0)),
        ("Call due:fri in person", "Call in person", None, local(2026, 11, 27, 23, 59)),
        ("Prep due:fri sat exam", "Prep sat exam", None, local(2026, 11, 27, 23, 59)),
        ("Essay due:dec 3 2000 words", "Essay 2000 words", None, local(2026, 12, 3, 23, 59)),
        ("x due:fri ~2h #work y", "x y", None, local(2026, 11, 27, 23, 59)),
        ("x due:in 2h", "x", None, local(2026, 11, 23, 10, 52)),
        ("x start:9am due:9am", "x", local(2026, 11, 23, 9), local(2026, 11, 23, 9)),
        (
            "Report start:2026-12-01 due:2026-12-03 17:00",
            "Report",
            local(2026, 12, 1, 9, 0),
            local(2026, 12, 3, 17, 0),
        ),
    ],
)
def test_due_and_start(text: str, title: str, start: datetime | None, due: datetime | None) -> None:
    task = parse(text)
    assert (task.title, task.planned_start, task.due) == (title, start, due)


def test_due_in_new_york() -> None:
    now = datetime(2026, 11, 23, 8, 52, tzinfo=NEW_YORK)
    task = parse("Call due:tomorrow 9am", now=now, tz=NEW_YORK)
    assert task.due == local(2026, 11, 24, 9, 0, tz=NEW_YORK)


def test_day_start_and_day_end_are_passed_on() -> None:
    from datetime import time

    task = parse_quick_add(
        "x start:tomorrow due:tomorrow", NOW, BERLIN, day_start=time(7), day_end=time(18)
    )
    assert (task.planned_start, task.due) == (local(2026, 11, 24, 7), local(2026, 11, 24, 18))


@pytest.mark.parametrize(
    ("text", "token", "says"),
    [
        ("x due:", "due:", "needs a date or time after it"),
        ("x due: ~2h", "due:", "needs a date or time after it"),
        ("x start:", "start:", "needs a date or time after it"),
        ("x due:frday", "frday", 'can\'t read "frday" as a date or time (try: fri'),
        ("x due:fri 25:00", "25:00", "hours go 0 to 23"),
        ("x due:feb 30", "feb 30", "February"),
        ("x due:13pm", "13pm", "1 to 12"),
        ("x due:midnight", "midnight", "ambiguous"),
        ("x due:fri due:sat", "due:sat", "only one due:"),
        ("x start:mon start:tue", "start:tue", "only one start:"),
        ("x start:fri due:thu", "start:fri", "start is after due"),
        ("x due:2020-01-01", "due:2020-01-01", "is 2020-01-01 23:59, already past"),
        ('x due:"next mon', 'due:"next', "close the quote"),
        ('x due:"fri"y', 'due:"fri"y', "close the quote"),
        ('x due:""', 'due:""', "inside the quotes"),
        ('x due:"fri call"', "call", "can't read"),
    ],
)
def test_date_errors(text: str, token: str, says: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse(text)
    err = caught.value
    assert err.token == token
    assert says in str(err)
    assert token in str(err)
    assert "\n" not in str(err)


def test_start_after_due_shows_both_local_times() -> None:
    with pytest.raises(QuickAddError) as caught:
        parse("x start:fri due:thu")
    assert str(caught.value) == (
        'start is after due: "start:fri" is 2026-11-27 09:00, "due:thu" is 2026-11-26 23:59'
    )


def test_tags() -> None:
    task = parse("Plan #Work trip #home #work #q3-plan/sub_1 #café")
    assert task.tags == ("work", "home", "q3-plan/sub_1", "café")
    assert task.title == "Plan trip"
    literal = parse("Learn C# and F# # fix #123 #42b #, #-")
    assert literal.tags == ("42b",)
    assert literal.title == "Learn C# and F# # fix #123 #, #-"


def test_chunks() -> None:
    task = parse("Essay :: outline; draft ~45m;; ; edit ~1h #not-a-tag due:fri")
    assert task.title == "Essay"
    assert task.chunks == (
        ParsedChunk("outline", None),
        ParsedChunk("draft", 45),
        ParsedChunk("edit #not-a-tag due:fri", 60),
    )
    assert task.due is None and task.tags == ()
    assert parse("Essay ::outline;send").chunks == (
        ParsedChunk("outline", None),
        ParsedChunk("send", None),
    )


@pytest.mark.parametrize(
    ("text", "token", "says"),
    [
        ("Essay ::", "::", "needs at least one step"),
        ("Essay :: ; ;", "::", "needs at least one step"),
        ("Essay :: a; b ~2x", "~2x", "step 2:"),
        ("Essay :: a ~5m ~10m", "~10m", "one estimate"),
        ("Essay :: a; ~10m", "~10m", "step 2 has only an estimate"),
        (":: a; b", ":: a; b", "a task needs a title"),
    ],
)
def test_chunk_errors(text: str, token: str, says: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse(text)
    assert says in str(caught.value)
    assert caught.value.token == token


@pytest.mark.parametrize("text", ["", "   ", "~2h", "#work due:fri", "~25m #a #b"])
def test_a_task_needs_a_title(text: str) -> None:
    with pytest.raises(QuickAddError, match="a task needs a title"):
        parse(text)


def test_title_length_limit() -> None:
    assert len(parse("a" * MAX_TITLE).title) == MAX_TITLE
    with pytest.raises(QuickAddError, match="title is 501 characters long; the limit is 500"):
        parse("a" * 501)
    with pytest.raises(QuickAddError, match="title is 503 characters long"):
        parse("a" * 250 + " ~2h " + "b" * 252)  # counted after the estimate is taken out
    with pytest.raises(QuickAddError, match="step 1 is 501 characters long"):
        parse("x :: " + "s" * 501)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Buy\nmilk", "U+000A"),
        ("Buy milk\r", "U+000D"),
        ("Buy \x1b[31mmilk", "U+001B"),
        ("Buy\x00milk", "U+0000"),
        ("Buy\x7fmilk", "U+007F"),
        ("Buy \u202emilk", "U+202E"),
        ("Buy\u2028milk", "U+2028"),
        ("x :: a\x07", "U+0007"),
    ],
)
def test_control_characters_are_rejected(text: str, code: str) -> None:
    with pytest.raises(QuickAddError, match=re.escape(f"control character {code} at position")):
        parse(text)


def test_has_date_words() -> None:
    assert has_date_words("x due:fri")
    assert has_date_words("START: tomorrow")
    assert not has_date_words("Buy milk ~5m #home")
    assert not has_date_words("overdue:fri")


def test_import_hygiene() -> None:
    """`startnow add "Buy milk"` pays nothing for dates, UI or database."""
    code = (
        "import sys\n"
        "from datetime import datetime, UTC\n"
        "from zoneinfo import ZoneInfo\n"
        "from startnow.domain.quickadd import parse_quick_add\n"
        "heavy = ('textual', 'sqlalchemy', 'sqlmodel', 'dateutil')\n"
        "now = datetime(2026, 11, 23, tzinfo=UTC)\n"
        "parse_quick_add('Buy milk ~5m #home :: go; pay', now, ZoneInfo('Europe/Berlin'))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in heavy]\n"
        "assert not bad, bad\n"
        "assert 'startnow.domain.dates' not in sys.modules\n"
        "parse_quick_add('Buy milk due:fri', now, ZoneInfo('Europe/Berlin'))\n"
        "assert 'startnow.domain.dates' in sys.modules\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in heavy]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- properties -------------------------------------------------------------

PIECES = [
    "Write", "report", "C#", "#work", "#", "#123", "~25m", "~2h", "~1h30m", "~2x", "~0m",
    "~1.5h", "due:", "due:fri", "due:frday", "start:tomorrow", "start:", "9am", "fri",
    "next", "mon", "in", "2", "days", "2h", "dec", "3", "feb", "30", "25:00", "::", ";",
    "due:\"next mon 9am\"", "due:\"", "\"", "re:", "http://x", "\t", "\n", "\x1b", "İ",
    "midnight", "2026-12-03", "start:2026-12-03T09:00", "due:in", "at", "noon", "a" * 300,
]  # fmt: skip
ZONES = [BERLIN, NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Australia/Lord_Howe")]
line_strategy = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=14).map(" ".join),
)


def check_task(task: ParsedTask) -> None:
    assert task.title and len(task.title) <= MAX_TITLE
    assert task.title == " ".join(task.title.split())
    assert all(t == t.lower() and not t.startswith("#") for t in task.tags)
    assert len(set(task.tags)) == len(task.tags)
    assert task.estimate is None or 1 <= task.estimate <= 7 * 24 * 60
    for instant in (task.planned_start, task.due):
        assert instant is None or instant.tzinfo is UTC
    if task.planned_start and task.due:
        assert task.planned_start <= task.due
    assert all(c.title for c in task.chunks)


@settings(max_examples=300, deadline=None)
@given(
    text=line_strategy,
    now=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
    tz=st.sampled_from(ZONES),
)
def test_any_line_parses_or_fails_with_quick_add_error(
    text: str, now: datetime, tz: ZoneInfo
) -> None:
    try:
        task = parse_quick_add(text, now, tz)
    except QuickAddError as err:
        assert str(err) and "\n" not in str(err)
        return
    check_task(task)


# The parser skips its regexes for plain text: str.isprintable() stands in for
# the control-character pattern, str.split() for the tokenizer when nothing is
# quoted. These pin each shortcut to the regex it replaces, on any text.
@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=40))
def test_printable_text_has_no_control_character(text: str) -> None:
    from startnow.domain.quickadd import _CONTROL

    if text.isprintable():
        assert re.search(_CONTROL, text) is None


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=40))
def test_split_tokenizes_like_the_regex_when_nothing_is_quoted(text: str) -> None:
    from startnow.domain.quickadd import _TOKEN

    if '"' not in text and "“" not in text:
        assert text.split() == re.findall(_TOKEN, text)


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000", "\u1680"])
def test_unicode_spaces_split_words_as_before(space: str) -> None:
    assert parse(f"Buy{space}milk{space}#home").title == "Buy milk"


@pytest.mark.parametrize("title", ["\u200b", "\u200b\u200d \ufeff", "\u2060"])
def test_a_title_with_nothing_visible_is_refused(title: str) -> None:
    with pytest.raises(QuickAddError, match="no visible characters"):
        parse(f"{title} ~5m")


@pytest.mark.parametrize("title", ["\u3164", "\u115f", "\uffa0 \u3164"])
def test_a_title_of_printable_fillers_is_refused_too(title: str) -> None:
    """Hangul fillers count as printable but show nothing: the same rule as import's."""
    with pytest.raises(QuickAddError, match="no visible characters"):
        parse(f"{title} ~5m")
    with pytest.raises(QuickAddError, match="no visible characters"):
        parse(f"Plan ~5m :: {title}")


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("thing due:2020-01-01", "due:2020-01-01"),
        ("thing due:today 8am", "due:today"),
    ],
)
def test_a_due_date_already_past_is_refused_in_one_line(text: str, token: str) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse(text)
    assert caught.value.token == token
    assert "already past" in str(caught.value) and "\n" not in str(caught.value)


def test_a_due_date_later_today_is_still_ahead() -> None:
    assert parse("thing due:today").due == local(2026, 11, 23, 23, 59)
    assert parse("thing due:9am").due == local(2026, 11, 23, 9)


# -- a backslash makes a word title text ------------------------------------------


@pytest.mark.parametrize(
    ("line", "title", "tags", "estimate"),
    [
        (r"Fix #3 \due: date parser", "Fix #3 due: date parser", (), None),
        (r"Read \every: docs #docs", "Read every: docs", ("docs",), None),
        (r"Tag \#work as \#done ~5m", "Tag #work as #done", (), 5),
        (r"Say \~5m \start:now and \::", "Say ~5m start:now and ::", (), None),
        (r'Quote \due:"next mon" twice', 'Quote due:"next mon" twice', (), None),
        (r"Keep \\#work and \o/ as typed", r"Keep \#work and \o/ as typed", (), None),
        (r"C:\temp \ and a\#b", r"C:\temp \ and a\#b", (), None),
    ],
)
def test_a_backslash_before_a_word_that_means_something_makes_it_title_text(
    line: str, title: str, tags: tuple[str, ...], estimate: int | None
) -> None:
    parsed = parse_quick_add(line, NOW, BERLIN)
    assert (parsed.title, parsed.tags, parsed.estimate) == (title, tags, estimate)
    assert (parsed.due, parsed.planned_start, parsed.recurrence) == (None, None, None)


def test_in_a_step_a_backslash_keeps_an_estimate_as_words() -> None:
    parsed = parse_quick_add(r"Plan :: read \~5m notes ~10m; \#x stays", NOW, BERLIN)
    assert [tuple(c) for c in parsed.chunks] == [("read ~5m notes", 10), (r"\#x stays", None)]


def test_an_escaped_key_needs_no_time_zone() -> None:
    """Quick add looks the zone up only for a real due:, start: or every:."""
    assert not has_date_words(r"Fix \due: and \every: and \start:")
    assert has_date_words(r"Fix \due: due:fri")


@pytest.mark.parametrize(
    "word", ["#work", "due:", "due:fri", "Start:x", "every:", "EVERY:day", "~5m", "~5x", "::",
             "::x", "\\#work", "\\\\due:", "#3", "C#", "\\o/", "\\", "plain", "re:", "-due"],
)  # fmt: skip
def test_escaped_words_read_back_as_themselves(word: str) -> None:
    parsed = parse_quick_add(f"Title {escaped(word)} end", NOW, BERLIN)
    assert (parsed.title, parsed.tags, parsed.estimate) == (f"Title {word} end", (), None)
    assert (parsed.due, parsed.planned_start, parsed.recurrence) == (None, None, None)
