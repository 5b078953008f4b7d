"""Every table's columns, declared once.

The ORM classes (`models.py`), the plain-SQL reads and the quick insert
(`fast/`) are all built from these declarations, so adding a column is one
line here (plus a migration for stores that already exist). Stdlib only, and
no dataclasses or typing at run time: quick add imports this module.

Kinds say how a value is kept in SQLite and handed to Python:
  INT, TEXT  as they are;
  INSTANT    whole Unix seconds in SQLite, an aware UTC datetime in Python;
  BOOL       0 / 1 in SQLite, a bool in Python;
  TAGS       space-separated lowercase words in SQLite, a tuple of str in Python.
"""

from __future__ import annotations

INT = "int"
TEXT = "text"
INSTANT = "instant"
BOOL = "bool"
TAGS = "tags"


class Column:
    """One column: its name, kind, and the constraints the schema gives it."""

    __slots__ = ("name", "kind", "nullable", "default", "index", "unique", "references")

    def __init__(
        self,
        name: str,
        kind: str,
        *,
        nullable: bool = False,
        default: object = None,
        index: bool = False,
        unique: bool = False,
        references: tuple[str, str] | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.nullable = nullable
        self.default = default
        self.index = index
        self.unique = unique
        # (table.column, what a delete of the referenced row does: CASCADE / SET NULL)
        self.references = references

    def __repr__(self) -> str:
        return f"Column({self.name!r}, {self.kind!r})"


class Table:
    """A table: `id INTEGER PRIMARY KEY` first, then the declared columns."""

    __slots__ = ("name", "columns", "indexes", "partial", "unique_partial", "by_name")

    def __init__(
        self,
        name: str,
        columns: tuple[Column, ...],
        indexes: tuple[tuple[str, tuple[str, ...]], ...] = (),
        partial: tuple[tuple[str, str, str], ...] = (),
        unique_partial: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        self.name = name
        self.columns = columns
        self.indexes = indexes  # (name, columns) of each index over several columns
        self.partial = partial  # (name, column, WHERE clause) of each partial index
        # The same for partial UNIQUE indexes: a rule the store itself enforces.
        self.unique_partial = unique_partial
        self.by_name = {c.name: c for c in columns}

    @property
    def names(self) -> tuple[str, ...]:
        """The stored columns after `id`, in declaration order."""
        return tuple(c.name for c in self.columns)

    def ordered(
        self, first: tuple[str, ...] = (), without: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """The stored columns for a file format: `first` in that order, then every
        other one in declaration order (so a new column appears by itself),
        less `without` (e.g. the parent's id, which the nesting already says)."""
        rest = [n for n in self.names if n not in first and n not in without]
        return (*first, *rest)

    def select_list(self, alias: str = "") -> str:
        """`id, title, …` (or `t.id, t.title, …`): every column, id first."""
        prefix = f"{alias}." if alias else ""
        return ", ".join(prefix + name for name in ("id", *self.names))

    def insert_sql(self) -> str:
        """An INSERT of every column but `id`, with one `?` each."""
        marks = ", ".join("?" * len(self.columns))
        return f"INSERT INTO {self.name} ({', '.join(self.names)}) VALUES ({marks})"


def instant(name: str, *, nullable: bool = True, index: bool = False) -> Column:
    return Column(name, INSTANT, nullable=nullable, index=index)


TASK = Table(
    "task",
    (
        Column("title", TEXT),
        Column("notes", TEXT, default=""),
        instant("created_at", nullable=False),
        instant("planned_start"),
        instant("due"),
        # An earlier deadline the user set for themselves (the deadline-habit nudge).
        instant("self_due"),
        Column("estimate", INT, nullable=True),  # minutes
        Column("tags", TAGS, default=""),
        Column("status", TEXT, default="open", index=True),  # open / done / dropped
        # Set by the first focus session and never overwritten: the start delay rests on it.
        instant("first_started_at"),
        instant("closed_at"),
        # Where an imported task came from ("todotxt:<hash>"), so re-imports add nothing twice.
        Column("source", TEXT, default="", index=True),
        # A recurring task (schema 5, last as ALTER TABLE ADD COLUMN puts them):
        # its `every:` rule as typed (domain/recurrence.py `Recurrence.text`),
        # NULL for a one-off; the series, which is the first instance's id; and
        # the series' anchor, the first instance's local day (ISO), from which
        # every occurrence is counted (so months never drift).
        Column("recurrence", TEXT, nullable=True),
        Column("series_id", INT, nullable=True),
        Column("anchor", TEXT, nullable=True),
    ),
    # Exactly one open instance per series, kept by the store: a second
    # process rolling the same instance over fails this index (schema 5).
    unique_partial=(("ux_task_open_series", "series_id", "status = 'open'"),),
    # "Done today" on Today's top line counts the tasks closed since midnight:
    # without this, a read of every task ever closed (schema 6).
    partial=(("ix_task_closed_at", "closed_at", "closed_at IS NOT NULL"),),
)

# A step of a task ("chunk" is the table's name from the first schema on).
STEP = Table(
    "chunk",
    (
        Column("task_id", INT, references=("task.id", "CASCADE")),
        Column("position", INT),
        Column("title", TEXT),
        Column("estimate", INT, nullable=True),  # minutes
        instant("created_at", nullable=False),
        instant("done_at"),
    ),
    indexes=(("ix_chunk_task_position", ("task_id", "position")),),
)

FOCUS_SESSION = Table(
    "focus_session",
    (
        Column("task_id", INT, references=("task.id", "CASCADE"), index=True),
        Column("chunk_id", INT, nullable=True, references=("chunk.id", "SET NULL")),
        Column("kind", TEXT, default="focus"),  # focus / sweep
        instant("started_at", nullable=False, index=True),
        Column("planned_minutes", INT),
        instant("paused_at"),
        Column("paused_seconds", INT, default=0),
        instant("ended_at"),
        Column("outcome", TEXT, nullable=True),  # completed / stopped / abandoned / unknown
        # overwhelm / fear / perfectionism / boredom / deadline / none
        Column("blocker", TEXT, nullable=True),
        Column("nudge_id", TEXT, nullable=True),
        Column("chunk_done", TEXT, nullable=True),  # yes / partly / no
        Column("nudge_helped", BOOL, nullable=True),
        Column("recovery_id", INT, nullable=True, references=("recovery.id", "SET NULL")),
        # Whether the person picked the blocker (True) or took the highlight the
        # question opened on (False): only a chosen one feeds the review's
        # by-blocker figures and the coach's learning. NULL: not known (a session
        # from before schema 4 that named overwhelm, then the default). Last, as
        # ALTER TABLE ADD COLUMN puts it (schema 4).
        Column("blocker_chosen", BOOL, nullable=True),
        # How the nudge was chosen (schema 7, NULL before it, or without a nudge,
        # or under the `thompson` coach): when the nudge screen showed it (a start
        # within a minute is a signal), whether it was the one-in-ten random pick,
        # and the chance, in millionths, that the coach's way of choosing gave it
        # and that a random pick would have: the review's coach-against-chance
        # figures weigh sessions by them (domain/against_chance.py).
        instant("nudge_shown_at"),
        Column("chosen_at_random", BOOL, nullable=True),
        Column("choice_per_million", INT, nullable=True),
        Column("random_per_million", INT, nullable=True),
    ),
    # The coach counts outcomes per nudge on every nudge screen, of sessions
    # whose blocker was chosen: with this covering index it reads the index,
    # not every session (schema 2; blocker_chosen joined it in schema 4).
    indexes=(
        (
            "ix_focus_session_nudge_outcome",
            ("nudge_id", "outcome", "nudge_helped", "blocker_chosen"),
        ),
    ),
    # "Is a session running?" on every launch and every status line: without it,
    # a scan of every session ever (schema 3).
    partial=(("ix_focus_session_running", "started_at", "ended_at IS NULL"),),
)

# One answer to a missed start: what the user chose, and whether it helped.
RECOVERY = Table(
    "recovery",
    (
        Column("task_id", INT, references=("task.id", "CASCADE"), index=True),
        Column("option", TEXT),  # start / shrink / reschedule / drop / own
        Column("text", TEXT, default=""),  # the user's own words, or the new date phrase
        Column("forgave", BOOL, default=False),  # the self-forgiveness line was shown
        instant("created_at", nullable=False),
        Column("helped", BOOL, nullable=True),
    ),
)

# The user asked for another nudge: feedback against the one they left.
NUDGE_SWAP = Table(
    "nudge_swap",
    (
        Column("blocker", TEXT),
        Column("nudge_id", TEXT, index=True),
        instant("at", nullable=False),
    ),
)

# One implementation intention for an ISO week ("When ___, I will ___").
COMMITMENT = Table(
    "commitment",
    (
        Column("week", TEXT, unique=True),  # e.g. 2026-W48
        Column("text", TEXT),
        instant("created_at", nullable=False),
        Column("kept", BOOL, nullable=True),
    ),
)

TABLES = (TASK, STEP, FOCUS_SESSION, RECOVERY, NUDGE_SWAP, COMMITMENT)
