"""The review in the app: read through ReviewReader over the engine's own
connections, and the weekly commitment written through the ORM."""

from __future__ import annotations

from datetime import tzinfo

from sqlmodel import Session, select

from startnow.clock import Clock
from startnow.config import Settings
from startnow.domain.nudges import NudgeLibrary
from startnow.domain.review import CommitmentRecord, IsoWeek
from startnow.errors import StartnowError
from startnow.services.quick_look import read_commitment
from startnow.services.review_reader import ReviewReader
from startnow.store.db import Store
from startnow.store.models import Commitment

COMMITMENT_MAX = 300


class Reviews(ReviewReader):
    """The review in the app: reads as ReviewReader, and writes commitments."""

    def __init__(
        self, store: Store, clock: Clock, settings: Settings, library: NudgeLibrary
    ) -> None:
        super().__init__(store.raw, clock, library, settings.day_start)
        self.store = store

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
        with self.store.raw() as conn:
            return read_commitment(conn, self.clock(), tz)


def _commitment(session: Session, week: IsoWeek) -> Commitment | None:
    return session.exec(select(Commitment).where(Commitment.week == str(week))).one_or_none()
