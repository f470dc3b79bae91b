"""A run's results, in memory or read back from its folder (:mod:`sim.files.runfolder`).

:class:`Result` holds a run's tables and manifest; :func:`load` opens a finished folder
and reads each table when first used, drawing the ``param:`` columns of the worlds table
again from the manifest (:data:`~sim.files.runfolder.DERIVED`).

A folder checks itself before it is believed: the manifest's fields must have the types
and ranges a run writes (:func:`check_manifest`); each table must have the rows the
manifest records and, when it is first read, the sha256 it records (folders written
before the digests were recorded are read without that check); and the ``seed`` and
``world`` columns of the worlds table must be the manifest's seed and worlds ``0..n-1``
before any ``param:`` column is drawn from them. A folder that fails is a
:class:`StoreError` that says what differs; read with ``trust``, a folder whose tables
have other rows or bytes is read all the same, loudly (:func:`sim.files.recorded.doubt`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..world.eventlog import CATEGORIES
from ..world.outcomes import PARAM
from .outputs import MANIFEST, StoreError, file_digest, output_folder, read_json, write_atomic, write_json
from .recorded import doubt
from .runfolder import CHUNKS, FORMAT, PLAN, TABLES, BlockWriter, frame_tables, table_records

DAMAGED = "the folder is damaged or was edited; run the scenario again into a new folder"
MAX_SEED = 2**63 - 1
"""Largest root seed, everywhere a seed is read (a run's request, a folder's manifest, the
page's seed lever): the folder's ``seed`` column is a 64-bit integer."""
# Not 2**32-1: numpy's SeedSequence takes any non-negative integer, so the bound is where a
# seed is kept. The page's seed box is text parsed by Python, not a JavaScript number, so
# it holds every such seed exactly.


def read_table(path: str | os.PathLike, columns: list[str] | None = None, rows: int | None = None) -> pd.DataFrame:
    """Read one Parquet table (its first ``rows`` rows, or all) with the dtypes it was
    written from.

    Parquet has no seconds unit for timestamps; the pandas metadata remembers it. An
    event log's categorical columns keep only the categories used; they get back all
    the declared ones, so that a table read back equals the table written. An
    unreadable file is a :class:`StoreError` that names it.
    """
    try:
        first = None if rows is None else next(pq.ParquetFile(path).iter_batches(max(rows, 1), columns=columns), None)
        if first is None:  # all rows (or there are none)
            df = pd.read_parquet(path, columns=columns).iloc[:rows]
        else:
            df = pa.Table.from_batches([first]).to_pandas().iloc[:rows]
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
    doubts:
        The checks the folder failed and was read despite (``trust``): empty unless
        :func:`load` was asked to trust it.
    """

    def __init__(self, manifest: dict, path: str | os.PathLike | None = None,
                 tables: dict[str, pd.DataFrame] | None = None, trust: bool = False) -> None:
        self.manifest = manifest
        self.path = None if path is None else Path(path)
        self._tables = dict(tables or {})
        self._verified: set[str] = set()
        self.trust = trust
        self.doubts: list[str] = []

    def __repr__(self) -> str:
        m = self.manifest
        where = f" at {self.path}" if self.path else " in memory"
        return f"<Result {m.get('scenario', {}).get('name')!s}: {m.get('worlds')} worlds, seed {m.get('seed')}{where}>"

    def read(self, name: str, columns: list[str] | None = None, rows: int | None = None) -> pd.DataFrame:
        """Table ``name`` (``worlds``, ``events`` or ``series``), optionally only some
        columns, or its first ``rows`` rows."""
        if name not in TABLES or (name == "series" and not self.manifest.get("series")):
            raise KeyError(f"no table {name!r} in this run; it has {', '.join(self._names())}")
        if name in self._tables:
            df = self._tables[name]
            return (df if columns is None else df[columns]).iloc[:rows]
        file = self.path / f"{name}.parquet"
        self._verify(name, file)
        if name != "worlds":
            return read_table(file, columns, rows)
        derived = self.manifest.get("format", 1) >= 2
        wanted = None if columns is None or not derived else [c for c in columns if c.startswith(PARAM)]
        kept = None if columns is None else [c for c in columns if not (derived and c.startswith(PARAM))]
        df = read_table(file, None if kept is None else list(dict.fromkeys([*kept, "world", "seed"])), rows)
        _check_worlds(file, df, self.manifest)
        if derived:
            df = _with_params(df, self.manifest, None if wanted is None else [c.removeprefix(PARAM) for c in wanted])
        return df if columns is None else df[columns]

    def _verify(self, name: str, file: Path) -> None:
        """Refuse table ``name`` if its bytes are not those the manifest records (once per table)."""
        recorded = (self.manifest.get("digests") or {}).get(name)
        if recorded is None or name in self._verified:
            return
        try:
            found = file_digest(file)
        except OSError as exc:
            raise StoreError(f"{file} is unreadable ({exc.strerror}); run the scenario again into a new folder") from None
        self._verified.add(name)
        if found != recorded:
            doubt(f"{file} is not the file this run wrote (its sha256 differs from the manifest's): {DAMAGED}",
                  self.trust, self.doubts)

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
        it must not hold anything, unless ``force`` and it is a finished output). A run
        read with ``trust`` that failed its checks is not saved as if it had passed them."""
        if self.doubts:
            raise StoreError(f"{self.path} failed its checks and was read with --trust; it is not saved again "
                             f"with new digests: run the scenario again")
        with output_folder(path, force, "the run") as tmp:
            for name in self._names():
                target = tmp / f"{name}.parquet"
                if self.path is not None:  # copy the bytes as they are
                    write_atomic(target, lambda t: shutil.copyfile(self.path / target.name, t))
                    continue
                writer = BlockWriter(target)
                for table in frame_tables(name, self._tables[name]):
                    writer.append(table)
                writer.close()
            rows = {n: pq.ParquetFile(tmp / f"{n}.parquet").metadata.num_rows for n in self._names()}
            write_json(tmp / MANIFEST, {**self.manifest, **table_records(tmp, self._names(), rows)})
        return load(path)


def _check_worlds(file: Path, worlds: pd.DataFrame, manifest: dict) -> None:
    """Refuse a worlds table whose ``seed`` and ``world`` columns are not the manifest's
    seed and worlds ``0..n-1`` in order (the ``param:`` columns are drawn from them)."""
    for column in ("world", "seed"):
        if column not in worlds.columns:
            raise StoreError(f"{file} has no column {column!r}: it is not a pactsim worlds table; {DAMAGED}")
    seeds = worlds["seed"].to_numpy()
    if len(seeds) and not (seeds == manifest["seed"]).all():
        other = seeds[seeds != manifest["seed"]][0]
        raise StoreError(f"{file} holds worlds of seed {other}; the manifest says seed {manifest['seed']}: {DAMAGED}")
    if not np.array_equal(worlds["world"].to_numpy(), np.arange(len(worlds))):
        raise StoreError(f"{file}: its world column is not 0, 1, 2, ... in order: {DAMAGED}")


def _integer(value, low: int, high: int | None = None) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and value >= low
            and (high is None or value < high))


_FIELDS = {  # key: (required, test, what is expected)
    "format": (False, lambda v: _integer(v, 1, FORMAT + 1), f"a format from 1 to {FORMAT} (a newer pactsim may read it)"),
    "seed": (True, lambda v: _integer(v, 0, MAX_SEED + 1), "a seed from 0 to 2**63 - 1"),
    "worlds": (True, lambda v: _integer(v, 1), "a number of worlds of at least 1"),
    "chunks": (False, lambda v: _integer(v, 1), "a number of chunks of at least 1"),
    "chunk_size": (False, lambda v: _integer(v, 1), "a chunk size of at least 1"),
    "series": (False, lambda v: isinstance(v, bool), "true or false"),
    "scenario": (False, lambda v: isinstance(v, dict), "the resolved scenario (a mapping)"),
    "rows": (False, lambda v: isinstance(v, dict) and all(n in TABLES and _integer(r, 0) for n, r in v.items()),
             "the row count of each table"),
    "digests": (False, lambda v: isinstance(v, dict) and all(n in TABLES and isinstance(d, str) for n, d in v.items()),
                "the sha256 of each table"),
}


def check_manifest(path: Path, manifest: dict) -> dict:
    """``manifest`` (of the folder ``path``) if its fields have the types and ranges a run
    writes; else a :class:`StoreError` that names the first field that has not."""
    for key, (required, test, expected) in _FIELDS.items():
        if key not in manifest:
            if required:
                raise StoreError(f"{path / MANIFEST} has no {key!r}; expected {expected}: {DAMAGED}")
            continue
        if not test(manifest[key]):
            shown = repr(manifest[key])
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            raise StoreError(f"{path / MANIFEST}: {key!r} is {shown}; expected {expected}: {DAMAGED}")
    if manifest.get("format", 1) >= 2 and "scenario" not in manifest:
        raise StoreError(f"{path / MANIFEST} has no 'scenario', from which its param: columns are drawn: {DAMAGED}")
    return manifest


def _check_rows(path: Path, result: Result) -> None:
    """Refuse a table whose row count is not the manifest's."""
    recorded = dict(result.manifest.get("rows") or {})
    recorded["worlds"] = result.manifest["worlds"]  # older folders record only this
    for name in result._names():
        file = path / f"{name}.parquet"
        try:
            found = pq.ParquetFile(file).metadata.num_rows
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise StoreError(f"{file} is unreadable ({exc}); {DAMAGED}") from None
        if name in recorded and found != recorded[name]:
            doubt(f"{file} has {found:,} rows; the manifest says {recorded[name]:,}: "
                  f"the folder is damaged or incomplete", result.trust, result.doubts)


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


def load(path: str | os.PathLike, trust: bool = False) -> Result:
    """Open the results folder at ``path``; tables are read when first used.

    ``trust``: read it even if its tables have other rows or bytes than its manifest
    records, saying so on stderr and in :attr:`Result.doubts` (a malformed manifest, a
    missing table or worlds of another seed are refused even so)."""
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
    result = Result(check_manifest(path, read_json(path / MANIFEST)), path, trust=trust)
    missing = [f"{n}.parquet" for n in result._names() if not (path / f"{n}.parquet").is_file()]
    if missing:
        raise StoreError(f"{path} is an incomplete results folder: missing {', '.join(missing)}; "
                         f"run the scenario again into a new folder")
    _check_rows(path, result)
    if trust:  # every doubt now, so that whatever is written from the folder can say so
        for name in result._names():
            result._verify(name, path / f"{name}.parquet")
    return result
