"""Any interleaving of edits and syncs on three machines converges, and no
focus session made anywhere is ever lost."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from startnow.services.sync import sync
from tests.sync_machines import Machine

TITLES = ("Alpha", "Bravo", "Charlie", "Delta")
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(("add", "edit", "done", "drop", "session", "step", "sync")),
        st.integers(0, 2),  # which machine
        st.integers(0, 7),  # which of its tasks, or which title
    ),
    min_size=4,
    max_size=14,
)


def act(machine: Machine, op: str, pick: int, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """One edit (or a sync); returns the uid of a session it made."""
    machine.clock.advance(minutes=3)
    if op == "sync":
        machine.sync()
        return None
    if op == "add":
        assert machine.run(monkeypatch, "add", f"{TITLES[pick % 4]} {pick}")[0] == 0
        return None
    tasks = machine.query("SELECT id, status FROM task ORDER BY id")
    open_ids = [i for i, status in tasks if status == "open"]
    if not open_ids:
        return None
    task = open_ids[pick % len(open_ids)]
    if op in ("done", "drop"):
        assert machine.run(monkeypatch, op, str(task))[0] == 0
    elif op == "edit":
        assert machine.run(monkeypatch, "edit", str(task), f"{TITLES[pick % 4]} edited")[0] == 0
    else:
        services = machine.services()
        try:
            if op == "step":
                services.steps.add(task, f"step {pick}", 5)
                return None
            session = services.focus.start(task, None, 10)
            machine.clock.advance(minutes=10)
            services.focus.finish(session.id, "completed")
        finally:
            services.close()
        return str(machine.query("SELECT uid FROM focus_session WHERE id = ?", session.id)[0][0])
    return None


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_three_machines_converge_and_never_lose_a_session(
    operations: list[tuple[str, int, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "shared"
        folder.mkdir()
        machines = [Machine(root, name, folder) for name in ("one", "two", "three")]
        sessions: set[str] = set()
        for op, which, pick in operations:
            made = act(machines[which], op, pick, monkeypatch)
            if made is not None:
                sessions.add(made)
        for _ in range(2):  # two rounds: everything reaches everyone
            for machine in machines:
                machine.sync()
        exports = [m.export_by_uid(monkeypatch) for m in machines]
        assert exports[0] == exports[1] == exports[2]
        for machine in machines:
            assert machine.session_uids() == sessions, machine.name
            again = machine.sync()
            assert (again.sent, again.received, again.rows_changed) == (None, [], 0)
            # Comparing every row finds nothing the rows written since missed.
            whole = sync(machine.db, machine.folder, machine.clock, full=True)
            assert (whole.sent, whole.received, whole.rows_changed) == (None, [], 0)
