"""The `every:` rules as pure functions: month ends, leap days, DST, a two-week gap."""

import calendar
from datetime import date, datetime, time, timedelta
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
from startnow.domain.series import gap_reading, next_instance

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


# -- a time inside the spring-forward gap (domain/series.py) ---------------------

NEW_YORK = ZoneInfo("America/New_York")


def local(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    return at_local(day, time(hour, minute), tz)


def wall(instant: datetime | None, tz: ZoneInfo) -> tuple[date, time]:
    assert instant is not None
    shown = to_local(instant, tz)
    return shown.date(), shown.time()


def chain(text: str, first: datetime, tz: ZoneInfo, count: int) -> list[datetime]:
    """`count` instances, each closed on its own day, made as the rollover
    makes them (the instance before handed over as `earlier`)."""
    made = [first]
    while len(made) < count:
        current, before = made[-1], made[-2] if len(made) > 1 else None
        start, _ = next_instance(
            text, first.astimezone(tz).date().isoformat(), current, None, first, current, tz,
            lambda before=before: (before, None),  # type: ignore[misc]
        )  # fmt: skip
        assert start is not None
        made.append(start)
    return made


@pytest.mark.parametrize(
    ("tz", "gap_day"), [(BERLIN, date(2026, 3, 29)), (NEW_YORK, date(2026, 3, 8))]
)
def test_a_daily_time_in_the_gap_is_an_hour_later_that_day_and_back_the_next(
    tz: ZoneInfo, gap_day: date
) -> None:
    """02:30 doesn't exist on the change night: 03:30 then, 02:30 again after."""
    days = [gap_day - timedelta(days=2) + timedelta(days=n) for n in range(6)]
    made = chain("day", local(days[0], 2, 30, tz), tz, 6)
    assert [wall(m, tz) for m in made] == [
        (d, time(3, 30) if d == gap_day else time(2, 30)) for d in days
    ]


def test_a_weekly_time_in_the_gap_comes_back_the_week_after() -> None:
    sundays = [date(2026, 3, 1), date(2026, 3, 8), date(2026, 3, 15), date(2026, 3, 22)]
    made = chain("sun", local(sundays[0], 2, 0, NEW_YORK), NEW_YORK, 4)
    assert [wall(m, NEW_YORK) for m in made] == [
        (sundays[0], time(2)), (sundays[1], time(3)), (sundays[2], time(2)), (sundays[3], time(2)),
    ]  # fmt: skip


def test_a_due_time_in_the_gap_comes_back_too() -> None:
    saturday, sunday = date(2026, 3, 28), date(2026, 3, 29)
    due_sat = local(saturday, 2, 15, BERLIN)
    start, due = next_instance("day", "2026-03-28", None, due_sat, due_sat, due_sat, BERLIN)
    assert start is None and wall(due, BERLIN) == (sunday, time(3, 15))
    _, after = next_instance(
        "day", "2026-03-28", None, due, due_sat, due, BERLIN, lambda: (None, due_sat)
    )
    assert wall(after, BERLIN) == (date(2026, 3, 30), time(2, 15))


def test_a_time_meant_for_after_the_jump_stays_there() -> None:
    """03:30 on the change night, after a 03:30 (or with nothing before it):
    03:30 the next day, and the instance before is asked only then."""
    sunday = date(2026, 3, 29)
    at_330 = local(sunday, 3, 30, BERLIN)
    for before in (local(sunday - timedelta(days=1), 3, 30, BERLIN), None):
        start, _ = next_instance(
            "day", "2026-03-28", at_330, None, at_330, at_330, BERLIN, lambda b=before: (b, None)
        )
        assert wall(start, BERLIN) == (date(2026, 3, 30), time(3, 30))

    def never() -> tuple[datetime | None, datetime | None]:
        raise AssertionError("asked on a day with no gap")

    ordinary = local(date(2026, 3, 30), 2, 30, BERLIN)
    start, _ = next_instance("day", "2026-03-28", ordinary, None, ordinary, ordinary, BERLIN, never)
    assert wall(start, BERLIN) == (date(2026, 3, 31), time(2, 30))


def test_the_gap_reading_is_only_for_the_hour_after_the_jump() -> None:
    sunday = date(2026, 3, 29)
    assert gap_reading(local(sunday, 3, 30, BERLIN), BERLIN) == datetime(2026, 3, 29, 2, 30)
    assert gap_reading(local(sunday, 3, 0, BERLIN), BERLIN) == datetime(2026, 3, 29, 2, 0)
    for instant in (
        local(sunday, 4, 0, BERLIN),  # after the hour a gap's time can land in
        local(sunday, 1, 30, BERLIN),  # before the jump
        local(date(2026, 3, 30), 3, 30, BERLIN),  # an ordinary day
        local(date(2026, 10, 25), 2, 30, BERLIN),  # fall back: the hour happens twice
    ):
        assert gap_reading(instant, BERLIN) is None


def test_a_year_of_daily_instances_keeps_its_wall_time_in_both_zones() -> None:
    """Every day of 2026 at 02:30: on the one night each zone jumps forward
    it is 03:30, every other day 02:30, the autumn change included."""
    for tz, gap_day in ((BERLIN, date(2026, 3, 29)), (NEW_YORK, date(2026, 3, 8))):
        made = chain("day", local(date(2026, 1, 1), 2, 30, tz), tz, 365)
        walls = [wall(m, tz) for m in made]
        assert [d for d, _ in walls] == [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
        assert {d for d, t in walls if t != time(2, 30)} == {gap_day}
