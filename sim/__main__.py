"""``python -m sim`` is the same as ``pactsim``."""

import sys

from .interface.cli import main

sys.exit(main())
