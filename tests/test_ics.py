"""`startnow export --format ics`: open tasks as VTODOs, focus sessions as
VEVENTs, read back by icalendar and by a small independent parser."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from startnow.cli import main
from startnow.clock import ManualClock
from startnow.services.all_services import Services
from tests.helpers import MORNING, spec


def unfold(text: str) -> list[tuple[str, dict[str, str], str]]:
    """RFC 5545 content lines, by hand: CRLF ends a line, CRLF + one space or
    tab continues it; NAME;PARAM=V:VALUE with the escapes undone."""
    assert "\n" not in text.replace("\r\n", ""), "bare LF line ends"
    logical = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    assert logical[-1] == ""
    out = []
    for line in logical[:-1]:
        assert len(line.encode()) <= 75 * 4  # (folded lines are rejoined; no runaway line)
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
        out.append((name.upper(), dict(p.split("=", 1) for p in params), value))
    return out


def components(lines: list[tuple[str, dict[str, str], str]], kind: str) -> list[dict[str, str]]:
    found, current = [], None
    for name, _params, value in lines:
        if name == "BEGIN" and value == kind:
            current = {}
        elif name == "END" and value == kind:
            found.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return found


def utc(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


@pytest.fixture
def filled(services: Services, clock: ManualClock) -> dict[str, int]:
    report = services.tasks.add(spec(
        "Write Q3 report, part 1; draft", planned_start=MORNING + timedelta(hours=1),
        due=MORNING + timedelta(days=4), tags=("work",),
        chunks=(("open the doc", 5), ("outline", 20)),
    ))  # fmt: skip
    call = services.tasks.add(spec("Call mum"))
    done = services.tasks.add(spec("Pay rent " + "long words " * 12))
    first = services.focus.start(report.id, report.chunks[0].id, 5, blocker="overwhelm")
    clock.advance(minutes=5)
    services.focus.finish(first.id, "completed")
    clock.advance(minutes=10)
    paid = services.focus.start(done.id, None, 10)
    clock.advance(minutes=3)
    services.focus.finish(paid.id, "completed")
    services.tasks.set_status(done.id, "done")
    clock.advance(minutes=1)
    services.focus.start(call.id, None, 25)  # still running
    return {"report": report.id, "call": call.id, "done": done.id}


def export(db_path: Path, out: Path) -> str:
    assert main(["--db", str(db_path), "export", "--format", "ics", "-o", str(out)]) == 0
    return out.read_bytes().decode("utf-8")


def test_open_tasks_are_todos_and_sessions_are_events(
    services: Services, filled: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    text = export(db_path, tmp_path / "s.ics")
    cal = icalendar.Calendar.from_ical(text)
    todos = [c for c in cal.walk("VTODO")]
    events = [c for c in cal.walk("VEVENT")]
    summaries = sorted(str(t["SUMMARY"]) for t in todos)
    assert summaries == ["Call mum", "Write Q3 report, part 1; draft"]
    report = next(t for t in todos if str(t["SUMMARY"]).startswith("Write"))
    assert report["DTSTART"].dt == MORNING + timedelta(hours=1)
    assert report["DUE"].dt == MORNING + timedelta(days=4)
    assert "open the doc" in str(report["DESCRIPTION"])
    assert len(events) == 3
    by_summary = {str(e["SUMMARY"]): e for e in events}
    step = by_summary["open the doc"]  # the step, not the task
    assert (step["DTSTART"].dt, step["DTEND"].dt) == (MORNING, MORNING + timedelta(minutes=5))
    paid = next(e for s, e in by_summary.items() if s.startswith("Pay rent"))
    assert paid["DTEND"].dt - paid["DTSTART"].dt == timedelta(minutes=3)
    running = by_summary["Call mum"]
    assert str(running["STATUS"]) == "TENTATIVE"
    assert running["DTEND"].dt - running["DTSTART"].dt == timedelta(minutes=25)


def test_a_second_parser_reads_the_same(
    services: Services, filled: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    lines = unfold(export(db_path, tmp_path / "s.ics"))
    assert lines[0] == ("BEGIN", {}, "VCALENDAR") and lines[-1] == ("END", {}, "VCALENDAR")
    todos, events = components(lines, "VTODO"), components(lines, "VEVENT")
    assert (len(todos), len(events)) == (2, 3)
    assert {t["SUMMARY"] for t in todos} == {"Call mum", "Write Q3 report, part 1; draft"}
    assert all({"UID", "DTSTAMP"} <= set(c) for c in todos + events)
    long = next(e for e in events if e["SUMMARY"].startswith("Pay rent"))
    assert long["SUMMARY"] == "Pay rent " + "long words " * 12  # folded, and unfolded intact
    step = next(e for e in events if e["SUMMARY"] == "open the doc")
    assert (utc(step["DTSTART"]), utc(step["DTEND"])) == (MORNING, MORNING + timedelta(minutes=5))
    assert len({c["UID"] for c in todos + events}) == 5


def test_uids_are_stable_across_exports_and_an_import(
    services: Services, filled: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    def uids(text: str) -> set[str]:
        return {c["UID"] for kind in ("VTODO", "VEVENT") for c in components(unfold(text), kind)}

    first = uids(export(db_path, tmp_path / "a.ics"))
    assert uids(export(db_path, tmp_path / "b.ics")) == first
    backup, copy = tmp_path / "backup.json", tmp_path / "copy.db"
    assert main(["--db", str(db_path), "export", "-o", str(backup)]) == 0
    assert main(["--db", str(copy), "import", str(backup)]) == 0
    assert uids(export(copy, tmp_path / "c.ics")) == first


def test_an_empty_store_is_a_valid_empty_calendar(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    cal = icalendar.Calendar.from_ical(export(db_path, tmp_path / "e.ics"))
    assert cal["VERSION"] == "2.0" and not cal.walk("VTODO") and not cal.walk("VEVENT")


def test_a_directory_is_refused_for_ics(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "export", "--format", "ics", "-o", str(tmp_path)]) == 2
    assert "iCalendar export writes one file" in capsys.readouterr().err


def test_a_sweep_item_of_no_length_from_an_older_version_is_no_event(
    services: Services, clock: ManualClock, db_path: Path, tmp_path: Path
) -> None:
    """Earlier versions kept a sweep of no length per small thing swept: no
    time to show, so no event; the sweep's own session is one."""
    import sqlite3

    first = services.tasks.add(spec("Reply to Anna", estimate=2))
    second = services.tasks.add(spec("Pay the water bill", estimate=2))
    sweep = services.workflows.start_sweep(first.next_step)
    clock.advance(minutes=2)
    services.workflows.sweep_done(second.next_step)
    services.workflows.end_sweep(sweep)
    services.close()
    at = int(clock().timestamp())
    conn = sqlite3.connect(db_path)
    with conn:  # the row an older version wrote for the second thing
        conn.execute(
            "INSERT INTO focus_session (task_id, kind, started_at, ended_at, planned_minutes, "
            "paused_seconds, outcome) VALUES (?, 'sweep', ?, ?, 1, 0, 'completed')",
            (second.id, at, at),
        )
    conn.close()
    events = list(icalendar.Calendar.from_ical(export(db_path, tmp_path / "s.ics")).walk("VEVENT"))
    assert [(str(e["SUMMARY"]), e["DTEND"].dt - e["DTSTART"].dt) for e in events] == [
        ("Reply to Anna", timedelta(minutes=2)),
    ]
