"""``python -m sim`` is the same as ``pactsim``."""

import sys

from .cli import main

sys.exit(main())
