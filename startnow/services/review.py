"""The weekly review: a week's figures from the store's fast reads, handed to
the pure `domain.review`; and the weekly commitment, written through the ORM.

No ORM at import: `startnow review --format json` reads over plain sqlite3.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, time, tzinfo
from typing import TYPE_CHECKING, Any

from startnow.clock import Clock
from startnow.domain.against_chance import AgainstChance, against_chance
from startnow.domain.evidence import choice_outcome, outcomes
from startnow.domain.learning import learn
from startnow.domain.nudges import NudgeLibrary
from startnow.domain.review import (
    TREND_WEEKS,
    WAITING_SHOWN,
    CommitmentRecord,
    IsoWeek,
    Review,
    build_review,
    default_week,
    week_bounds,
    week_of,
)
from startnow.domain.what_works import BlockerLesson, what_works
from startnow.errors import StartnowError
from startnow.services.coach import NEWEST, learning_rows
from startnow.store.fast import connect_for_reading, fetch, reads, review

if TYPE_CHECKING:
    from pathlib import Path

    from startnow.store.db import Store

COMMITMENT_MAX = 300
KEPT_REVIEWS = 8  # weeks whose coach figures are kept, the oldest dropped first

Learned = tuple[tuple[BlockerLesson, ...], AgainstChance]

Connect = Callable[[], AbstractContextManager[Any]]


class Reviews:
    """Reads a week's figures over a plain DB-API connection (the store's, or
    sqlite3's alone); writes commitments when it has the `store`."""

    def __init__(
        self,
        connect: Connect,
        clock: Clock,
        library: NudgeLibrary,
        day_start: time,
        store: Store | None = None,
        *,
        coach: str = "learner",
    ) -> None:
        self.connect = connect
        self.clock = clock
        self.library = library
        self.day_start = day_start
        self.store = store
        self.coach = coach  # the `coach` setting: whether the learner picks the nudges
        self._kept: dict[tuple[datetime, tuple[Any, ...]], Learned] = {}  # see `_learned`

    @classmethod
    def over(
        cls, conn: Any, clock: Clock, library: NudgeLibrary, day_start: time, coach: str
    ) -> Reviews:
        """Read-only, over one connection the caller owns."""
        return cls(lambda: nullcontext(conn), clock, library, day_start, coach=coach)

    def default_week(self, tz: tzinfo) -> IsoWeek:
        """The last full week, or this one so far when only it has anything."""
        now = self.clock()
        this_week = week_of(now, tz)
        with self.connect() as conn:
            busy = [
                week
                for week in (this_week.shift(-1), this_week)
                if review.any_activity(conn, *week_bounds(week, tz))
            ]
        return default_week(now, tz, busy)

    def week(self, week: IsoWeek, tz: tzinfo) -> Review:
        now = self.clock()
        bounds = week_bounds(week, tz)
        window_start = week_bounds(week.shift(-(TREND_WEEKS - 1)), tz)[0]
        with self.connect() as conn:
            inputs = review.read_review_inputs(
                conn,
                bounds,
                window_start,
                min(now, bounds[1]),
                (str(week), str(week.shift(1))),
                WAITING_SHOWN,
            )
            lessons, chance = self._learned(conn, min(now, bounds[1]))
        built = build_review(
            week,
            tz,
            now,
            **inputs._asdict(),
            library=self.library,
            day_start=self.day_start,
        )
        return built._replace(what_works=lessons, against_chance=chance)

    def _learned(self, conn: Any, as_of: datetime) -> Learned:
        """What works and the coach against chance at `as_of`: one read and one
        learner for both, kept for the next review at the same instant while
        no session or swap was added (walking the weeks back and forth)."""
        key = (as_of, tuple(fetch(conn, NEWEST)[0]))
        found = self._kept.get(key)
        if found is None:
            sessions, swaps = learning_rows(conn, as_of)
            learner = learn(self.library, outcomes(sessions, swaps, self.library))
            lessons = what_works(learner, as_of, offering=self.coach == "learner")
            chance = against_chance(c for c in map(choice_outcome, sessions) if c is not None)
            found = (lessons, chance)
            if len(self._kept) >= KEPT_REVIEWS:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = found
        return found

    def this_weeks(self, tz: tzinfo) -> CommitmentRecord | None:
        """The commitment Today shows each morning of its week."""
        week = str(week_of(self.clock(), tz))
        with self.connect() as conn:
            return reads.read_commitments(conn, week).get(week)

    # ------------------------------------------------------------ writes

    def _writable(self) -> Store:
        if self.store is None:
            raise StartnowError("this review is read-only")
        return self.store

    def commit(self, week: IsoWeek, text: str) -> CommitmentRecord:
        """Write (or rewrite) the one implementation intention for `week`."""
        from startnow.store.models import Commitment

        text = " ".join(text.split())
        if not text:
            raise StartnowError("a commitment needs words: When ___, I will ___")
        if len(text) > COMMITMENT_MAX:
            raise StartnowError(f"keep the commitment under {COMMITMENT_MAX} characters")
        with self._writable().session() as session:
            row = _commitment(session, week)
            if row is None:
                session.add(Commitment(week=str(week), text=text, created_at=self.clock()))
            else:
                row.text, row.kept = text, None
        return CommitmentRecord(str(week), text, None)

    def mark_kept(self, week: IsoWeek, kept: bool | None) -> None:
        with self._writable().session() as session:
            row = _commitment(session, week)
            if row is None:
                raise StartnowError(f"there is no commitment for {week}")
            row.kept = kept


def printed_review(path: Path, week: IsoWeek | None, tz: tzinfo) -> Review | None:
    """One week's review (default: as `Reviews.default_week` picks it) over a
    query-only connection and nothing else; None when the store is not plainly
    at the current schema (the full open then says why, or upgrades it)."""
    from startnow.clock import system_clock
    from startnow.config import load_settings
    from startnow.domain.nudges import load_nudges
    from startnow.store.preflight import check_pages

    conn = connect_for_reading(path)
    if conn is None:
        return None
    try:
        check_pages(path)  # a damaged store is refused, as every command refuses it
        settings = load_settings()
        reviews = Reviews.over(
            conn, system_clock, load_nudges(), settings.day_start, settings.coach
        )
        return reviews.week(week or reviews.default_week(tz), tz)
    finally:
        conn.close()


def _commitment(session: Any, week: IsoWeek) -> Any:
    from sqlmodel import select

    from startnow.store.models import Commitment

    return session.exec(select(Commitment).where(Commitment.week == str(week))).one_or_none()
