"""What a finished output is, and which command makes it: ``--force`` replaces an output
only if the same command made it (:mod:`sim.files.outputs`).

A folder says what it is by its completion mark (:data:`COMPLETE`, which
:func:`~sim.files.outputs.output_folder` writes with the command's ``what``) or, for a
folder the engine finished, by its manifest's ``kind`` (a run's has none). A file says it
by a mark in its bytes: a report by its ``generator`` tag, a workbook by its creator
(:data:`CREATOR`). Anything else is no kind: pactsim did not finish it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

MANIFEST = "manifest.json"
"""The manifest of a run, written last: the mark of a finished run folder."""
COMPLETE = ".pactsim-complete"
"""The mark of a finished output folder other than a run's (a run's is its manifest)."""
CREATOR = "pactsim"
"""The creator a workbook pactsim exports records (its ``docProps/core.xml``)."""
REPORT_MARK = b'<meta name="generator" content="pactsim '
"""How a report pactsim wrote begins (its template's ``generator`` tag)."""

KINDS = {  # what a command writes: (the output named in a message, the command)
    "the run": ("a run", "pactsim run"),
    "the comparison": ("a comparison", "pactsim compare"),
    "the figures": ("figures", "pactsim plot"),
    "the export": ("an export", "pactsim export --to csv"),
    "the workbook": ("a workbook", "pactsim export --to xlsx"),
    "the report": ("a report", "pactsim report"),
    "the sensitivity study": ("a sensitivity study", "pactsim sensitivity"),
    "the sweep": ("a sweep", "pactsim sweep"),
    "the discovery": ("a discovery", "pactsim discover"),
}
_MANIFEST_KINDS = {None: "the run", "sensitivity": "the sensitivity study", "sweep": "the sweep",
                   "discover": "the discovery"}


def kind_of(path: Path) -> str | None:
    """What the finished output at ``path`` is (a key of :data:`KINDS`, or the ``what``
    its mark names), or None if pactsim did not finish it."""
    path = Path(path)
    if path.is_symlink():
        return None
    if path.is_dir():
        if (path / COMPLETE).is_file():
            what = _field(path / COMPLETE, "what")
            return what if isinstance(what, str) else None
        if (path / MANIFEST).is_file():
            kind = _field(path / MANIFEST, "kind")
            return _MANIFEST_KINDS.get(kind, f"the {kind}" if isinstance(kind, str) else None)
        return None
    return _file_kind(path) if path.is_file() else None


def _field(path: Path, key: str):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get(key) if isinstance(data, dict) else None


def _file_kind(path: Path) -> str | None:
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
        if REPORT_MARK in head:
            return "the report"
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as book:
                core = book.read("docProps/core.xml")
            if f"<dc:creator>{CREATOR}</dc:creator>".encode() in core:
                return "the workbook"
    except (OSError, KeyError, zipfile.BadZipFile):
        pass
    return None


def refusal(path: Path, found: str | None, what: str) -> str | None:
    """Why ``--force`` of the command writing ``what`` may not replace the output ``found``
    at ``path`` (None: it may): the kind found and the command that would replace it."""
    if found == what:
        return None
    noun, command = KINDS.get(what, (what.removeprefix("the "), "this command"))
    if found is None:
        return (f"{path} is not a finished pactsim output (no {COMPLETE}, {MANIFEST} or mark of a report or "
                f"workbook); pactsim replaces only what it wrote: choose another path")
    other, maker = KINDS.get(found, (found.removeprefix("the "), None))
    made = f" (made by `{maker}`)" if maker else ""
    return (f"{path} holds {other}{made}, not {noun}; `{command} --force` replaces only {noun}: "
            f"choose another path")
