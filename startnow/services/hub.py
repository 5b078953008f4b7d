"""All services over one store and one clock: what the app and the commands hold."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from startnow.clock import Clock, system_clock
from startnow.config import Settings, load_settings
from startnow.services.chunks import Chunks
from startnow.services.coach import Coach
from startnow.services.focus import Focus
from startnow.services.recovery import Recoveries
from startnow.services.review import Reviews
from startnow.services.tasks import Tasks
from startnow.store.db import Store, open_store
from startnow.store.preflight import FileState


@dataclass
class Services:
    store: Store
    clock: Clock
    settings: Settings
    rng: random.Random | None = None
    tasks: Tasks = field(init=False)
    chunks: Chunks = field(init=False)
    focus: Focus = field(init=False)
    coach: Coach = field(init=False)
    recoveries: Recoveries = field(init=False)
    reviews: Reviews = field(init=False)

    def __post_init__(self) -> None:
        self.tasks = Tasks(self.store, self.clock)
        self.chunks = Chunks(self.store, self.clock)
        self.focus = Focus(self.store, self.clock)
        self.recoveries = Recoveries(self.store, self.clock)
        self.coach = Coach(
            self.store, self.clock, self.settings, self.tasks, self.chunks, self.focus, rng=self.rng
        )
        self.reviews = Reviews(self.store, self.clock, self.settings, self.coach.library)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create_dir: bool = False,
        clock: Clock = system_clock,
        settings: Settings | None = None,
        rng: random.Random | None = None,
        checked: FileState | None = None,
    ) -> Services:
        store = open_store(path, create_dir=create_dir, checked=checked)
        return cls(store, clock, settings or load_settings(), rng)

    def close(self) -> None:
        self.store.close()
