"""The shipped nudges load, cover every blocker and make the app do something;
bad data fails at load time with the entry named."""

from __future__ import annotations

import copy

import pytest

from startnow.domain.nudges import (
    BLOCKERS,
    NudgeAction,
    NudgeDataError,
    load_nudges,
    parse_nudges,
    parse_nudges_toml,
)
from startnow.domain.resources import load_toml


def shipped() -> dict:
    return copy.deepcopy(load_toml("nudges.toml"))


def error_for(data: dict) -> str:
    with pytest.raises(NudgeDataError) as info:
        parse_nudges(data)
    return str(info.value)


def test_the_shipped_file_loads_with_blockers_in_display_order() -> None:
    library = load_nudges()
    assert tuple(b.id for b in library.blockers) == BLOCKERS
    assert BLOCKERS[0] == "overwhelm" and BLOCKERS[-1] == "none"
    labels = {b.id: (b.label, b.words) for b in library.blockers}
    assert labels["fear"] == ("fear of failure", "I'm afraid it won't turn out well")
    assert labels["deadline"] == (
        "deadline habit",
        "There's still time; I work better under pressure",
    )
    assert labels["none"][1] == "Nothing — just go"


def test_every_blocker_has_enough_nudges() -> None:
    library = load_nudges()
    assert len(library.nudges) >= 16
    for blocker in BLOCKERS:
        wanted = 0 if blocker == "none" else 3  # "Nothing — just go" needs no nudge
        assert len(library.for_blocker(blocker)) >= wanted, blocker
    assert library.for_blocker("none") == ()
    assert len({n.id for n in library.nudges}) == len(library.nudges)


def test_every_nudge_does_something_and_reads_well() -> None:
    for nudge in load_nudges().nudges:
        assert nudge.action.does_something, nudge.id
        assert 0 < nudge.prior < 1
        for text in (nudge.title, nudge.words, nudge.why, nudge.source):
            assert text.strip() and len(text) <= 160, (nudge.id, text)


def test_overwhelm_always_shrinks_the_start() -> None:
    library = load_nudges()
    for nudge in library.for_blocker("overwhelm"):  # a start too small to refuse
        assert nudge.action.shrink_to is not None and nudge.action.shrink_to <= 5, nudge.id
        assert nudge.action.timer_minutes is None or nudge.action.timer_minutes <= 5


def test_lookup_by_id() -> None:
    library = load_nudges()
    assert library.get("five-minutes").blocker == "overwhelm"
    assert library.find("no-such-nudge") is None
    assert library.find(None) is None
    with pytest.raises(KeyError):
        library.get("no-such-nudge")


def test_five_minutes_is_the_wireframes_nudge() -> None:
    nudge = load_nudges().get("five-minutes")
    assert nudge.title == "Just five minutes"
    assert nudge.action.timer_minutes == 5 and nudge.action.shrink_to == 5
    assert nudge.action.describe("Write the quarterly report", 120) == (
        'a 5-minute timer on "open the doc and write one rough sentence", a new smaller first step'
    )


def test_describe_names_everything_the_app_will_do() -> None:
    action = NudgeAction(
        timer_minutes=15, rough_draft=True, self_deadline_hours=48, reward="a coffee",
        stop_mid_sentence=True,
    )  # fmt: skip
    assert action.describe("open the doc", 25) == (
        'a 15-minute timer on "open the doc"; rough-draft mode: no fixing, no rereading '
        "until the bell; your own deadline, 2 days from now; the reward: a coffee; "
        "at the bell, stop mid-sentence"
    )
    # a step already small enough is not shrunk; no timer of its own: the default
    assert NudgeAction(shrink_to=5).describe("find the bill", 2) == (
        'a 2-minute timer on "find the bill"'
    )


# -- bad data names the entry ----------------------------------------------------


def test_unknown_blocker() -> None:
    data = shipped()
    data["nudge"][2]["blocker"] = "laziness"
    message = error_for(data)
    assert message.startswith('nudges.toml: nudge #3 ("first-move"): unknown blocker')
    assert "'laziness'" in message


def test_timer_of_zero() -> None:
    data = shipped()
    data["nudge"][0]["action"]["timer_minutes"] = 0
    assert error_for(data) == (
        'nudges.toml: nudge #1 ("five-minutes"): action.timer_minutes must be 1..120, got 0'
    )


def test_duplicate_id() -> None:
    data = shipped()
    data["nudge"][5]["id"] = "five-minutes"
    assert error_for(data) == (
        'nudges.toml: nudge #6 ("five-minutes"): duplicate id, already used by nudge #1'
    )


def test_missing_words() -> None:
    data = shipped()
    del data["nudge"][4]["words"]
    assert error_for(data) == 'nudges.toml: nudge #5 ("practice-round"): words is missing'
    data = shipped()
    del data["blockers"]["fear"]["words"]
    assert error_for(data) == "nudges.toml: blockers.fear: words is missing"


def test_unknown_keys() -> None:
    data = shipped()
    data["nudge"][1]["colour"] = "red"
    assert 'nudge #2 ("two-minute-start"): unknown key colour' in error_for(data)
    data = shipped()
    data["nudge"][1]["action"]["timer"] = 5
    assert 'nudge #2 ("two-minute-start"): unknown key action.timer' in error_for(data)


def test_an_action_that_does_nothing() -> None:
    data = shipped()
    data["nudge"][3]["action"] = {"rough_draft": False}
    assert 'nudge #4 ("small-and-rough"): action does nothing' in error_for(data)
    data = shipped()
    del data["nudge"][3]["action"]
    assert 'nudge #4 ("small-and-rough"): action is missing' in error_for(data)


def test_wrong_types_and_ranges() -> None:
    data = shipped()
    data["nudge"][0]["action"]["timer_minutes"] = "5"
    assert "action.timer_minutes must be a whole number 1..120, got '5'" in error_for(data)
    data = shipped()
    data["nudge"][0]["action"]["rough_draft"] = "yes"
    assert "action.rough_draft must be true or false" in error_for(data)
    data = shipped()
    data["nudge"][0]["prior"] = 1.0
    assert 'nudge #1 ("five-minutes"): prior must be strictly between 0 and 1' in error_for(data)
    data = shipped()
    data["nudge"][0]["action"]["self_deadline_hours"] = 400
    assert "action.self_deadline_hours must be 1..336, got 400" in error_for(data)


def test_a_blocker_without_nudges_or_an_unknown_blocker_table() -> None:
    data = shipped()
    data["nudge"] = [n for n in data["nudge"] if n["blocker"] != "boredom"]
    assert error_for(data) == "nudges.toml: blockers.boredom: has no nudge"
    data = shipped()
    data["blockers"]["laziness"] = {"label": "laziness", "words": "meh"}
    assert "nudges.toml: blockers.laziness: unknown blocker" in error_for(data)


def test_bad_id_without_a_name_is_named_by_number() -> None:
    data = shipped()
    data["nudge"][6]["id"] = ""
    assert error_for(data).startswith("nudges.toml: nudge #7: id must not be empty")


def test_bad_toml() -> None:
    with pytest.raises(NudgeDataError) as info:
        parse_nudges_toml('[[nudge]]\nid = "five-minutes"\nblocker = overwhelm\n')
    message = str(info.value)
    assert message.startswith("nudges.toml: not valid TOML:")
    assert "line 3" in message


def test_a_smaller_first_step_done_last_time_is_not_proposed_again() -> None:
    """Essay with steps "outline; draft": the first start put the writing kind's
    first action in front and it got done; the next start must not put the
    same action in front again, but shrink the person's own next step."""
    from datetime import UTC, datetime

    from startnow.domain.chooser import Choice
    from startnow.domain.model import StepInfo, TaskInfo
    from startnow.domain.plan import plan_start

    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    nudge = load_nudges().get("five-minutes")
    fresh = TaskInfo(1, "Write essay", now, estimate=120, chunks=(
        StepInfo(1, 1, 0, "outline", None), StepInfo(2, 1, 1, "draft", None),
    ))  # fmt: skip
    first = plan_start(fresh, "overwhelm", Choice(nudge, ""), now, 25).new_first_step
    assert first is not None and first.title != "outline"
    after = TaskInfo(1, "Write essay", now, estimate=120, chunks=(
        StepInfo(3, 1, 0, first.title, 5, done_at=now),
        StepInfo(1, 1, 1, "outline", None), StepInfo(2, 1, 2, "draft", None),
    ))  # fmt: skip
    again = plan_start(after, "overwhelm", Choice(nudge, ""), now, 25).new_first_step
    assert again is not None and again.title != first.title
    assert "outline" in again.title and again.minutes == 5


def test_the_reward_line_ends_as_a_sentence() -> None:
    from types import SimpleNamespace

    from startnow.screens.after import opening_line

    rewarded = [n for n in load_nudges().nudges if n.action.reward]
    assert rewarded
    for nudge in rewarded:
        session = SimpleNamespace(id=1, outcome="completed")
        line = opening_line(session, nudge, load_nudges().praise)  # type: ignore[arg-type]
        assert line.endswith((".", "!", "?")), line


# ---- conditions and praise -------------------------------------------------------


def test_no_rough_draft_nudge_is_offered_on_a_fix() -> None:
    """ "No fixing, no rereading" on "Fix login bug" would tell them not to do the task."""
    import random

    from startnow.domain.chooser import choose_nudge

    library = load_nudges()
    rng = random.Random(5)
    for blocker in ("overwhelm", "fear", "perfectionism"):
        for titles in (("Fix login bug", "Fix login bug"), ("Ship 2.1", "debug: the crash")):
            picks = {
                choose_nudge(library, blocker, {}, rng, titles=titles).nudge for _ in range(60)
            }
            assert picks and not any(n.action.rough_draft for n in picks), (blocker, titles)
    picks = {choose_nudge(library, "perfectionism", {}, rng, titles=("Write the essay",)).nudge.id
             for _ in range(200)}  # fmt: skip
    assert "rough-draft" in picks  # a task it suits still gets it


def test_every_rough_draft_nudge_refuses_fixing_and_every_half_sentence_a_finish() -> None:
    for nudge in load_nudges().nudges:
        if nudge.action.rough_draft:
            assert {"fix", "debug", "edit"} <= nudge.not_for_verbs, nudge.id
        if nudge.action.stop_mid_sentence:
            assert "finished" in nudge.not_when, nudge.id


def test_conditions_are_checked() -> None:
    data = shipped()
    data["nudge"][0]["not_when"] = ["tuesday"]
    assert "not_when: unknown 'tuesday' (known: finished)" in error_for(data)
    data = shipped()
    data["nudge"][0]["not_for_verbs"] = ["Fix it"]
    assert "not_for_verbs: 'Fix it' must be one lowercase word" in error_for(data)
    data = shipped()
    data["nudge"][0]["not_for_verbs"] = "fix"
    assert "not_for_verbs must be a list of words" in error_for(data)
    data = shipped()
    data["nudge"][0]["only_when"] = ["finished"]
    assert "unknown key only_when" in error_for(data)


def test_just_go_takes_no_nudge() -> None:
    data = shipped()
    data["nudge"][0]["blocker"] = "none"
    assert "starts the timer at once: it takes no nudge" in error_for(data)


def test_praise_varies_by_session_and_is_checked() -> None:
    praise = load_nudges().praise
    assert len(set(praise.started)) >= 3 and len(set(praise.stopped)) >= 2
    lines = {praise.for_session(n, stopped=False) for n in range(1, 5)}
    assert len(lines) == 4  # four sessions in a row: four different lines
    assert praise.for_session(3, stopped=False) == praise.for_session(3, stopped=False)
    data = shipped()
    data["praise"]["started"] = []
    assert "praise: started must be a list of at least one line" in error_for(data)
    data = shipped()
    data["praise"]["cheers"] = ["yay"]
    assert "praise: unknown key cheers" in error_for(data)
