"""`startnow completion bash|zsh|fish`: each script is produced, parses in its
shell, names every command, and completes what it should."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from startnow.cli import COMMANDS, main
from startnow.commands.completion import (
    SHELLS,
    bash_script,
    command_specs,
    fish_script,
    spec_of,
    zsh_script,
)
from startnow.services.all_services import Services
from tests.helpers import spec

CHECKS = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "--no-execute"]}


def script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_names_every_command(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = script(shell, capsys)
    for name in COMMANDS:
        assert name in text, (shell, name)
    assert "completion ids" in text  # task ids come from startnow itself, with --db


@pytest.mark.parametrize("shell", SHELLS)
def test_each_script_parses_in_its_shell(
    shell: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which(CHECKS[shell][0]) is None:
        if shell == "bash":
            pytest.fail("bash is needed")
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"startnow.{shell}"
    path.write_text(script(shell, capsys))
    done = subprocess.run([*CHECKS[shell], str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def bash_complete(script_path: Path, words: list[str], env: dict[str, str]) -> list[str]:
    """What bash offers after `words` (the last one being the word being typed)."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    probe = (
        f"source '{script_path}'\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words) - 1}\n"
        '_startnow\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_options_and_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "startnow.bash"
    path.write_text(script("bash", capsys))
    env = dict(os.environ)
    assert bash_complete(path, ["startnow", "st"], env) == ["status"]
    assert bash_complete(path, ["startnow", "--db", "x.db", "rev"], env) == ["review"]
    assert bash_complete(path, ["startnow", "status", "--format", ""], env) == [
        "text", "json", "waybar", "tmux",
    ]  # fmt: skip
    assert bash_complete(path, ["startnow", "list", "--j"], env) == ["--json", "--jsonl"]
    assert bash_complete(path, ["startnow", "config", ""], env) == ["path", "show"]
    assert bash_complete(path, ["startnow", "completion", "z"], env) == ["zsh"]


def test_a_command_taking_a_task_id_completes_ids(
    db_path: Path, services: Services, tmp_path: Path
) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("task_id", type=int)
    parser.add_argument("--note")
    done = spec_of("done", "mark a task done", parser)
    assert done.positional == "ids"
    specs = [*command_specs(), done]
    for render in (bash_script, zsh_script, fish_script):
        assert "_startnow_ids" in render(specs) or "__startnow_ids" in render(specs)
    if shutil.which("startnow", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("no startnow console script beside this interpreter")
    services.tasks.add_many([spec("Call mum"), spec("Renew the car insurance")])
    path = tmp_path / "startnow.bash"
    path.write_text(bash_script(specs))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("STARTNOW_DB", None)
    offered = bash_complete(path, ["startnow", "--db", str(db_path), "done", ""], env)
    assert offered == ["1", "2"]  # from the --db on the line


def test_completion_ids_lists_open_tasks_with_titles(
    db_path: Path, services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    services.tasks.add_many([spec("Call mum"), spec("Pay rent\tnow")])
    services.tasks.set_status(1, "done")
    assert main(["--db", str(db_path), "completion", "ids"]) == 0
    assert capsys.readouterr().out == "2\tPay rent now\n"


def test_completion_ids_without_a_store_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path / "none.db"), "completion", "ids"]) == 0
    assert capsys.readouterr() == ("", "")


def test_an_unknown_shell_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "tcsh"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'tcsh'" in err and err.count("\n") == 1


def test_done_drop_edit_and_show_complete_task_ids(capsys: pytest.CaptureFixture[str]) -> None:
    by_name = {spec.name: spec for spec in command_specs()}
    for name in ("done", "drop", "edit", "show"):
        assert by_name[name].positional == "ids", name
    assert by_name["undo"].positional is None
    assert "--json" in [flag for o in by_name["show"].options for flag in o.flags]
    bash = script("bash", capsys)
    for name in ("done", "drop", "edit", "show"):
        assert f'{name}) COMPREPLY=($(compgen -W "$(_startnow_ids)"' in bash, name
