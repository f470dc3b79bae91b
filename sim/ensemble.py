"""Running an ensemble: many worlds of one scenario, in chunks, here or in parallel.

Worlds ``0..worlds-1`` of root ``seed`` are cut into chunks of ``chunk_size`` worlds.
Because every world draws from its own streams (:mod:`sim.world.rng`), a chunk gives the
same rows whichever process computes it, so chunks can run in this process, in a pool of
processes or on a Dask cluster (:mod:`sim.workers`), finish in any order, and still merge
into the same bytes. With ``out`` the chunks are written to a results folder as they
finish (:mod:`sim.files.runfolder`), so an interrupted run keeps them and ``resume=True`` computes only
the rest; without it everything stays in memory, the notebook way::

    result = sim.run("scenarios/historical.yaml", worlds=2000, seed=1)
    result.worlds.japan_attacks_ussr.notna().mean()

A run asks only for what the machine can hold (:func:`check_request`: worlds, seed,
workers), and turns Ctrl-C, SIGTERM and a failed chunk into a message that says what
was kept and how to resume.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.metadata
import os
import pickle
import platform
import shlex
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import (
    ThreadPoolExecutor,
)

import numpy as np
import pandas as pd
from tqdm.auto import tqdm  # a widget in Jupyter, text on a terminal

from . import workers as workers_
from .errors import RequestError, RunFailed, RunInterrupted
from .files.outputs import digest, os_error
from .files.runfolder import DERIVED, FORMAT, ROW_GROUP, TABLES, RunFolder, read_plan, write_chunk
from .files.scenario import as_scenario
from .files.store import Result, load
from .world.model import simulate

CHUNK = 20_000
"""Most worlds per chunk in a run in this process: large chunks amortise the model's
per-week overhead (~0.35 s a chunk, whatever its size)."""

WORKER_CHUNK = 4_000
"""Most worlds per chunk in worker processes: a running chunk holds ~25 KB a world (the
event log is built, sorted and written), so two workers, this process and the fork
server stay under 1 GB (measured: 970 MB for 200,000 worlds; 1,180 MB with 6,666)."""

MAX_WORLDS = 10_000_000
"""Most worlds of one run: about 4 GB of results (~0.4 KB a world on disk) and half an
hour per core. More is better asked of several runs with different seeds."""

MAX_SEED = 2**63 - 1
"""Largest root seed: seeds and world numbers are stored as 64-bit integers."""

WORLD_BYTES = 30_000
"""Memory of one world's tables when a run is kept in memory (measured: ~30 MB per 1,000)."""

WORKER_BYTES = 250_000_000
"""Memory to allow for one worker process (measured: ~170 MB resident with a chunk)."""



class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: stop like a second Ctrl-C, at once."""


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


# --- The run --------------------------------------------------------------------------------

def _positive(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise RequestError(f'"{name}" must be a positive integer, got {value!r}')
    return int(value)


def _memory_available() -> int | None:
    """Bytes of memory available to new work, if the system says."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def max_workers() -> int:
    """Most worker processes a run may start here: twice the cores this process may use
    (chunks are CPU-bound, so more processes add memory, not speed), and no more than
    available memory holds at :data:`WORKER_BYTES` each."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    memory = _memory_available()
    return max(1, min(2 * cores, memory // WORKER_BYTES if memory else 2 * cores))


def max_worlds(in_memory: bool, runs: int = 1) -> int:
    """Most worlds of one run: :data:`MAX_WORLDS`; kept in memory (``runs`` of them, as a
    comparison does), no more than half the available memory holds at :data:`WORLD_BYTES`."""
    memory = _memory_available() if in_memory else None
    return MAX_WORLDS if memory is None else max(1, min(MAX_WORLDS, memory // 2 // WORLD_BYTES // runs))


def check_request(worlds: int, seed: int, workers: int = 1, in_memory: bool = False, runs: int = 1) -> tuple[int, int, int]:
    """``worlds``, ``seed`` and ``workers`` as ints, if this machine can run them; else a
    :class:`RequestError` that names the argument, its limit and why."""
    worlds, workers = _positive("worlds", worlds), _positive("workers", workers)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise RequestError(f'"seed" must be a non-negative integer up to 2**63-1, got {_short(seed)}')
    most = max_worlds(in_memory, runs)
    if worlds > most:
        why = (f"the most {'these runs' if runs > 1 else 'a run'} kept in memory can hold in half the available "
               f"memory; write to a folder (--out) or use fewer worlds" if most < MAX_WORLDS else
               "about 4 GB of results; run several seeds instead")
        raise RequestError(f'"worlds" is {_short(worlds)}; at most {most:,} ({why})')
    if workers > max_workers():
        raise RequestError(f'"workers" is {_short(workers)}; at most {max_workers()} on this machine '
                           f"(two per core: the work is CPU-bound, and each process needs ~200 MB)")
    return worlds, int(seed), workers


def _short(number) -> str:
    text = str(number)
    return text if len(text) <= 20 else f"a number of {len(text)} digits"


def _versions() -> dict[str, str | None]:
    def version(dist: str) -> str | None:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return None

    own = getattr(sys.modules.get(__package__), "__version__", None) or version("pactsim")
    out = {"pactsim": own, "model_commit": _git_commit(), "python": platform.python_version()}
    out.update({dist: version(dist) for dist in ("numpy", "pandas", "pyarrow", "mesa")})
    return out


@functools.lru_cache(maxsize=1)
def _git_commit() -> str | None:
    """The git commit of the model's source, with "+changes" if the checkout has local
    edits to it; None where pactsim is not run from a git checkout or git is missing.

    Two runs that both say pactsim 0.1.0 may come from different models; the commit
    tells them apart.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        head = subprocess.run(["git", "-C", here, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return None
        changed = subprocess.run(["git", "-C", here, "status", "--porcelain", "--untracked-files=no", "--", here],
                                 capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("+changes" if changed.returncode == 0 and changed.stdout.strip() else "")


def _interactive() -> bool:
    """Whether someone is watching: stderr is a terminal, or this runs in a Jupyter kernel."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return sys.stderr.isatty() or type(shell).__name__ == "ZMQInteractiveShell"


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
        bundled scenario (``"historical"``; see ``pactsim scenarios``).
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
        Show a progress bar (a widget in Jupyter, text on stderr elsewhere); None shows
        it on a terminal and in Jupyter.

    Raises
    ------
    StoreError
        ``out`` holds something else, or a different run.
    RunFailed
        A chunk raised or a worker died; finished chunks are kept for ``resume``.
    RunInterrupted
        Ctrl-C or SIGTERM; finished chunks are kept for ``resume``.
    RequestError
        An argument is invalid or more than this machine can hold (:func:`check_request`).
    """
    label = os.fspath(scenario) if isinstance(scenario, (str, os.PathLike)) else None
    scenario = as_scenario(scenario)
    # workers start processes here, or a local Dask cluster; a remote cluster has its own
    local = dask is None or dask == "local"
    worlds, seed, workers = check_request(worlds, seed, workers if local else 1, in_memory=out is None)
    if resume and out is None:
        raise RequestError('"resume" needs "out": a run kept in memory cannot be resumed')
    if dask is not None:
        workers_.import_dask()  # fail before anything is written
    with contextlib.ExitStack() as stack:
        client = workers_.dask_client(stack, dask, workers) if dask is not None else None
        stack.enter_context(_sigterm_interrupts())
        return _run(scenario, label, worlds, seed, out, workers, chunk_size, dask, client, series, resume,
                    progress, stack)


@contextlib.contextmanager
def _sigterm_interrupts():
    """While a run goes, SIGTERM stops it as a second Ctrl-C would: workers are killed at
    once, finished chunks are kept (from the main thread only: Python's rule for signals)."""
    workers_.STOP_NOW.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        workers_.STOP_NOW.set()
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(scenario, label, worlds, seed, out, workers, chunk_size, dask, client, series, resume, progress,
         stack: contextlib.ExitStack) -> Result:
    payload = _pack(scenario) if dask is not None or workers > 1 else None
    if chunk_size is None and resume:
        chunk_size = (read_plan(out) or {}).get("chunk_size")
    if chunk_size is None:
        share = max(2, workers) if dask == "local" else workers
        chunk_size = min(CHUNK if share == 1 else WORKER_CHUNK, -(-worlds // share))
    chunk_size = _positive("chunk_size", chunk_size)
    names = TABLES if series else TABLES[:2]
    spans = [(i, lo, min(lo + chunk_size, worlds)) for i, lo in enumerate(range(0, worlds, chunk_size))]
    resolved = scenario.to_dict()
    plan = {"format": FORMAT, "scenario_name": scenario.name, "scenario_digest": digest(resolved), "seed": seed,
            "worlds": worlds, "chunk_size": chunk_size, "chunks": len(spans), "series": bool(series)}

    folder, done = None, set()
    if out is not None:
        folder = RunFolder(out, names)
        stack.callback(folder.close)
        done = folder.open(plan, resume)
        for note in folder.set_aside:
            print(f"pactsim: {note}", file=sys.stderr)
        if done is None:  # resuming a run that had finished
            return load(out)
    todo = [span for span in spans if span[0] not in done]
    if dask is not None and todo:
        calls = ((i, _work, (payload, seed, i, lo, hi, series, None)) for i, lo, hi in todo)
        stream, backend = workers_.on_dask(client, calls), f"dask {dask}"
    elif workers > 1 and len(todo) > 1:
        chunks = None if folder is None else str(folder.chunks)
        calls = ((i, _work, (payload, seed, i, lo, hi, series, chunks)) for i, lo, hi in todo)
        stream, backend = workers_.processes(calls, min(workers, len(todo)), [__name__]), f"{workers} processes"
    else:
        calls = ((i, _compute, (scenario, seed, lo, hi, series)) for i, lo, hi in todo)
        stream, backend = workers_.here(calls), "in-process"

    started, clock = _now(), time.perf_counter()
    show = _interactive() if progress is None else bool(progress)
    command = _resume_command(label or scenario.path or scenario.name, worlds, seed, out, series)
    held: dict[int, dict] = {}
    with _reported(folder, spans, held, command):
        with tqdm(total=worlds, initial=sum(hi - lo for i, lo, hi in spans if i in done), unit="worlds",
                  desc=scenario.name, file=sys.stderr, disable=not show, dynamic_ncols=True) as bar:
            _drive(stream, folder, spans, done, bar, held)
        seconds = time.perf_counter() - clock
        computed = sum(hi - lo for _, lo, hi in todo)
        manifest = {
            **plan, "scenario": resolved, "row_group_size": ROW_GROUP, "derived": DERIVED,
            "run": {"backend": backend, "workers": workers, "resumed": bool(done), "worlds_computed": computed},
            "versions": _versions(),
            "timing": {"started": started, "finished": _now(), "seconds": round(seconds, 3),
                       "worlds_per_second": round(computed / seconds, 1) if seconds > 0 else None},
        }
        if folder is not None:
            folder.finish(manifest)
    if folder is not None:
        return load(out)
    tables = {name: pd.concat([held[i][name] for i, _, _ in spans], ignore_index=True) for name in names}
    return Result({**manifest, "rows": {name: len(df) for name, df in tables.items()}}, None, tables)


def _drive(stream, folder: RunFolder | None, spans, done: set[int], bar, held: dict) -> None:
    """Consume finished chunks: into ``folder``, or into ``held`` when in memory."""

    def deliver(index: int, tables: dict | None) -> None:
        if folder is None:
            held[index] = tables
            return
        if tables is not None and not folder.completes(index):  # else a worker process has written it
            write_chunk(folder.chunks, index, tables)
        folder.add(index, tables)

    # Chunks are written and merged in a thread (pyarrow releases the GIL) while the
    # next chunk is computed; one chunk at a time, so memory stays bounded.
    with ThreadPoolExecutor(1, thread_name_prefix="pactsim-writer") as writer, contextlib.closing(stream):
        pending = writer.submit(lambda: [folder.add(i) for i in sorted(done)])  # kept from before
        for index, tables in stream:
            pending.result()
            pending = writer.submit(deliver, index, tables)
            bar.update(spans[index][2] - spans[index][1])
        pending.result()


@contextlib.contextmanager
def _reported(folder: RunFolder | None, spans, held: dict, command: str):
    """Turn Ctrl-C, SIGTERM, a failed chunk and a failed write into :class:`RunInterrupted`
    and :class:`RunFailed`, saying what was kept and how to finish the run."""

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
        yield
    except KeyboardInterrupt as exc:
        if isinstance(exc, _Terminated):
            raise RunInterrupted(f"terminated (SIGTERM): {kept()}", 143) from None
        raise RunInterrupted(f"interrupted: {kept()}") from None
    except workers_.ChunkFailed as exc:
        _, lo, hi = spans[exc.index]
        raise RunFailed(f"chunk {exc.index} (worlds {lo}-{hi - 1}) failed: {exc.reason}\n{kept()}") from exc.__cause__
    except OSError as exc:
        raise RunFailed(f"{os_error(exc, 'write the results to', folder.path if folder else None)}\n{kept()}") from exc


def _resume_command(scenario: str, worlds: int, seed: int, out, series: bool) -> str:
    words = ["pactsim", "run", scenario, "--worlds", str(worlds), "--seed", str(seed),
             "--out", os.fspath(out) if out is not None else "DIR"]
    return shlex.join(words + (["--series"] if series else []) + ["--resume"])
