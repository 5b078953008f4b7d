"""A column is declared once: added to `store/tables.py` alone (in a scratch
copy of the package), it is in the schema, the quick insert, the fast reads,
the JSON export and import, and the CSV."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import startnow

SCRIPT = r"""
import csv, io, json, sqlite3, sys
# The scratch copy, not the installed package (an editable install's finder
# comes before sys.path).
sys.meta_path = [f for f in sys.meta_path if "editable" not in getattr(f, "__name__", repr(f))]
sys.path.insert(0, sys.argv[2])
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import startnow
assert startnow.__file__.startswith(sys.argv[2]), startnow.__file__
from startnow.formats import csv_export
from startnow.formats.importers.startnow_json import dumps, parse_startnow
from startnow.services.all_services import Services
from startnow.services.transfer import Transfer
from startnow.store.fast.insert import fast_insert
from startnow.store.models import Task

work = Path(sys.argv[1])
now = datetime(2026, 11, 23, 7, 52, tzinfo=UTC)
source = work / "a.db"
Services.open(source).close()
spec = SimpleNamespace(title="Write it", estimate=5, planned_start=None, due=None, tags=(),
                       chunks=())
[task_id] = fast_insert(source, [spec], now)
conn = sqlite3.connect(source)
with conn:
    conn.execute("UPDATE task SET energy = 3 WHERE id = ?", (task_id,))
conn.close()
services = Services.open(source, clock=lambda: now)
batch = Transfer(services.store, services.clock).snapshot()
exported = json.loads(dumps(batch, now))
header = next(csv.reader(io.StringIO(csv_export.render(*csv_export.tables_of(batch)["tasks.csv"]))))
services.close()
target = Services.open(work / "b.db", clock=lambda: now)
Transfer(target.store, target.clock).import_batch(parse_startnow(exported))
target.close()
again = sqlite3.connect(work / "b.db").execute("SELECT energy FROM task").fetchall()
print(json.dumps({
    "model": "energy" in Task.__table__.columns,
    "exported": exported["tasks"][0].get("energy"),
    "csv": "energy" in header,
    "imported": again,
}))
"""


def test_a_column_added_in_one_place_reaches_every_format(tmp_path: Path) -> None:
    original = Path(startnow.__file__).parent
    scratch = tmp_path / "pkg"
    shutil.copytree(original, scratch / "startnow", ignore=shutil.ignore_patterns("__pycache__"))
    tables = scratch / "startnow" / "store" / "tables.py"
    text = tables.read_text()
    anchor = '        Column("source", TEXT, default="", index=True),\n'
    assert anchor in text
    tables.write_text(
        text.replace(anchor, anchor + '        Column("energy", INT, nullable=True),\n')
    )
    changed = filecmp.dircmp(original, scratch / "startnow", ignore=["__pycache__"])
    assert changed.diff_files == [] and _deep_diff(changed) == ["store/tables.py"]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(scratch)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "STARTNOW_CONFIG": str(tmp_path / "c.toml")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == (
        '{"model": true, "exported": 3, "csv": true, "imported": [[3]]}'
    )


def _deep_diff(cmp: filecmp.dircmp[str], prefix: str = "") -> list[str]:
    found = [prefix + name for name in cmp.diff_files]
    for name, sub in cmp.subdirs.items():
        found += _deep_diff(sub, f"{prefix}{name}/")
    return found
