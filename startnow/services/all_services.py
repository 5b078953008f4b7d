"""Every service over one store and one clock: what the app and the commands hold.

Opening the ORM costs more than a bare Textual app takes to paint, so the
services can be opened in two ways with one shape: `open` opens the store now
(commands, tests); `launch` checks the file, reads Today over plain sqlite3
at once, and opens the store on a thread (`warm_up`) while the person reads.
Whoever needs the store first waits for it. Either way the app sees the same
object: the quick reads (`today`, `commitment_now`, `data_version`,
`has_running_session`) never wait for the ORM.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from startnow.clock import Clock, system_clock
from startnow.config import Settings, load_settings
from startnow.domain.commitment import CommitmentRecord
from startnow.domain.localtime import local_date, local_midnight, week_of
from startnow.domain.model import SessionInfo, TaskInfo
from startnow.domain.today import DaySoFar, TodayView, build_today
from startnow.errors import UnreadableValue
from startnow.store import fast
from startnow.store.fast import reads

if TYPE_CHECKING:
    from startnow.domain.nudges import NudgeLibrary
    from startnow.services.changes import Changes
    from startnow.services.coach import Coach
    from startnow.services.focus import Focus
    from startnow.services.recovery import Recoveries
    from startnow.services.review import Reviews
    from startnow.services.steps import Steps
    from startnow.services.tasks import Tasks
    from startnow.services.workflows import Workflows
    from startnow.store.db import Store
    from startnow.store.preflight import FileState


def open_checked(state: FileState) -> Store:
    """The full open of a file `fast.open_quickly` already checked, all but
    its pages: those are read now, before anything can be written."""
    from startnow.store.db import open_store
    from startnow.store.preflight import check_pages

    check_pages(state.path)
    return open_store(Path(state.path), checked=state)


def open_new(state: FileState) -> Store:
    """The first run's store, created (checks and all) by the full open."""
    from startnow.store.db import open_store

    return open_store(Path(state.path))


class StoreOpening:
    """Opens the store (SQLAlchemy and all) once, on a thread; whoever needs it
    first waits for the rest."""

    def __init__(self, opener: Callable[[], Store]) -> None:
        self._opener = opener
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._store: Store | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="open-store", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        try:
            self._store = self._opener()
        except BaseException as exc:  # handed to whoever asks, on their thread
            self._error = exc
        finally:
            self._done.set()

    def get(self) -> Store:
        self.start()
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._store is not None
        return self._store

    def opened(self) -> Store | None:
        """The store if it was opened, without waiting."""
        return self._store if self._done.is_set() else None

    def error(self) -> BaseException | None:
        """Why the opening failed, once it has (a damaged file, a full disk)."""
        return self._error if self._done.is_set() else None

    def finish(self) -> Store | None:
        """Wait for an opening under way (never stop one half-way through
        creating a store); None if it never started or failed."""
        if self._thread is None:
            return None
        self._done.wait()
        return self._store


class Services:
    """The store, the clock and the settings, and the services built on them."""

    def __init__(
        self,
        store: Store | None,
        clock: Clock = system_clock,
        settings: Settings | None = None,
        rng: random.Random | None = None,
        *,
        path: Path | None = None,
        opening: StoreOpening | None = None,
        reader: Any = None,
    ) -> None:
        """A `store` already open, or an `opening` of the store at `path` with a
        query-only `reader` connection for the quick reads meanwhile."""
        if store is None and (opening is None or path is None):
            raise ValueError("Services need a store, or a path and its opening")
        self._store = store
        self._opening = opening
        self._reader = reader
        self.path: Path = store.path if store is not None else path  # type: ignore[assignment]  # one of the two is given (checked above)
        self.clock = clock
        self.settings = settings or load_settings()
        self.rng = rng
        # Rows Today and `list` left out because a value in them cannot be
        # read (written by another program): the faces say so, once each.
        self.unreadable: list[UnreadableValue] = []

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create_dir: bool = False,
        clock: Clock = system_clock,
        settings: Settings | None = None,
        rng: random.Random | None = None,
        checked: FileState | None = None,
    ) -> Services:
        """Open (creating or upgrading) the store now."""
        from startnow.store.db import open_store

        store = open_store(path, create_dir=create_dir, checked=checked)
        return cls(store, clock, settings, rng)

    @classmethod
    def read_only(
        cls, path: Path, *, create_dir: bool = False, clock: Clock = system_clock
    ) -> Services:
        """For commands that only read (`list`): the fast reads over a
        query-only connection when the store is at the current schema (no
        ORM); else the full open, which creates or upgrades it."""
        quick = fast.open_quickly(path, create_dir=create_dir)  # deep: damage is refused
        if quick is None:
            return cls.open(path, create_dir=create_dir, clock=clock)
        never = StoreOpening(lambda: open_checked(quick[0]))
        return cls(None, clock, path=path, opening=never, reader=quick[1])

    @classmethod
    def launch(
        cls,
        path: Path,
        *,
        create_dir: bool = False,
        clock: Clock = system_clock,
        settings: Settings | None = None,
        opener: Callable[[FileState], Store] | None = None,
    ) -> Services:
        """For the app: the file checked and Today readable at once, the store
        opened later (`warm_up`, or whichever service is needed first): nothing
        before the first paint reads more than Today's rows or imports the ORM.
        A first run paints the empty Today and creates the store behind it; an
        older store is upgraded now, before the screen is taken. `opener`
        stands in for the store's opening (tests hold it back)."""
        if not path.exists():
            from startnow.store.preflight import FileState, prepare_directory

            prepare_directory(path, create=create_dir)
            first = StoreOpening(lambda: (opener or open_new)(FileState(path, 0)))
            return cls(None, clock, settings, path=path, opening=first)
        quick = fast.open_quickly(path, create_dir=create_dir, deep=False)
        if quick is None:
            return cls.open(path, create_dir=create_dir, clock=clock, settings=settings)
        state, reader = quick

        def open_then_roll_over() -> Store:
            # The app's first write, on the opening thread once the ORM is
            # open (never before Today's first paint): lapsed recurring
            # instances roll over; the live update shows the new ones.
            store = (opener or open_checked)(state)
            from startnow.services.tasks import Tasks  # the ORM: after the opening

            Tasks(store, clock).roll_over_lapsed()
            return store

        opening = StoreOpening(open_then_roll_over)
        return cls(None, clock, settings, path=path, opening=opening, reader=reader)

    # ------------------------------------------------------------ the store

    @property
    def store(self) -> Store:
        """The open store; on a launch, waits for the background open."""
        if self._store is None:
            assert self._opening is not None
            self._store = self._opening.get()
        return self._store

    def warm_up(self, *, wait: bool = False) -> None:
        """Start opening the store in the background (a launch only); `wait`
        for it to be open or to have failed (see `opening_error`)."""
        if self._store is None and self._opening is not None:
            self._opening.start()
            if wait:
                self._opening.finish()

    def opening_error(self) -> BaseException | None:
        """Why the background opening failed (the app then says so and ends)."""
        return self._opening.error() if self._store is None and self._opening else None

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        store = self._store or (self._opening.finish() if self._opening else None)
        if store is not None:
            store.close()

    @contextmanager
    def quick_connection(self) -> Iterator[Any]:
        """The plain connection for the fast reads: the launch's reader while
        the store is not open, else one of the store's own."""
        if self._store is None and self._reader is not None:
            yield self._reader
        elif self._store is None and self._opening is not None and not self._opening.opened():
            yield None  # a first run whose store is still being made: nothing to read
        else:
            with self.store.raw() as conn:
                yield conn

    # ------------------------------------------------------------ quick reads

    @property
    def grace(self) -> timedelta:
        return self.settings.grace

    def open_tasks(self) -> list[TaskInfo]:
        """Every open task with its steps in order."""
        with self.quick_connection() as conn:
            return [] if conn is None else reads.read_open_tasks(conn, self._skipped())

    def _skipped(self) -> list[UnreadableValue]:
        """A fresh list for one read's unreadable rows, kept as `unreadable`."""
        self.unreadable = []
        return self.unreadable

    def today(self, tz: tzinfo, *, first_rows: int | None = None) -> TodayView:
        """What Today shows: missed starts, today's plan, the longest waiting.

        `first_rows`: for the first frame, the steps of only the tasks its
        first rows can show (`TodayView.first_task_ids`), so what is read
        before the first paint does not grow with the open tasks' steps; the
        view is `partial` when others were left without theirs."""
        if first_rows is None:
            return build_today(self.open_tasks(), self.clock(), tz, self.grace)
        with self.quick_connection() as conn:
            if conn is None:
                return build_today([], self.clock(), tz, self.grace)
            skipped = self._skipped()
            tasks = reads.read_open_tasks(conn, skipped, steps=False)
            view = build_today(tasks, self.clock(), tz, self.grace)
            shown = view.first_task_ids(first_rows)
            steps = reads.read_steps_of(conn, shown, skipped)
        return view.with_steps(steps, partial=len(shown) < len(tasks))

    def day_so_far(self, tz: tzinfo) -> DaySoFar:
        """Today's starts, focused minutes and tasks done: Today's top line."""
        day_start = local_midnight(local_date(self.clock(), tz), tz)
        with self.quick_connection() as conn:
            return DaySoFar() if conn is None else reads.read_day_so_far(conn, day_start)

    def commitment_now(self, tz: tzinfo) -> CommitmentRecord | None:
        """This week's implementation intention, shown at the foot of Today."""
        week = str(week_of(self.clock(), tz))
        with self.quick_connection() as conn:
            return None if conn is None else reads.read_commitments(conn, week).get(week)

    def open_tasks_by_wait(self, *, include_closed: bool = False) -> Iterator[TaskInfo]:
        """The open tasks (`include_closed`: all of them), the longest ready
        first, one at a time (see `list`)."""
        with self.quick_connection() as conn:
            if conn is not None:
                yield from reads.iter_open_tasks(
                    conn, self._skipped(), include_closed=include_closed
                )

    def task(self, task_id: int) -> TaskInfo:
        """One task with its steps, as it is now (a missing one: one clear line)."""
        with self.quick_connection() as conn:
            found = None if conn is None else reads.read_task(conn, task_id)
        if found is None:
            from startnow.errors import StartnowError

            raise StartnowError(f"there is no task {task_id}")
        return found

    def sessions_of(self, task_id: int) -> list[SessionInfo]:
        """One task's focus sessions, oldest first."""
        with self.quick_connection() as conn:
            return [] if conn is None else reads.read_sessions(conn, task_id)

    def has_running_session(self) -> bool:
        with self.quick_connection() as conn:
            return conn is not None and reads.has_running_session(conn)

    def data_version(self) -> int:
        """Moves when another connection commits (a quick add elsewhere, or the
        store's own writes seen from the launch's reader)."""
        if self._reader is not None:
            return fast.data_version(self._reader)
        if self._store is None and self._opening is not None and not self._opening.opened():
            return 0  # a first run's store, still being made
        return self.store.data_version()

    # ------------------------------------------------------------ the services
    # _ORM_AFTER_THE_OPENING: a service whose module imports the ORM waits for
    # the store before it is imported. Importing SQLAlchemy on this thread while
    # the opening thread is importing it can meet half-initialised modules.

    @cached_property
    def tasks(self) -> Tasks:
        store = self.store  # first: see _ORM_AFTER_THE_OPENING
        from startnow.services.tasks import Tasks

        return Tasks(store, self.clock)

    @cached_property
    def steps(self) -> Steps:
        store = self.store  # first: see _ORM_AFTER_THE_OPENING
        from startnow.services.steps import Steps

        return Steps(store, self.clock)

    @cached_property
    def focus(self) -> Focus:
        store = self.store  # first: see _ORM_AFTER_THE_OPENING
        from startnow.services.focus import Focus

        return Focus(store, self.clock)

    @cached_property
    def recoveries(self) -> Recoveries:
        store = self.store  # first: see _ORM_AFTER_THE_OPENING
        from startnow.services.recovery import Recoveries

        return Recoveries(store, self.clock)

    @cached_property
    def coach(self) -> Coach:
        from startnow.services.coach import Coach

        return Coach(self, rng=self.rng, library=self.library)

    @cached_property
    def library(self) -> NudgeLibrary:
        """The nudges and blockers, from the package's data."""
        from startnow.domain.nudges import load_nudges

        return load_nudges()

    @cached_property
    def workflows(self) -> Workflows:
        self.store  # noqa: B018  first: see _ORM_AFTER_THE_OPENING
        from startnow.services.workflows import Workflows

        return Workflows(
            self.clock, self.settings, self.tasks, self.steps, self.focus, self.recoveries
        )

    @cached_property
    def reviews(self) -> Reviews:
        from startnow.services.review import Reviews

        store = self.store
        settings = self.settings
        return Reviews(
            store.raw, self.clock, self.library, settings.day_start, store, coach=settings.coach
        )

    @cached_property
    def changes(self) -> Changes:
        """Done, drop, edit and undo, as the command line makes them: plain
        sqlite3 beside the store's own connections, each one undoable once."""
        from startnow.services.changes import Changes

        return Changes(self.path, self.clock)
