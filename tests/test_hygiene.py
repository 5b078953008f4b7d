"""Layering, proved: the domain knows nothing of Textual, SQL or the command
line, and the quick-add path loads neither Textual nor SQLAlchemy."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import startnow.domain

DOMAIN_MODULES = sorted(
    f"startnow.domain.{m.name}" for m in pkgutil.walk_packages(startnow.domain.__path__)
)
FORBIDDEN_IN_DOMAIN = ("textual", "rich", "sqlalchemy", "sqlmodel", "startnow.cli",
                       "startnow.commands", "startnow.screens", "startnow.services",
                       "startnow.store", "startnow.app")  # fmt: skip
# Sync's engine (apsw, SQLite's session extension) and its code: only `startnow sync` loads them.
SYNC = ("apsw", "startnow.store.sync", "startnow.services.sync")


def loaded_after(code: str, *args: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = (
        subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return set(json.loads(out))


def forbidden(modules: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


def test_there_are_domain_modules_to_check() -> None:
    assert "startnow.domain.delays" in DOMAIN_MODULES
    assert len(DOMAIN_MODULES) >= 8


def test_domain_modules_import_neither_textual_nor_the_store_nor_the_cli() -> None:
    imports = "\n".join(f"import {m}" for m in DOMAIN_MODULES)
    assert forbidden(loaded_after(imports), FORBIDDEN_IN_DOMAIN) == set()


def test_quick_add_loads_neither_textual_nor_sqlalchemy(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    setup = subprocess.run(
        [sys.executable, "-m", "startnow", "--db", str(db), "add", "first"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    code = (
        "import sys\nfrom startnow.cli import main\n"
        f"assert main(['--db', {str(db)!r}, 'add', 'Buy milk #home']) == 0"
    )
    modules = loaded_after(code)
    assert forbidden(modules, ("textual", "sqlalchemy", "sqlmodel", "rich", *SYNC)) == set()
    assert "dateutil.parser" not in modules  # no date in the text: no date machinery
    # ...nor the stdlib's slow imports (typing ~6 ms, dataclasses and inspect ~7 ms).
    # (pathlib is not asserted: an editable install's import hook loads it itself.)
    assert forbidden(modules, ("typing", "dataclasses", "inspect", "argparse", "zoneinfo")) == set()


def test_quick_add_beside_an_upcoming_recurring_task_loads_none_of_the_rules(
    tmp_path: Path,
) -> None:
    """Every write looks for lapsed instances; one still ahead is not read, so
    the rules' modules (dataclasses, calendar) and the zone stay unloaded."""
    db = tmp_path / "s.db"
    setup = subprocess.run(
        [sys.executable, "-m", "startnow", "--db", str(db), "add", "R every:fri start:in 2 days"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    code = (
        "from startnow.cli import main\n"
        f"assert main(['--db', {str(db)!r}, 'add', 'Buy milk']) == 0"
    )
    modules = loaded_after(code)
    assert forbidden(modules, ("dataclasses", "calendar", "zoneinfo", "typing")) == set()
    assert "startnow.domain.recurrence" not in modules


def test_quick_add_with_a_date_still_loads_no_textual(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    subprocess.run([sys.executable, "-m", "startnow", "--db", str(db), "add", "x"], check=True,
                   capture_output=True)  # fmt: skip
    code = (
        "from startnow.cli import main\n"
        f"assert main(['--db', {str(db)!r}, 'add', 'Call mum start:tomorrow 9am ~5m']) == 0"
    )
    modules = loaded_after(code)
    slow = ("textual", "sqlalchemy", "sqlmodel", "typing", "dataclasses")
    assert forbidden(modules, slow) == set()


def test_list_and_the_printed_review_load_no_orm(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    subprocess.run([sys.executable, "-m", "startnow", "--db", str(db), "add", "x ~5m"],
                   check=True, capture_output=True)  # fmt: skip
    for command in ("['list', '--json']", "['review', '--format', 'json']"):
        code = (
            "from startnow.cli import main\n"
            f"assert main(['--db', {str(db)!r}, *{command}]) == 0"
        )
        modules = loaded_after(code)
        assert forbidden(modules, ("textual", "sqlalchemy", "sqlmodel", *SYNC)) == set(), command


def test_status_loads_neither_textual_nor_sqlalchemy_nor_argparse(tmp_path: Path) -> None:
    """`startnow status` runs every second in a status bar: the lightest path there is."""
    db = tmp_path / "s.db"
    subprocess.run([sys.executable, "-m", "startnow", "--db", str(db), "add", "x :: a step"],
                   check=True, capture_output=True)  # fmt: skip
    for fmt in ("text", "json"):
        code = (
            "from startnow.cli import main\n"
            f"assert main(['--db', {str(db)!r}, 'status', '--format', {fmt!r}]) == 0"
        )
        modules = loaded_after(code)
        assert forbidden(modules, ("textual", "sqlalchemy", "sqlmodel", "rich", *SYNC)) == set()
        slow = ("argparse", "typing", "dataclasses", "inspect", "zoneinfo")
        heavy = {f"startnow.services.{m}" for m in ("all_services", "tasks", "focus")}
        assert modules & heavy == set()  # only services.glance, the status reads
        assert forbidden(modules, slow) == set()


def test_the_app_and_its_services_load_nothing_of_sync(tmp_path: Path) -> None:
    """The TUI's start (the app, the services, the store's opening) never pays for sync."""
    db = tmp_path / "s.db"
    code = (
        "import startnow.app\nfrom startnow.services.all_services import Services\n"
        f"Services.open(__import__('pathlib').Path({str(db)!r})).close()"
    )
    assert forbidden(loaded_after(code), SYNC) == set()


def test_commands_and_screens_reach_the_store_only_through_the_services() -> None:
    """The store's one allowed use up there: its wording of a file problem."""
    import ast

    root = Path(startnow.domain.__file__).parent.parent
    files = [*root.glob("commands/*.py"), *root.glob("screens/*.py"), root / "app.py"]
    reaching = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [node.module or ""] if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            )  # fmt: skip
            for name in names:
                if name.startswith("startnow.store") and name != "startnow.store.preflight":
                    reaching.append(f"{path.name}: {name}")
    assert len(files) > 20
    assert reaching == []


def test_done_drop_edit_undo_and_show_load_no_orm_and_no_textual(tmp_path: Path) -> None:
    """As quick as a quick add: no Textual, SQLAlchemy, SQLModel or Rich, nor
    the app's services, nor argparse, typing or dataclasses (show reads the
    task as namedtuples: domain/shown.py)."""
    db = tmp_path / "s.db"
    subprocess.run([sys.executable, "-m", "startnow", "--db", str(db), "add", "x ~5m :: a"],
                   check=True, capture_output=True)  # fmt: skip
    heavy = ("textual", "sqlalchemy", "sqlmodel", "rich", *SYNC)
    slow = ("argparse", "typing", "dataclasses", "inspect", "startnow.services.all_services")
    for command, writes in [
        ("['done', '1']", True), ("['undo']", True), ("['drop', '1']", True),
        ("['undo']", True), ("['edit', '1', 'New title', '#work', '-~']", True),
        ("['show', '1']", False), ("['show', '1', '--json']", False),
    ]:  # fmt: skip
        code = (
            "from startnow.cli import main\n"
            f"assert main(['--db', {str(db)!r}, *{command}]) == 0"
        )
        modules = loaded_after(code)
        assert forbidden(modules, heavy) == set(), command
        assert "startnow.services.all_services" not in modules, command
        assert forbidden(modules, slow) == set(), command
        if not writes:  # nor the domain's dataclasses
            assert "startnow.domain.model" not in modules, command
