"""Python's cycle collector held off while the app starts, and what start-up
made set aside afterwards.

Importing Textual and building Today allocate hundreds of thousands of
objects that live as long as the process. With the collector on, those
allocations trigger collections that walk every object made so far, and a
full one can land between reading Today's rows and drawing them, on exactly
the stores (years of history) where the first paint has least time to spare.
So the app's start runs with the collector off; once Today is on screen
everything alive is frozen (never walked again: modules, classes, the screen
itself) and the collector goes back on for what the session makes.

Only the app's own start holds it (`startnow`, `startnow demo`): commands that
may run long (an import, a sync) keep Python's default. Stdlib only.
"""

from __future__ import annotations

import gc

_held: list[bool] = []


def hold() -> None:
    """Collector off until `release` (a no-op when it is off already: whoever
    turned it off keeps it off)."""
    if gc.isenabled():
        gc.disable()
        _held.append(True)


def release(*, freeze: bool = True) -> None:
    """After the first paint: freeze what start-up made (`freeze`), collector
    back on. Only undoes a `hold` (an app run from tests never held it), and
    only once: the command's own exit path calls it too, for an app that
    never got as far as painting."""
    if _held:
        _held.clear()
        if freeze:
            gc.freeze()
        gc.enable()


def held() -> bool:
    return bool(_held)
