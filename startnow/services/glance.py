"""The cheapest look at the store, for what runs outside the app every second
or every few minutes (the status line, reminders, shell completion): the
open session and the open tasks, read-only, through the store's fast path.

Stdlib only at import: no ORM, no dataclasses.
"""

from __future__ import annotations

from startnow.store.fast.status import read_for_reminders, read_status

__all__ = ["read_for_reminders", "read_status"]
