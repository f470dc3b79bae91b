"""The table files of a comparison, a sweep, a study or a discovery, recorded where they
are written and checked where they are read.

A run's manifest records its own tables (``rows`` and ``digests``, :mod:`sim.files.store`).
Every other folder that holds tables records them under :data:`KEY` in its manifest (or a
comparison's ``comparison.json``): for each file, its rows and the sha256 of its bytes. A
reader opens a table only through :func:`checked`, which refuses a file cut, edited or
missing in one line that names it. A folder written before these records has none and is
read as it is, with a note on stderr. With ``trust`` a reader reads a table that fails its check anyway, and says
so loudly (:func:`doubt`): on stderr, and in what it writes (:data:`READ_ANYWAY`).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..text import inert
from .outputs import StoreError, file_digest

KEY = "tables"
"""Where a manifest records its table files: ``{file name: {"rows": n, "sha256": hex}}``."""
EDITED = "the folder is damaged or was edited; make it again with the command that wrote it"
READ_ANYWAY = "READ WITH --trust: a results folder failed its checks and was read anyway"
"""What every output of a folder read with ``--trust`` that failed its checks says."""


def doubt(message: str, trust: bool, doubts: list[str]) -> None:
    """A folder failed a check: refuse it (a :class:`StoreError` with ``message``), or,
    with ``trust``, note ``message`` in ``doubts`` and say on stderr that it is read anyway."""
    if not trust:
        raise StoreError(message)
    doubts.append(message)
    print(inert(f"pactsim: warning: {message.partition(': the folder')[0]}; {READ_ANYWAY}"), file=sys.stderr)


_NOTED: set[Path] = set()


def _older(folder: Path) -> None:
    """Say once per folder that its tables are read unchecked, since it records none."""
    if folder.resolve() not in _NOTED:
        _NOTED.add(folder.resolve())
        print(inert(f"pactsim: note: {folder} was written by an older pactsim that recorded no digests of its "
                    "tables; they are read unchecked"), file=sys.stderr)


def record(folder: Path, rows: Mapping[str, int]) -> dict[str, dict]:
    """What a manifest records of the table files named in ``rows`` (file name: rows
    written), all in ``folder``: each one's rows and sha256."""
    return {name: {"rows": int(n), "sha256": file_digest(Path(folder) / name)} for name, n in rows.items()}


def run_record(manifest: dict, name: str) -> dict | None:
    """A run's or a study's own record of table ``name`` (the engine's ``rows`` and
    ``digests``) in the form of :func:`record`, or None where it has none."""
    rows, digests = manifest.get("rows"), manifest.get("digests")
    if not isinstance(rows, dict) or not isinstance(digests, dict) or name not in digests:
        return None
    return {f"{name}.parquet": {"rows": rows.get(name), "sha256": digests[name]}}


def checked(folder: Path, name: str, records, manifest: Path, trust: bool = False,
            doubts: list[str] | None = None) -> Path:
    """The path of table file ``name`` in ``folder`` if it has the rows and bytes that
    ``records`` (what ``manifest`` recorded under :data:`KEY`) give; else a
    :class:`StoreError` that says what differs, or with ``trust`` the path all the same,
    the difference noted in ``doubts`` (:func:`doubt`). ``records`` None: a folder older
    than the records, read as it is (noted once on stderr). A missing or unreadable file is refused even so."""
    doubts = [] if doubts is None else doubts
    file = Path(folder) / name
    if records is None:
        _older(Path(folder))
        return file
    entry = records.get(name) if isinstance(records, dict) else None
    if not (isinstance(entry, dict) and isinstance(entry.get("rows"), int) and isinstance(entry.get("sha256"), str)):
        doubt(f"{manifest} does not record the rows and sha256 of {name}: {EDITED}", trust, doubts)
        return file
    if not file.is_file():
        raise StoreError(f"{file} is missing: {EDITED}")
    if name.endswith(".parquet"):
        try:
            found = pq.ParquetFile(file).metadata.num_rows
        except (OSError, pa.ArrowException) as exc:
            raise StoreError(f"{file} is unreadable ({exc}): {EDITED}") from None
        if found != entry["rows"]:
            doubt(f"{file} has {found:,} rows; {manifest.name} says {entry['rows']:,}: "
                  f"the folder is damaged or incomplete", trust, doubts)
            return file
    try:
        digest = file_digest(file)
    except OSError as exc:
        raise StoreError(f"{file} is unreadable ({exc.strerror}): {EDITED}") from None
    if digest != entry["sha256"]:
        doubt(f"{file} is not the file pactsim wrote (its sha256 differs from {manifest.name}'s): {EDITED}",
              trust, doubts)
    return file
