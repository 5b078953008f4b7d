"""The review as JSON (stable keys for scripts), plain text and Markdown.

Durations are whole minutes in JSON; in text they read as a person says them
("1 day", "5 h"). Add keys, never rename: scripts depend on them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from startnow.domain.against_chance import MINIMUM, AgainstChance
from startnow.domain.delays import humanize
from startnow.domain.describe import iso_instant
from startnow.domain.recurring_review import SeriesDelays
from startnow.domain.review import CommitmentRecord, Review, WeekFigures
from startnow.domain.what_works import NudgeLesson

REVIEW_KEYS = (
    "week", "first_day", "last_day", "complete", "as_of",
    "tasks_started", "median_delay_minutes", "p90_delay_minutes",
    "previous_week", "median_delay_change_minutes", "trend",
    "by_blocker", "nudges", "focus_minutes_per_day", "focus_minutes_total",
    "still_waiting", "still_waiting_total",
    "commitment", "next_commitment", "suggested_commitment",
    "closed_without_start", "what_works", "recurring", "coach_against_chance",
)  # fmt: skip
LESSON_KEYS = ("nudge_id", "title", "helped", "tries", "swaps", "chance", "sure", "offered")
CHANCE_KEYS = (
    "verdict", "minimum", "sessions", "coach_sessions", "coach_helped", "coach_interval",
    "random_sessions", "random_effective", "random_helped", "random_interval",
)  # fmt: skip
NOT_ENOUGH = 'not enough data yet: answer "did the nudge help?" at the bell, and it shows here'


SPARKS = "▁▂▃▄▅▆▇█"


def _week(f: WeekFigures) -> dict[str, Any]:
    return {
        "week": str(f.week),
        "tasks_started": f.tasks_started,
        "median_delay_minutes": f.median_delay,
        "p90_delay_minutes": f.p90_delay,
    }


def _commitment(c: CommitmentRecord | None) -> dict[str, Any] | None:
    return None if c is None else {"week": c.week, "text": c.text, "kept": c.kept}


def _lesson(n: NudgeLesson) -> dict[str, Any]:
    values = (n.nudge_id, n.title, n.helped, n.tries, n.swaps, round(n.chance, 2), n.sure)
    return dict(zip(LESSON_KEYS, (*values, round(n.offered, 2)), strict=True))


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _interval(bounds: tuple[float, float] | None) -> list[float] | None:
    return None if bounds is None else [round(bounds[0], 2), round(bounds[1], 2)]


def _against_chance(c: AgainstChance | None) -> dict[str, Any] | None:
    if c is None:
        return None
    values = (
        c.verdict, MINIMUM, c.sessions, c.coach_sessions, _share(c.coach_helped),
        _interval(c.coach_interval), c.random_sessions, round(c.random_effective, 1),
        _share(c.random_helped), _interval(c.random_interval),
    )  # fmt: skip
    return dict(zip(CHANCE_KEYS, values, strict=True))


def chance_words(review: Review) -> str | None:
    """The coach against chance in one sentence, once there is a recorded choice."""
    chance = review.against_chance
    return None if chance is None or not chance.sessions else chance.words()


def review_json(review: Review) -> dict[str, Any]:
    """The review as plain data with the keys of REVIEW_KEYS (documented in the README)."""
    record = {
        "week": str(review.week),
        "first_day": review.week.monday.isoformat(),
        "last_day": (review.week.monday + timedelta(days=6)).isoformat(),
        "complete": review.complete,
        "as_of": iso_instant(review.as_of),
        "tasks_started": review.figures.tasks_started,
        "median_delay_minutes": review.figures.median_delay,
        "p90_delay_minutes": review.figures.p90_delay,
        "previous_week": _week(review.previous),
        "median_delay_change_minutes": review.delay_change,
        "trend": [_week(f) for f in review.trend],
        "by_blocker": [
            {
                "blocker": b.blocker,
                "label": b.label,
                "tasks_started": b.tasks_started,
                "median_delay_minutes": b.median_delay,
            }
            for b in review.by_blocker
        ],
        "nudges": [
            {
                "nudge_id": n.nudge_id,
                "title": n.title,
                "blocker": n.blocker,
                "blocker_label": n.blocker_label,
                "used": n.used,
                "completed": n.completed,
                "helped": n.helped,
            }
            for n in review.nudges
        ],
        "focus_minutes_per_day": [
            {"date": d.day.isoformat(), "weekday": f"{d.day:%a}", "minutes": d.minutes}
            for d in review.focus_days
        ],
        "focus_minutes_total": review.focus_total,
        "still_waiting": [
            {
                "id": w.task_id,
                "title": w.title,
                "ready_at": iso_instant(w.ready),
                "waiting_minutes": w.waiting_minutes,
                "overdue": w.overdue,
            }
            for w in review.still_waiting
        ],
        "still_waiting_total": review.waiting_total,
        "commitment": _commitment(review.commitment),
        "next_commitment": _commitment(review.next_commitment),
        "suggested_commitment": review.suggestion,
        "closed_without_start": review.closed_without_start,
        "what_works": [
            {
                "blocker": lesson.blocker,
                "label": lesson.label,
                "best": _lesson(lesson.best),
                "stopped_offering": None if lesson.stopped is None else _lesson(lesson.stopped),
            }
            for lesson in review.what_works
        ],
        "recurring": [
            {
                "series_id": r.series_id,
                "title": r.title,
                "instances_started": r.instances,
                "average_delay_minutes": r.average_delay,
                "last_delay_minutes": r.last_delay,
            }
            for r in review.recurring
        ],
        "coach_against_chance": _against_chance(review.against_chance),
    }
    assert tuple(record) == REVIEW_KEYS
    return record


# ---- words ------------------------------------------------------------------


def delay_words(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    if minutes < 1:
        return "none"
    return humanize(timedelta(minutes=minutes))


def change_words(review: Review) -> str:
    """'2 h shorter than W46', 'the same as W46', or '' when there is nothing to compare."""
    change = review.delay_change
    before = f"W{review.previous.week.week:02d}"
    if change is None:
        return ""
    if change == 0:
        return f"the same as {before}"
    size = delay_words(abs(change)).replace("just now", "under a minute")
    return f"{size} {'shorter' if change < 0 else 'longer'} than {before}"


def sparkline(values: list[int | None]) -> str:
    """One block character per value; a gap (space) for a week with no starts."""
    top = max((v for v in values if v is not None), default=0)
    if top <= 0:
        return "".join(" " if v is None else SPARKS[0] for v in values)
    return "".join(
        " " if v is None else SPARKS[min(int(v / top * (len(SPARKS) - 1) + 0.5), 7)] for v in values
    )


def bar(minutes: int, top: int, width: int = 24) -> str:
    """A bar scaled to the week's top day; any focus at all shows at least one block."""
    if top <= 0 or minutes <= 0:
        return ""
    return "█" * max(round(minutes / top * width), 1)


def week_title(review: Review) -> str:
    monday = review.week.monday
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        span = f"{monday.day}–{sunday.day} {sunday:%b %Y}"
    elif monday.year == sunday.year:
        span = f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b %Y}"
    else:
        span = f"{monday.day} {monday:%b %Y} – {sunday.day} {sunday:%b %Y}"
    so_far = "" if review.complete else " (so far)"
    return f"Week {review.week.week} · {span}{so_far}"


def headline(review: Review) -> str:
    f = review.figures
    if f.tasks_started == 0:
        return "No starts recorded this week."
    tasks = "1 task" if f.tasks_started == 1 else f"{f.tasks_started} tasks"
    line = f"Started {tasks} · median start delay {delay_words(f.median_delay)}"
    line += f" · 90th percentile {delay_words(f.p90_delay)}"
    change = change_words(review)
    return f"{line} · median {change}" if change else line  # (the change is the median's)


def closed_words(review: Review) -> str:
    """'Closed 2 tasks without a start (done or dropped, no timer)', or '' for none."""
    n = review.closed_without_start
    if n == 0:
        return ""
    tasks = "1 task" if n == 1 else f"{n} tasks"
    return f"Closed {tasks} without a start (done or dropped, no timer)"


def recurring_words(r: SeriesDelays) -> str:
    """'Weekly report: started 3 h late on average, 40 min last time (4 times)'."""

    def late(minutes: int) -> str:
        return "on time" if minutes < 1 else f"{delay_words(minutes)} late"

    times = "once" if r.instances == 1 else f"{r.instances} times"
    return (
        f"{r.title}: started {late(r.average_delay)} on average, "
        f"{late(r.last_delay).removesuffix(' late')} last time ({times})"
    )


def _lines(review: Review, md: bool) -> list[str]:
    h = "## " if md else ""
    item = "- " if md else "  "
    out = [("# " if md else "") + f"startnow review · {week_title(review)}", ""]
    out += [headline(review), *filter(None, [closed_words(review)]), ""]
    if review.is_empty and not review.still_waiting:
        out += [
            "Nothing recorded yet. Press Enter on a task in startnow to start it: "
            "every start is measured here.",
            "",
        ]
    trend = [f.median_delay for f in review.trend]
    out += [f"{h}Median start delay, last {len(trend)} weeks"]
    if any(v is not None for v in trend):
        spark = sparkline(trend)
        out += [f"`{spark}`" if md else f"  {spark}", ""]
    else:
        out += [f"{item}no starts in these weeks yet", ""]
    if review.by_blocker:
        out += [f"{h}Start delay by blocker"]
        for b in review.by_blocker:
            tasks = "task" if b.tasks_started == 1 else "tasks"
            median_text = delay_words(b.median_delay)
            out.append(f"{item}{b.label}: {b.tasks_started} {tasks}, median {median_text}")
        out.append("")
    if review.nudges:
        out += [f"{h}Nudges"]
        for n in review.nudges:
            out.append(
                f"{item}{n.title} ({n.blocker_label}): used {n.used}, completed {n.completed}, "
                f"helped {n.helped}"
            )
        out.append("")
    out += [f"{h}What works for you"]
    for lesson in review.what_works:
        out.append(f"{item}{lesson.label}: {lesson.words()}")
    out += [] if review.what_works else [f"{item}{NOT_ENOUGH}"]
    chance = chance_words(review)
    out += [] if chance is None else [f"{item}{chance}"]
    out.append("")
    if review.recurring:
        out += [f"{h}Recurring tasks"]
        out += [f"{item}{recurring_words(r)}" for r in review.recurring]
        out.append("")
    out += [f"{h}Focus minutes per day"]
    top = max((d.minutes for d in review.focus_days), default=0)
    for d in review.focus_days:
        out.append(f"{item}{d.day:%a} {d.minutes:>4} {bar(d.minutes, top)}".rstrip())
    out += [f"{item}total {review.focus_total} min", ""]
    out += [f"{h}Still waiting"]
    if not review.still_waiting:
        out.append(f"{item}nothing: every task ready by then was started, or there were none")
    for w in review.still_waiting:
        overdue = " · overdue" if w.overdue else ""
        out.append(f"{item}{w.title} · waiting {delay_words(w.waiting_minutes)}{overdue}")
    more = review.waiting_total - len(review.still_waiting)
    if more > 0:
        out.append(f"{item}and {more} more")
    out.append("")
    out += [f"{h}Commitment"]
    this, after = review.week, review.week.shift(1)
    if review.commitment:
        kept = {True: "kept", False: "not kept", None: "not marked"}[review.commitment.kept]
        out.append(f"{item}week {this.week}: {review.commitment.text} ({kept})")
    nxt = review.next_commitment
    out.append(
        f"{item}week {after.week}: {nxt.text}"
        if nxt
        else f"{item}suggested for week {after.week}: {review.suggestion}"
    )
    return out


def review_text(review: Review) -> str:
    return "\n".join(_lines(review, md=False)).rstrip() + "\n"


def review_markdown(review: Review) -> str:
    return "\n".join(_lines(review, md=True)).rstrip() + "\n"
