"""The tables: the one source of truth for the schema.

Instants are aware UTC datetimes in Python and whole Unix seconds in SQLite, so
SQL can subtract them (start delays) without parsing strings. No
`from __future__ import annotations` here: SQLModel needs real annotations.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from startnow.store.plain import from_seconds, to_seconds


class UTCSeconds(TypeDecorator[datetime]):
    """Aware datetime <-> integer Unix seconds. Naive datetimes are refused: a
    naive value is a bug (whose local time?), not something to guess about."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> int | None:
        return to_seconds(value)

    def process_result_value(self, value: int | None, dialect: Any) -> datetime | None:
        return from_seconds(value)


def instant(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCSeconds, nullable=nullable, index=index)


class Task(SQLModel, table=True):
    __tablename__ = "task"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    notes: str = ""
    created_at: datetime = Field(sa_type=UTCSeconds, nullable=False)
    planned_start: datetime | None = instant()
    due: datetime | None = instant()
    # An earlier deadline the user set for themselves (the deadline-habit nudge).
    self_due: datetime | None = instant()
    estimate: int | None = None  # minutes
    tags: str = ""  # space-separated, lowercase, without '#'
    status: str = Field(default="open", index=True)  # open / done / dropped
    # Set by the first focus session and never overwritten: the start delay rests on it.
    first_started_at: datetime | None = instant()
    closed_at: datetime | None = instant()
    # Where an imported task came from (e.g. "todotxt:<hash>"), so re-imports add nothing twice.
    source: str = Field(default="", index=True)


class Chunk(SQLModel, table=True):
    __tablename__ = "chunk"
    __table_args__ = (Index("ix_chunk_task_position", "task_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE")
    position: int
    title: str
    estimate: int | None = None  # minutes
    created_at: datetime = Field(sa_type=UTCSeconds, nullable=False)
    done_at: datetime | None = instant()


class FocusSession(SQLModel, table=True):
    __tablename__ = "focus_session"
    # The coach counts outcomes per nudge on every nudge screen: with this
    # covering index it reads the index, not 200,000 rows (schema 2).
    __table_args__ = (
        Index("ix_focus_session_nudge_outcome", "nudge_id", "outcome", "nudge_helped"),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    chunk_id: int | None = Field(default=None, foreign_key="chunk.id", ondelete="SET NULL")
    kind: str = "focus"  # focus / sweep
    started_at: datetime = Field(sa_type=UTCSeconds, nullable=False, index=True)
    planned_minutes: int
    paused_at: datetime | None = instant()
    paused_seconds: int = 0
    ended_at: datetime | None = instant()
    outcome: str | None = None  # completed / stopped / abandoned
    blocker: str | None = None  # overwhelm / fear / perfectionism / boredom / deadline / none
    nudge_id: str | None = None
    chunk_done: str | None = None  # yes / partly / no
    nudge_helped: bool | None = None
    recovery_id: int | None = Field(default=None, foreign_key="recovery.id", ondelete="SET NULL")


class Recovery(SQLModel, table=True):
    """One answer to a missed start: what the user chose, and whether it helped."""

    __tablename__ = "recovery"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    option: str  # start / shrink / reschedule / drop / own
    text: str = ""  # the user's own words, or the new date phrase
    forgave: bool = False  # the self-forgiveness line was shown
    created_at: datetime = Field(sa_type=UTCSeconds, nullable=False)
    helped: bool | None = None


class NudgeSwap(SQLModel, table=True):
    """The user asked for another nudge: feedback against the one they left."""

    __tablename__ = "nudge_swap"

    id: int | None = Field(default=None, primary_key=True)
    blocker: str
    nudge_id: str = Field(index=True)
    at: datetime = Field(sa_type=UTCSeconds, nullable=False)


class Commitment(SQLModel, table=True):
    """One implementation intention for an ISO week ("When ___, I will ___")."""

    __tablename__ = "commitment"

    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(unique=True)  # e.g. 2026-W48
    text: str
    created_at: datetime = Field(sa_type=UTCSeconds, nullable=False)
    kept: bool | None = None
