"""Breakdown templates: realistic titles find the right kind of work, and every
suggestion starts with a physical action of five minutes or less."""

from __future__ import annotations

import pytest

from startnow.domain.resources import DataFileError, load_toml
from startnow.domain.templates import (
    GENERIC_ID,
    TemplateDataError,
    load_templates,
    match_template,
    parse_templates,
    parse_templates_toml,
    smaller_first_step,
    suggest_chunks,
)

TITLES = [
    ("Write the quarterly report", "write"),
    ("Draft the blog post about onboarding", "write"),
    ("Write chapter 3 of the thesis", "write"),
    ("Finish the essay on Kant", "write"),
    ("Reply to Sam about Friday", "email"),
    ("Email the landlord about the leak", "email"),
    ("Answer Priya's message", "email"),
    ("Write an email to the bank", "email"),
    ("Clear my inbox", "email"),
    ("Call the dentist", "call"),
    ("Phone the bank about the card", "call"),
    ("Ring mum", "call"),
    ("Clean the bathroom", "clean"),
    ("Tidy the desk", "clean"),
    ("Do the laundry", "clean"),
    ("Hoover the stairs", "clean"),
    ("Study for the biology exam", "study"),
    ("Read chapter 4 of the textbook", "study"),
    ("Revise for Thursday's test", "study"),
    ("Fix the squeaky hinge", "fix"),
    ("Debug the checkout crash", "fix"),
    ("Repair the bike's flat tyre", "fix"),
    ("Replace the kitchen light bulb", "fix"),
    ("Fix my phone screen", "fix"),
    ("Implement the search feature", "code"),
    ("Refactor the billing code", "code"),
    ("Write a Python script to rename photos", "code"),
    ("Plan the team offsite", "plan"),
    ("Organise Sam's birthday party", "plan"),
    ("Outline the Q3 roadmap", "plan"),
    ("Apply for the Berlin job", "apply"),
    ("Renew the car insurance", "apply"),
    ("Fill in the school trip form", "apply"),
    ("Renew my passport", "apply"),
    ("Do my taxes", "taxes"),
    ("Submit the expense report", "taxes"),
    ("Set up a monthly budget", "taxes"),
    ("Buy a birthday present for mum", "shop"),
    ("Do the grocery shopping", "shop"),
    ("Buy a new phone", "shop"),
    ("Order new glasses", "shop"),
    ("Cook dinner for the Smiths", "cook"),
    ("Bake a cake for Sam", "cook"),
    ("Go to the gym", "exercise"),
    ("Go for a run", "exercise"),
    ("Yoga before work", "exercise"),
    ("Book a haircut", "book"),
    ("Make a doctor's appointment", "book"),
    ("Book a taxi to the airport", "book"),
    ("Book flights to Lisbon", "book"),
    ("Declutter the wardrobe", "declutter"),
    ("Clear out the garage", "declutter"),
    ("Take old clothes to the charity shop", "declutter"),
    ("Practise piano", "practise"),
    ("Learn Spanish vocab", "practise"),
    ("Practice the guitar solo", "practise"),
    ("Prepare the slides for Monday's talk", "talk"),
    ("Rehearse the talk", "talk"),
    ("Write the wedding speech", "talk"),
    ("Research standing desks", "research"),
    ("Compare energy tariffs", "research"),
    ("Look into nursery options", "research"),
    ("Pack for Berlin", "pack"),
    ("Move house: get boxes", "pack"),
    ("Pay the water bill", "pay-bill"),
    ("Pay the rent", "pay-bill"),
    ("Pay council tax", "pay-bill"),
    # no known kind of work: the generic fallback, and no false matches on stems
    ("Water the plants", GENERIC_ID),  # "plan$" is not "plants"
    ("Get ready for the party", GENERIC_ID),  # "read$" is not "ready"
    ("Think about the holiday", GENERIC_ID),
    ("Ask Jo about the keys", GENERIC_ID),
    ("Send the package to Anna", GENERIC_ID),  # "pack$" is not "package"
    ("Rewire the doorbell", GENERIC_ID),
]


def test_there_are_at_least_fifty_titles_and_twenty_kinds() -> None:
    assert len(TITLES) >= 50
    kinds = {t.id for t in load_templates()} - {GENERIC_ID}
    assert len(kinds) >= 20
    assert kinds <= {kind for _, kind in TITLES}, "every kind has a title in the test"


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_title_matches_its_kind_of_work(title: str, expected: str) -> None:
    assert match_template(title).id == expected


@pytest.mark.parametrize("spiciness", [1, 2, 3])
@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_first_suggestion_is_a_start_too_small_to_refuse(
    title: str, expected: str, spiciness: int
) -> None:
    chunks = suggest_chunks(title, spiciness)
    assert chunks, title
    assert chunks[0].minutes <= 5
    assert chunks[0].title.strip()
    assert all(c.title.strip() and c.minutes >= 1 for c in chunks)


def test_higher_spiciness_gives_more_steps_for_every_template() -> None:
    for template in load_templates():
        counts = [len(template.steps_at(s)) for s in (1, 2, 3)]
        assert counts[0] < counts[1] < counts[2], (template.id, counts)
        assert counts[0] >= 2, template.id


def test_spiciness_is_clamped_to_one_to_three() -> None:
    title = "Write the quarterly report"
    assert suggest_chunks(title, 0) == suggest_chunks(title, 1)
    assert suggest_chunks(title, 9) == suggest_chunks(title, 3)
    with pytest.raises(TypeError):
        suggest_chunks(title, "hot")  # type: ignore[arg-type]


def test_more_keywords_beat_file_order() -> None:
    # "cover letter" is apply; "letter" alone is write
    assert match_template("Write a cover letter for the Berlin application").id == "apply"
    assert match_template("Write a letter to grandma").id == "write"


def test_generic_first_step_is_a_physical_action() -> None:
    first = suggest_chunks("Think about the holiday", 1)[0]
    assert first.title == "open what you need and write down the very first step"
    assert first.minutes == 5


def test_smaller_first_step_names_a_physical_action() -> None:
    # a whole task, or a later step of a template: that kind's first action
    assert smaller_first_step("Write the quarterly report").title.startswith("open the doc")
    assert smaller_first_step("write the rest, rough — no editing yet").title.startswith(
        "open the doc"
    )
    # an unknown chunk: its own first minutes, capped
    step = smaller_first_step("the hard part", 5)
    assert step.minutes == 5 and "the hard part" in step.title
    # never the same title as the chunk it goes in front of, never over the cap
    first = "open the doc and write one rough sentence"
    again = smaller_first_step(first, 2)
    assert again.title != first and first in again.title and again.minutes == 2
    for title, _ in TITLES:
        for minutes in (2, 5):
            chunk = smaller_first_step(title, minutes)
            assert 1 <= chunk.minutes <= minutes and chunk.title.strip()


def test_first_step_of_every_template_is_level_one_and_small() -> None:
    for template in load_templates():
        assert template.steps[0].level == 1 and template.steps[0].minutes <= 5, template.id


# -- bad data names the entry ------------------------------------------------------


def shipped() -> dict:
    return load_toml("templates.toml")


def error_for(data: dict) -> str:
    with pytest.raises(TemplateDataError) as info:
        parse_templates(data)
    return str(info.value)


def test_first_step_over_five_minutes_is_refused() -> None:
    data = shipped()
    data["template"][0]["steps"][0]["minutes"] = 15
    message = error_for(data)
    assert 'templates.toml: template #1 ("email")' in message
    assert "steps[1]" in message and "5 minutes" in message


def test_bad_minutes_level_and_unknown_keys_name_the_entry() -> None:
    data = shipped()
    data["template"][2]["steps"][3]["minutes"] = 0
    assert 'template #3 ("shop"): steps[4].minutes must be 1..240, got 0' in error_for(data)
    data = shipped()
    data["template"][1]["steps"][1]["level"] = 4
    assert 'template #2 ("fix"): steps[2].level must be 1..3, got 4' in error_for(data)
    data = shipped()
    data["template"][4]["colour"] = "red"
    assert 'template #5 ("pay-bill"): unknown key colour' in error_for(data)


def test_duplicate_id_bad_keyword_and_missing_generic() -> None:
    data = shipped()
    data["template"][1]["id"] = "email"
    assert 'template #2 ("email"): duplicate id, already used by template #1' in error_for(data)
    data = shipped()
    data["template"][0]["keywords"].append("Email!")
    assert "template #1 (\"email\"): keyword 'Email!'" in error_for(data)
    data = shipped()
    data["template"] = [t for t in data["template"] if t["id"] != GENERIC_ID]
    assert 'no "generic" template' in error_for(data)


def test_bad_toml_names_the_file_and_line() -> None:
    with pytest.raises(TemplateDataError, match=r"templates.toml: not valid TOML: .*line 2"):
        parse_templates_toml('[[template]]\nid = "x\n')


def test_a_missing_data_file_is_a_clear_error() -> None:
    with pytest.raises(DataFileError, match="nope.toml: missing"):
        load_toml("nope.toml")
