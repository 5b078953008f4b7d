"""Who the demo's made-up user is: how busy, what kinds of work, which names and
places fill the titles, how long each blocker makes them wait, and which nudges
really work for them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """How much history, and how busy the user is."""

    weeks: int = 12  # full weeks before this one (which is there too, so far)
    tasks_per_week: tuple[float, float] = (10, 20)
    chunks_per_task: tuple[int, int] = (2, 5)
    # Scales the chance a session gets its step done: below 1, steps take more sessions.
    done_scale: float = 1.0
    swap_rate: float = 0.05  # sessions preceded by "another nudge, please"
    commitment_rate: float = 0.85  # weeks with a commitment
    old_waiting: int = 7  # tasks from earlier weeks never started (the review's "still waiting")
    small_open: int = 3  # small things open right now
    missed_now: int = 2  # missed starts right now
    avoid_overlap: bool = True  # one timer at a time (off for benchmark volumes)
    # The real coach (Thompson sampling) picks the nudges; off: a cheaper stand-in that
    # also favours what worked, for benchmark volumes.
    thompson: bool = True


DEMO = Profile()


def heavy_profile(tasks: int = 20_000, years: float = 5.0) -> Profile:
    """A years-long heavy user: ~5 steps a task and ~2 sessions a step."""
    weeks = max(2, round(years * 52.18))
    per_week = tasks / weeks
    return Profile(
        weeks=weeks,
        tasks_per_week=(per_week * 0.8, per_week * 1.2),
        chunks_per_task=(4, 8),
        done_scale=0.66,
        swap_rate=0.03,
        commitment_rate=0.95,
        old_waiting=10,
        avoid_overlap=False,
        thompson=False,
    )


# -- what the simulated user does ---------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of work: titles, tags, estimates, and why such tasks tend to wait."""

    name: str
    weight: float
    titles: tuple[str, ...]
    tags: tuple[str, ...]
    estimates: tuple[int, ...]
    blockers: tuple[tuple[str, float], ...]


KINDS: tuple[Kind, ...] = (
    Kind("write", 1.4, (
        "Write the Q{q} report", "Draft the blog post on {topic}",
        "Write {person}'s reference letter", "Write up the notes from the {topic} workshop",
        "Draft the {topic} proposal", "Write the intro chapter of the thesis",
        "Rewrite the README for the {topic} project",
    ), ("work", "writing"), (45, 60, 90, 120, 180),
        (("perfectionism", 4), ("fear", 2), ("overwhelm", 3), ("deadline", 2), ("none", 2))),
    Kind("email", 1.5, (
        "Reply to {person} about the {topic} plan", "Email {org} about the refund",
        "Answer {person}'s questions on the {topic} draft", "Get back to {person} about dinner",
        "Email the landlord about the heating", "Reply to the recruiter",
    ), ("work",), (5, 10, 15, 20),
        (("boredom", 2), ("fear", 2), ("none", 4), ("deadline", 1))),
    Kind("call", 1.0, (
        "Call {org} about the bill", "Call mum back", "Phone the garage about the {thing}",
        "Call {person} about the weekend", "Ring the council about the bins",
    ), ("home",), (5, 10, 15, 20),
        (("fear", 3), ("boredom", 2), ("none", 3), ("deadline", 1))),
    Kind("clean", 1.0, (
        "Clean the bathroom", "Do the laundry", "Tidy the desk", "Clean the oven",
        "Wash the windows", "Hoover the stairs and the {room}",
    ), ("home",), (15, 20, 30, 45, 60),
        (("boredom", 5), ("none", 2), ("deadline", 1), ("overwhelm", 1))),
    Kind("study", 1.0, (
        "Study chapter {n} for the {course} exam", "Revise the {course} notes",
        "Read the paper on {topic}", "Learn the {course} formulas",
    ), ("study",), (30, 45, 60, 90),
        (("overwhelm", 2), ("boredom", 3), ("deadline", 3), ("fear", 1), ("none", 1))),
    Kind("fix", 0.9, (
        "Fix the leaking tap", "Fix the login bug", "Repair the bike's brakes",
        "Fix the flaky CI test", "Fix the squeaky {room} door",
    ), ("home",), (20, 30, 45, 60, 90),
        (("overwhelm", 2), ("fear", 1), ("boredom", 1), ("none", 3))),
    Kind("plan", 0.8, (
        "Plan the team offsite", "Plan next week", "Plan {person}'s birthday party",
        "Outline the Q{q} roadmap", "Plan the trip to {city}",
    ), ("work",), (20, 30, 45, 60),
        (("overwhelm", 3), ("perfectionism", 2), ("none", 2), ("deadline", 1))),
    Kind("taxes", 0.6, (
        "Do the tax return", "Sort the receipts for the tax return",
        "Send the invoices for {month}", "File the expenses for the {city} trip",
        "Update the budget spreadsheet",
    ), ("admin", "money"), (30, 60, 90, 120),
        (("fear", 3), ("overwhelm", 3), ("boredom", 3), ("deadline", 3))),
    Kind("shop", 0.8, (
        "Buy a present for {person}", "Order printer ink", "Buy groceries for the week",
        "Buy new running shoes",
    ), ("errand",), (10, 15, 30, 45),
        (("none", 4), ("boredom", 2), ("deadline", 1))),
    Kind("cook", 0.6, (
        "Cook a big batch of chili", "Bake bread for Sunday", "Meal-prep lunches for the week",
    ), ("home",), (30, 45, 60, 90),
        (("none", 3), ("boredom", 2))),
    Kind("exercise", 0.8, (
        "Go for a 5k run", "Yoga session", "Gym: legs day", "Swim 20 lengths",
    ), ("health",), (30, 45, 60),
        (("boredom", 3), ("none", 3), ("deadline", 1), ("fear", 1))),
    Kind("book", 0.7, (
        "Book a dentist appointment", "Book the car's service", "Book a haircut",
        "Book the train to {city}", "Book a doctor's appointment about the {thing}",
    ), ("admin",), (5, 10, 15),
        (("fear", 2), ("boredom", 2), ("none", 3), ("deadline", 2))),
    Kind("pay", 0.5, (
        "Pay the electricity bill", "Pay the {month} rent", "Renew the car insurance",
    ), ("admin", "money"), (5, 10, 15),
        (("boredom", 3), ("none", 3), ("deadline", 2))),
    Kind("code", 0.9, (
        "Refactor the import module", "Implement the CSV export", "Write tests for the parser",
        "Script the weekly {topic} backup",
    ), ("work", "code"), (45, 60, 90, 120),
        (("overwhelm", 2), ("perfectionism", 3), ("none", 3), ("boredom", 1))),
)  # fmt: skip

SMALL_TITLES = (
    "Reply to {person}'s text", "Confirm the dentist appointment", "Send {person} the slides",
    "Pay the window cleaner", "RSVP to {person}'s party", "Forward the invoice to {person}",
    "Text {person} the address", "Sign the school form",
)  # fmt: skip

SMALL_BLOCKERS = (("none", 4.0), ("boredom", 2.0), ("fear", 1.0))

FILL = {
    "person": ("Sam", "Priya", "Jonas", "Mia", "Tom", "Aisha", "Lea", "Marco", "Ines", "Ben"),
    "org": ("the bank", "the insurance", "the phone company", "the airline", "the gym"),
    "topic": ("pricing", "onboarding", "API redesign", "remote work", "accessibility", "search"),
    "q": ("1", "2", "3", "4"),
    "n": ("3", "4", "5", "6", "7", "8"),
    "course": ("statistics", "German", "accounting", "biology"),
    "month": ("October", "November", "December", "September"),
    "city": ("Leipzig", "Lyon", "Porto", "Vienna", "Ghent"),
    "thing": ("clutch", "rash", "back pain", "brakes"),
    "room": ("kitchen", "hall", "bedroom"),
}

# Median hours from ready time to the first start, by the blocker the user names.
# Overwhelm and fear wait longest; a dull task waits a little; "nothing" hardly at all.
FIRST_DELAY_HOURS = {
    "none": 3.0,
    "boredom": 10.0,
    "deadline": 30.0,
    "perfectionism": 22.0,
    "fear": 44.0,
    "overwhelm": 50.0,
}

# How often each nudge really helps this user. Some clearly beat others.
NUDGE_EFFECT = {
    "five-minutes": 0.80, "two-minute-start": 0.86, "first-move": 0.55, "small-and-rough": 0.40,
    "practice-round": 0.74, "name-the-worry": 0.45, "clean-slate": 0.60, "just-look": 0.82,
    "rough-draft": 0.86, "good-enough": 0.62, "finish-line": 0.40, "stop-mid-sentence": 0.55,
    "treat-while-you-work": 0.80, "beat-the-clock": 0.66, "reward-at-the-bell": 0.50,
    "smallest-dull-bit": 0.35,
    "own-deadline": 0.45, "ten-minutes-now": 0.82, "leave-it-open": 0.55,
    "three-days-early": 0.35,
}  # fmt: skip
DEFAULT_EFFECT = 0.6
JUST_GO_EFFECT = 0.86  # "Nothing — just go": the timer alone, no nudge

COMMITMENTS = (
    "When I sit down with my first coffee, I will start the top task for five minutes",
    "When I close my laptop at lunch, I will reply to one message that's waiting",
    "When I want to check my email, I will do two minutes of the next step first",
    "When it's Monday 9:00, I will open the tax folder and sort one receipt",
    "When I catch myself polishing, I will send it as it is",
    "When a task scares me, I will write the worst case in one line and start anyway",
    "When I get home on Wednesday, I will put on my running shoes",
    "When the stand-up ends, I will start the timer before opening Slack",
    "When I plan tomorrow, I will make every first step five minutes or less",
    "When I think there's still time, I will set my own deadline a day earlier",
)
