"""startnow: a personal start-now coach for the terminal.

Kept import-free on purpose: the quick-add path imports this package and must
stay fast.
"""

__version__ = "0.1.0"
