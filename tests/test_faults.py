"""A database file in trouble (locked, damaged, cut short, read-only, missing, not
ours, a link to nowhere, a pipe, a name too long) gets one clear line and a
non-zero exit from every command, and is left byte-for-byte as it was; and every
command explains itself with --help.

Root bypasses file permissions, but startnow treats a file or directory with
every write bit off as read-only all the same (store/preflight.is_read_only),
so the read-only cases hold whoever runs the tests.

Subprocesses are started together and awaited together: most of their time is
start-up, and the machine has two cores.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from startnow.cli import COMMANDS, main
from startnow.store.db import open_store
from startnow.store.fast.insert import fast_insert
from startnow.store.preflight import BusyError, remove_side_files
from startnow.store.schema import BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_MS, busy_timeout_ms
from tests.helpers import cli, spec
from tests.helpers import startnow as run

NOW = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
SHORT_WAIT_MS = "200"  # the busy timeout the subprocesses use, instead of 5 s
TIMEOUT_S = 60  # a TUI that wrongly starts would wait for keys forever


@dataclass(frozen=True)
class Outcome:
    code: int | None  # None: it was still running at the timeout
    out: str
    err: str


def startnow_env(config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "STARTNOW_DB"}
    env.update(STARTNOW_CONFIG=str(config), **{BUSY_TIMEOUT_ENV: SHORT_WAIT_MS})
    return env


def run_together(runs: dict[str, list[str]], env: dict[str, str]) -> dict[str, Outcome]:
    """`python -m startnow ARGS` for each ARGS at once, stdin and stdout not a tty."""
    procs = {
        name: subprocess.Popen([sys.executable, "-m", "startnow", *args], env=env, text=True,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
        for name, args in runs.items()
    }  # fmt: skip
    outcomes = {}
    for name, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=TIMEOUT_S)
            outcomes[name] = Outcome(proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            outcomes[name] = Outcome(None, out, err)
    return outcomes


def assert_one_line(outcome: Outcome, *expected: str) -> None:
    """Non-zero exit, nothing on stdout, one `startnow:` line on stderr."""
    assert outcome.code not in (0, None), outcome
    assert "Traceback" not in outcome.err, outcome.err
    assert outcome.out == "", outcome
    assert outcome.err.endswith("\n") and outcome.err.count("\n") == 1, outcome.err
    assert outcome.err.startswith("startnow: "), outcome.err
    for text in expected:
        assert text in outcome.err, outcome.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(directory: Path) -> dict[str, str] | None:
    """Every file in the directory by name, with a hash of its bytes: a new -wal or
    -shm left beside the file counts as a change too."""
    if not directory.exists():
        return None
    return {p.name: digest(p) for p in sorted(directory.iterdir())}


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def make_writable(root: Path) -> None:
    """Undo the chmods, so the temporary directory can be cleaned up."""
    for directory, _dirs, files in os.walk(root):
        os.chmod(directory, 0o755)
        for name in files:
            os.chmod(Path(directory, name), 0o644)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real startnow database with 60 tasks of three steps each (17 pages), in
    one file (the faults copy the file alone, not the record of its check)."""
    path = tmp_path_factory.mktemp("template") / "startnow.db"
    open_store(path).close()
    tasks = [
        spec(f"task {n} with a title", estimate=25, tags=("work",),
             chunks=((f"open {n}", 5), (f"outline {n}", 10), (f"draft {n}", None)))
        for n in range(60)
    ]  # fmt: skip
    assert fast_insert(path, tasks, NOW) is not None
    # The last connection to close folded the -wal in; the add recorded its clean check.
    assert sorted(p.name for p in path.parent.iterdir()) == ["startnow.db", "startnow.db.checked"]
    return path


# Each fault: (what to do to a copy of the template in an empty directory, what the
# one line must say). Each returns the path to pass as --db.


def corrupted(directory: Path, template: Path) -> Path:
    """4 KiB of random bytes over the middle of the file (a b-tree page or two)."""
    path = directory / "startnow.db"
    data = bytearray(template.read_bytes())
    middle = len(data) // 2 - 2048
    data[middle : middle + 4096] = random.Random(7).randbytes(4096)
    path.write_bytes(bytes(data))
    return path


def truncated(directory: Path, template: Path) -> Path:
    path = directory / "startnow.db"
    data = template.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def read_only_file(directory: Path, template: Path) -> Path:
    path = directory / "startnow.db"
    shutil.copyfile(template, path)
    os.chmod(path, 0o444)
    return path


def read_only_directory_with_wal(directory: Path, template: Path) -> Path:
    """The file and a -wal holding a committed task not yet checkpointed, as after a
    crash, in a directory with no write bits."""
    staging = directory.parent / f"{directory.name}-staging"
    staging.mkdir()
    shutil.copyfile(template, staging / "startnow.db")
    conn = sqlite3.connect(staging / "startnow.db")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE task SET title = 'only in the wal' WHERE id = 1")
    conn.commit()
    for name in ("startnow.db", "startnow.db-wal"):  # copied while the writer is open
        shutil.copyfile(staging / name, directory / name)
    conn.close()
    assert (directory / "startnow.db-wal").stat().st_size > 0
    os.chmod(directory, 0o555)
    return directory / "startnow.db"


def missing_directory(directory: Path, template: Path) -> Path:
    return directory / "nonexistent" / "dir" / "x.db"


def not_sqlite(directory: Path, template: Path) -> Path:
    path = directory / "notes.db"
    path.write_text("my precious notes, not a database\n")
    return path


def another_apps_database(directory: Path, template: Path) -> Path:
    """Another program's SQLite file, in WAL mode as many are."""
    path = directory / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ada')")
    conn.commit()
    conn.close()
    return path


Fault = Callable[[Path, Path], Path]
FAULTS: dict[str, tuple[Fault, str]] = {
    "corrupted": (corrupted, "is damaged"),
    "truncated": (truncated, "is damaged"),
    "read-only file": (read_only_file, "read-only"),
    "read-only directory with its -wal": (read_only_directory_with_wal, "read-only"),
    "missing directory": (missing_directory, "does not exist"),
    "not SQLite": (not_sqlite, "not a startnow database"),
    "another application's database": (another_apps_database, "not startnow's"),
}

COMMAND_LINES = {
    "add": ["add", "Call the dentist ~5m"],
    "add with a date": ["add", "Pay rent due:2036-12-01"],
    "list": ["list"],
    "export": ["export"],
    "import": ["import", "IMPORT_FILE"],
}


def with_import_file(args: list[str], directory: Path) -> list[str]:
    todo = directory / "todo.txt"
    if not todo.exists():
        todo.write_text("(A) Call the bank +home\n")
    return [str(todo) if a == "IMPORT_FILE" else a for a in args]


@pytest.mark.parametrize("command", COMMAND_LINES)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_database_in_trouble_is_one_line_and_left_untouched(
    fault: str, command: str, template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = FAULTS[fault]
    store = tmp_path / "store"
    store.mkdir()
    path = make(store, template)
    args = with_import_file(COMMAND_LINES[command], tmp_path)
    before = snapshot(path.parent)
    try:
        code = main(["--db", str(path), *args])
        after = snapshot(path.parent)
    finally:
        make_writable(tmp_path)
    out, err = capsys.readouterr()
    assert_one_line(Outcome(code, out, err), expected)
    assert after == before


@pytest.fixture(scope="module")
def tui_outcomes(
    template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Outcome, dict[str, str] | None, dict[str, str] | None]]:
    """`startnow --db X` on every fault at once: (outcome, files before, after)."""
    root = tmp_path_factory.mktemp("tui")
    paths = {}
    for n, (name, (make, _)) in enumerate(FAULTS.items()):
        (root / str(n)).mkdir()
        paths[name] = make(root / str(n), template)
    before = {name: snapshot(path.parent) for name, path in paths.items()}
    runs = {name: ["--db", str(path)] for name, path in paths.items()}
    outcomes = run_together(runs, startnow_env(root / "config.toml"))
    after = {name: snapshot(path.parent) for name, path in paths.items()}
    make_writable(root)
    return {name: (outcomes[name], before[name], after[name]) for name in paths}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_tui_says_one_line_before_taking_the_screen(
    fault: str,
    tui_outcomes: dict[str, tuple[Outcome, dict[str, str] | None, dict[str, str] | None]],
) -> None:
    outcome, before, after = tui_outcomes[fault]
    assert_one_line(outcome, FAULTS[fault][1])
    assert after == before


# Locked: another connection holds the database past the busy timeout.

UNCOMMITTED = "a task another startnow has not committed"


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO task (title, notes, created_at, tags, status, source) "
             "VALUES (?, '', 0, '', 'open', '')", (sys.argv[3],))
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


@contextmanager
def held_by_another_process(path: Path, *, exclusive_mode: bool) -> Iterator[None]:
    """Another startnow in the middle of a write: BEGIN EXCLUSIVE and a row not yet
    committed. Under WAL that stops writers only (readers see the last commit);
    with locking_mode=EXCLUSIVE, as a program wanting the file to itself, readers too.

    In another process: POSIX locks belong to a process, and reading the file here
    (to hash it) would quietly drop a lock this process held.
    """
    mode = "exclusive" if exclusive_mode else "normal"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), mode, UNCOMMITTED],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        assert holder.wait(timeout=TIMEOUT_S) == 0


def database_files(directory: Path) -> dict[str, str]:
    """The file and its -wal (the -shm is only an index of the -wal, rebuilt at
    will; a .checked record is a note about them, which readers may write)."""
    return {
        p.name: digest(p)
        for p in sorted(directory.iterdir())
        if not p.name.endswith(("-shm", ".checked"))
    }


@pytest.fixture
def locked_store(template: Path, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    store.mkdir()
    shutil.copyfile(template, store / "startnow.db")
    return store / "startnow.db"


def assert_busy(outcome: Outcome, path: Path) -> None:
    assert_one_line(outcome, str(path), "busy", "another startnow", "try again")


@pytest.mark.parametrize("exclusive_mode", [False, True], ids=["writer", "exclusive"])
def test_a_locked_database_is_one_line_and_left_as_it_was(
    locked_store: Path, tmp_path: Path, exclusive_mode: bool
) -> None:
    """Writes wait the busy timeout, then say so in one line. While another startnow
    writes, list and export read the last commit (WAL); a file held exclusively
    stops them too, and the TUI before it takes the screen."""
    path = locked_store
    rows_before, file_before = dump(path), digest(path)
    db = ["--db", str(path)]
    runs = {
        "add": [*db, "add", "Call the dentist ~5m"],
        "import": [*db, *with_import_file(["import", "IMPORT_FILE"], tmp_path)],
        "list": [*db, "list", "--json"],
        "export": [*db, "export"],
    }
    if exclusive_mode:
        runs["tui"] = db
    with held_by_another_process(path, exclusive_mode=exclusive_mode):
        held = database_files(path.parent)
        outcomes = run_together(runs, startnow_env(tmp_path / "config.toml"))
        assert database_files(path.parent) == held

    for name in ("add", "import"):
        assert_busy(outcomes[name], path)
    if exclusive_mode:
        for name in ("list", "export", "tui"):
            assert_busy(outcomes[name], path)
    else:
        listed, exported = outcomes["list"], outcomes["export"]
        assert (listed.code, listed.err, exported.code, exported.err) == (0, "", 0, "")
        assert len(json.loads(listed.out)) == len(json.loads(exported.out)["tasks"]) == 60
        assert UNCOMMITTED not in listed.out + exported.out
    assert dump(path) == rows_before
    assert digest(path) == file_before  # nobody checkpointed into it either


def test_the_quick_add_fast_path_says_busy_instead_of_trying_again_slowly(
    locked_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Falling back to the full path would wait out the busy timeout a second time."""
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "50")
    with (
        held_by_another_process(locked_store, exclusive_mode=False),
        pytest.raises(BusyError, match="busy: another startnow"),
    ):
        fast_insert(locked_store, [spec("Call the dentist")], NOW)


def test_side_files_another_process_has_open_are_never_removed(locked_store: Path) -> None:
    """The tidy-up after refusing a file must not pull the -shm from under a live
    connection, even one that opened the file a moment after we looked."""
    wal, shm = Path(f"{locked_store}-wal"), Path(f"{locked_store}-shm")
    with held_by_another_process(locked_store, exclusive_mode=False):
        remove_side_files(locked_store, [wal, shm])
        assert wal.exists() and shm.exists()
    remove_side_files(locked_store, [wal, shm])  # nobody's now: gone (SQLite removed them)
    assert not wal.exists() and not shm.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, BUSY_TIMEOUT_MS), ("200", 200), ("0", 0), (" 750 ", 750), ("soon", BUSY_TIMEOUT_MS),
     ("-1", BUSY_TIMEOUT_MS), ("", BUSY_TIMEOUT_MS)],
)  # fmt: skip
def test_the_busy_timeout_can_be_shortened_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, value: str | None, expected: int
) -> None:
    if value is None:
        monkeypatch.delenv(BUSY_TIMEOUT_ENV, raising=False)
    else:
        monkeypatch.setenv(BUSY_TIMEOUT_ENV, value)
    assert busy_timeout_ms() == expected
    store = open_store(db_path)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == expected
    finally:
        store.close()


# Help: every command explains itself, with examples.


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_examples(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code in (0, None)
    out = capsys.readouterr().out
    assert out.startswith(f"usage: startnow {name}")
    examples = out.split("examples:\n", 1)
    assert len(examples) == 2, f"`startnow {name} --help` has no examples: section"
    assert examples[1].lstrip().startswith("startnow"), examples[1]


def test_the_top_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code in (0, None)
    out = capsys.readouterr().out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("    ")}
    assert set(COMMANDS) <= listed, set(COMMANDS) - listed
    assert "examples:" in out


# Odd paths given as the database: links, pipes, names too long.


@pytest.mark.parametrize("command", [["add", "x"], ["list"], ["review", "--format", "json"],
                                     ["export"], ["import", "-"]])  # fmt: skip
def test_a_name_too_long_is_one_line(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / ("a" * 300 + ".db")
    code, out, err = cli("--db", str(db), *command)
    assert code != 0 and "Traceback" not in err and len(err.splitlines()) == 1, err


def test_a_pipe_given_as_the_database_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "s.db"
    os.mkfifo(fifo)
    for command in (["add", "x"], ["list"]):
        code, _, err = run("--db", str(fifo), *command, timeout=20)
        assert code == 1
        assert (
            err == f"startnow: cannot open {fifo}: it is not a regular file (a pipe or a device)\n"
        )


def test_a_file_where_a_directory_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("")
    code, _, err = cli("--db", str(tmp_path / "notes.txt" / "s.db"), "list")
    assert code == 1 and f"{tmp_path / 'notes.txt'} is a file, not a directory" in err


def test_a_link_to_nowhere_is_no_store(tmp_path: Path) -> None:
    link = tmp_path / "s.db"
    link.symlink_to(tmp_path / "gone" / "s.db")
    for command in (["list"], ["review", "--format", "json"], ["export"]):
        code, _, err = cli("--db", str(link), *command)
        assert code == 1 and "there is no startnow database at" in err
    assert not (tmp_path / "gone").exists()
