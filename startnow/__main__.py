"""`python -m startnow`."""

from startnow.cli import run

run()
