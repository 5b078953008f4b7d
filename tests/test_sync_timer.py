"""`startnow sync --install` / `--uninstall`: one sync now, then a systemd
user timer (or a crontab line) that keeps syncing; refused in one line when
the sync itself or the interval would not work."""

from __future__ import annotations

from pathlib import Path

import pytest

from startnow.commands.sync import UNIT
from tests.helpers import fake_systemctl
from tests.sync_machines import Machine


@pytest.fixture
def units(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "systemd" / "user"


@pytest.fixture
def laptop(tmp_path: Path) -> Machine:
    shared = tmp_path / "shared"
    shared.mkdir()
    return Machine(tmp_path, "laptop", shared)


def test_install_syncs_once_then_writes_and_starts_the_timer_and_uninstall_removes_it(
    laptop: Machine, units: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = fake_systemctl(tmp_path, monkeypatch)
    assert laptop.run(monkeypatch, "add", "Call mum")[0] == 0
    code, out, err = laptop.run(monkeypatch, "sync", str(laptop.folder), "--install",
                                "--every", "15m")  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Synced: sent 1 change(s)."
    assert "Started: it syncs every 15 minutes" in out
    assert len(list(laptop.folder.glob("*/*.changeset"))) == 1  # the sync ran first
    service = (units / f"{UNIT}.service").read_text()
    assert f"--db {laptop.db} sync {laptop.folder.resolve()}" in service
    assert "Type=oneshot" in service and "KillMode" not in service
    timer = (units / f"{UNIT}.timer").read_text()
    assert "OnCalendar=*:0/15" in timer and "every 15 minutes" in timer
    assert log.read_text().splitlines() == [
        "--user daemon-reload", f"--user enable --now {UNIT}.timer"]  # fmt: skip
    code, out, _ = laptop.run(monkeypatch, "sync", "--uninstall")
    assert code == 0 and out.startswith(f"Removed {UNIT}.timer, {UNIT}.service")
    assert log.read_text().splitlines()[2:] == [
        f"--user disable --now {UNIT}.timer", "--user daemon-reload"]  # fmt: skip
    assert not any(units.iterdir())


def test_a_folder_from_the_settings_is_left_to_the_settings(
    laptop: Machine, units: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    own_config: Path,
) -> None:  # fmt: skip
    fake_systemctl(tmp_path, monkeypatch)
    own_config.parent.mkdir(parents=True, exist_ok=True)
    own_config.write_text(f'sync = "{laptop.folder}"\n')
    assert laptop.run(monkeypatch, "sync", "--install")[0] == 0
    service = (units / f"{UNIT}.service").read_text()
    [start] = [line for line in service.splitlines() if line.startswith("ExecStart=")]
    assert start.endswith(f"--db {laptop.db} sync")  # no folder: the setting's, at each run
    assert "OnCalendar=*:0/5" in (units / f"{UNIT}.timer").read_text()


def test_without_systemd_it_prints_the_crontab_line(
    laptop: Machine, units: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-systemctl"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    code, out, _ = laptop.run(monkeypatch, "sync", str(laptop.folder), "--install",
                              "--every", "1h")  # fmt: skip
    assert code == 0
    assert out.splitlines()[-1].startswith("0 * * * * ")
    assert out.splitlines()[-1].endswith(f"sync {laptop.folder.resolve()}")
    assert "OnCalendar=*:00" in (units / f"{UNIT}.timer").read_text()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--every", "7m"), "a timer runs every 1, 2, 3"),
        (("--every", "90s"), "a timer runs every"),
        (("--json",), "not with --install"),
    ],
)
def test_an_interval_a_timer_cannot_keep_or_json_is_one_line_and_nothing_is_done(
    laptop: Machine, units: Path, monkeypatch: pytest.MonkeyPatch,
    extra: tuple[str, ...], message: str,
) -> None:  # fmt: skip
    code, out, err = laptop.run(monkeypatch, "sync", str(laptop.folder), "--install", *extra)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err
    assert list(laptop.folder.iterdir()) == [] and not units.exists()


def test_a_sync_that_fails_writes_no_timer(
    laptop: Machine, units: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert laptop.run(monkeypatch, "add", "Call mum")[0] == 0
    code, out, err = laptop.run(monkeypatch, "sync", str(laptop.db.parent), "--install")
    assert code == 1 and out == "" and "inside the sync folder" in err
    assert not units.exists()


def test_uninstall_with_no_timer_says_so(
    laptop: Machine, units: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = laptop.run(monkeypatch, "sync", "--uninstall")
    assert code == 0 and out == f"No {UNIT}.timer in {units}.\n"
