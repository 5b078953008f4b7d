"""The week's commitment as the store holds it ("When ___, I will ___").

Apart from review.py because Today shows it on every launch, and the review's
rules (and their types) are not needed before the first paint.
"""

from __future__ import annotations

from typing import NamedTuple


class CommitmentRecord(NamedTuple):
    week: str  # ISO week, e.g. 2026-W48
    text: str
    kept: bool | None  # None: not yet answered
