"""What keeps `startnow show` as light as a quick add: the task read as
namedtuples with the dataclasses' fields, JSON written without the json
package, and the read-only URI made without pathlib. Each must give what the
heavier way gives."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.domain.model import SessionInfo, StepInfo, TaskInfo
from startnow.domain.shown import ShownSession, ShownStep, ShownTask
from startnow.formats.plain_json import dumps
from startnow.store.preflight import file_uri
from tests.helpers import cli


def test_the_shown_records_have_the_fields_of_the_dataclasses() -> None:
    """A column added to a dataclass must reach show too."""
    assert ShownTask._fields == tuple(TaskInfo.__dataclass_fields__)
    assert ShownStep._fields == tuple(StepInfo.__dataclass_fields__)
    assert ShownSession._fields == tuple(SessionInfo.__dataclass_fields__)


PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(PLAIN)
def test_plain_json_writes_what_json_dumps_writes(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("value", [1.5, {1: "a"}, {"a": object()}, b"bytes"])
def test_plain_json_refuses_what_it_does_not_write(value: object) -> None:
    with pytest.raises(TypeError):
        dumps(value)


@pytest.mark.parametrize("name", ["s.db", "a b?c#d%e.db", "déjà vu.db", "x;y&z=1.db"])
def test_the_read_only_uri_is_pathlibs(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.touch()
    link = tmp_path / f"link to {name}"
    os.symlink(target, link)
    for path in (target, link, Path(os.path.relpath(target))):
        assert file_uri(str(path)) == path.resolve().as_uri()


def test_show_reads_a_store_whose_name_needs_escaping(tmp_path: Path) -> None:
    """`?` and `#` would end the file name of a URI written as it stands."""
    db = tmp_path / "odd ?#% déjà.db"
    assert cli("--db", str(db), "add", "Call mum ~10m :: dial")[0] == 0
    # the store is that very file: no "odd " beside it holding the task
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [db.name]
    code, out, err = cli("--db", str(db), "show", "1", "--json")
    assert (code, err) == (0, "")
    shown = json.loads(out)
    assert (shown["title"], shown["estimate"]) == ("Call mum", 10)
    assert [s["title"] for s in shown["steps"]] == ["dial"]
    code, text, _ = cli("--db", str(db), "show", "1")
    assert code == 0 and text.startswith("1 · Call mum · open") and "  1. · dial" in text
