"""The weekly review's data: a few aggregate-friendly queries over selected
columns, handed to the pure `domain.review` as plain records.

Never loads every row as ORM objects: on a five-year store (20,000 tasks,
200,000 sessions) only the trend window's first starts (~a thousand) and one
week's sessions are read; still-waiting is an ORDER BY ... LIMIT in SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from startnow.clock import Clock
from startnow.config import Settings
from startnow.domain.review import (
    TREND_WEEKS,
    WAITING_SHOWN,
    CommitmentRecord,
    IsoWeek,
    Review,
    SessionRecord,
    StartRecord,
    WaitingRecord,
    build_review,
    default_week,
    week_bounds,
    week_of,
)
from startnow.errors import StartnowError
from startnow.services.coach import Coach
from startnow.store.db import Store
from startnow.store.models import Commitment

COMMITMENT_MAX = 300

STARTS = """
SELECT t.id, COALESCE(t.planned_start, t.created_at), t.first_started_at,
       (SELECT s.blocker FROM focus_session s WHERE s.task_id = t.id
         ORDER BY s.started_at, s.id LIMIT 1)
FROM task t WHERE t.first_started_at >= ? AND t.first_started_at < ?
"""
SESSIONS = """
SELECT started_at, ended_at, paused_seconds, nudge_id, outcome, nudge_helped
FROM focus_session WHERE started_at >= ? AND started_at < ?
"""
# Ready by `as_of`, neither started nor closed by then (a closed task without
# a closing time cannot be placed in time, so it does not count as waiting).
WAITING_WHERE = """
FROM task
WHERE created_at < :as_of AND COALESCE(planned_start, created_at) < :as_of
  AND (first_started_at IS NULL OR first_started_at > :as_of)
  AND (closed_at IS NULL OR closed_at > :as_of)
  AND (status = 'open' OR closed_at IS NOT NULL)
"""
WAITING = f"""
SELECT id, title, COALESCE(planned_start, created_at) AS ready {WAITING_WHERE}
ORDER BY ready, id LIMIT :limit
"""
WAITING_COUNT = f"SELECT COUNT(*) {WAITING_WHERE}"
ANY_ACTIVITY = """
SELECT EXISTS(SELECT 1 FROM focus_session WHERE started_at >= ? AND started_at < ?)
    OR EXISTS(SELECT 1 FROM task WHERE first_started_at >= ? AND first_started_at < ?)
"""


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def stamp(instant: datetime) -> int:
    return int(instant.timestamp() // 1)


class Reviews:
    def __init__(self, store: Store, clock: Clock, settings: Settings, coach: Coach) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.coach = coach

    def default_week(self, tz: tzinfo) -> IsoWeek:
        """The last full week, or this one so far when only it has anything."""
        now = self.clock()
        this_week = week_of(now, tz)
        busy = []
        with self.store.engine.connect() as conn:
            for week in (this_week.shift(-1), this_week):
                start, end = (stamp(b) for b in week_bounds(week, tz))
                if conn.exec_driver_sql(ANY_ACTIVITY, (start, end, start, end)).scalar():
                    busy.append(week)
        return default_week(now, tz, busy)

    def week(self, week: IsoWeek, tz: tzinfo) -> Review:
        now = self.clock()
        start, end = week_bounds(week, tz)
        trend_start = week_bounds(week.shift(-(TREND_WEEKS - 1)), tz)[0]
        as_of = stamp(min(now, end))
        with self.store.engine.connect() as conn:
            starts = [
                StartRecord(task_id, utc(ready), utc(first), blocker)
                for task_id, ready, first, blocker in _rows(
                    conn, STARTS, (stamp(trend_start), stamp(end))
                )
            ]
            sessions = [
                SessionRecord(
                    utc(started),
                    max(ended - started - (paused or 0), 0) if ended is not None else 0,
                    nudge_id,
                    outcome,
                    None if helped is None else bool(helped),
                )
                for started, ended, paused, nudge_id, outcome, helped in _rows(
                    conn, SESSIONS, (stamp(start), stamp(end))
                )
            ]
            params = {"as_of": as_of, "limit": WAITING_SHOWN}
            waiting = [
                WaitingRecord(task_id, title, utc(ready))
                for task_id, title, ready in _rows(conn, WAITING, params)
            ]
            waiting_total = _rows(conn, WAITING_COUNT, params)[0][0]
        return build_review(
            week,
            tz,
            now,
            starts=starts,
            sessions=sessions,
            waiting=waiting,
            waiting_total=waiting_total,
            commitments=self.commitments(week, week.shift(1)),
            records=self.coach.records(),
            library=self.coach.library,
            day_start=self.settings.day_start,
        )

    def commitments(self, *weeks: IsoWeek) -> dict[str, CommitmentRecord]:
        names = [str(w) for w in weeks]
        with self.store.session() as session:
            rows = session.exec(select(Commitment).where(col(Commitment.week).in_(names)))
            return {c.week: CommitmentRecord(c.week, c.text, c.kept) for c in rows}

    def commit(self, week: IsoWeek, text: str) -> CommitmentRecord:
        """Write (or rewrite) the one implementation intention for `week`."""
        text = " ".join(text.split())
        if not text:
            raise StartnowError("a commitment needs words: When ___, I will ___")
        if len(text) > COMMITMENT_MAX:
            raise StartnowError(f"keep the commitment under {COMMITMENT_MAX} characters")
        with self.store.session() as session:
            row = _commitment(session, week)
            if row is None:
                session.add(Commitment(week=str(week), text=text, created_at=self.clock()))
            else:
                row.text, row.kept = text, None
        return CommitmentRecord(str(week), text, None)

    def mark_kept(self, week: IsoWeek, kept: bool | None) -> None:
        with self.store.session() as session:
            row = _commitment(session, week)
            if row is None:
                raise StartnowError(f"there is no commitment for {week}")
            row.kept = kept

    def this_weeks(self, tz: tzinfo) -> CommitmentRecord | None:
        """The commitment Today shows each morning of its week."""
        week = week_of(self.clock(), tz)
        return self.commitments(week).get(str(week))


def _rows(conn: Connection, sql: str, params: Any) -> list[Any]:
    return list(conn.exec_driver_sql(sql, params).fetchall())


def _commitment(session: Session, week: IsoWeek) -> Commitment | None:
    return session.exec(select(Commitment).where(Commitment.week == str(week))).one_or_none()
