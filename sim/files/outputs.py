"""Output files (a report, an export): never overwritten unless the user says so."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import PactsimError


class OutputExists(PactsimError):
    """The file to write exists and overwriting it was not asked for."""


def check_new_file(path: str | os.PathLike, force: bool = False) -> Path:
    """``path`` as a file that may be written: it does not exist, or ``force`` is set.

    A folder is never replaced, even with ``force``.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputExists(f"{path} is a folder; expected the name of a file to write")
    if path.exists() and not force:
        raise OutputExists(f"{path} exists; choose another name, or pass --force to overwrite it")
    return path
