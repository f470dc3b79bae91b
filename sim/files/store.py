"""The results folder of a run, written atomically chunk by chunk, and read back.

A finished run folder holds::

    manifest.json     resolved scenario, seed, worlds, versions, timing (written last)
    worlds.parquet    one row per world (without its ``param:`` columns: see :data:`DERIVED`)
    events.parquet    one row per event, sorted by world then date
    series.parquet    forces by theater every four weeks (only when asked for)

While a run is going, finished chunks wait in ``.chunks/`` (``worlds-000012.parquet``
...) next to ``.chunks/plan.json``, which records what the run was asked to do so that
``--resume`` can refuse a different request. Every file appears by ``os.replace`` of a
fsynced temporary file in the same folder, so a killed run leaves whole chunks and
temporary files (``.tmp-*``), never a half-written chunk.

The final tables are merged from the chunks in chunk order and cut into row groups of
exactly :data:`ROW_GROUP` rows, so their bytes depend on the seed and the scenario only,
not on the chunk size, the number of workers or where a run was interrupted.

Every other command that writes (compare, report, plot, export, sensitivity) goes
through the two helpers here, :func:`output_folder` and :func:`write_file_atomic`: the
output appears whole or not at all, is marked complete, is never written over without
``force``, and an error of the file system (a full disk, a missing permission, a
read-only or missing parent) is a :class:`StoreError` that says what to do. Nothing is
ever deleted that pactsim did not write: a folder is replaced only if it bears the
mark of a finished pactsim output, and only temporary files of pactsim's own naming
(``.tmp-NAME-PID-RANDOM``) are cleaned up.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import PactsimError
from ..world.eventlog import CATEGORIES

TABLES = ("worlds", "events", "series")

FORMAT = 2
"""Version of a results folder's layout. 2: the ``worlds`` table leaves out the ``param:``
columns (:data:`DERIVED`); 1 stored them."""

PARAM = "param:"
DERIVED = ("The param: columns of the worlds table are not stored: each world's draw of an uncertain "
           "parameter is a pure function of the seed, the world and the scenario in this manifest, and "
           "is drawn again on reading (sim.world.model.sampled_params). pactsim export writes them out.")
"""The tables of a run, in the order they are written."""

ROW_GROUP = 50_000
"""Rows per row group of the final files: fixed, so that their bytes never depend on chunking."""

CHUNKS = ".chunks"
MANIFEST = "manifest.json"
PLAN = "plan.json"
COMPLETE = ".pactsim-complete"
"""The mark of a finished output folder other than a run's (a run's is its manifest)."""
CORRUPT = ".corrupt"
"""Where unreadable chunk files are set aside (renamed, never deleted) before recomputing."""
_TMP = ".tmp-"
_OURS = re.compile(r"\.tmp-.+-\d+-[0-9a-f]{8}")  # the name _temp gives: only these are cleaned up
_FINAL = {"compression": "zstd"}
_CHUNK = {"compression": "snappy"}  # chunks are transient: favour speed over size


class StoreError(PactsimError):
    """A results folder cannot be written or read; the message says which and what to do."""


# --- Errors of the file system -----------------------------------------------------------

_HINTS = {
    errno.ENOSPC: "the disk is full; free some space or write somewhere else",
    errno.EDQUOT: "the disk quota is used up; free some space or write somewhere else",
    errno.EACCES: "permission denied; choose a folder you may write to",
    errno.EPERM: "operation not permitted; choose a folder you may write to",
    errno.EROFS: "the file system is read-only; choose a writable folder",
    errno.ENOENT: "a folder on the way does not exist; create it or choose another path",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
    errno.EISDIR: "it is a folder; give a file name",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
    errno.ELOOP: "the path is a loop of symbolic links; choose another path",
    errno.EEXIST: "it already exists; choose another path",
}


def os_error(exc: OSError, doing: str, path: str | os.PathLike | None = None) -> StoreError:
    """``exc`` as a one-line :class:`StoreError`: "cannot ``doing`` ``path``: what is
    wrong and what to do" (``path`` defaults to the file the error names)."""
    errno_ = exc.errno
    if errno_ is None and "No space left on device" in str(exc):  # pyarrow's errors keep only the text
        errno_ = errno.ENOSPC
    where = path if path is not None else exc.filename
    hint = _HINTS.get(errno_, exc.strerror or str(exc))
    return StoreError(f"cannot {doing}{f' {where}' if where else ''}: {hint}")


@contextlib.contextmanager
def _errors(doing: str, path: str | os.PathLike | None = None) -> Iterator[None]:
    """Turn an :class:`OSError` in the block into :func:`os_error`'s :class:`StoreError`."""
    try:
        yield
    except OSError as exc:
        raise os_error(exc, doing, path) from None


# --- Atomic files ---------------------------------------------------------------------

def _temp(path: Path) -> Path:
    return path.with_name(f"{_TMP}{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _remove(path: Path) -> None:
    """Remove a temporary file or folder of ours (one :func:`_temp` named), if it is there."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _commit(tmp: Path, path: Path) -> None:
    """Make the fully written ``tmp`` appear as ``path`` (durably, as one step)."""
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:  # the rename itself is only durable once the folder is synced
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then make it appear as
    ``path`` in one step: readers see the old file or the whole new one, never a part.
    If anything fails, the temporary file is removed and the error raised."""
    tmp = _temp(Path(path))
    try:
        write(tmp)
        _commit(tmp, Path(path))
    except BaseException:
        _remove(tmp)
        raise


def write_file_atomic(path: str | os.PathLike, write: Callable[[Path], object], force: bool = False,
                      what: str = "the file") -> Path:
    """Write one output file (a report, an export) safely; return its path.

    ``write(tmp)`` fills a temporary file beside ``path``, which then appears whole as
    ``path`` in one step. An existing ``path`` is a :class:`StoreError` unless ``force``
    (then it is replaced in that same step, never left half-written). Missing parent
    folders are created; file-system errors become a :class:`StoreError` with a hint.
    Example (the ``export`` command)::

        write_file_atomic(out, lambda tmp: table.to_csv(tmp, index=False), force=force)
    """
    path = check_file(path, force, what)
    with _errors(f"write {what} to", path):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, write)
    return path


def check_file(path: str | os.PathLike, force: bool = False, what: str = "the file") -> Path:
    """``path`` as a Path, if :func:`write_file_atomic` may write it; else a :class:`StoreError`.
    Call it before long work, so that a bad ``--out`` fails at once."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give the name of a file to write {what} to")
    if (path.exists() or path.is_symlink()) and not force:
        raise StoreError(f"{path} exists; choose another name, or add --force to replace it")
    _writable(path)
    return path


def is_complete(path: str | os.PathLike) -> bool:
    """Whether folder ``path`` is a finished pactsim output (a run, or an :func:`output_folder`)."""
    path = Path(path)
    return (path / COMPLETE).is_file() or (path / MANIFEST).is_file()


@contextlib.contextmanager
def output_folder(path: str | os.PathLike, force: bool = False, what: str = "the results") -> Iterator[Path]:
    """Build an output folder safely: ``with output_folder(out, force) as tmp: ...write into tmp...``.

    The body writes into ``tmp``, a new temporary folder beside ``path``. When the body
    ends without an error, a completion mark (:data:`COMPLETE`) is written into it and
    it is renamed to ``path`` in one step: a reader never sees a half-made folder, and
    a killed command leaves only a ``.tmp-*`` folder beside it. On an error the
    temporary folder is removed and a file-system error becomes a :class:`StoreError`.

    An existing ``path`` is refused, unless it is an empty folder, or ``force`` is given
    and ``path`` is a finished pactsim output (:func:`is_complete`), which is then
    replaced. A folder pactsim did not make is never replaced, even with ``force``.
    For the commands that write (compare, plot; export and sensitivity may reuse it)::

        with output_folder(out, force=force, what="the export") as tmp:
            table.to_parquet(tmp / "table.parquet")
    """
    path = check_output(path, force, what)
    tmp = _temp(path.absolute())
    try:
        with _errors(f"write {what} to", path):
            path.absolute().parent.mkdir(parents=True, exist_ok=True)
            tmp.mkdir()
        yield tmp
        with _errors(f"write {what} to", path):
            write_json(tmp / COMPLETE, {"format": 1, "what": what})
            if path.exists():  # empty, or ours and force: set it aside, then drop it
                old = _temp(path.absolute())
                os.replace(path, old)
                os.replace(tmp, path)
                _remove(old)
            else:
                os.replace(tmp, path)
    except OSError as exc:
        raise os_error(exc, f"write {what} to", path) from None
    finally:
        _remove(tmp)


def check_output(path: str | os.PathLike, force: bool = False, what: str = "the results") -> Path:
    """``path`` as a Path, if :func:`output_folder` may write it; else a :class:`StoreError`.
    Call it before long work, so that a bad ``--out`` fails at once."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise StoreError(f"{path} is a file; choose a folder to save {what} in")
        with _errors("read", path):
            empty = not any(path.iterdir())
        if not empty and not force:
            raise StoreError(f"{path} exists; choose another folder, or add --force to replace it")
        if not empty and not is_complete(path):
            raise StoreError(f"{path} is not a finished pactsim output (it has no {COMPLETE} or {MANIFEST}); "
                             f"pactsim replaces only what it wrote: choose another folder")
    _writable(path)
    return path


def _writable(path: Path) -> None:
    """Refuse at once a path whose folder (where its temporary sibling goes) cannot be written."""
    parent = path.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise StoreError(f"cannot write to {path}: {parent} is a file, not a folder; choose another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write to {path}: {parent} is read-only or not yours; choose a folder you may write to")


def check_complete(path: str | os.PathLike, what: str, finish: str) -> Path:
    """``path`` if it is a finished output folder; else a :class:`StoreError` that says
    how to finish it (``finish``, e.g. "run `pactsim compare ...` again")."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path} is not {what}: no such folder")
    if not is_complete(path):
        raise StoreError(f"{path} is not a finished {what} (no {COMPLETE}); {finish}")
    return path


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented JSON to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8"))


def check_empty(path: str | os.PathLike, what: str = "the results") -> Path:
    """``path`` as a folder that does not exist yet or is empty; a :class:`StoreError`
    if it holds anything, since results are never silently overwritten."""
    return check_output(path, False, what)


def read_json(path: Path) -> dict:
    """The JSON object in file ``path``; a :class:`StoreError` if it is unreadable or not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path} is unreadable: {exc}") from None
    if not isinstance(data, dict):
        raise StoreError(f"{path} is unreadable: not a JSON object")
    return data




def digest(data: dict) -> str:
    """A stable hash of JSON-able ``data`` (used for the resolved scenario)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Chunks ---------------------------------------------------------------------------

def chunk_path(chunks: Path, name: str, index: int) -> Path:
    """The file of table ``name`` of chunk ``index``."""
    return Path(chunks) / f"{name}-{index:06d}.parquet"


def write_chunk(chunks: str | os.PathLike, index: int, tables: dict[str, pd.DataFrame]) -> None:
    """Write the tables of chunk ``index`` into the ``.chunks`` folder, each atomically.

    Called in worker processes as well as in the parent. The ``worlds`` table goes last,
    so its presence is a cheap first sign that the chunk is whole.
    """
    for name in sorted(tables, key=lambda n: n == "worlds"):
        table = pa.Table.from_pandas(stored(name, tables[name]), preserve_index=False)
        write_atomic(chunk_path(Path(chunks), name, index),
                     lambda tmp: pq.write_table(table, tmp, use_dictionary=_strings(table.schema), **_CHUNK))


def read_plan(path: str | os.PathLike) -> dict | None:
    """The plan of the interrupted run in folder ``path``, if there is one."""
    plan = Path(path) / CHUNKS / PLAN
    return read_json(plan) if plan.is_file() else None


# --- Fixed row groups -----------------------------------------------------------------

def _strings(schema: pa.Schema) -> list[str]:
    # Dictionary-encode text only (actors, events, details repeat a lot): numbers gain
    # little from it, and trying costs a third of the writing time.
    return [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]


def _parquet_schema(schema: pa.Schema) -> pa.Schema:
    """``schema`` as Parquet gives it back (e.g. seconds become milliseconds).

    Tables merged from memory and from chunk files must agree on the schema written,
    so both are cast to this round-tripped form.
    """
    sink = io.BytesIO()
    pq.write_table(schema.empty_table(), sink)
    return pq.read_schema(io.BytesIO(sink.getvalue()))


class BlockWriter:
    """Streams tables into one Parquet file in row groups of exactly ``ROW_GROUP`` rows.

    Rows are buffered until a whole row group is available, and each row group is
    written from contiguous arrays, so the file's bytes depend only on the rows
    appended, not on how they were split into tables.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.tmp = _temp(self.path)
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._pending: list[pa.Table] = []
        self._buffered = 0

    def append(self, table: pa.Table) -> None:
        """Add the rows of ``table`` (empty tables only fix the schema if none is known)."""
        if self._schema is None or (self._writer is None and table.num_rows):
            self._schema = _parquet_schema(table.schema)
        if table.num_rows == 0:
            return
        if self._writer is None:
            self._writer = self._open()
        self._pending.append(table.cast(self._schema))
        self._buffered += table.num_rows
        self.rows += table.num_rows
        while self._buffered >= ROW_GROUP:
            self._flush(ROW_GROUP)

    def _open(self) -> pq.ParquetWriter:
        return pq.ParquetWriter(self.tmp, self._schema, use_dictionary=_strings(self._schema), **_FINAL)

    def _flush(self, n: int) -> None:
        buffered = pa.concat_tables(self._pending)
        block = buffered.slice(0, n).combine_chunks()
        self._writer.write_table(block, row_group_size=n)
        rest = buffered.slice(n)
        self._pending = [rest] if rest.num_rows else []
        self._buffered -= n

    def close(self) -> None:
        """Write the last, shorter row group and put the file in place."""
        if self._writer is None:  # no rows at all: an empty file with the known schema
            if self._schema is None:
                raise StoreError(f"{self.path}: nothing was written")
            self._writer = self._open()
        if self._buffered:
            self._flush(self._buffered)
        self._writer.close()
        _commit(self.tmp, self.path)

    def abort(self) -> None:
        """Drop the partial file."""
        try:
            if self._writer is not None:
                self._writer.close()
        except (OSError, pa.ArrowException):  # e.g. no room for the footer: the file goes anyway
            pass
        finally:
            _remove(self.tmp)


def stored(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """What table ``name`` keeps on disk: a run's ``worlds`` table without its ``param:``
    columns, which are drawn again on reading (:data:`DERIVED`)."""
    if name != "worlds":
        return df
    return df.drop(columns=[c for c in df.columns if c.startswith(PARAM)])


def _frame_tables(name: str, df: pd.DataFrame):
    """Table ``name`` as stored (:func:`stored`), as Arrow tables of at most ``ROW_GROUP``
    rows (bounded extra memory)."""
    df = stored(name, df)
    for start in range(0, max(len(df), 1), ROW_GROUP):
        yield pa.Table.from_pandas(df.iloc[start:start + ROW_GROUP], preserve_index=False)


# --- A folder being written -----------------------------------------------------------

class RunFolder:
    """Results folder ``path`` while a run writes tables ``names`` into it."""

    def __init__(self, path: str | os.PathLike, names: tuple[str, ...]) -> None:
        self.path = Path(path)
        self.chunks = self.path / CHUNKS
        self.names = tuple(names)
        self._writers: dict[str, BlockWriter] = {}
        self._next = 0
        self._done: set[int] = set()
        self._held: dict[int, dict[str, pd.DataFrame]] = {}
        self._lock: int | None = None
        self.set_aside: list[str] = []
        """Unreadable chunk files found by :meth:`open`, moved to :data:`CORRUPT`, with the reason."""

    def open(self, plan: dict, resume: bool) -> set[int] | None:
        """Prepare the folder for ``plan``; return the chunks already finished.

        Returns None when ``resume`` finds the same run already finished. Raises
        :class:`StoreError` when the folder holds something else, or another process is
        writing it. Holds a lock on the folder until :meth:`close`.
        """
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file; use --out to choose a folder")
        with _errors("create the results folder", self.path):
            self.path.mkdir(parents=True, exist_ok=True)
            self._take_lock()
        try:
            return self._open(plan, resume)
        except BaseException:
            self.close()
            raise

    def _open(self, plan: dict, resume: bool) -> set[int] | None:
        with _errors("read the results folder", self.path):
            entries = list(self.path.iterdir())
        if entries and not resume:
            raise StoreError(f"{self.path} exists; use --out to choose another folder "
                             f"or --resume to finish an interrupted run")
        with _errors("prepare the results folder", self.path):
            if resume and (self.path / MANIFEST).is_file():
                _same_plan(self.path, read_json(self.path / MANIFEST), plan, "a finished run")
                self._tidy()  # left if killed while tidying up
                return None
            if resume and (self.chunks / PLAN).is_file():
                _same_plan(self.path, read_json(self.chunks / PLAN), plan, "an interrupted run")
            elif not all(_OURS.fullmatch(p.name) or (p.name == CHUNKS and p.is_dir() and not p.is_symlink()
                         and all(_OURS.fullmatch(c.name) for c in p.iterdir())) for p in entries):
                raise StoreError(f"cannot resume {self.path}: it is not an interrupted pactsim run "
                                 f"(no {CHUNKS}/{PLAN}); use --out to choose another folder")
            else:  # a fresh run, or one killed before its plan was written: nothing to keep
                self.chunks.mkdir(exist_ok=True)
                write_json(self.chunks / PLAN, plan)
            self._tidy()
            return {i for i in range(plan["chunks"]) if self.finished(i) and self._readable(i, plan)}

    def _take_lock(self) -> None:
        """Lock the folder for this process, so that two runs never write it at once (the
        kernel drops the lock when the process ends, however it ends)."""
        try:
            import fcntl
        except ImportError:  # Windows: no lock
            return
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreError(f"{self.path} is being written by another pactsim process; wait for it "
                             f"to end, or use --out to choose another folder") from None
        self._lock = fd

    def close(self) -> None:
        """Release the folder's lock."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def _tidy(self) -> None:
        """Remove temporary files of killed writers, and chunks left by a killed tidy-up;
        only files of pactsim's own naming (a folder holding a run is ours)."""
        for folder in (self.path, self.chunks):
            for leftover in (folder.iterdir() if folder.is_dir() else ()):
                if _OURS.fullmatch(leftover.name):
                    _remove(leftover)
        if (self.path / MANIFEST).is_file() and (self.chunks / PLAN).is_file():
            gone = _temp(self.chunks)
            os.replace(self.chunks, gone)
            _remove(gone)

    def _readable(self, index: int, plan: dict) -> bool:
        """Whether the files of chunk ``index`` can be read and hold its worlds; if not,
        they are moved to :data:`CORRUPT` (never deleted) to be computed again."""
        worlds = min(plan["chunk_size"], plan["worlds"] - index * plan["chunk_size"])
        for name in self.names:
            file = chunk_path(self.chunks, name, index)
            try:
                rows = pq.ParquetFile(file).metadata.num_rows
                if name == "worlds" and rows != worlds:
                    raise ValueError(f"{rows} rows instead of {worlds}")
            except (OSError, ValueError, pa.ArrowException) as exc:
                reason = str(exc)
                break
        else:
            return True
        aside = self.path / CORRUPT
        aside.mkdir(exist_ok=True)
        for name in self.names:
            moved = chunk_path(self.chunks, name, index)
            if moved.exists():
                target = aside / moved.name
                while target.exists():
                    target = target.with_name(target.name + "~")
                os.replace(moved, target)
        self.set_aside.append(f"chunk {index} ({file.name}) is unreadable ({reason}); its files were moved "
                              f"to {aside} and the chunk is computed again")
        return False

    def finished(self, index: int) -> bool:
        """Whether every table of chunk ``index`` is on disk."""
        return all(chunk_path(self.chunks, n, index).is_file() for n in self.names)

    def add(self, index: int, tables: dict[str, pd.DataFrame] | None = None) -> None:
        """Note that chunk ``index`` is on disk, and merge every chunk now in order.

        ``tables`` may hand over the chunk's frames to save reading them back; they are
        kept only if the chunk can be merged at once.
        """
        self._done.add(index)
        if tables is not None and index == self._next:
            self._held[index] = tables
        while self._next in self._done:
            i = self._next
            held = self._held.pop(i, None)
            for name in self.names:
                writer = self._writers.setdefault(name, BlockWriter(self.path / f"{name}.parquet"))
                if held is not None:
                    for table in _frame_tables(name, held[name]):
                        writer.append(table)
                else:
                    file = chunk_path(self.chunks, name, i)
                    try:
                        for batch in pq.ParquetFile(file).iter_batches(batch_size=ROW_GROUP):
                            writer.append(pa.Table.from_batches([batch]))
                    except pa.ArrowException as exc:
                        raise StoreError(f"chunk file {file} is unreadable ({exc}); repeat the command with "
                                         f"--resume: it is set aside and computed again") from None
            self._next += 1

    def finish(self, manifest: dict) -> dict[str, int]:
        """Close the final tables, write the manifest last, remove the chunks; return row counts."""
        for writer in self._writers.values():
            writer.close()
        rows = {name: self._writers.pop(name).rows for name in self.names}
        write_json(self.path / MANIFEST, {**manifest, "rows": rows})
        self._tidy()
        return rows

    def abort(self) -> None:
        """Drop partial final files; finished chunks stay for ``--resume``."""
        for writer in self._writers.values():
            writer.abort()
        self._writers.clear()


_PLAN_KEYS = ("format", "scenario_digest", "seed", "worlds", "chunk_size", "series")


def _same_plan(path: Path, found: dict, plan: dict, what: str) -> None:
    """Raise unless the run ``found`` in ``path`` is the one ``plan`` asks for."""
    # the chunk size shapes the chunk files, not the final bytes
    keys = _PLAN_KEYS if what == "an interrupted run" else tuple(k for k in _PLAN_KEYS if k != "chunk_size")
    differ = [k for k in keys if found.get(k) != plan.get(k)]
    if differ:
        def show(d: dict) -> str:
            return ", ".join(f"scenario {d.get('scenario_name')!r} (digest {str(d.get(k))[:12]})"
                             if k == "scenario_digest" else f"{k}={d.get(k)}" for k in differ)
        raise StoreError(f"cannot resume {path}: it holds {what} with {show(found)}, but this request "
                         f"has {show(plan)}; repeat the original arguments or use --out to choose another folder")


# --- Reading back ---------------------------------------------------------------------

def read_table(path: str | os.PathLike, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one Parquet table with the dtypes it was written from.

    Parquet has no seconds unit for timestamps; the pandas metadata remembers it. An
    event log's categorical columns keep only the categories used; they get back all
    the declared ones, so that a table read back equals the table written. An
    unreadable file is a :class:`StoreError` that names it.
    """
    try:
        df = pd.read_parquet(path, columns=columns)
        meta = pq.read_schema(path).pandas_metadata or {}
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise StoreError(f"{path} is unreadable ({exc}); run the scenario again into a new folder") from None
    for name, categories in CATEGORIES.items():
        if name in df.columns and isinstance(df[name].dtype, pd.CategoricalDtype):
            df[name] = df[name].cat.set_categories(list(categories))
    for col in meta.get("columns", []):
        name, numpy_type = col["name"], str(col.get("numpy_type"))
        if name in df.columns and numpy_type.startswith("datetime64[") and str(df[name].dtype) != numpy_type:
            df[name] = df[name].astype(numpy_type)
    return df


class Result:
    """The tables of a run, in memory or read on demand from a results folder.

    Attributes
    ----------
    manifest:
        What was run: resolved scenario, seed, worlds, versions, timing.
    path:
        The results folder, or None for a run kept in memory.
    """

    def __init__(self, manifest: dict, path: str | os.PathLike | None = None,
                 tables: dict[str, pd.DataFrame] | None = None) -> None:
        self.manifest = manifest
        self.path = None if path is None else Path(path)
        self._tables = dict(tables or {})

    def __repr__(self) -> str:
        m = self.manifest
        where = f" at {self.path}" if self.path else " in memory"
        return f"<Result {m.get('scenario', {}).get('name')!s}: {m.get('worlds')} worlds, seed {m.get('seed')}{where}>"

    def read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Table ``name`` (``worlds``, ``events`` or ``series``), optionally only some columns."""
        if name not in TABLES or (name == "series" and not self.manifest.get("series")):
            raise KeyError(f"no table {name!r} in this run; it has {', '.join(self._names())}")
        if name in self._tables:
            df = self._tables[name]
            return df if columns is None else df[columns]
        if name != "worlds" or self.manifest.get("format", 1) < 2:
            return read_table(self.path / f"{name}.parquet", columns)
        wanted = None if columns is None else [c for c in columns if c.startswith(PARAM)]
        kept = None if columns is None else [c for c in columns if not c.startswith(PARAM)]
        df = read_table(self.path / "worlds.parquet", None if kept is None else list(dict.fromkeys([*kept, "world"])))
        df = _with_params(df, self.manifest, None if wanted is None else [c.removeprefix(PARAM) for c in wanted])
        return df if columns is None else df[columns]

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:  # cached: the notebook reads the same table often
            self._tables[name] = self.read(name)
        return self._tables[name]

    def _names(self) -> tuple[str, ...]:
        return TABLES if self.manifest.get("series") else TABLES[:2]

    @property
    def worlds(self) -> pd.DataFrame:
        """One row per world: scenario, world, seed and the outcome columns."""
        return self._table("worlds")

    @property
    def events(self) -> pd.DataFrame:
        """One row per event: scenario, world, date, actor, event, detail, p, f_* factors."""
        return self._table("events")

    @property
    def series(self) -> pd.DataFrame | None:
        """Forces by theater every four weeks, or None if the run did not keep them."""
        return self._table("series") if self.manifest.get("series") else None

    def save(self, path: str | os.PathLike, force: bool = False) -> Result:
        """Write this run as a results folder at ``path`` (see :func:`output_folder`:
        it must not hold anything, unless ``force`` and it is a finished output)."""
        with output_folder(path, force, "the run") as tmp:
            for name in self._names():
                target = tmp / f"{name}.parquet"
                if self.path is not None:  # copy the bytes as they are
                    write_atomic(target, lambda t: shutil.copyfile(self.path / target.name, t))
                    continue
                writer = BlockWriter(target)
                for table in _frame_tables(name, self._tables[name]):
                    writer.append(table)
                writer.close()
            write_json(tmp / MANIFEST, self.manifest)
        return load(path)


def _with_params(worlds: pd.DataFrame, manifest: dict, names: list[str] | None) -> pd.DataFrame:
    """``worlds`` with the ``param:`` columns of its worlds drawn again from the manifest's
    scenario and seed (all of them, or those of ``names``)."""
    from ..world.model import sampled_params
    from .scenario import recorded_params

    drawn = sampled_params(recorded_params(manifest["scenario"]), manifest["seed"], worlds["world"].to_numpy(), names)
    unknown = set(names or ()) - set(drawn)
    if unknown:
        raise KeyError(f"no column {', '.join(sorted(PARAM + n for n in unknown))}: the run drew no such parameter")
    return pd.concat([worlds, pd.DataFrame({PARAM + n: v for n, v in drawn.items()}, index=worlds.index)], axis=1)


def load(path: str | os.PathLike) -> Result:
    """Open the results folder at ``path``; tables are read when first used."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path} is not a results folder: no such folder")
    if not (path / MANIFEST).is_file():
        if (path / CHUNKS / PLAN).is_file():
            plan = read_json(path / CHUNKS / PLAN)
            command = (f"pactsim run {plan.get('scenario_name', 'SCENARIO')} --worlds {plan.get('worlds')} --seed "
                       f"{plan.get('seed')} --out {path}{' --series' if plan.get('series') else ''} --resume")
            raise StoreError(f"{path} holds an unfinished run; finish it with `{command}` "
                             f"(with the scenario file it was started with)")
        raise StoreError(f"{path} is not a pactsim results folder: it has no {MANIFEST}")
    result = Result(read_json(path / MANIFEST), path)
    missing = [f"{n}.parquet" for n in result._names() if not (path / f"{n}.parquet").is_file()]
    if missing:
        raise StoreError(f"{path} is an incomplete results folder: missing {', '.join(missing)}; "
                         f"run the scenario again into a new folder")
    return result
