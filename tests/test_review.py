"""The review's arithmetic over hand-built histories with answers worked out by hand."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from startnow.domain.chooser import NudgeRecord
from startnow.domain.input_error import InputError
from startnow.domain.nudges import load_nudges
from startnow.domain.review import (
    IsoWeek,
    SessionRecord,
    StartRecord,
    WaitingRecord,
    build_review,
    check_reviewable,
    default_week,
    median,
    parse_week,
    percentile,
    suggest_commitment,
    week_bounds,
    week_of,
    whole,
)
from startnow.formats.review_format import (
    REVIEW_KEYS,
    change_words,
    review_json,
    review_markdown,
    review_text,
    sparkline,
)

BERLIN = ZoneInfo("Europe/Berlin")
LIBRARY = load_nudges()
W47 = IsoWeek(2026, 47)  # Mon 16 Nov .. Sun 22 Nov 2026
NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)  # Monday of W48, 08:52 in Berlin


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN).astimezone(UTC)  # type: ignore[misc]


def started(task_id: int, ready: datetime, delay_minutes: float, blocker: str | None = None):
    return StartRecord(task_id, ready, ready + timedelta(minutes=delay_minutes), blocker)


def review(week: IsoWeek = W47, now: datetime = NOW, **given):  # type: ignore[no-untyped-def]
    parts = {"starts": [], "sessions": [], "waiting": [], "commitments": {}, "records": {}}
    parts.update(given)
    return build_review(week, BERLIN, now, library=LIBRARY, **parts)


# ---- weeks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "week"),
    [("2026-W47", (2026, 47)), ("2026W47", (2026, 47)), ("2026-w07", (2026, 7)),
     ("2026-W7", (2026, 7)), (" 2026-W53 ", (2026, 53)), ("2027-W01", (2027, 1))],
)  # fmt: skip
def test_weeks_are_read_in_iso_form(text: str, week: tuple[int, int]) -> None:
    assert parse_week(text) == week


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-W53", "2025 has no week 53 (its weeks are W01 to W52)"),
        ("2026-W00", "2026 has no week 0 (its weeks are W01 to W53)"),
        ("2026-W54", "2026 has no week 54"),
        ("last week", '"last week" is not a week: write it as 2026-W47'),
        ("2026-47", "is not a week"),
        ("", "is not a week"),
    ],
)
def test_a_week_that_does_not_exist_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse_week(text)


def test_a_future_week_has_nothing_to_review() -> None:
    assert check_reviewable(IsoWeek(2026, 48), NOW, BERLIN) == (2026, 48)
    with pytest.raises(InputError, match="2026-W49 hasn't begun yet \\(this week is 2026-W48\\)"):
        check_reviewable(IsoWeek(2026, 49), NOW, BERLIN)


def test_a_week_runs_from_monday_midnight_local_time() -> None:
    start, end = week_bounds(W47, BERLIN)
    assert start == datetime(2026, 11, 15, 23, 0, tzinfo=UTC)  # Mon 00:00 CET
    assert end == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    assert str(W47) == "2026-W47" and W47.monday == date(2026, 11, 16)
    assert W47.shift(1) == (2026, 48) and IsoWeek(2026, 53).shift(1) == (2027, 1)
    assert IsoWeek(2027, 1).shift(-1) == (2026, 53)


def test_daylight_saving_weeks_are_an_hour_shorter_or_longer() -> None:
    spring = week_bounds(IsoWeek(2026, 13), BERLIN)  # clocks go forward Sun 29 Mar
    autumn = week_bounds(IsoWeek(2026, 43), BERLIN)  # clocks go back Sun 25 Oct
    assert spring[1] - spring[0] == timedelta(hours=167)
    assert autumn[1] - autumn[0] == timedelta(hours=169)


def test_sunday_night_and_monday_morning_are_in_different_weeks_in_local_time() -> None:
    sunday_late = berlin(2026, 11, 22, 23, 30)  # 22:30 UTC, Sunday either way
    monday_early = berlin(2026, 11, 23, 0, 10)  # 23:10 UTC: still Sunday in UTC
    assert week_of(sunday_late, BERLIN) == W47
    assert week_of(monday_early, BERLIN) == (2026, 48)
    assert week_of(monday_early, UTC) == W47  # why the zone matters
    ready = berlin(2026, 11, 20, 9, 0)
    r = review(starts=[StartRecord(1, ready, sunday_late, None),
                       StartRecord(2, ready, monday_early, None)])  # fmt: skip
    assert r.figures.tasks_started == 1


# ---- medians and percentiles ----------------------------------------------


def test_median_and_nearest_rank_percentile() -> None:
    assert median([]) is None and percentile([], 90) is None
    assert median([5]) == 5 and percentile([5], 90) == 5
    assert median([1, 3]) == 2 and median([3, 1, 2]) == 2
    ten = [0, 10, 20, 30, 40, 50, 60, 70, 80, 1000]
    assert median(ten) == 45
    assert percentile(ten, 90) == 80  # rank ceil(0.9 * 10) = 9
    assert percentile(ten + [2000], 90) == 1000  # rank ceil(9.9) = 10
    assert whole(2.5) == 3 and whole(2.49) == 2 and whole(None) is None


def test_the_weeks_figures_from_known_delays() -> None:
    monday = berlin(2026, 11, 16, 9, 0)
    delays = [0, 10, 20, 30, 40, 50, 60, 70, 80, 1000]
    starts = [started(i, monday + timedelta(hours=i), d) for i, d in enumerate(delays, 1)]
    r = review(starts=starts)
    assert (r.figures.tasks_started, r.figures.median_delay, r.figures.p90_delay) == (10, 45, 80)


def test_an_early_start_counts_as_no_delay() -> None:
    planned = berlin(2026, 11, 18, 9, 0)
    early = StartRecord(1, planned, planned - timedelta(hours=3), "none")
    late = StartRecord(2, planned, planned + timedelta(minutes=90), "fear")
    r = review(starts=[early, late])
    assert r.figures.median_delay == 45  # (0 + 90) / 2, not (-180 + 90) / 2
    assert r.figures.p90_delay == 90


def test_change_against_last_week_and_a_twelve_week_trend() -> None:
    this_monday = berlin(2026, 11, 16, 9, 0)
    starts = [
        started(1, this_monday, 60),
        started(2, this_monday - timedelta(weeks=1), 180),
        started(3, this_monday - timedelta(weeks=1), 240),  # W46 median 210
        started(4, this_monday - timedelta(weeks=11), 30),  # W36: the trend's first week
        started(5, this_monday - timedelta(weeks=12), 999),  # W35: outside the trend
        started(6, this_monday + timedelta(weeks=1), 5),  # W48: after the week
    ]
    r = review(starts=starts)
    assert r.previous.week == (2026, 46) and r.previous.median_delay == 210
    assert r.delay_change == 60 - 210
    assert change_words(r) == "2 h shorter than W46"
    assert [str(f.week) for f in r.trend][0] == "2026-W36" and r.trend[-1].week == W47
    assert [f.median_delay for f in r.trend] == [30] + [None] * 9 + [210, 60]
    assert [f.tasks_started for f in r.trend] == [1] + [0] * 9 + [2, 1]


def test_no_change_without_a_week_before() -> None:
    r = review(starts=[started(1, berlin(2026, 11, 17, 9, 0), 60)])
    assert r.delay_change is None and change_words(r) == ""


# ---- blockers, nudges, focus --------------------------------------------------


def test_delay_by_blocker_longest_first() -> None:
    day = berlin(2026, 11, 17, 9, 0)
    starts = [
        started(1, day, 60, "boredom"),
        started(2, day, 600, "overwhelm"),
        started(3, day, 1200, "overwhelm"),
        started(4, day, 30, None),  # started by a sweep: no blocker named
    ]
    by = review(starts=starts).by_blocker
    assert [(b.blocker, b.label, b.tasks_started, b.median_delay) for b in by] == [
        ("overwhelm", "overwhelm", 2, 900),
        ("boredom", "boredom", 1, 60),
        ("unknown", "not named", 1, 30),
    ]


def session(at: datetime, minutes: float, nudge: str | None, outcome: str | None,
            helped: bool | None = None) -> SessionRecord:  # fmt: skip
    return SessionRecord(at, minutes * 60, nudge, outcome, helped)


def test_nudges_used_completed_and_rated_helpful_this_week_only() -> None:
    day = berlin(2026, 11, 18, 10, 0)
    sessions = [
        session(day, 5, "five-minutes", "completed", True),
        session(day, 5, "five-minutes", "completed", None),
        session(day, 3, "five-minutes", "abandoned", False),
        session(day, 25, None, "completed"),
        session(day - timedelta(weeks=1), 5, "five-minutes", "completed", True),
    ]
    (figures,) = review(sessions=sessions).nudges
    assert figures.nudge_id == "five-minutes" and figures.title == "Just five minutes"
    assert (figures.blocker, figures.used, figures.completed, figures.helped) == (
        "overwhelm", 3, 2, 1,
    )  # fmt: skip


def test_focus_minutes_per_local_day() -> None:
    sessions = [
        session(berlin(2026, 11, 16, 9, 0), 25, None, "completed"),
        session(berlin(2026, 11, 16, 14, 0), 10.4, None, "stopped"),
        session(berlin(2026, 11, 22, 23, 50), 30, None, "completed"),  # Sunday, local
        session(berlin(2026, 11, 23, 0, 5), 45, None, "completed"),  # next week
    ]
    r = review(sessions=sessions)
    assert [d.minutes for d in r.focus_days] == [35, 0, 0, 0, 0, 0, 30]
    assert [f"{d.day:%a}" for d in r.focus_days][0] == "Mon" and r.focus_total == 65


def test_still_waiting_is_judged_at_the_end_of_the_week_longest_first() -> None:
    waiting = [
        WaitingRecord(1, "Renew passport", berlin(2026, 11, 2, 9, 0)),
        WaitingRecord(2, "Call the bank", berlin(2026, 11, 20, 9, 0)),
        WaitingRecord(3, "Tax return", berlin(2026, 10, 1, 9, 0)),
    ]
    r = review(waiting=waiting, waiting_total=3)
    assert [w.title for w in r.still_waiting] == ["Tax return", "Renew passport", "Call the bank"]
    end = berlin(2026, 11, 23, 0, 0)
    assert r.as_of == end and r.complete
    assert r.still_waiting[2].waiting_minutes == (end - berlin(2026, 11, 20, 9, 0)) // timedelta(
        minutes=1
    )


def test_the_week_under_way_is_judged_now() -> None:
    now = berlin(2026, 11, 25, 12, 0)
    r = review(IsoWeek(2026, 48), now)
    assert not r.complete and r.as_of == now


# ---- commitment -------------------------------------------------------------


def test_the_suggestion_meets_the_costliest_blocker_with_what_worked_best() -> None:
    day = berlin(2026, 11, 17, 9, 0)
    starts = [started(1, day, 3000, "perfectionism"), started(2, day, 60, "boredom")]
    by = review(starts=starts).by_blocker
    records = {
        "rough-draft": NudgeRecord("rough-draft", 1, 3),
        "good-enough": NudgeRecord("good-enough", 4, 1),
    }
    text = suggest_commitment(by, records, LIBRARY)
    assert text == (
        "When I think “It has to be perfect”, I will choose “Good enough by the bell” and start."
    )


def test_with_no_data_the_suggestion_is_a_plain_morning_start() -> None:
    assert suggest_commitment((), {}, LIBRARY, time(8, 30)) == (
        "When I sit down at 08:30, I will press Enter on the top task and give it five minutes."
    )


def test_default_week_is_the_last_full_one_unless_only_this_one_has_anything() -> None:
    assert default_week(NOW, BERLIN, []) == W47
    assert default_week(NOW, BERLIN, [W47]) == W47
    assert default_week(NOW, BERLIN, [IsoWeek(2026, 48)]) == (2026, 48)
    assert default_week(NOW, BERLIN, [W47, IsoWeek(2026, 48)]) == W47


# ---- the printed forms ------------------------------------------------------


def test_an_empty_review_is_friendly_in_every_format() -> None:
    r = review()
    data = review_json(r)
    assert tuple(data) == REVIEW_KEYS
    assert data["tasks_started"] == 0 and data["median_delay_minutes"] is None
    assert data["focus_minutes_total"] == 0 and data["still_waiting"] == []
    assert len(data["trend"]) == 12 and len(data["focus_minutes_per_day"]) == 7
    text = review_text(r)
    assert "No starts recorded this week." in text and "Nothing recorded yet" in text
    assert review_markdown(r).startswith("# startnow review · Week 47 · 16–22 Nov 2026\n")


def test_json_durations_are_whole_minutes() -> None:
    ready = berlin(2026, 11, 17, 9, 0)
    r = review(starts=[StartRecord(1, ready, ready + timedelta(seconds=150), "fear")])
    data = review_json(r)
    assert data["median_delay_minutes"] == 3 and data["by_blocker"][0]["median_delay_minutes"] == 3
    assert data["first_day"] == "2026-11-16" and data["last_day"] == "2026-11-22"


def test_sparkline_scales_to_the_highest_week_and_leaves_gaps() -> None:
    assert sparkline([0, None, 50, 100]) == "▁ ▅█"
    assert sparkline([None, None]) == "  "
