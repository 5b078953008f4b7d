"""A fixed, realistic morning, shared by the snapshot tests and docs/screenshots.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.helpers import BERLIN, MORNING, spec

__all__ = ["BERLIN", "MORNING", "day_under_way", "morning", "nudged_sessions"]


def nudged_sessions(
    services: Services, clock: ManualClock, nudge_id: str, helped: bool, n: int
) -> None:
    """`n` answered sessions with the nudge (its blocker chosen), each the first
    session on a task of its own, three hours apart."""
    blocker = services.library.get(nudge_id).blocker
    for i in range(n):
        task = services.tasks.add(spec(f"Thing {nudge_id} {i}", estimate=30))
        session = services.focus.start(
            task.id, None, 5, blocker=blocker, blocker_chosen=True, nudge_id=nudge_id
        )
        clock.advance(minutes=5)
        services.focus.finish(session.id, "completed")
        services.focus.answer(session.id, nudge_helped=helped)
        clock.advance(hours=3)


def morning(services: Services, clock: ManualClock) -> dict[str, int]:
    """The wireframe's morning: a missed start, today's plan, old waiters, small things.

    The clock ends where it started; returns the task ids by a short name."""
    now = clock()
    ids: dict[str, int] = {}

    def add(name: str, ago: timedelta, title: str, **kw: object) -> None:
        clock.now = now - ago
        ids[name] = services.tasks.add(spec(title, **kw)).id  # type: ignore[arg-type]

    add("offsite", timedelta(days=12), "Plan the team offsite")
    add("hinge", timedelta(days=6), "Fix the squeaky hinge")
    add("insurance", timedelta(days=4), "Renew the car insurance",
        planned_start=now - timedelta(days=3),
        chunks=(("find last year's policy number", 5),))  # fmt: skip
    add("report", timedelta(hours=14), "Write the quarterly report", estimate=120,
        planned_start=now + timedelta(minutes=8),
        due=datetime(2026, 11, 27, 22, 59, tzinfo=UTC),
        chunks=(("open the doc and write one rough sentence", 5),
                ("outline the three parts", 20)))  # fmt: skip
    add("dentist", timedelta(hours=14), "Call the dentist",
        planned_start=now + timedelta(hours=1, minutes=38))  # fmt: skip
    add("sam", timedelta(hours=13), "Reply to Sam about Friday", estimate=2)
    add("bill", timedelta(hours=13), "Pay the water bill", estimate=2)
    clock.now = now
    return ids


def day_under_way(services: Services, clock: ManualClock) -> dict[str, int]:
    """The morning, an hour on: two sessions done since 07:30 (one task finished),
    an invoice that was due yesterday, and two tasks planned for later days.

    The clock ends where it started; returns the task ids by a short name."""
    ids = morning(services, clock)
    now = clock()

    def add(name: str, ago: timedelta, title: str, **kw: object) -> None:
        clock.now = now - ago
        ids[name] = services.tasks.add(spec(title, **kw)).id  # type: ignore[arg-type]

    add("invoice", timedelta(days=5), "Send the invoice to Acme",
        due=datetime(2026, 11, 22, 22, 59, tzinfo=UTC))  # fmt: skip
    add("flights", timedelta(days=1), "Book the flights",
        planned_start=datetime(2026, 11, 25, 8, 0, tzinfo=UTC))  # fmt: skip
    add("passport", timedelta(days=1), "Renew the passport", estimate=30,
        planned_start=datetime(2026, 12, 3, 8, 0, tzinfo=UTC))  # fmt: skip
    add("landlord", timedelta(hours=20), "Answer the landlord")
    for name, started, minutes in (("landlord", 82, 25), ("hinge", 50, 21)):
        clock.now = now - timedelta(minutes=started)
        session = services.focus.start(ids[name], None, 25)
        clock.now += timedelta(minutes=minutes)
        services.focus.finish(session.id, "completed")
    services.tasks.complete_step(ids["landlord"], None)
    clock.now = now
    return ids
