"""One task looked up for `startnow show`: its row, steps and sessions over a
query-only connection (the store's fast reads), without the app's services.

A store that is not plainly at the current schema takes the full open once
(Services.read_only), which upgrades it or says what is wrong.
"""

from __future__ import annotations

from startnow.store.fast import open_quickly, reads

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (quick path)
if TYPE_CHECKING:
    from os import PathLike

    from startnow.domain.shown import ShownSession, ShownTask


def task_details(
    path: str | PathLike[str], task_id: int, *, create_dir: bool = False
) -> tuple[ShownTask, list[ShownSession]] | None:
    """The task with its steps, and its focus sessions oldest first; None if
    there is no such task. Namedtuples (`domain/shown.py`), not the dataclasses:
    importing those would cost show more than its read."""
    quick = open_quickly(path, create_dir=create_dir)  # deep: a damaged store is refused
    if quick is None:
        from pathlib import Path

        from startnow.services.all_services import Services

        services = Services.read_only(Path(path), create_dir=create_dir)
        try:
            with services.quick_connection() as conn:
                return _read(conn, task_id)
        finally:
            services.close()
    conn = quick[1]
    try:
        return _read(conn, task_id)
    finally:
        conn.close()


def _read(conn: object, task_id: int) -> tuple[ShownTask, list[ShownSession]] | None:
    return None if conn is None else reads.read_shown(conn, task_id)
