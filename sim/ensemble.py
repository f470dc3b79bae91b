"""Running an ensemble: many worlds of one scenario, in chunks, here or in parallel.

Worlds ``0..worlds-1`` of root ``seed`` are cut into chunks of ``chunk_size`` worlds.
Because every world draws from its own streams (:mod:`sim.rng`), a chunk gives the same
rows whichever process computes it, so chunks can run in this process, in a pool of
processes or on a Dask cluster, finish in any order, and still merge into the same
bytes. With ``out`` the chunks are written to a results folder as they finish
(:mod:`sim.store`), so an interrupted run keeps them and ``resume=True`` computes only
the rest; without it everything stays in memory, the notebook way::

    result = sim.run("scenarios/historical.yaml", worlds=2000, seed=1)
    result.worlds.japan_attacks_ussr.notna().mean()
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.metadata
import multiprocessing
import os
import pickle
import platform
import shlex
import signal
import sys
import time
from concurrent.futures import (
    FIRST_COMPLETED,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pandas as pd
from tqdm import tqdm

from .errors import PactsimError
from .files.scenario import as_scenario
from .files.store import (
    ROW_GROUP,
    TABLES,
    Result,
    RunFolder,
    digest,
    load,
    read_plan,
    write_chunk,
)
from .world.model import simulate

DEFAULT_CHUNK = 5000
"""Most worlds per chunk: large enough to amortise a model's per-week overhead, small
enough that a chunk's tables (~30 MB per 1,000 worlds) fit comfortably in a worker."""


class RunFailed(PactsimError):
    """A run could not finish; finished chunks are kept and the message says how to resume."""


class RunInterrupted(Exception):
    """A run was stopped with Ctrl-C; the message says what was kept and how to resume."""


class _ChunkFailed(Exception):
    def __init__(self, index: int, reason: str) -> None:
        super().__init__(index, reason)
        self.index, self.reason = index, reason


# --- One chunk --------------------------------------------------------------------------

def _compute(scenario, seed: int, lo: int, hi: int, series: bool) -> dict[str, pd.DataFrame]:
    """The tables of worlds ``lo..hi-1``."""
    chunk = simulate(scenario, seed, np.arange(lo, hi, dtype=np.int64), series=series)
    tables = {"worlds": chunk.worlds, "events": chunk.events}
    if series:
        tables["series"] = chunk.series
    return tables


def _pack(scenario) -> bytes:
    """Pickle ``scenario`` for worker processes."""
    try:
        return pickle.dumps(scenario, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise TypeError(f"scenario {getattr(scenario, 'name', scenario)!r} cannot be sent to worker "
                        f"processes ({exc}); load it with sim.load_scenario or use workers=1") from None


@functools.lru_cache(maxsize=4)
def _unpack(payload: bytes):
    return pickle.loads(payload)


def _work(payload: bytes, seed: int, index: int, lo: int, hi: int, series: bool, chunks: str | None):
    """Compute chunk ``index`` in a worker; write it to ``chunks`` or return its tables."""
    tables = _compute(_unpack(payload), seed, lo, hi, series)
    if chunks is None:
        return tables
    write_chunk(chunks, index, tables)
    return None


def _quiet_worker() -> None:
    # Ctrl-C reaches the whole process group; only the parent should act on it, so that
    # it can cancel pending chunks while running ones finish and are kept.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- Where chunks run ---------------------------------------------------------------------
# Each backend yields (index, tables or None) as chunks finish; None means the worker has
# already written the chunk. Closing the generator cancels whatever has not started.

def _here(scenario, seed, spans, series):
    for index, lo, hi in spans:
        try:
            tables = _compute(scenario, seed, lo, hi, series)
        except Exception as exc:
            raise _ChunkFailed(index, f"{type(exc).__name__}: {exc}") from exc
        yield index, tables


def _processes(payload, seed, spans, series, workers, chunks):
    # forkserver, not fork: the parent may already run threads (pyarrow, tqdm), and a
    # forked child would inherit their locks; the server process is single-threaded.
    # It imports the model once, so that later workers start in milliseconds.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:  # Windows
        context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(min(workers, len(spans)), mp_context=context, initializer=_quiet_worker)
    queue, running = iter(spans), {}

    def submit() -> None:
        # keep only one chunk waiting beyond the running ones, so that Ctrl-C has little
        # to wait for (queued work cannot be taken back from a worker)
        span = next(queue, None)
        if span is not None:
            running[pool.submit(_work, payload, seed, *span, series, chunks)] = span[0]

    try:
        for _ in range(workers + 1):
            submit()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    tables = future.result()
                except BrokenProcessPool as exc:
                    raise _ChunkFailed(index, "a worker process died (killed, or out of memory?)") from exc
                except Exception as exc:
                    raise _ChunkFailed(index, f"{type(exc).__name__}: {exc}") from exc
                submit()
                yield index, tables
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # running chunks finish and are kept


def _import_dask():
    try:
        import dask.distributed
    except ImportError:
        raise RunFailed("running on Dask needs the dask extra: pip install 'pactsim[dask]'") from None
    return dask.distributed


def _dask(payload, seed, spans, series, workers, address):
    distributed = _import_dask()
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=max(2, workers), threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1"))
            client = stack.enter_context(distributed.Client(cluster))
        else:
            client = stack.enter_context(distributed.Client(address))
        futures = {client.submit(_work, payload, seed, i, lo, hi, series, None, pure=False): i
                   for i, lo, hi in spans}
        try:
            for future in distributed.as_completed(list(futures)):
                index = futures.pop(future)
                try:
                    tables = future.result()
                except Exception as exc:
                    raise _ChunkFailed(index, f"{type(exc).__name__}: {exc}") from exc
                future.release()  # the client now holds the tables; the cluster may forget them
                yield index, tables
        finally:
            if futures:
                client.cancel(list(futures))


# --- The run --------------------------------------------------------------------------------

def _positive(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f'"{name}" must be a positive integer, got {value!r}')
    return int(value)


def _versions() -> dict[str, str | None]:
    def version(dist: str) -> str | None:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return None

    own = getattr(sys.modules.get(__package__), "__version__", None) or version("pactsim")
    out = {"pactsim": own, "python": platform.python_version()}
    out.update({dist: version(dist) for dist in ("numpy", "pandas", "pyarrow", "mesa")})
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def run(scenario, worlds: int = 1000, seed: int = 0, out: str | os.PathLike | None = None,
        workers: int = 1, chunk_size: int | None = None, dask: str | None = None,
        series: bool = False, resume: bool = False, progress: bool | None = None) -> Result:
    """Run ``worlds`` worlds of ``scenario`` with root ``seed``.

    Parameters
    ----------
    scenario:
        A :class:`sim.files.scenario.Scenario`, the path of a scenario file, or the name of a
        bundled scenario (``"historical"``).
    worlds, seed:
        World ``k`` of ``seed`` gives the same rows however the run is split.
    out:
        Results folder to write (see :mod:`sim.store`); None keeps everything in memory.
    workers:
        Processes to use (1: this process). With ``dask="local"``, Dask workers (at least 2).
    chunk_size:
        Worlds per chunk; default ``min(5000, worlds / workers)``, or the interrupted
        run's own when resuming. It changes neither the results nor their bytes.
    dask:
        None, ``"local"`` for a local Dask cluster, or a scheduler address
        ``"tcp://host:port"`` (its workers need pactsim installed).
    series:
        Also keep forces by theater every four weeks (``series.parquet``).
    resume:
        Finish the interrupted run in ``out``, computing only missing chunks (an empty
        or missing folder simply starts the run; a finished one is returned as is).
    progress:
        Show a progress bar on stderr; None shows it when stderr is a terminal.

    Raises
    ------
    StoreError
        ``out`` holds something else, or a different run.
    RunFailed
        A chunk raised or a worker died; finished chunks are kept for ``resume``.
    RunInterrupted
        Ctrl-C; finished chunks are kept for ``resume``.
    """
    label = os.fspath(scenario) if isinstance(scenario, (str, os.PathLike)) else None
    scenario = as_scenario(scenario)
    worlds, workers = _positive("worlds", worlds), _positive("workers", workers)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f'"seed" must be a non-negative integer, got {seed!r}')
    seed = int(seed)
    if resume and out is None:
        raise ValueError('"resume" needs "out": a run kept in memory cannot be resumed')
    if dask is not None:
        _import_dask()  # fail before anything is written
    payload = _pack(scenario) if dask is not None or workers > 1 else None
    if chunk_size is None and resume:
        chunk_size = (read_plan(out) or {}).get("chunk_size")
    if chunk_size is None:
        chunk_size = min(DEFAULT_CHUNK, -(-worlds // (max(2, workers) if dask == "local" else workers)))
    chunk_size = _positive("chunk_size", chunk_size)
    names = TABLES if series else TABLES[:2]
    spans = [(i, lo, min(lo + chunk_size, worlds)) for i, lo in enumerate(range(0, worlds, chunk_size))]
    resolved = scenario.to_dict()
    plan = {"format": 1, "scenario_name": scenario.name, "scenario_digest": digest(resolved), "seed": seed,
            "worlds": worlds, "chunk_size": chunk_size, "chunks": len(spans), "series": bool(series)}

    folder, done = None, set()
    if out is not None:
        folder = RunFolder(out, names)
        done = folder.open(plan, resume)
        if done is None:  # resuming a run that had finished
            return load(out)
    todo = [span for span in spans if span[0] not in done]
    if dask is not None and todo:
        stream, backend = _dask(payload, seed, todo, series, workers, dask), f"dask {dask}"
    elif workers > 1 and len(todo) > 1:
        chunks = None if folder is None else str(folder.chunks)
        stream, backend = _processes(payload, seed, todo, series, workers, chunks), f"{workers} processes"
    else:
        stream, backend = _here(scenario, seed, todo, series), "in-process"

    started, clock = _now(), time.perf_counter()
    show = sys.stderr.isatty() if progress is None else bool(progress)
    with tqdm(total=worlds, initial=sum(hi - lo for i, lo, hi in spans if i in done), unit="worlds",
              desc=scenario.name, file=sys.stderr, disable=not show, dynamic_ncols=True) as bar:
        command = _resume_command(label or scenario.path or scenario.name, worlds, seed, out, series)
        held = _drive(stream, folder, spans, done, bar, command)
    seconds = time.perf_counter() - clock

    computed = sum(hi - lo for _, lo, hi in todo)
    manifest = {
        **plan, "scenario": resolved, "row_group_size": ROW_GROUP,
        "run": {"backend": backend, "workers": workers, "resumed": bool(done), "worlds_computed": computed},
        "versions": _versions(),
        "timing": {"started": started, "finished": _now(), "seconds": round(seconds, 3),
                   "worlds_per_second": round(computed / seconds, 1) if seconds > 0 else None},
    }
    if folder is not None:
        folder.finish(manifest)
        return load(out)
    tables = {name: pd.concat([held[i][name] for i, _, _ in spans], ignore_index=True) for name in names}
    return Result({**manifest, "rows": {name: len(df) for name, df in tables.items()}}, None, tables)


def _drive(stream, folder: RunFolder | None, spans, done: set[int], bar, command: str) -> dict:
    """Consume finished chunks: into ``folder``, or into the returned dict when in memory.

    Turns Ctrl-C and failures into :class:`RunInterrupted` and :class:`RunFailed`.
    """
    held: dict[int, dict] = {}

    def deliver(index: int, tables: dict | None) -> None:
        if folder is None:
            held[index] = tables
            return
        if tables is not None:  # else a worker process has written it
            write_chunk(folder.chunks, index, tables)
        folder.add(index, tables)

    def kept() -> str:
        worlds = spans[-1][2]
        if folder is None:
            finished = sum(hi - lo for i, lo, hi in spans if i in held)
            return (f"{finished:,} of {worlds:,} worlds had finished, but a run kept in memory keeps "
                    f"nothing; give it an output folder (out=..., --out) to make it resumable")
        folder.abort()
        finished = sum(hi - lo for i, lo, hi in spans if folder.finished(i))
        return f"{finished:,} of {worlds:,} worlds finished and are kept in {folder.chunks}; to finish the run:\n  {command}"

    try:
        # Chunks are written and merged in a thread (pyarrow releases the GIL) while the
        # next chunk is computed; one chunk at a time, so memory stays bounded.
        with ThreadPoolExecutor(1, thread_name_prefix="pactsim-writer") as writer, contextlib.closing(stream):
            pending = writer.submit(lambda: [folder.add(i) for i in sorted(done)])  # kept from before
            for index, tables in stream:
                pending.result()
                pending = writer.submit(deliver, index, tables)
                bar.update(spans[index][2] - spans[index][1])
            pending.result()
    except KeyboardInterrupt:
        raise RunInterrupted(f"interrupted: {kept()}") from None
    except _ChunkFailed as exc:
        _, lo, hi = spans[exc.index]
        raise RunFailed(f"chunk {exc.index} (worlds {lo}-{hi - 1}) failed: {exc.reason}\n{kept()}") from exc.__cause__
    except OSError as exc:
        raise RunFailed(f"writing results failed: {exc}\n{kept()}") from exc
    return held


def _resume_command(scenario: str, worlds: int, seed: int, out, series: bool) -> str:
    words = ["pactsim", "run", scenario, "--worlds", str(worlds), "--seed", str(seed),
             "--out", os.fspath(out) if out is not None else "DIR"]
    return shlex.join(words + (["--series"] if series else []) + ["--resume"])
