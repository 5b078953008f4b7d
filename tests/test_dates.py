"""The `<when>` grammar: every phrase, with fixed clocks, in two zones and across DST."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.domain.dates import DateParseError, longest_when_prefix, parse_when
from tests.helpers import cli, rows

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Monday 23 November 2026, 08:52 in Berlin (the wireframes' morning).
NOW = datetime(2026, 11, 23, 8, 52, tzinfo=BERLIN)
# Friday 27 November 2026, 08:00 in Berlin: for the today's-weekday rule.
FRIDAY_8 = datetime(2026, 11, 27, 8, 0, tzinfo=BERLIN)


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, tz: ZoneInfo = BERLIN):
    """A wall time in `tz` as the aware UTC instant parse_when returns."""
    return datetime(y, mo, d, h, mi, s, tzinfo=tz).astimezone(UTC)


def when(text: str, now: datetime = NOW, tz: ZoneInfo = BERLIN, **kw: object) -> datetime:
    result = parse_when(text, now, tz, **kw)  # type: ignore[arg-type]
    assert result.tzinfo is UTC
    return result


# (phrase, role, expected wall time in Berlin as (y, m, d, h, mi[, s])), now = Mon 08:52.
BERLIN_TABLE = [
    # hours, then minutes (now is 08:52)
    ("in 2 hours 30 minutes", "due", (2026, 11, 23, 11, 22)),
    ("in 1h 30m", "start", (2026, 11, 23, 10, 22)),
    ("in an hour 5 min", "start", (2026, 11, 23, 9, 57)),
    # a weekday with a date: the date, checked (Dec 4 2026 is a Friday)
    ("fri dec 4", "due", (2026, 12, 4, 23, 59)),
    ("4 dec fri 9am", "start", (2026, 12, 4, 9, 0)),
    ("Friday 2026-12-04", "start", (2026, 12, 4, 9, 0)),
    # today / tonight / tomorrow / noon
    ("today", "start", (2026, 11, 23, 9, 0)),
    ("today", "due", (2026, 11, 23, 23, 59)),
    ("Today", "start", (2026, 11, 23, 9, 0)),
    ("tonight", "start", (2026, 11, 23, 20, 0)),
    ("tonight", "due", (2026, 11, 23, 20, 0)),
    ("tonight 21:30", "due", (2026, 11, 23, 21, 30)),
    ("9pm tonight", "due", (2026, 11, 23, 21, 0)),
    ("tomorrow", "start", (2026, 11, 24, 9, 0)),
    ("tomorrow", "due", (2026, 11, 24, 23, 59)),
    ("tomorrow 17:30", "start", (2026, 11, 24, 17, 30)),
    ("17:30 tomorrow", "due", (2026, 11, 24, 17, 30)),
    ("tomorrow noon", "start", (2026, 11, 24, 12, 0)),
    ("today 8am", "start", (2026, 11, 23, 8, 0)),  # explicit: literal, even if past
    # times alone: today if not yet past (this minute counts), else tomorrow
    ("noon", "start", (2026, 11, 23, 12, 0)),
    ("9am", "start", (2026, 11, 23, 9, 0)),
    ("9 am", "due", (2026, 11, 23, 9, 0)),
    ("9AM", "start", (2026, 11, 23, 9, 0)),
    ("9a.m.", "start", (2026, 11, 23, 9, 0)),
    ("9:30am", "start", (2026, 11, 23, 9, 30)),
    ("9:30 pm", "start", (2026, 11, 23, 21, 30)),
    ("12pm", "start", (2026, 11, 23, 12, 0)),
    ("12am", "start", (2026, 11, 24, 0, 0)),
    ("12:30am", "start", (2026, 11, 24, 0, 30)),
    ("17:30", "start", (2026, 11, 23, 17, 30)),
    ("17:30:15", "start", (2026, 11, 23, 17, 30, 15)),
    ("9:05", "start", (2026, 11, 23, 9, 5)),
    ("8:52", "start", (2026, 11, 23, 8, 52)),
    ("8:51", "start", (2026, 11, 24, 8, 51)),
    ("8am", "due", (2026, 11, 24, 8, 0)),
    ("00:00", "start", (2026, 11, 24, 0, 0)),
    ("at 9am", "start", (2026, 11, 23, 9, 0)),
    # weekdays: the first one whose instant is not yet past
    ("mon", "start", (2026, 11, 23, 9, 0)),  # today: day_start still ahead
    ("monday", "due", (2026, 11, 23, 23, 59)),
    ("mon 9am", "start", (2026, 11, 23, 9, 0)),
    ("mon 8am", "start", (2026, 11, 30, 8, 0)),  # passed: next week
    ("tue", "start", (2026, 11, 24, 9, 0)),
    ("tues", "due", (2026, 11, 24, 23, 59)),
    ("tuesday 10:00", "start", (2026, 11, 24, 10, 0)),
    ("wed", "start", (2026, 11, 25, 9, 0)),
    ("wednesday", "start", (2026, 11, 25, 9, 0)),
    ("thu", "start", (2026, 11, 26, 9, 0)),
    ("thur", "start", (2026, 11, 26, 9, 0)),
    ("thurs", "start", (2026, 11, 26, 9, 0)),
    ("thursday", "start", (2026, 11, 26, 9, 0)),
    ("fri", "start", (2026, 11, 27, 9, 0)),
    ("FRIDAY", "due", (2026, 11, 27, 23, 59)),
    ("fri 9am", "start", (2026, 11, 27, 9, 0)),
    ("9am fri", "start", (2026, 11, 27, 9, 0)),
    ("fri at 9am", "start", (2026, 11, 27, 9, 0)),
    ("sat", "start", (2026, 11, 28, 9, 0)),
    ("saturday", "start", (2026, 11, 28, 9, 0)),
    ("sun", "due", (2026, 11, 29, 23, 59)),
    ("sunday 18:00", "due", (2026, 11, 29, 18, 0)),
    # next <weekday>: the same as <weekday>, never today
    ("next mon", "start", (2026, 11, 30, 9, 0)),
    ("next monday 9am", "start", (2026, 11, 30, 9, 0)),
    ("next tue", "due", (2026, 11, 24, 23, 59)),
    ("next fri", "start", (2026, 11, 27, 9, 0)),
    ("9:30 pm next sun", "start", (2026, 11, 29, 21, 30)),
    # relative amounts
    ("in 3 days", "start", (2026, 11, 26, 8, 52)),
    ("in 3d", "start", (2026, 11, 26, 8, 52)),
    ("in 3 days 9am", "start", (2026, 11, 26, 9, 0)),
    ("in 2h", "start", (2026, 11, 23, 10, 52)),
    ("in 2 hours", "due", (2026, 11, 23, 10, 52)),
    ("in 30 minutes", "start", (2026, 11, 23, 9, 22)),
    ("in 30m", "start", (2026, 11, 23, 9, 22)),
    ("in 90 min", "start", (2026, 11, 23, 10, 22)),
    ("in 1h30m", "start", (2026, 11, 23, 10, 22)),
    ("in 1.5h", "start", (2026, 11, 23, 10, 22)),
    ("in an hour", "start", (2026, 11, 23, 9, 52)),
    ("in 1 week", "start", (2026, 11, 30, 8, 52)),
    ("in a week", "start", (2026, 11, 30, 8, 52)),
    ("in 2 weeks", "due", (2026, 12, 7, 8, 52)),
    ("in 1 month", "start", (2026, 12, 23, 8, 52)),
    ("in 2 months", "start", (2027, 1, 23, 8, 52)),
    ("in 1 year", "start", (2027, 11, 23, 8, 52)),
    ("in 0 days", "start", (2026, 11, 23, 8, 52)),
    # month and day
    ("dec 3", "start", (2026, 12, 3, 9, 0)),
    ("dec 3", "due", (2026, 12, 3, 23, 59)),
    ("3 dec", "start", (2026, 12, 3, 9, 0)),
    ("december 3", "start", (2026, 12, 3, 9, 0)),
    ("3rd dec", "start", (2026, 12, 3, 9, 0)),
    ("dec 3rd", "start", (2026, 12, 3, 9, 0)),
    ("Dec 3 9am", "start", (2026, 12, 3, 9, 0)),
    ("9am dec 3", "start", (2026, 12, 3, 9, 0)),
    ("dec 3 2027", "start", (2027, 12, 3, 9, 0)),
    ("3 dec 2027 17:30", "start", (2027, 12, 3, 17, 30)),
    ("nov 23", "start", (2026, 11, 23, 9, 0)),  # today's date: today
    ("nov 22", "start", (2027, 11, 22, 9, 0)),  # past this year: next year
    ("jan 2", "due", (2027, 1, 2, 23, 59)),
    ("21st jan", "start", (2027, 1, 21, 9, 0)),
    # ISO
    ("2026-12-03", "start", (2026, 12, 3, 9, 0)),
    ("2026-12-03", "due", (2026, 12, 3, 23, 59)),
    ("2026-12-03T09:00", "start", (2026, 12, 3, 9, 0)),
    ("2026-12-03t09:00", "due", (2026, 12, 3, 9, 0)),
    ("2026-12-03 09:00", "start", (2026, 12, 3, 9, 0)),
    ("2026-12-03T09:00:30", "start", (2026, 12, 3, 9, 0, 30)),
    ("2026-12-03 09:00:30", "start", (2026, 12, 3, 9, 0, 30)),
    ("09:00 2026-12-03", "start", (2026, 12, 3, 9, 0)),
    ("2026-12-03T09:00Z", "start", (2026, 12, 3, 10, 0)),
    ("2026-12-03T09:00+02:00", "start", (2026, 12, 3, 8, 0)),
]


@pytest.mark.parametrize(("text", "role", "wall"), BERLIN_TABLE)
def test_berlin_phrases(text: str, role: str, wall: tuple[int, ...]) -> None:
    assert when(text, role=role) == local(*wall)


def test_feb_29_is_never_guessed() -> None:
    """Without a year, Feb 29 is this year's (or next year's once past): never Mar 1."""
    with pytest.raises(DateParseError, match="2027 has no Feb 29"):
        when("feb 29", now=NOW)  # Feb 2026 is past; 2027 has none
    assert when("feb 29", now=datetime(2027, 3, 1, tzinfo=BERLIN)) == local(2028, 2, 29, 9)
    assert when("29 feb 2028 9am") == local(2028, 2, 29, 9)


NY_NOW = datetime(2026, 11, 23, 8, 52, tzinfo=NEW_YORK)

NEW_YORK_TABLE = [
    ("today", "start", (2026, 11, 23, 9, 0)),
    ("tomorrow 9am", "start", (2026, 11, 24, 9, 0)),
    ("fri", "due", (2026, 11, 27, 23, 59)),
    ("9am", "start", (2026, 11, 23, 9, 0)),
    ("8am", "start", (2026, 11, 24, 8, 0)),
    ("next mon 7:15pm", "start", (2026, 11, 30, 19, 15)),
    ("dec 3", "start", (2026, 12, 3, 9, 0)),
    ("2026-12-03 09:00", "start", (2026, 12, 3, 9, 0)),
    ("in 2h", "start", (2026, 11, 23, 10, 52)),
    ("in 1 week", "start", (2026, 11, 30, 8, 52)),
]


@pytest.mark.parametrize(("text", "role", "wall"), NEW_YORK_TABLE)
def test_new_york_phrases(text: str, role: str, wall: tuple[int, ...]) -> None:
    assert when(text, now=NY_NOW, tz=NEW_YORK, role=role) == local(*wall, tz=NEW_YORK)


def test_now_may_be_given_in_any_zone() -> None:
    assert when("fri 9am", now=NOW.astimezone(UTC)) == when("fri 9am")
    assert when("tomorrow", now=NOW.astimezone(NEW_YORK)) == local(2026, 11, 24, 9)
    # 08:52 Berlin is 02:52 in New York: the local day decides, not now's zone.
    assert when("tomorrow", now=NOW, tz=NEW_YORK) == local(2026, 11, 24, 9, tz=NEW_YORK)


def test_custom_day_start_and_end() -> None:
    kw = {"day_start": time(7, 30), "day_end": time(18, 0)}
    assert when("tomorrow", role="start", **kw) == local(2026, 11, 24, 7, 30)
    assert when("tomorrow", role="due", **kw) == local(2026, 11, 24, 18, 0)


# The weekday rule on Friday 08:00.
FRIDAY_TABLE = [
    ("fri 9am", "start", {}, (2026, 11, 27, 9, 0)),  # still ahead: today
    ("fri 8am", "start", {}, (2026, 11, 27, 8, 0)),  # this minute counts as ahead
    ("fri 7am", "start", {}, (2026, 12, 4, 7, 0)),  # passed: next week
    ("fri", "start", {}, (2026, 11, 27, 9, 0)),  # day_start 09:00 still ahead
    ("fri", "start", {"day_start": time(7, 0)}, (2026, 12, 4, 7, 0)),  # passed
    ("fri", "due", {}, (2026, 11, 27, 23, 59)),  # end of day still ahead
    ("next fri", "start", {}, (2026, 12, 4, 9, 0)),  # never today
    ("next fri 9am", "start", {}, (2026, 12, 4, 9, 0)),
    ("thu", "start", {}, (2026, 12, 3, 9, 0)),
    ("sat", "start", {}, (2026, 11, 28, 9, 0)),
    ("next sat", "start", {}, (2026, 11, 28, 9, 0)),
]


@pytest.mark.parametrize(("text", "role", "kw", "wall"), FRIDAY_TABLE)
def test_todays_weekday_rule(text: str, role: str, kw: dict, wall: tuple[int, ...]) -> None:
    assert when(text, now=FRIDAY_8, role=role, **kw) == local(*wall)


def test_start_today_after_day_start_means_now() -> None:
    afternoon = datetime(2026, 11, 23, 14, 0, 30, tzinfo=BERLIN)
    assert when("today", now=afternoon, role="start") == local(2026, 11, 23, 14, 0)
    assert when("nov 23", now=afternoon, role="start") == local(2026, 11, 23, 14, 0)
    assert when("2026-11-23", now=afternoon, role="start") == local(2026, 11, 23, 14, 0)
    assert when("today", now=afternoon, role="due") == local(2026, 11, 23, 23, 59)
    late = datetime(2026, 11, 23, 21, 0, tzinfo=BERLIN)
    assert when("tonight", now=late, role="start") == local(2026, 11, 23, 21, 0)
    assert when("tonight", now=late, role="due") == local(2026, 11, 23, 20, 0)  # literal
    # An explicit time stays literal, and a weekday moves to next week instead.
    assert when("today 9am", now=afternoon) == local(2026, 11, 23, 9, 0)
    assert when("mon", now=afternoon, role="start") == local(2026, 11, 30, 9, 0)


YEAR_END = datetime(2026, 12, 30, 10, 0, tzinfo=BERLIN)  # a Wednesday
NEW_YEARS_EVE = datetime(2026, 12, 31, 22, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "now", "wall"),
    [
        ("jan 2", YEAR_END, (2027, 1, 2, 9, 0)),
        ("2 jan 9am", YEAR_END, (2027, 1, 2, 9, 0)),
        ("dec 30", YEAR_END, (2026, 12, 30, 10, 0)),  # today, after day_start: now
        ("dec 29", YEAR_END, (2027, 12, 29, 9, 0)),
        ("mon", YEAR_END, (2027, 1, 4, 9, 0)),
        ("in 3 days", YEAR_END, (2027, 1, 2, 10, 0)),
        ("tomorrow", NEW_YEARS_EVE, (2027, 1, 1, 9, 0)),
        ("9am", NEW_YEARS_EVE, (2027, 1, 1, 9, 0)),
        ("in 2h", NEW_YEARS_EVE, (2027, 1, 1, 0, 0)),
        ("in 1 month", datetime(2026, 1, 31, 10, 0, tzinfo=BERLIN), (2026, 2, 28, 10, 0)),
        ("in 1 month", datetime(2028, 1, 31, 10, 0, tzinfo=BERLIN), (2028, 2, 29, 10, 0)),
        ("in 1 month", datetime(2026, 3, 31, 10, 0, tzinfo=BERLIN), (2026, 4, 30, 10, 0)),
        ("in 1 year", datetime(2028, 2, 29, 10, 0, tzinfo=BERLIN), (2029, 2, 28, 10, 0)),
        ("in 1 month 9am", datetime(2026, 1, 31, 10, 0, tzinfo=BERLIN), (2026, 2, 28, 9, 0)),
    ],
)
def test_year_and_month_ends(text: str, now: datetime, wall: tuple[int, ...]) -> None:
    assert when(text, now=now, role="start") == local(*wall)


# Daylight saving: Berlin springs forward 2026-03-29 02:00→03:00 and falls back
# 2026-10-25 03:00→02:00; New York springs forward 2026-03-08.
SPRING_EVE = datetime(2026, 3, 28, 20, 0, tzinfo=BERLIN)  # CET, UTC+1
AUTUMN_EVE = datetime(2026, 10, 24, 20, 0, tzinfo=BERLIN)  # CEST, UTC+2


def test_dst_wall_times_get_the_right_offset() -> None:
    spring = when("tomorrow 9am", now=SPRING_EVE)
    assert spring == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert spring.astimezone(BERLIN).hour == 9
    autumn = when("tomorrow 9am", now=AUTUMN_EVE)
    assert autumn == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert when("sun", now=SPRING_EVE, role="due") == datetime(2026, 3, 29, 21, 59, tzinfo=UTC)
    ny = when("tomorrow 9am", now=datetime(2026, 3, 7, 20, 0, tzinfo=NEW_YORK), tz=NEW_YORK)
    assert ny == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)  # 09:00 EDT


def test_dst_relative_hours_are_real_hours() -> None:
    before_spring = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)  # 00:30 UTC
    assert when("in 2h", now=before_spring) == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)
    assert when("in 2h", now=before_spring).astimezone(BERLIN).hour == 4  # 04:30 CEST
    before_autumn = datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)  # 23:30 UTC
    assert when("in 2h", now=before_autumn) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    # Calendar days keep the wall time: only 23 real hours across the spring change.
    day = when("in 1 day", now=SPRING_EVE)
    assert day.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 20, 0)
    assert day - SPRING_EVE == timedelta(hours=23)


def test_a_wall_time_the_clocks_skip_is_an_error_offering_both_readings() -> None:
    with pytest.raises(DateParseError) as caught:
        when("2027-03-28 02:30", role="due")  # Berlin jumps 02:00 -> 03:00 that night
    assert str(caught.value) == (
        '"2027-03-28 02:30" does not exist in Europe/Berlin (clocks jump 02:00\u219203:00): '
        "say 01:30 or 03:30"
    )
    assert caught.value.token == "2027-03-28 02:30"
    with pytest.raises(DateParseError, match=r"\(2026-03-29 02:30\) does not exist"):
        when("tomorrow 2:30am", now=SPRING_EVE)
    # Each offered reading, typed back, is the instant it names.
    assert when("2027-03-28 01:30") == local(2027, 3, 28, 1, 30)  # CET
    assert when("2027-03-28 03:30") == local(2027, 3, 28, 3, 30)  # CEST


def test_a_wall_time_that_happens_twice_is_an_error_offering_both_offsets() -> None:
    with pytest.raises(DateParseError) as caught:
        when("oct 31 2027 2:30am", role="due")  # Berlin goes back 03:00 -> 02:00
    assert str(caught.value) == (
        '"oct 31 2027 2:30am" (2027-10-31 02:30) happens twice in Europe/Berlin '
        "(clocks go back 03:00\u219202:00): say 02:30+02:00 (CEST) or 02:30+01:00 (CET)"
    )
    first = when("2027-10-31 02:30+02:00")
    second = when("oct 31 2027 02:30+01:00")
    assert first == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert second == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # an hour later, same wall time


def test_the_clock_change_check_looks_only_at_the_time_chosen() -> None:
    """At 10:00 on the spring day, `2:30am` means tomorrow's, which exists."""
    morning_after = datetime(2027, 3, 28, 10, 0, tzinfo=BERLIN)
    assert when("2:30am", now=morning_after) == local(2027, 3, 29, 2, 30)
    # A zone that changes at midnight: the earlier reading is the day before.
    with pytest.raises(DateParseError, match="say 2026-03-28 23:30 or 01:30"):
        when("2026-03-29 00:30", tz=ZoneInfo("Asia/Beirut"))
    # A role's default time falls in the gap too: it is not moved silently.
    with pytest.raises(DateParseError, match="does not exist"):
        when("2027-03-28", role="start", day_start=time(2, 15))


def test_instants_the_store_does_not_keep_are_too_far_away() -> None:
    assert when("dec 3 8999", role="due") == local(8999, 12, 3, 23, 59)
    with pytest.raises(DateParseError, match='"dec 3 9500" is too far away'):
        when("dec 3 9500", role="due")
    with pytest.raises(DateParseError, match="too far away"):
        when("1969-12-31T12:00Z")


@pytest.mark.parametrize(
    ("key", "phrase", "says", "reading", "instant"),
    [
        ("due", "2027-03-28 02:30",
         '"2027-03-28 02:30" does not exist in Europe/Berlin (clocks jump 02:00\u219203:00): '
         "say 01:30 or 03:30",
         "2027-03-28 03:30", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
        ("start", "2027-10-31 02:30",
         '"2027-10-31 02:30" happens twice in Europe/Berlin (clocks go back 03:00\u219202:00): '
         "say 02:30+02:00 (CEST) or 02:30+01:00 (CET)",
         "2027-10-31 02:30+01:00", datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_quick_add_refuses_a_wall_time_at_a_clock_change(
    key: str, phrase: str, says: str, reading: str, instant: datetime,
    db_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("TZ", "Europe/Berlin")
    code, out, err = cli("--db", str(db_path), "add", f"Call the bank {key}:{phrase}")
    assert (code, out, err) == (2, "", f"startnow: {key}: {says} (nothing was added)\n")
    assert not db_path.exists() or rows(db_path, "SELECT * FROM task") == []
    # The reading offered, typed back, is added as that instant.
    assert cli("--db", str(db_path), "add", f"Call the bank {key}:{reading}")[0] == 0
    column = "due" if key == "due" else "planned_start"
    assert rows(db_path, f"SELECT {column} FROM task")[0][0] == int(instant.timestamp())


ERRORS = [
    # (phrase, the token the error names, a phrase from the message)
    ("feb 30", "feb 30", "February has 28 days, 29 in leap years"),
    ("30 feb", "30 feb", "February"),
    ("apr 31", "apr 31", "April has 30 days"),
    ("dec 0", "dec 0", "days start at 1"),
    ("feb 29 2027", "feb 29 2027", "2027 has no Feb 29"),
    ("2026-02-30", "2026-02-30", "is not a date"),
    ("2026-13-01", "2026-13-01", "is not a date"),
    ("25:00", "25:00", "hours go 0 to 23"),
    ("24:00", "24:00", "hours go 0 to 23"),
    ("13pm", "13pm", "1 to 12"),
    ("0am", "0am", "1 to 12"),
    ("17:30 pm", "17:30 pm", "1 to 12"),
    ("9:60", "9:60", "minutes go 0 to 59"),
    ("9:30:61", "9:30:61", "seconds"),
    ("fri 25:00", "25:00", "hours"),
    ("2026-12-03T25:00", "2026-12-03T25:00", "hours"),
    ("2026-12-03T09:00+25:00", "2026-12-03T09:00+25:00", "offset"),
    ("frday", "frday", "try: fri, tomorrow 9am"),
    ("fri blah", "blah", "can't read"),
    ("midnight", "midnight", "23:59 or 00:00"),
    ("fri midnight", "midnight", "ambiguous"),
    ("fri sat", "sat", "both name a day"),
    ("thu dec 4", "thu", '"thu" and "dec 4" don\'t agree: 4 Dec 2026 is a Friday, not a Thursday'),
    ("dec 5 2027 sat", "sat", "5 Dec 2027 is a Sunday, not a Saturday"),
    ("mon 2026-12-04 9am", "mon", "is a Friday, not a Monday"),
    ("fri dec 4 sat", "sat", "both name a day"),
    ("tomorrow dec 3", "dec 3", "both name a day"),
    ("9am 10am", "10am", "both name a time"),
    ("in 2h fri", "fri", "can't be combined"),
    ("fri in 2h", "in 2h", "can't be combined"),
    ("2026-12-03T09:00 10am", "10am", "both name a time"),
    ("next", "next", "needs a weekday"),
    ("next week", "next", "needs a weekday"),
    ("in", "in", "amount of time"),
    ("in 3 parsecs", "in", "amount of time"),
    ("in 1.5 days", "in 1.5 days", "whole number of days"),
    ("at", "at", "needs a time"),
    ("at home", "at", "needs a time"),
    ("dec", "dec", "day of the month"),
    ("3rd", "3rd", "on its own"),
    ("9", "9", "on its own"),
    ("12/3", "12/3", "ambiguous"),
    ("2027", "2027", "a year goes after a day"),
    ("dec 3 2020", "2020", "past year"),
    ("in 99999 years", "in 99999 years", "too far"),
    ("", "", "no date or time"),
    ("   ", "", "no date or time"),
]


@pytest.mark.parametrize(("text", "token", "says"), ERRORS)
def test_errors_name_the_token(text: str, token: str, says: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, NOW, BERLIN, role="due")
    err = caught.value
    assert err.token == token
    assert says in str(err)
    assert "\n" not in str(err)
    if token:
        assert f'"{token}"' in str(err)


def test_bad_arguments_are_programming_errors_not_user_errors() -> None:
    with pytest.raises(ValueError, match="aware") as caught:
        parse_when("fri", datetime(2026, 11, 23, 8, 52), BERLIN)
    assert not isinstance(caught.value, DateParseError)
    with pytest.raises(ValueError, match="role"):
        parse_when("fri", NOW, BERLIN, role="later")  # type: ignore[arg-type]


PREFIXES = [
    (["fri", "call", "mom"], 1, local(2026, 11, 27, 9, 0)),
    (["tomorrow", "9am", "gym"], 2, local(2026, 11, 24, 9, 0)),
    (["dec", "3", "2027", "9", "am", "x"], 5, local(2027, 12, 3, 9, 0)),
    (["dec", "3", "2000", "words"], 2, local(2026, 12, 3, 9, 0)),
    (["next", "mon", "9:30", "pm", "sharp"], 4, local(2026, 11, 30, 21, 30)),
    (["fri", "sat", "exam"], 1, local(2026, 11, 27, 9, 0)),
    (["fri", "next", "steps"], 1, local(2026, 11, 27, 9, 0)),
    (["fri", "at", "home"], 1, local(2026, 11, 27, 9, 0)),
    (["fri", "3", "reports"], 1, local(2026, 11, 27, 9, 0)),
    (["in", "2", "weeks", "review"], 3, local(2026, 12, 7, 8, 52)),
    (["2026-12-03", "09:00", "x"], 2, local(2026, 12, 3, 9, 0)),
    (["May", "5", "may", "slip"], 2, local(2027, 5, 5, 9, 0)),
    (["9am"], 1, local(2026, 11, 23, 9, 0)),
]


@pytest.mark.parametrize(("words", "used", "instant"), PREFIXES)
def test_longest_when_prefix(words: list[str], used: int, instant: datetime) -> None:
    assert longest_when_prefix(words, NOW, BERLIN, role="start") == (instant, used)


@pytest.mark.parametrize(
    ("words", "token"),
    [
        (["frday", "fri"], "frday"),
        (["at", "home"], "at"),
        (["next", "steps"], "next"),
        (["fri", "25:00"], "25:00"),  # clearly a time, but wrong: not title text
        (["feb", "30", "x"], "feb 30"),
        (["call", "mom"], "call"),
        ([], ""),
    ],
)
def test_longest_when_prefix_errors(words: list[str], token: str) -> None:
    with pytest.raises(DateParseError) as caught:
        longest_when_prefix(words, NOW, BERLIN, role="due")
    assert caught.value.token == token


def test_no_heavy_imports() -> None:
    """A few ms to import, and dateutil only for months (never its parser)."""
    code = (
        "import sys\n"
        "from datetime import datetime, UTC\n"
        "from zoneinfo import ZoneInfo\n"
        "from startnow.domain.dates import parse_when\n"
        "now = datetime(2026, 11, 23, tzinfo=UTC)\n"
        "parse_when('fri 9am', now, ZoneInfo('Europe/Berlin'))\n"
        "assert not [m for m in sys.modules if m.startswith('dateutil')], 'dateutil'\n"
        "parse_when('in 1 month', now, ZoneInfo('Europe/Berlin'))\n"
        "assert 'dateutil.parser' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- properties -------------------------------------------------------------

ZONES = [BERLIN, NEW_YORK, ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Chatham")]
GRAMMAR_WORDS = [
    "today", "tonight", "tomorrow", "noon", "midnight", "next", "in", "at", "a", "an",
    "mon", "tues", "thurs", "fri", "sunday", "dec", "feb", "may", "3", "29", "30", "31",
    "3rd", "0", "2027", "2000", "9999", "9am", "9", "am", "pm", "12am", "13pm", "9:30",
    "25:00", "17:30:15", "2h", "1h30m", "1.5h", "90", "min", "days", "weeks", "months",
    "years", "2026-12-03", "2026-12-03T09:00", "2026-02-30T09:00Z", "9999-12-31",
    "0001-01-01", "999999999", "12/3", "frday", "", "#tag", "~2h", "due:", "İ", "٣",
]  # fmt: skip
words_strategy = st.lists(
    st.one_of(st.sampled_from(GRAMMAR_WORDS), st.text(max_size=6)), min_size=0, max_size=7
)
now_strategy = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=40), words_strategy.map(" ".join)),
    now=now_strategy,
    tz=st.sampled_from(ZONES),
    role=st.sampled_from(["start", "due"]),
)
def test_parse_when_returns_utc_or_date_parse_error(
    text: str, now: datetime, tz: ZoneInfo, role: str
) -> None:
    try:
        result = parse_when(text, now, tz, role=role)  # type: ignore[arg-type]
    except DateParseError as err:
        assert "\n" not in str(err) or "\n" in text
        return
    assert result.tzinfo is UTC


@settings(max_examples=300, deadline=None)
@given(words=words_strategy, now=now_strategy, tz=st.sampled_from(ZONES))
def test_longest_prefix_agrees_with_parse_when(
    words: list[str], now: datetime, tz: ZoneInfo
) -> None:
    words = [w for w in words if w.split() == [w]]  # whole words, as a caller splits them
    try:
        instant, used = longest_when_prefix(words, now, tz, role="due")
    except DateParseError:
        return
    assert 1 <= used <= len(words)
    assert parse_when(" ".join(words[:used]), now, tz, role="due") == instant
