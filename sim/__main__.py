"""``python -m sim`` is the same as ``pactsim``."""

import sys

from .interface.cli import script

if __name__ == "__main__":  # not again in a worker process started by "spawn" (the page's drawing processes)
    sys.exit(script())
