"""The settings file: where it lives, what it may say, and that reading it is cheap."""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from datetime import time as clock_time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startnow.cli import main
from startnow.config import (
    DEFAULT_TEXT,
    DEFAULTS,
    Settings,
    as_toml,
    config_dir,
    config_path,
    load_settings,
    parse_simple,
)
from startnow.errors import StartnowError


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    monkeypatch.setenv("STARTNOW_CONFIG", str(path))
    return path


def test_first_load_writes_a_commented_default_file_that_means_the_defaults(cfg: Path) -> None:
    assert not cfg.exists()
    assert load_settings() == DEFAULTS
    assert cfg.read_text() == DEFAULT_TEXT
    assert tomllib.loads(DEFAULT_TEXT) == {}  # every setting commented out
    for line in as_toml(DEFAULTS).splitlines():  # ...and each one, uncommented, is valid
        assert f"# {line}" in DEFAULT_TEXT
    assert load_settings() == DEFAULTS


def test_an_existing_file_is_never_overwritten(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text("focus_minutes = 30\n")
    assert load_settings().focus_minutes == 30
    assert cfg.read_text() == "focus_minutes = 30\n"


def test_an_unwritable_config_dir_does_not_break_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("STARTNOW_CONFIG", str(blocker / "config.toml"))
    assert load_settings() == DEFAULTS


def test_every_key_is_read(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text(
        "focus_minutes = 30\nbreak_minutes = 10\ngrace_minutes = 0\n"
        'day_start = "07:30"  # early bird\nweek_start = "Monday"\nnotifications = false\n'
        'theme = "nord"\nspiciness = 3\ncoach = "thompson"\n'
    )
    assert load_settings() == Settings(
        focus_minutes=30, break_minutes=10, grace_minutes=0, day_start=clock_time(7, 30),
        week_start="monday", notifications=False, theme="nord", spiciness=3, coach="thompson",
    )  # fmt: skip


def test_a_toml_local_time_works_for_day_start(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text("day_start = 08:15:00\n")
    assert load_settings().day_start == clock_time(8, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('focus_minutes = "abc"',
         'focus_minutes must be a whole number of minutes from 1 to 180, got "abc"'),
        ("focus_minutes = 0",
         "focus_minutes must be a whole number of minutes from 1 to 180, got 0"),
        ("focus_minutes = true", "focus_minutes must be a whole number of minutes from 1 to 180, "
         "got true"),
        ("break_minutes = 2.5", "break_minutes must be a whole number of minutes from 1 to 60, "
         "got 2.5"),
        ("grace_minutes = -1", "grace_minutes must be a whole number of minutes from 0 to 1440"),
        ('day_start = "9am"', 'day_start must be a time of day like "09:00" (24-hour HH:MM), '
         'got "9am"'),
        ('week_start = "sunday"', 'week_start must be "monday": weeks are ISO weeks, Monday to '
         'Sunday, got "sunday"'),
        ('notifications = "yes"', 'notifications must be true or false, got "yes"'),
        ('theme = "Not A Theme!"', "theme must be a Textual theme name"),
        ("spiciness = 4", "spiciness must be a whole number from 1 to 3, got 4"),
        ('coach = "oracle"', 'coach must be "learner" or "thompson", got "oracle"'),
        ("focus_minute = 25", 'unknown setting "focus_minute" (known: focus_minutes,'),
        ("[focus]\nminutes = 3", 'unknown setting "focus"'),
        ("focus_minutes = ", "not valid TOML"),
        ("focus_minutes = 25\nfocus_minutes = 30", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_mistake_is_one_line_naming_the_file_and_key(cfg: Path, text: str, message: str) -> None:
    cfg.parent.mkdir()
    cfg.write_text(text + "\n")
    with pytest.raises(StartnowError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"{cfg}: {message}")
    assert "\n" not in str(caught.value)


def test_the_cli_reports_a_bad_file_and_still_tells_where_it_is(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg.parent.mkdir()
    cfg.write_text('focus_minutes = "abc"\n')
    assert main(["config", "show"]) == 1
    assert capsys.readouterr().err == (
        f"startnow: {cfg}: focus_minutes must be a whole number of minutes from 1 to 180, "
        'got "abc"\n'
    )
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{cfg}\n"


def test_config_path_writes_the_default_and_show_prints_what_is_in_force(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{cfg}\n"
    assert cfg.read_text() == DEFAULT_TEXT
    cfg.write_text(DEFAULT_TEXT.replace("# focus_minutes = 25", "focus_minutes = 40"))
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"# settings in force (file: {cfg})"
    assert "focus_minutes = 40" in out and 'day_start = "09:00"' in out
    assert tomllib.loads("\n".join(out[1:]))["focus_minutes"] == 40


def test_the_linux_config_dir_matches_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from startnow.paths import default_config_dir

    monkeypatch.delenv("STARTNOW_CONFIG", raising=False)
    for xdg in (None, str(tmp_path / "xdg"), "relative/xdg", ""):
        if xdg is None:
            monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
        assert config_dir() == default_config_dir(), xdg
        assert config_path() == default_config_dir() / "config.toml"


def test_loading_an_existing_file_costs_under_a_millisecond(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text(DEFAULT_TEXT.replace("# focus_minutes = 25", "focus_minutes = 30")
                   .replace('# day_start = "09:00"', 'day_start = "08:00"'))  # fmt: skip
    best = min(_timed(load_settings) for _ in range(50))
    assert best < 0.001, f"{best * 1000:.2f} ms"


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_quick_add_reads_a_plain_config_without_loading_tomllib(cfg: Path) -> None:
    cfg.parent.mkdir()
    cfg.write_text(DEFAULT_TEXT.replace("# focus_minutes = 25", "focus_minutes = 30"))
    code = (
        "import sys\nfrom startnow.config import load_settings\n"
        "assert load_settings().focus_minutes == 30\n"
        "assert 'tomllib' not in sys.modules and 'platformdirs' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


SIMPLE_LINES = st.one_of(
    st.sampled_from(["", "   ", "# comment", "\t# tabbed", "a = 1", "b=true", 'c = "x y"',
                     "d = false # why", 'e = "#not a comment"', "f = 007", "g = 1_000",
                     "h = +3", "i = 'single'", 'j = "esc\\"aped"', "k.l = 1", "m = 1 2",
                     '"n" = 1', "o = [1]", "p = 0", "q = 12 # ", "a = 2", "r = \"\"",
                     "s = tru", "[table]", 'u = "tab\there"']),
    st.text(alphabet="abc =#\"'\t01_-.\x01\r١é", max_size=12),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(SIMPLE_LINES, max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_the_fast_reader_agrees_with_tomllib_or_defers_to_it(
    lines: list[str], newline: str
) -> None:
    text = newline.join(lines)
    fast = parse_simple(text)
    if fast is None:
        return
    assert fast == tomllib.loads(text)


async def test_the_app_uses_the_theme_of_the_settings(tmp_path: Path) -> None:
    from startnow.app import StartnowApp
    from startnow.services.all_services import Services

    services = Services.open(tmp_path / "s.db", settings=Settings(theme="nord"))
    try:
        app = StartnowApp(services, watch_seconds=0, notify_desktop=False)
        async with app.run_test(size=(80, 24)):
            assert app.theme == "nord"
        odd = StartnowApp(
            Services(services.store, services.clock, Settings(theme="no-such"), services.rng),
            watch_seconds=0,
            notify_desktop=False,
        )
        async with odd.run_test(size=(80, 24)):
            assert odd.theme == "textual-dark"
    finally:
        services.close()
