"""Evaluating a sample of parameter points in chunks, here, in processes or on Dask.

A study (:mod:`sim.analysis.sensitivity`) cuts its points into chunks of a few points.
Each chunk is evaluated by a picklable function of the chunk's rows, wherever it runs,
and gives the same rows wherever it runs, so the results never depend on the number of
workers. With a results folder the chunks are written as they finish (the store's
:class:`~sim.files.runfolder.RunFolder`, with one table, ``points``), so an interrupted study
keeps them and ``resume`` evaluates only the rest; the final files are written last.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pandas as pd

from .ensemble import RunFailed, RunInterrupted, _import_dask
from .files.outputs import MANIFEST, StoreError
from .files.runfolder import RunFolder, chunk_path, write_chunk
from .files.store import read_table

TABLE = "points"


def chunk(evaluate, names, x: np.ndarray, lo: int) -> pd.DataFrame:
    """Rows ``lo..`` of the points table: ``point``, the parameter values, what ``evaluate`` gives."""
    head = pd.DataFrame(x, columns=list(names))
    head.insert(0, "point", np.arange(lo, lo + len(x), dtype=np.int64))
    return pd.concat([head, evaluate(x).reset_index(drop=True)], axis=1)


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _here(evaluate, names, x, spans):
    for index, lo, hi in spans:
        yield index, chunk(evaluate, names, x[lo:hi], lo)


def _processes(evaluate, names, x, spans, workers):
    # forkserver: the server imports the model once, later workers start at once
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:  # the module of the evaluating function (of a partial's function)
        context.set_forkserver_preload([getattr(getattr(evaluate, "func", evaluate), "__module__", __name__)])
    with ProcessPoolExecutor(min(workers, len(spans)), mp_context=context, initializer=_quiet_worker) as pool:
        queue, running = iter(spans), {}

        def submit() -> None:
            span = next(queue, None)
            if span is not None:
                index, lo, hi = span
                running[pool.submit(chunk, evaluate, names, x[lo:hi], lo)] = index

        try:
            for _ in range(workers + 1):
                submit()
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = running.pop(future)
                    try:
                        frame = future.result()
                    except BrokenProcessPool as exc:
                        raise RunFailed(f"chunk {index}: a worker process died (killed, or out of memory?)") from exc
                    submit()
                    yield index, frame
        finally:
            for future in running:
                future.cancel()


def _dask(evaluate, names, x, spans, workers, address):
    distributed = _import_dask()
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=max(2, workers), threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1"))
            client = stack.enter_context(distributed.Client(cluster))
        else:
            client = stack.enter_context(distributed.Client(address))
        futures = {client.submit(chunk, evaluate, names, x[lo:hi], lo, pure=False): i for i, lo, hi in spans}
        try:
            for future in distributed.as_completed(list(futures)):
                yield futures.pop(future), future.result()
        finally:
            if futures:
                client.cancel(list(futures))


def open_folder(out, plan: dict, resume: bool):
    """The folder of a study: ``(folder, chunks already done, finished manifest or None)``."""
    if out is None:
        if resume:
            raise ValueError('"resume" needs "out": a study kept in memory cannot be resumed')
        return None, set(), None
    folder = RunFolder(out, (TABLE,))
    done = folder.open(plan, resume)
    if done is None:
        return folder, set(), read_manifest(out)
    return folder, done, None


def read_manifest(out) -> dict:
    """The manifest of the finished study in folder ``out``."""
    try:
        return json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{out} is unreadable: {exc}") from None


def drive(evaluate, names, x: np.ndarray, spans, done: set[int], folder: RunFolder | None, bar,
          workers: int = 1, dask: str | None = None) -> pd.DataFrame:
    """Evaluate the chunks of ``spans`` not in ``done``; return the whole points table."""
    frames: dict[int, pd.DataFrame] = {}
    for index in sorted(done):
        frames[index] = read_table(chunk_path(folder.chunks, TABLE, index))
        folder.add(index)
        bar.update(len(frames[index]))
    todo = [span for span in spans if span[0] not in done]
    if dask is not None and todo:
        stream = _dask(evaluate, names, x, todo, workers, dask)
    elif workers > 1 and len(todo) > 1:
        stream = _processes(evaluate, names, x, todo, workers)
    else:
        stream = _here(evaluate, names, x, todo)
    try:
        with contextlib.closing(stream):
            for index, frame in stream:
                if folder is not None:
                    write_chunk(folder.chunks, index, {TABLE: frame})
                    folder.add(index, {TABLE: frame})
                frames[index] = frame
                bar.update(len(frame))
    except KeyboardInterrupt:
        raise RunInterrupted(f"interrupted: {_kept(folder, frames, len(x))}") from None
    except (RunFailed, StoreError):
        if folder is not None:
            folder.abort()
        raise
    except Exception as exc:
        if folder is not None:
            folder.abort()
        raise RunFailed(f"evaluating points failed: {type(exc).__name__}: {exc}\n{_kept(folder, frames, len(x))}") from exc
    return pd.concat([frames[i] for i, _, _ in spans], ignore_index=True)


def _kept(folder, frames, total: int) -> str:
    points = sum(len(f) for f in frames.values())
    if folder is None:
        return f"{points} of {total} points had finished, but a study kept in memory keeps nothing (give it -o)"
    folder.abort()
    return f"{points} of {total} points are kept in {folder.chunks}; run the same command with --resume to finish"
