"""The `every:` rules as pure functions: month ends, leap days, DST, a two-week gap."""

import calendar
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.domain.input_error import InputError
from startnow.domain.localtime import at_local, to_local
from startnow.domain.recurrence import (
    LAST_DAY,
    Recurrence,
    first_on_or_after,
    has_lapsed,
    latest_on_or_before,
    next_after,
    parse,
    successor,
)

BERLIN = ZoneInfo("Europe/Berlin")
FRI = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("day", Recurrence("day")),
        ("weekday", Recurrence("week", weekdays=(0, 1, 2, 3, 4))),
        ("fri", Recurrence("week", weekdays=(4,))),
        ("thu,mon", Recurrence("week", weekdays=(0, 3))),
        ("Friday", Recurrence("week", weekdays=(4,))),
        ("2w", Recurrence("week", interval=2)),
        ("3d", Recurrence("day", interval=3)),
        ("month", Recurrence("month")),
        ("1st", Recurrence("month", month_day=1)),
        ("22nd", Recurrence("month", month_day=22)),
        ("last", Recurrence("month", month_day=LAST_DAY)),
        ("year", Recurrence("year")),
        ("6m", Recurrence("month", interval=6)),
    ],
)
def test_each_form_of_the_grammar_reads_and_round_trips(text: str, rule: Recurrence) -> None:
    assert parse(text) == rule
    assert parse(rule.text) == rule


@pytest.mark.parametrize("text", ["", "fortnight", "0d", "400d", "32nd", "2st", "mon,xyz", "w"])
def test_a_rule_that_cant_be_read_is_one_line_naming_it(text: str) -> None:
    with pytest.raises(InputError) as error:
        parse(text)
    assert "every:" in str(error.value) and "\n" not in str(error.value)


def test_rules_describe_themselves_in_words() -> None:
    assert parse("fri").describe() == "every Friday"
    assert parse("mon,thu").describe() == "every Monday and Thursday"
    assert parse("2w").describe() == "every 2 weeks"
    assert parse("last").describe() == "on the last day of every month"
    assert parse("1st").describe() == "on the 1st of every month"


def test_every_month_from_the_31st_holds_to_short_months_without_drifting() -> None:
    rule, anchor = parse("month"), date(2027, 1, 31)
    days = [anchor]
    for _ in range(4):
        days.append(next_after(rule, anchor, days[-1]))
    assert days == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31),
                    date(2027, 4, 30), date(2027, 5, 31)]  # fmt: skip
    assert next_after(rule, date(2028, 1, 31), date(2028, 1, 31)) == date(2028, 2, 29)


def test_every_year_from_a_leap_day_is_the_28th_until_the_next_leap_year() -> None:
    rule, anchor = parse("year"), date(2028, 2, 29)
    assert next_after(rule, anchor, anchor) == date(2029, 2, 28)
    assert next_after(rule, anchor, date(2031, 3, 1)) == date(2032, 2, 29)


def test_weekday_skips_the_weekend_and_a_list_of_days_keeps_week_order() -> None:
    assert next_after(parse("weekday"), FRI, FRI) == date(2026, 12, 7)
    rule = parse("thu,mon")
    assert next_after(rule, date(2026, 12, 7), date(2026, 12, 7)) == date(2026, 12, 10)
    assert next_after(rule, date(2026, 12, 7), date(2026, 12, 10)) == date(2026, 12, 14)


def test_every_two_weeks_counts_from_the_anchor() -> None:
    rule, anchor = parse("2w"), date(2026, 12, 7)
    assert first_on_or_after(rule, anchor, date(2026, 12, 8)) == date(2026, 12, 21)
    assert latest_on_or_before(rule, anchor, date(2027, 1, 3)) == date(2026, 12, 21)
    assert latest_on_or_before(rule, anchor, date(2026, 12, 6)) is None


def test_a_day_of_the_month_starts_at_the_first_one_after_the_anchor() -> None:
    assert first_on_or_after(parse("1st"), date(2026, 12, 15), date(2026, 12, 15)) == date(
        2027, 1, 1
    )
    assert first_on_or_after(parse("last"), date(2027, 2, 3), date(2027, 2, 3)) == date(2027, 2, 28)


def test_two_weeks_away_make_one_instance_the_current_periods() -> None:
    rule = parse("fri")
    today = date(2026, 12, 19)  # a Saturday, two Fridays after the 4th
    assert has_lapsed(rule, FRI, FRI, today)
    assert successor(rule, FRI, FRI, today) == date(2026, 12, 18)


def test_done_early_the_next_instance_is_the_next_occurrence() -> None:
    rule = parse("fri")
    assert not has_lapsed(rule, FRI, FRI, date(2026, 12, 9))
    assert successor(rule, FRI, FRI, date(2026, 12, 3)) == date(2026, 12, 11)
    assert successor(rule, FRI, FRI, date(2026, 12, 9)) == date(2026, 12, 11)


def test_a_daily_nine_oclock_keeps_its_wall_time_across_both_clock_changes() -> None:
    rule, anchor = parse("day"), date(2027, 3, 27)
    spring = next_after(rule, anchor, anchor)
    autumn = first_on_or_after(rule, anchor, date(2027, 10, 31))
    for day in (anchor, spring, autumn):
        assert to_local(at_local(day, time(9), BERLIN), BERLIN).time() == time(9)
    gap = at_local(spring, time(2, 30), BERLIN)  # 02:30 doesn't exist that night
    assert to_local(gap, BERLIN).time() == time(3, 30)


# -- against a plain definition, day by day ---------------------------------------


def occurs(rule: Recurrence, anchor: date, day: date) -> bool:
    """Whether `day` is an occurrence, by definition, without the module's arithmetic."""
    if day < anchor:
        return False
    if rule.weekdays:
        weeks = (
            (day - timedelta(days=day.weekday())) - (anchor - timedelta(days=anchor.weekday()))
        ).days // 7
        return day.weekday() in rule.weekdays and weeks % rule.interval == 0
    if rule.unit in ("day", "week"):
        step = rule.interval * (7 if rule.unit == "week" else 1)
        return (day - anchor).days % step == 0
    months = (day.year - anchor.year) * 12 + day.month - anchor.month
    per = rule.interval * (12 if rule.unit == "year" else 1)
    if months % per:
        return False
    last = calendar.monthrange(day.year, day.month)[1]
    wanted = (
        anchor.day
        if rule.month_day is None
        else (last if rule.month_day == LAST_DAY else rule.month_day)
    )
    return day.day == min(wanted, last)


RULES = st.sampled_from(
    [
        "day",
        "3d",
        "weekday",
        "fri",
        "mon,thu",
        "sat,sun",
        "week",
        "2w",
        "month",
        "2m",
        "1st",
        "15th",
        "31st",
        "last",
        "year",
        "2y",
    ]  # fmt: skip
).map(parse)
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(RULES, DAYS, st.integers(0, 900))
def test_the_arithmetic_agrees_with_the_plain_definition(
    rule: Recurrence, anchor: date, ahead: int
) -> None:
    day = anchor + timedelta(days=ahead)
    following = next_after(rule, anchor, day)
    assert following > day and occurs(rule, anchor, following)
    assert not any(
        occurs(rule, anchor, day + timedelta(days=i)) for i in range(1, (following - day).days)
    )
    latest = latest_on_or_before(rule, anchor, day)
    if latest is None:
        assert not any(occurs(rule, anchor, anchor + timedelta(days=i)) for i in range(ahead + 1))
    else:
        assert latest <= day and occurs(rule, anchor, latest)
        assert next_after(rule, anchor, latest) > day


@settings(max_examples=200, deadline=None)
@given(RULES, DAYS, st.integers(0, 400), st.integers(0, 400))
def test_a_successor_is_one_instance_never_in_an_earlier_period(
    rule: Recurrence, anchor: date, at: int, later: int
) -> None:
    instance = first_on_or_after(rule, anchor, anchor + timedelta(days=at))
    today = instance + timedelta(days=later)
    after = successor(rule, anchor, instance, today)
    assert after > instance and occurs(rule, anchor, after)
    current = latest_on_or_before(rule, anchor, today)
    assert current is not None and after >= current
    assert after <= today or after == next_after(rule, anchor, instance)
