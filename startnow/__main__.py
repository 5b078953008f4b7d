"""`python -m startnow`."""

import sys

from startnow.cli import main

sys.exit(main())
