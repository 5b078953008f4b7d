"""Reading a `<when>` phrase left to right: which items may join it, and where it ends."""

from __future__ import annotations

from datetime import time

from startnow.domain.dates.words import DateParseError, Match, match_item

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a dated quick add)
if TYPE_CHECKING:
    from startnow.domain.dates.words import Day, Exact


class Phrase:
    """What a scan has understood so far, with the words behind each part."""

    __slots__ = ("day", "day_words", "clock", "clock_words", "soft", "exact", "exact_words",
                 "weekday", "weekday_words")  # fmt: skip

    def __init__(self) -> None:
        self.day: Day | None = None
        self.day_words = ""
        self.weekday: int | None = None  # `fri dec 4`: the date's weekday, to check
        self.weekday_words = ""
        self.clock: time | None = None
        self.clock_words = ""
        self.soft: time | None = None
        self.exact: Exact | None = None
        self.exact_words = ""

    def clash(self, m: Match, words: str) -> str:
        """Why `m` cannot join this phrase ('' if it can)."""
        if self.exact is not None:
            return f'"{words}" can\'t be combined with "{self.exact_words}"'
        if m.exact is not None and (self.day is not None or self.clock is not None):
            earlier = self.day_words or self.clock_words
            return f'"{words}" can\'t be combined with "{earlier}"'
        if m.day is not None and self.day is not None and not self.dated_weekday(m.day):
            return f'"{words}" and "{self.day_words}" both name a day: use one'
        if m.clock is not None and self.clock is not None:
            return f'"{words}" and "{self.clock_words}" both name a time: use one'
        return ""

    def dated_weekday(self, day: Day) -> bool:
        """Whether `day` and the day already read are a weekday and a date, in
        either order (`fri dec 4`, `4 dec fri`): the date counts, the weekday
        is checked against it."""
        kinds = {self.day[0], day[0]} if self.day is not None else set()
        plain_weekday = any(d[0] == "wd" and not d[2] for d in (self.day, day) if d)
        return self.weekday is None and plain_weekday and len(kinds & {"md", "abs"}) == 1

    def add(self, m: Match, words: str) -> None:
        if m.exact is not None:
            self.exact, self.exact_words = m.exact, words
        if m.day is not None and self.day is not None:  # a weekday and a date
            if m.day[0] == "wd":
                self.weekday, self.weekday_words = m.day[1], words
            else:
                assert self.day[0] == "wd"  # clash() lets only a weekday and a date meet
                self.weekday, self.weekday_words = self.day[1], self.day_words
                self.day, self.day_words = m.day, words
        elif m.day is not None:
            self.day, self.day_words = m.day, words
        if m.clock is not None:
            self.clock, self.clock_words = m.clock, words
        if m.soft is not None:
            self.soft = m.soft


def scan(raw: list[str], this_year: int) -> tuple[Phrase, int, str, str]:
    """Read items left to right; stop at the first word that does not fit.

    Returns the phrase, how many words it used, and why it stopped (message and
    offending words; empty when every word was used).
    """
    low = [w.lower() for w in raw]
    phrase = Phrase()
    i = 0
    while i < len(low):
        m = match_item(low, raw, i, this_year)
        if isinstance(m, str):
            return phrase, i, m, raw[i]
        words = " ".join(raw[i : i + m.n])
        if clash := phrase.clash(m, words):
            return phrase, i, clash, words
        if m.error:
            raise DateParseError(m.error, words)
        phrase.add(m, words)
        i += m.n
    return phrase, i, "", ""
