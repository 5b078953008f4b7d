"""Missed-start recoveries: the option chosen, and whether it helped.

A recovery waits for the next focus session on its task; the questions after
that session ask whether it helped (see Focus.start, which links them)."""

from __future__ import annotations

from sqlmodel import col, select

from startnow.clock import Clock
from startnow.store.db import Store
from startnow.store.models import Recovery


class Recoveries:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def record(self, task_id: int, option: str, text: str = "", forgave: bool = False) -> int:
        with self.store.session() as session:
            row = Recovery(
                task_id=task_id, option=option, text=text, forgave=forgave, created_at=self.clock()
            )
            session.add(row)
            session.flush()
            recovery_id: int = row.id
            return recovery_id

    def forgave_last_time(self, task_id: int) -> bool:
        """Whether the latest recovery of this task already showed the forgiveness line."""
        with self.store.session() as session:
            last = session.exec(
                select(Recovery)
                .where(Recovery.task_id == task_id)
                .order_by(col(Recovery.created_at).desc(), col(Recovery.id).desc())
            ).first()
            return bool(last and last.forgave)

    def option_of(self, recovery_id: int) -> str | None:
        with self.store.session() as session:
            row = session.get(Recovery, recovery_id)
            return row.option if row else None

    def answer(self, recovery_id: int, helped: bool) -> None:
        with self.store.session() as session:
            row = session.get(Recovery, recovery_id)
            if row is not None:
                row.helped = helped
