"""The results folder of a run, written atomically chunk by chunk, and read back.

A finished run folder holds::

    manifest.json     resolved scenario, seed, worlds, versions, timing (written last)
    worlds.parquet    one row per world
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
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import PactsimError
from ..world.eventlog import CATEGORIES

TABLES = ("worlds", "events", "series")
"""The tables of a run, in the order they are written."""

ROW_GROUP = 50_000
"""Rows per row group of the final files: fixed, so that their bytes never depend on chunking."""

CHUNKS = ".chunks"
MANIFEST = "manifest.json"
PLAN = "plan.json"
_TMP = ".tmp-"
_FINAL = {"compression": "zstd"}
_CHUNK = {"compression": "snappy"}  # chunks are transient: favour speed over size


class StoreError(PactsimError):
    """A results folder cannot be written or read; the message says which and what to do."""


# --- Atomic files ---------------------------------------------------------------------

def _temp(path: Path) -> Path:
    return path.with_name(f"{_TMP}{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


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
    ``path`` in one step: readers see the old file or the whole new one, never a part."""
    tmp = _temp(path)
    write(tmp)
    _commit(tmp, path)


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented JSON to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8"))


def check_empty(path: str | os.PathLike, what: str = "the results") -> Path:
    """``path`` as a folder that does not exist yet or is empty; a :class:`StoreError`
    if it holds anything, since results are never silently overwritten."""
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise StoreError(f"{path} exists; choose another folder to save {what} in")
    return path


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path} is unreadable: {exc}") from None


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
        table = pa.Table.from_pandas(tables[name], preserve_index=False)
        write_atomic(chunk_path(Path(chunks), name, index),
                     lambda tmp: pq.write_table(table, tmp, use_dictionary=_strings(table.schema), **_CHUNK))


def read_plan(path: str | os.PathLike) -> dict | None:
    """The plan of the interrupted run in folder ``path``, if there is one."""
    plan = Path(path) / CHUNKS / PLAN
    return _read_json(plan) if plan.is_file() else None


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
        if self._writer is not None:
            self._writer.close()
        self.tmp.unlink(missing_ok=True)


def _frame_tables(df: pd.DataFrame):
    """``df`` as Arrow tables of at most ``ROW_GROUP`` rows (bounded extra memory)."""
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

    def open(self, plan: dict, resume: bool) -> set[int] | None:
        """Prepare the folder for ``plan``; return the chunks already finished.

        Returns None when ``resume`` finds the same run already finished. Raises
        :class:`StoreError` when the folder holds something else.
        """
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file; use --out to choose a folder")
        busy = self.path.exists() and any(self.path.iterdir())
        if busy and not resume:
            raise StoreError(f"{self.path} exists; use --out to choose another folder "
                             f"or --resume to finish an interrupted run")
        if resume and (self.path / MANIFEST).is_file():
            _same_plan(self.path, _read_json(self.path / MANIFEST), plan, "a finished run")
            shutil.rmtree(self.chunks, ignore_errors=True)  # left if killed while tidying up
            return None
        if resume and (self.chunks / PLAN).is_file():
            _same_plan(self.path, _read_json(self.chunks / PLAN), plan, "an interrupted run")
        elif busy and any(p.name != CHUNKS and not p.name.startswith(_TMP) for p in self.path.iterdir()):
            raise StoreError(f"cannot resume {self.path}: it is not an interrupted pactsim run "
                             f"(no {CHUNKS}/{PLAN}); use --out to choose another folder")
        else:  # a fresh run, or one killed before its plan was written: nothing to keep
            shutil.rmtree(self.chunks, ignore_errors=True)
            self.chunks.mkdir(parents=True)
            write_json(self.chunks / PLAN, plan)
        for leftover in [*self.path.glob(f"{_TMP}*"), *self.chunks.glob(f"{_TMP}*")]:
            leftover.unlink()  # from a writer that was killed
        return {i for i in range(plan["chunks"]) if self.finished(i)}

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
                    for table in _frame_tables(held[name]):
                        writer.append(table)
                else:
                    chunk = pq.ParquetFile(chunk_path(self.chunks, name, i))
                    for batch in chunk.iter_batches(batch_size=ROW_GROUP):
                        writer.append(pa.Table.from_batches([batch]))
            self._next += 1

    def finish(self, manifest: dict) -> dict[str, int]:
        """Close the final tables, write the manifest last, remove the chunks; return row counts."""
        for writer in self._writers.values():
            writer.close()
        rows = {name: self._writers.pop(name).rows for name in self.names}
        write_json(self.path / MANIFEST, {**manifest, "rows": rows})
        shutil.rmtree(self.chunks)
        return rows

    def abort(self) -> None:
        """Drop partial final files; finished chunks stay for ``--resume``."""
        for writer in self._writers.values():
            writer.abort()
        self._writers.clear()


_PLAN_KEYS = ("scenario_digest", "seed", "worlds", "chunk_size", "series")


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
    the declared ones, so that a table read back equals the table written.
    """
    df = pd.read_parquet(path, columns=columns)
    for name, categories in CATEGORIES.items():
        if name in df.columns and isinstance(df[name].dtype, pd.CategoricalDtype):
            df[name] = df[name].cat.set_categories(list(categories))
    meta = pq.read_schema(path).pandas_metadata or {}
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
        return read_table(self.path / f"{name}.parquet", columns)

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

    def save(self, path: str | os.PathLike) -> Result:
        """Write this run as a results folder at ``path`` (which must not hold anything)."""
        path = check_empty(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in self._names():
            target = path / f"{name}.parquet"
            if self.path is not None:  # copy the bytes as they are
                write_atomic(target, lambda tmp: shutil.copyfile(self.path / target.name, tmp))
                continue
            writer = BlockWriter(target)
            for table in _frame_tables(self._tables[name]):
                writer.append(table)
            writer.close()
        write_json(path / MANIFEST, self.manifest)
        return load(path)


def load(path: str | os.PathLike) -> Result:
    """Open the results folder at ``path``; tables are read when first used."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path} is not a results folder: no such folder")
    if not (path / MANIFEST).is_file():
        if (path / CHUNKS / PLAN).is_file():
            raise StoreError(f"{path} holds an unfinished run; finish it with `pactsim run ... --resume`")
        raise StoreError(f"{path} is not a pactsim results folder: it has no {MANIFEST}")
    result = Result(_read_json(path / MANIFEST), path)
    missing = [f"{n}.parquet" for n in result._names() if not (path / f"{n}.parquet").is_file()]
    if missing:
        raise StoreError(f"{path} is an incomplete results folder: missing {', '.join(missing)}")
    return result
