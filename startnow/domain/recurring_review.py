"""A recurring task's start delays over its instances, for the weekly review:
"Weekly report: started 3 h late on average, 40 min last time".

Each instance has its own start delay (its first start minus its ready time,
as every task's: `delays.py`); a series is shown when one of its instances
was first started in the reviewed week, with every instance started up to
the week's end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple


class InstanceStart(NamedTuple):
    """One started instance of a series, as the review reads it."""

    series_id: int
    title: str
    ready: datetime
    first_start: datetime


class SeriesDelays(NamedTuple):
    series_id: int
    title: str  # the latest instance's
    instances: int  # started ones
    average_delay: int  # minutes, over every started instance
    last_delay: int  # minutes, the latest started instance's


def _minutes(start: InstanceStart) -> float:
    return max((start.first_start - start.ready).total_seconds() / 60, 0.0)


def series_delays(starts: Iterable[InstanceStart]) -> tuple[SeriesDelays, ...]:
    """One line of figures a series, the longest average delay first."""
    by_series: dict[int, list[InstanceStart]] = {}
    for start in starts:
        by_series.setdefault(start.series_id, []).append(start)
    found = []
    for series_id, instances in by_series.items():
        instances.sort(key=lambda s: s.first_start)
        delays = [_minutes(s) for s in instances]
        found.append(
            SeriesDelays(
                series_id,
                instances[-1].title,
                len(instances),
                round(sum(delays) / len(delays)),
                round(delays[-1]),
            )
        )
    return tuple(sorted(found, key=lambda f: (-f.average_delay, f.series_id)))
