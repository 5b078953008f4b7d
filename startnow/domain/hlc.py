"""Hybrid logical clock stamps: the order sync's "later edit wins" goes by.

A stamp is wall time (milliseconds) plus a counter plus the machine's id. The
wall part keeps stamps close to real time; the counter and the rule that a
machine's clock never goes below any stamp it has seen (`observe`) keep cause
before effect even when the two machines' clocks are minutes apart: an edit
made after seeing another machine's change always stamps later than it. Two
edits that never saw each other are ordered by wall time, then counter, then
machine id, so every machine breaks a tie the same way.

Stamps are fixed-width text, so they compare as strings (and in SQL).
"""

from __future__ import annotations

from dataclasses import dataclass

WALL_DIGITS = 13  # milliseconds since 1970 until the year 2286
COUNTER_DIGITS = 6


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    machine: str

    @property
    def text(self) -> str:
        return f"{self.wall_ms:0{WALL_DIGITS}d}-{self.counter:0{COUNTER_DIGITS}d}-{self.machine}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        wall, counter, machine = text.split("-", 2)
        if len(wall) != WALL_DIGITS or len(counter) != COUNTER_DIGITS or not machine:
            raise ValueError(f"not a stamp: {text!r}")
        return cls(int(wall), int(counter), machine)


@dataclass(frozen=True)
class HybridClock:
    """A machine's clock state: the last stamp it gave or saw."""

    wall_ms: int
    counter: int
    machine: str

    def tick(self, now_ms: int) -> tuple[HybridClock, Stamp]:
        """The stamp of a local event now, later than everything seen so far."""
        if now_ms > self.wall_ms:
            wall, counter = now_ms, 0
        else:
            wall, counter = self.wall_ms, self.counter + 1
        return HybridClock(wall, counter, self.machine), Stamp(wall, counter, self.machine)

    def observe(self, seen: Stamp, now_ms: int) -> HybridClock:
        """The clock after receiving a stamp: never behind it again."""
        wall = max(self.wall_ms, seen.wall_ms, now_ms)
        if wall == self.wall_ms == seen.wall_ms:
            counter = max(self.counter, seen.counter) + 1
        elif wall == self.wall_ms:
            counter = self.counter + 1
        elif wall == seen.wall_ms:
            counter = seen.counter + 1
        else:
            counter = 0
        return HybridClock(wall, counter, self.machine)
