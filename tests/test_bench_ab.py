"""bench.startup_ab's own checks: a venv without startnow is one line, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.startup_ab import startnow_of


def test_a_venv_without_startnow_is_named_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        startnow_of(tmp_path)
    assert str(stopped.value) == f"bench: no startnow in {tmp_path} (pip install it there first)"


def test_a_venv_with_startnow_gives_its_script(tmp_path: Path) -> None:
    script = tmp_path / "bin" / "startnow"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    assert startnow_of(tmp_path) == script
