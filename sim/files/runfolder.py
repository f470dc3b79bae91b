"""A run's folder being written: chunk by chunk, resumable, with bytes independent of chunking.

A finished run folder holds::

    manifest.json     resolved scenario, seed, worlds, versions, timing (written last)
    worlds.parquet    one row per world (without its ``param:`` columns: see :data:`DERIVED`)
    events.parquet    one row per event, sorted by world then date
    series.parquet    forces by theater every four weeks (only when asked for)

While a run is going, finished chunks wait in ``.chunks/`` (``worlds-000012.parquet``
...) next to ``.chunks/plan.json``, which records what the run was asked to do so that
``--resume`` can refuse a different request, and ``.pactsim-lock`` keeps a second process
out (:data:`LOCK`). Every file appears whole
(:mod:`sim.files.outputs`), so a killed run leaves whole chunks and temporary files
(``.tmp-*``), never a half-written chunk.

The final tables are merged from the chunks in chunk order and cut into row groups of
exactly :data:`ROW_GROUP` rows, so their bytes depend on the seed and the scenario only,
not on the chunk size, the number of workers or where a run was interrupted. Reading
them back is :mod:`sim.files.store`.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from ..world.outcomes import PARAM
from .outputs import (
    MANIFEST,
    StoreError,
    commit,
    file_digest,
    is_temporary,
    os_errors,
    read_json,
    remove_file,
    temp_path,
    write_atomic,
    write_json,
)

TABLES = ("worlds", "events", "series")
"""The tables of a run, in the order they are written."""

FORMAT = 2
"""Version of a results folder's layout. 2: the ``worlds`` table leaves out the ``param:``
columns (:data:`DERIVED`); 1 stored them."""

DERIVED = ("The param: columns of the worlds table are not stored: each world's draw of an uncertain "
           "parameter is a pure function of the seed, the world and the scenario in this manifest, and "
           "is drawn again on reading (sim.world.model.sampled_params). pactsim export writes them out.")
"""The note a run's manifest carries about the columns it leaves out."""

ROW_GROUP = 50_000
"""Rows per row group of the final files: fixed, so that their bytes never depend on chunking."""

CHUNKS = ".chunks"
PLAN = "plan.json"
LOCK = ".pactsim-lock"
"""The lock file of a folder being written (:class:`filelock.FileLock`), removed when it is closed."""
CORRUPT = ".corrupt"
"""Where unreadable chunk files are set aside (renamed, never deleted) before recomputing."""
_FINAL = {"compression": "zstd"}
_CHUNK = {"compression": "snappy"}  # chunks are transient: favour speed over size


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
        self.tmp = temp_path(self.path)
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
        commit(self.tmp, self.path)

    def abort(self) -> None:
        """Drop the partial file."""
        try:
            if self._writer is not None:
                self._writer.close()
        except (OSError, pa.ArrowException):  # e.g. no room for the footer: the file goes anyway
            pass
        finally:
            remove_file(self.tmp)


def stored(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """What table ``name`` keeps on disk: a run's ``worlds`` table without its ``param:``
    columns, which are drawn again on reading (:data:`DERIVED`)."""
    if name != "worlds":
        return df
    return df.drop(columns=[c for c in df.columns if c.startswith(PARAM)])


def frame_tables(name: str, df: pd.DataFrame):
    """Table ``name`` as stored (:func:`stored`), as Arrow tables of at most ``ROW_GROUP``
    rows (bounded extra memory)."""
    df = stored(name, df)
    for start in range(0, max(len(df), 1), ROW_GROUP):
        yield pa.Table.from_pandas(df.iloc[start:start + ROW_GROUP], preserve_index=False)


def table_records(path: Path, names: tuple[str, ...], rows: dict[str, int]) -> dict:
    """What a run's manifest records of its finished tables ``names`` in folder ``path``,
    so that a reader can check them (:func:`sim.files.store.load`): the row count of each
    and the sha256 of its bytes."""
    return {"rows": dict(rows), "digests": {n: file_digest(Path(path) / f"{n}.parquet") for n in names}}


# --- A folder being written -----------------------------------------------------------

class RunFolder:
    """Results folder ``path`` while a run writes tables ``names`` into it."""

    def __init__(self, path: str | os.PathLike, names: tuple[str, ...]) -> None:
        self.path = Path(path)
        self.chunks = self.path / CHUNKS
        self.names = tuple(names)
        self._writers: dict[str, BlockWriter] = {}
        self._next = 0
        self._chunks = 0
        self._done: set[int] = set()
        self._held: dict[int, dict[str, pd.DataFrame]] = {}
        self._lock: FileLock | None = None
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
        with os_errors("create the results folder", self.path):
            self.path.mkdir(parents=True, exist_ok=True)
            self._take_lock()
        self._chunks = plan["chunks"]
        try:
            return self._open(plan, resume)
        except BaseException:
            self.close()
            raise

    def _open(self, plan: dict, resume: bool) -> set[int] | None:
        with os_errors("read the results folder", self.path):
            entries = [p for p in self.path.iterdir() if p.name != LOCK]
        if entries and not resume:
            raise StoreError(f"{self.path} exists; use --out to choose another folder "
                             f"or --resume to finish an interrupted run")
        with os_errors("prepare the results folder", self.path):
            if resume and (self.path / MANIFEST).is_file():
                _same_plan(self.path, read_json(self.path / MANIFEST), plan, "a finished run")
                self._tidy()  # left if killed while tidying up
                return None
            if resume and (self.chunks / PLAN).is_file():
                _same_plan(self.path, read_json(self.chunks / PLAN), plan, "an interrupted run")
            elif not all(is_temporary(p.name) or (p.name == CHUNKS and p.is_dir() and not p.is_symlink()
                         and all(is_temporary(c.name) for c in p.iterdir())) for p in entries):
                raise StoreError(f"cannot resume {self.path}: it is not an interrupted pactsim run "
                                 f"(no {CHUNKS}/{PLAN}); use --out to choose another folder")
            else:  # a fresh run, or one killed before its plan was written: nothing to keep
                self.chunks.mkdir(exist_ok=True)
                write_json(self.chunks / PLAN, plan)
            self._tidy()
            return {i for i in range(plan["chunks"]) if self.finished(i) and self._readable(i, plan)}

    def _take_lock(self) -> None:
        """Lock the folder for this process, so that two runs never write it at once (the
        system drops the lock when the process ends, however it ends)."""
        lock = FileLock(self.path / LOCK, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(f"{self.path} is being written by another pactsim process; wait for it "
                             f"to end, or use --out to choose another folder") from None
        self._lock = lock

    def close(self) -> None:
        """Release the folder's lock and remove its file."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
            # Gone, so that a finished folder holds only its tables. A process that opened
            # the file in the instant before could then lock a file no longer there, while
            # a third locks a new one: only if three writers start on one folder at once.
            with contextlib.suppress(OSError):
                (self.path / LOCK).unlink()

    def _tidy(self) -> None:
        """Remove temporary files of killed writers, and chunks left by a killed tidy-up;
        only files of pactsim's own naming (a folder holding a run is ours)."""
        for folder in (self.path, self.chunks):
            for leftover in (folder.iterdir() if folder.is_dir() else ()):
                if is_temporary(leftover.name):
                    remove_file(leftover)
        if (self.path / MANIFEST).is_file() and (self.chunks / PLAN).is_file():
            gone = temp_path(self.chunks)
            os.replace(self.chunks, gone)
            remove_file(gone)

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

    def completes(self, index: int) -> bool:
        """Whether chunk ``index`` is the last one the run waits for and merges at once.

        It then needs no chunk file: it goes straight into the final tables, which are
        whole a moment later (a run interrupted in that moment computes it again).
        """
        return index == self._next and len(self._done) == self._chunks - 1

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
                    for table in frame_tables(name, held[name]):
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
        """Close the final tables, write the manifest last, remove the chunks and release
        the folder; return row counts."""
        for writer in self._writers.values():
            writer.close()
        rows = {name: self._writers.pop(name).rows for name in self.names}
        write_json(self.path / MANIFEST, {**manifest, **table_records(self.path, self.names, rows)})
        self._tidy()
        self.close()
        return rows

    def abort(self) -> None:
        """Drop partial final files; finished chunks stay for ``--resume``."""
        for writer in self._writers.values():
            writer.abort()
        self._writers.clear()


_PLAN_KEYS = ("format", "scenario_digest", "seed", "worlds", "chunk_size", "series")


def _same_plan(path: Path, found: dict, plan: dict, what: str) -> None:
    """Raise unless the run ``found`` in ``path`` is the one ``plan`` asks for; where both
    record the command's ``options``, the message names the options that differ."""
    asked, kept = plan.get("options"), found.get("options")
    if isinstance(asked, dict) and isinstance(kept, dict):
        options = [k for k in asked if kept.get(k) != asked[k]]
        if options:
            said = "; ".join(f"{k} is {option_value(asked[k])} here, {option_value(kept.get(k))} in the folder"
                             for k in options)
            raise StoreError(f"cannot resume {path}: {said}; repeat the original options or use --out to choose "
                             f"another folder")
    # the chunk size shapes the chunk files, not the final bytes
    keys = _PLAN_KEYS if what == "an interrupted run" else tuple(k for k in _PLAN_KEYS if k != "chunk_size")
    differ = [k for k in keys if found.get(k) != plan.get(k)]
    if differ:
        def show(d: dict) -> str:
            return ", ".join(f"scenario {d.get('scenario_name')!r} (digest {str(d.get(k))[:12]})"
                             if k == "scenario_digest" else f"{k}={d.get(k)}" for k in differ)
        raise StoreError(f"cannot resume {path}: it holds {what} with {show(found)}, but this request "
                         f"has {show(plan)}; repeat the original arguments or use --out to choose another folder")


def option_value(value) -> str:
    """An option's value as a command line gives it: ``64``, ``morris``, ``a,b``,
    ``name=1,2``; none: ``not given``. A refused resume names what differs with it."""
    if value is None:
        return "not given"
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return " ".join(f"{k}={option_value(v)}" for k, v in value.items())
    return str(value)
