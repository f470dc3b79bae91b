"""The engine: every chunked job runs here, and only here is the model simulated.

A :class:`Job` is work cut into *spans* (``(index, lo, hi)``), a picklable *chunk
function* that gives the tables of one span, the names of those tables and a *plan*
(what was asked, recorded so that a resume can refuse another request). A run is a job
of world chunks (:class:`WorldChunk`, built by :mod:`sim.ensemble`); a sensitivity study
is a job of point chunks (:mod:`sim.analysis.sensitivity`); a sweep, a discovery, the
calibration and the what-if table are runs.

:func:`execute` owns everything around the chunks: where they run (:mod:`sim.workers`:
this process, worker processes or Dask), the results folder (opened, resumed, merged and
finished: :mod:`sim.files.runfolder`), the progress bar, Ctrl-C and SIGTERM, and turning a
failed chunk or a failed write (a full disk) into one message that says what was kept and
how to finish. Because every chunk gives the same rows wherever it runs, and the folder
merges them in order, the bytes never depend on chunking or workers. :func:`versions` says
what ran it; whether this machine can hold a request is :mod:`sim.limits`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import importlib.metadata
import os
import pickle
import platform
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm  # a widget in Jupyter, text on a terminal

from . import workers as workers_
from .errors import RequestError, RunFailed, RunInterrupted
from .files.outputs import os_error
from .files.runfolder import RunFolder, chunk_path, write_chunk
from .files.store import read_table
from .limits import check_workers

MODEL = "sim.world.model"
"""The model's module: imported when a chunk first simulates (with Mesa it takes a second,
which ``pactsim scenarios``, ``check`` or a saved folder's report need not pay), and by
the fork server of worker processes once, before they start."""


def simulate(*args, **kwargs):
    """The model's :func:`sim.world.model.simulate`, imported on first use."""
    from .world.model import simulate

    return simulate(*args, **kwargs)

Tables = dict[str, pd.DataFrame]


# --- The model's chunks -----------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class WorldChunk:
    """The chunk function of a run: the tables of worlds ``lo..hi-1`` of ``scenario`` and
    ``seed`` (``worlds`` and ``events``, and ``series`` when asked for)."""

    scenario: object
    seed: int
    series: bool = False

    def __call__(self, lo: int, hi: int) -> Tables:
        chunk = simulate(self.scenario, self.seed, np.arange(lo, hi, dtype=np.int64), series=self.series)
        tables = {"worlds": chunk.worlds, "events": chunk.events}
        if self.series:
            tables["series"] = chunk.series
        return tables


def world_table(scenario, seed: int, worlds: np.ndarray, values: dict | None = None) -> pd.DataFrame:
    """The worlds table (no events) of worlds ``worlds`` of ``seed``, each with its own
    parameter ``values`` (arrays, one entry a world, or one number each): what a point of
    a study needs."""
    return simulate(scenario, seed, worlds, values=values, events=False).worlds


# --- A job ------------------------------------------------------------------------------------

@dataclasses.dataclass
class Job:
    """Chunked work: ``chunk(lo, hi)`` gives the tables ``tables`` of span ``(index, lo, hi)``."""

    name: str
    """Shown by the progress bar."""
    chunk: Callable[[int, int], Tables]
    """Picklable, to run in worker processes and on Dask; the same rows wherever it runs."""
    spans: list[tuple[int, int, int]]
    tables: tuple[str, ...]
    plan: dict
    """What was asked: written to the folder first, so that a resume can refuse another request."""
    unit: str = "worlds"
    """What the spans count, in messages and on the progress bar."""
    what: str = "run"
    finish_hint: str = "run the same command with --resume"
    """How to finish the job after an interruption, for the message."""
    keep: bool = False
    """Hold every chunk's tables in memory even when writing a folder (a study analyses them)."""

    @classmethod
    def cut(cls, total: int, size: int, **fields) -> Job:
        """A job of ``total`` units in spans of ``size``."""
        return cls(spans=[(i, lo, min(lo + size, total)) for i, lo in enumerate(range(0, total, size))], **fields)

    @property
    def total(self) -> int:
        return self.spans[-1][2] if self.spans else 0


@dataclasses.dataclass
class Execution:
    """How a job ran: handed to the job's ``finish`` and kept in its manifest."""

    backend: str
    workers: int
    resumed: bool
    computed: int
    """Units computed now (not kept from before)."""
    started: str
    finished: str
    seconds: float
    tables: Tables | None = None
    """The whole tables, when they were held in memory."""
    manifest: dict | None = None


def execute(job: Job, finish: Callable[[Execution, Path | None], dict], out: str | os.PathLike | None = None,
            workers: int = 1, dask: str | None = None, resume: bool = False,
            progress: bool | None = None) -> Execution | None:
    """Compute the chunks of ``job`` (those missing from ``out`` when resuming).

    Without ``out`` every chunk is held in memory. With it, chunks are written as they
    finish and merged into the folder's final tables. ``finish(execution, path)`` then
    writes what else the job keeps into folder ``path`` (None in memory) and returns what
    the job's manifest says beyond its plan; the engine adds the plan and :func:`versions`
    and writes the manifest last (a resume checks its plan). Returns the
    :class:`Execution`, or None when ``resume`` finds the job already finished.

    Raises :class:`RunInterrupted` (Ctrl-C, SIGTERM) and :class:`RunFailed` (a chunk
    failed, a write failed), each saying what was kept and how to finish.
    """
    if resume and out is None:
        raise RequestError(f'"resume" needs "out": a {job.what} kept in memory cannot be resumed')
    if dask is None or dask == "local":  # a remote cluster has its own workers
        workers = check_workers(workers)
    if dask is not None:
        workers_.import_dask()  # fail before anything is written
    with contextlib.ExitStack() as stack:
        client = workers_.dask_client(stack, dask, workers) if dask is not None else None
        stack.enter_context(_sigterm_interrupts())
        folder, done = None, set()
        if out is not None:
            folder = RunFolder(out, job.tables)
            stack.callback(folder.close)
            done = folder.open(job.plan, resume)
            for note in folder.set_aside:
                print(f"pactsim: {note}", file=sys.stderr)
            if done is None:  # resuming a job that had finished
                return None
        keep = folder is None or job.keep
        held: dict[int, Tables] = {}
        if keep and folder is not None:  # chunks kept from before
            held.update({i: {name: read_table(chunk_path(folder.chunks, name, i)) for name in job.tables}
                         for i in sorted(done)})
        todo = [span for span in job.spans if span[0] not in done]
        stream, backend = _stream(job, todo, None if keep else folder, workers, dask, client)
        started, clock = _now(), time.perf_counter()
        show = interactive() if progress is None else bool(progress)
        with _reported(job, folder, held):
            with tqdm(total=job.total, initial=sum(hi - lo for i, lo, hi in job.spans if i in done), unit=job.unit,
                      desc=job.name, file=sys.stderr, disable=not show, dynamic_ncols=True) as bar:
                _drive(job, stream, folder, done, bar, held if keep else None)
            execution = Execution(backend, workers, bool(done), sum(hi - lo for _, lo, hi in todo), started, _now(),
                                  time.perf_counter() - clock)
            if keep:
                execution.tables = {name: pd.concat([held[i][name] for i, _, _ in job.spans], ignore_index=True)
                                    for name in job.tables}
            execution.manifest = {**job.plan, **finish(execution, None if folder is None else folder.path),
                                  "versions": versions()}
            if folder is not None:
                folder.finish(execution.manifest)
        return execution


def _stream(job: Job, todo, chunks_folder: RunFolder | None, workers: int, dask: str | None, client):
    """The chunks of ``todo`` as they finish, and the backend's name. Worker processes
    write their chunk into ``chunks_folder`` themselves when one is given."""
    if dask is not None and todo:
        payload = _pack(job)
        calls = ((i, _work, (payload, i, lo, hi, None)) for i, lo, hi in todo)
        return workers_.on_dask(client, calls), f"dask {dask}"
    if workers > 1 and len(todo) > 1:
        payload, chunks = _pack(job), None if chunks_folder is None else str(chunks_folder.chunks)
        calls = ((i, _work, (payload, i, lo, hi, chunks)) for i, lo, hi in todo)
        # the fork server imports the chunk function's module once, so that workers start in milliseconds
        preload = [getattr(job.chunk, "func", job.chunk).__module__, MODEL]
        return workers_.processes(calls, min(workers, len(todo)), preload), f"{workers} processes"
    calls = ((i, job.chunk, (lo, hi)) for i, lo, hi in todo)
    return workers_.here(calls), "in-process"


def _pack(job: Job) -> bytes:
    """Pickle the chunk function of ``job`` once, for worker processes."""
    try:
        return pickle.dumps(job.chunk, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise TypeError(f"{job.name!r} cannot be sent to worker processes ({exc}); load its scenario with "
                        f"sim.load_scenario or use workers=1") from None


@functools.lru_cache(maxsize=4)
def _unpack(payload: bytes):
    return pickle.loads(payload)


def _work(payload: bytes, index: int, lo: int, hi: int, chunks: str | None):
    """Compute chunk ``index`` in a worker; write it to ``chunks`` or return its tables."""
    tables = _unpack(payload)(lo, hi)
    if chunks is None:
        return tables
    write_chunk(chunks, index, tables)
    return None


def _drive(job: Job, stream, folder: RunFolder | None, done: set[int], bar, held: dict | None) -> None:
    """Consume finished chunks: into ``folder``, and into ``held`` when they are kept."""

    def deliver(index: int, tables: Tables | None) -> None:
        if held is not None:
            held[index] = tables
        if folder is None:
            return
        if tables is not None and not folder.completes(index):  # else a worker process has written it
            write_chunk(folder.chunks, index, tables)
        folder.add(index, tables)

    # Chunks are written and merged in a thread (pyarrow releases the GIL) while the
    # next chunk is computed; one chunk at a time, so memory stays bounded.
    with ThreadPoolExecutor(1, thread_name_prefix="pactsim-writer") as writer, contextlib.closing(stream):
        pending = writer.submit(lambda: [folder.add(i) for i in sorted(done)] if folder else None)  # kept from before
        for index, tables in stream:
            pending.result()
            pending = writer.submit(deliver, index, tables)
            bar.update(job.spans[index][2] - job.spans[index][1])
        pending.result()


# --- Signals and failures ---------------------------------------------------------------------

class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: stop like a second Ctrl-C, at once."""


@contextlib.contextmanager
def _sigterm_interrupts():
    """While a job goes, SIGTERM stops it as a second Ctrl-C would: workers are killed at
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


@contextlib.contextmanager
def _reported(job: Job, folder: RunFolder | None, held: dict):
    """Turn Ctrl-C, SIGTERM, a failed chunk and a failed write into :class:`RunInterrupted`
    and :class:`RunFailed`, saying what was kept and how to finish the job."""

    def kept() -> tuple[str, str]:
        """What was kept, and what to do next."""
        if folder is None:
            finished = sum(hi - lo for i, lo, hi in job.spans if i in held)
            return (f"{finished:,} of {job.total:,} {job.unit} had finished, but a {job.what} kept in memory keeps "
                    f"nothing", "give it an output folder (out=..., --out) to make it resumable")
        folder.abort()
        finished = sum(hi - lo for i, lo, hi in job.spans if folder.finished(i))
        return (f"{finished:,} of {job.total:,} {job.unit} finished and are kept in {folder.chunks}",
                f"to finish the {job.what}:\n  {job.finish_hint}")

    try:
        yield
    except KeyboardInterrupt as exc:
        how, code = ("terminated (SIGTERM)", 143) if isinstance(exc, _Terminated) else ("interrupted", 130)
        words, then = kept()
        raise RunInterrupted(f"{how}: {words}; {then}", code, how, words,
                             None if folder is None else folder.path) from None
    except workers_.ChunkFailed as exc:
        _, lo, hi = job.spans[exc.index]
        raise RunFailed(f"chunk {exc.index} ({job.unit} {lo}-{hi - 1}) failed: {exc.reason}\n"
                        f"{'; '.join(kept())}") from exc.__cause__
    except OSError as exc:
        raise RunFailed(f"{os_error(exc, 'write the results to', folder.path if folder else None)}\n"
                        f"{'; '.join(kept())}") from exc
    except BaseException:
        if folder is not None:  # partial final files go; finished chunks stay
            folder.abort()
        raise


# --- What ran it ---------------------------------------------------------------------------------

def versions() -> dict[str, str | None]:
    """The versions of pactsim (and its git commit), Python and the libraries that shape the results."""
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


def interactive() -> bool:
    """Whether someone is watching: stderr is a terminal, or this runs in a Jupyter kernel
    (the progress bar's default everywhere)."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return sys.stderr.isatty() or type(shell).__name__ == "ZMQInteractiveShell"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
