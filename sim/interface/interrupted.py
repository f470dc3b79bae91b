"""What an interrupted command says: what was kept, and the exact command that finishes it
or, where nothing could be kept, that runs it again.

The engine knows what it kept (:class:`~sim.errors.RunInterrupted`); only the command
line knows which command was stopped. A command that resumes (``sweep``,
``sensitivity``) is finished by the same command line with ``--out`` (the folder it chose,
if none was given) and ``--resume``; a command that holds its runs in memory and writes
only at the end (``compare``, ``report``, ``whatifs``, ``chronicle``) keeps nothing, and
is run again as it was. ``run`` says its own exact line already.
"""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Iterator

from ..errors import RunInterrupted

RESUMES = {"sweep": "sweep", "sensitivity": "study"}
"""Commands that finish an interrupted folder with --resume: the thing they make."""
AGAIN = {"compare": "comparison", "report": "report", "whatifs": "what-if table", "chronicle": "chronicle"}
"""Commands that hold their runs in memory: the thing they make, written only at the end."""


@contextlib.contextmanager
def resumable(out: os.PathLike) -> Iterator[None]:
    """Note on an interruption that the command's folder is ``out`` (its own chunks may be
    in a folder inside it, as a sweep's point runs are)."""
    try:
        yield
    except RunInterrupted as error:
        error.folder = out
        raise


def message(error: RunInterrupted, argv: list[str]) -> str:
    """What ``pactsim ARGV``, stopped with ``error``, says: in the words of its command."""
    command = argv[0] if argv else None
    if command in RESUMES and error.folder is not None:
        words = [a for a in argv if a != "--resume"]
        given = any(a in ("-o", "--out") or a.startswith(("--out=", "-o")) for a in words[1:])
        line = words + ([] if given else ["--out", os.fspath(error.folder)]) + ["--resume"]
        return (f"{error.how}: {error.kept}; to finish the {RESUMES[command]}:\n  "
                f"{shlex.join(['pactsim', *line])}")
    if command in AGAIN:
        return (f"{error.how}: nothing was kept (`pactsim {command}` holds its runs in memory and writes the "
                f"{AGAIN[command]} only once all have finished); to run it again:\n  {shlex.join(['pactsim', *argv])}")
    return str(error)
