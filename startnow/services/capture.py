"""Quick add's service: capture tasks at the speed of thought.

No ORM at import: on a store at the current schema the tasks go in through
the store's quick insert; anything else (no file yet, an older schema) takes
the full open once, which creates, upgrades or says what is wrong.
"""

from __future__ import annotations

from startnow.store.fast.insert import fast_insert

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick add)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime
    from os import PathLike

    from startnow.services.tasks import TaskSpec


def add_tasks(
    path: str | PathLike[str], specs: Sequence[TaskSpec], now: datetime, *, create_dir: bool
) -> list[int]:
    """All or nothing: the ids of the tasks added, in order."""
    ids = fast_insert(path, specs, now)
    if ids is not None:
        return ids
    from pathlib import Path

    from startnow.services.all_services import Services

    services = Services.open(Path(path), create_dir=create_dir, clock=lambda: now)
    try:
        return [task.id for task in services.tasks.add_many(specs)]
    finally:
        services.close()
