"""Local wall time and ISO weeks, at fixed clocks: the one place the user's clock
becomes instants, so its daylight-saving and week-boundary cases are pinned here."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from startnow.domain.localtime import (
    IsoWeek,
    at_local,
    clock_change,
    end_of_local_day,
    iso_week,
    local_date,
    local_midnight,
    local_monday,
    local_wall,
    wall_to_utc,
    week_bounds,
    week_of,
    week_of_date,
    weeks_in,
)

BERLIN = ZoneInfo("Europe/Berlin")
SANTIAGO = ZoneInfo("America/Santiago")  # its clocks go forward at midnight


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_a_wall_time_in_winter_and_in_summer() -> None:
    assert at_local(date(2026, 11, 23), time(9), BERLIN) == utc(2026, 11, 23, 8)
    assert at_local(date(2026, 7, 1), time(9), BERLIN) == utc(2026, 7, 1, 7)
    assert at_local(date(2026, 7, 1), time(9), BERLIN).tzinfo is UTC


def test_a_wall_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    gap = wall_to_utc(datetime(2026, 3, 29, 2, 30), BERLIN)  # 02:00-03:00 does not exist
    assert gap == utc(2026, 3, 29, 1, 30)
    assert gap.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)


def test_an_ambiguous_wall_time_is_its_first_occurrence() -> None:
    twice = wall_to_utc(datetime(2026, 10, 25, 2, 30), BERLIN)  # 02:30 CEST, then CET
    assert twice == utc(2026, 10, 25, 0, 30)


def test_clock_change_names_both_readings_and_the_jump() -> None:
    assert clock_change(datetime(2027, 3, 28, 1, 59), BERLIN) is None
    assert clock_change(datetime(2027, 3, 28, 3, 0), BERLIN) is None
    gap = clock_change(datetime(2027, 3, 28, 2, 30), BERLIN)
    assert gap is not None and gap.gap
    assert (gap.first.astimezone(UTC), gap.second.astimezone(UTC)) == (
        datetime(2027, 3, 28, 0, 30, tzinfo=UTC), datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    )  # fmt: skip
    assert (gap.jump_from.time(), gap.jump_to.time()) == (time(2, 0), time(3, 0))
    twice = clock_change(datetime(2027, 10, 31, 2, 30), BERLIN)
    assert twice is not None and not twice.gap
    assert (twice.first.utcoffset(), twice.second.utcoffset()) == (
        timedelta(hours=2), timedelta(hours=1)
    )  # fmt: skip
    assert (twice.jump_from.time(), twice.jump_to.time()) == (time(3, 0), time(2, 0))
    midnight = clock_change(datetime(2026, 9, 6, 0, 30), SANTIAGO)
    assert midnight is not None and midnight.gap and midnight.jump_from.time() == time(0, 0)
    with pytest.raises(ValueError, match="naive"):
        clock_change(datetime(2027, 3, 28, 2, 30, tzinfo=UTC), BERLIN)


def test_a_missing_midnight_is_the_first_instant_of_the_day() -> None:
    # Chile's clocks go from Saturday 24:00 to Sunday 01:00.
    start = local_midnight(date(2026, 9, 6), SANTIAGO)
    assert start.astimezone(SANTIAGO).replace(tzinfo=None) == datetime(2026, 9, 6, 1, 0)
    assert local_date(start - timedelta(seconds=1), SANTIAGO) == date(2026, 9, 5)


def test_the_end_of_the_local_day_is_the_next_midnight_in_utc() -> None:
    late = utc(2026, 3, 28, 22, 59)  # Saturday 23:59 CET, the night the clocks go forward
    assert end_of_local_day(late, BERLIN) == utc(2026, 3, 28, 23)
    assert end_of_local_day(late, BERLIN).tzinfo is UTC
    assert end_of_local_day(utc(2026, 3, 28, 23), BERLIN) == utc(2026, 3, 29, 22)  # 23 h


def test_an_instant_seen_on_the_local_clock() -> None:
    instant = utc(2026, 11, 22, 23, 30)  # Monday 00:30 in Berlin, still Sunday in UTC
    assert local_date(instant, BERLIN) == date(2026, 11, 23)
    assert local_wall(instant, BERLIN) == datetime(2026, 11, 23, 0, 30)
    assert local_monday(instant, BERLIN) == date(2026, 11, 23)
    assert local_monday(instant, UTC) == date(2026, 11, 16)


def test_naive_instants_and_aware_wall_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 11, 23, 9), BERLIN)
    with pytest.raises(ValueError, match="naive"):
        wall_to_utc(datetime(2026, 11, 23, 9, tzinfo=UTC), BERLIN)
    with pytest.raises(ValueError, match="naive"):
        at_local(date(2026, 11, 23), time(9, tzinfo=UTC), BERLIN)


def test_iso_weeks_across_the_turn_of_the_year() -> None:
    assert iso_week(date(2026, 11, 23)) == "2026-W48"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"  # a Friday: still 2026's last week
    assert iso_week(date(2025, 12, 29)) == "2026-W01"  # a Monday: already 2026's first
    assert week_of_date(date(2027, 1, 4)) == IsoWeek(2027, 1) == (2027, 1)
    assert weeks_in(2026) == 53 and weeks_in(2027) == 52


def test_an_iso_week_prints_moves_and_knows_its_monday() -> None:
    week = IsoWeek(2026, 53)
    assert str(week) == "2026-W53" and repr(week) == "IsoWeek(year=2026, week=53)"
    assert week.monday == date(2026, 12, 28)
    assert week.shift(1) == IsoWeek(2027, 1) and week.shift(-52) == IsoWeek(2026, 1)
    assert IsoWeek(2026, 47) < IsoWeek(2026, 48) < IsoWeek(2027, 1)
    assert (week.year, week.week) == (2026, 53)


def test_the_week_of_an_instant_depends_on_the_zone() -> None:
    monday_early = utc(2026, 11, 22, 23, 30)
    assert week_of(monday_early, BERLIN) == IsoWeek(2026, 48)
    assert week_of(monday_early, UTC) == IsoWeek(2026, 47)


def test_week_bounds_are_local_midnights_and_a_clock_change_week_is_not_168_hours() -> None:
    start, end = week_bounds(IsoWeek(2026, 48), BERLIN)
    assert (start, end) == (utc(2026, 11, 22, 23), utc(2026, 11, 29, 23))
    spring_start, spring_end = week_bounds(IsoWeek(2026, 13), BERLIN)
    autumn_start, autumn_end = week_bounds(IsoWeek(2026, 43), BERLIN)
    assert spring_end - spring_start == timedelta(hours=167)
    assert autumn_end - autumn_start == timedelta(hours=169)
