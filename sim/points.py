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
from pathlib import Path

import numpy as np
import pandas as pd

from . import workers as workers_
from .errors import RunFailed, RunInterrupted
from .files.outputs import MANIFEST, StoreError
from .files.runfolder import RunFolder, chunk_path, write_chunk
from .files.store import read_table

TABLE = "points"


def chunk(evaluate, names, x: np.ndarray, lo: int) -> pd.DataFrame:
    """Rows ``lo..`` of the points table: ``point``, the parameter values, what ``evaluate`` gives."""
    head = pd.DataFrame(x, columns=list(names))
    head.insert(0, "point", np.arange(lo, lo + len(x), dtype=np.int64))
    return pd.concat([head, evaluate(x).reset_index(drop=True)], axis=1)


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
    calls = ((i, chunk, (evaluate, names, x[lo:hi], lo)) for i, lo, hi in todo)
    try:
        with contextlib.ExitStack() as stack:
            if dask is not None and todo:
                stream = workers_.on_dask(workers_.dask_client(stack, dask, workers), calls)
            elif workers > 1 and len(todo) > 1:  # the fork server imports the evaluating function's module
                preload = getattr(getattr(evaluate, "func", evaluate), "__module__", __name__)
                stream = workers_.processes(calls, min(workers, len(todo)), [preload])
            else:
                stream = workers_.here(calls)
            stack.enter_context(contextlib.closing(stream))
            for index, frame in stream:
                if folder is not None:
                    write_chunk(folder.chunks, index, {TABLE: frame})
                    folder.add(index, {TABLE: frame})
                frames[index] = frame
                bar.update(len(frame))
    except KeyboardInterrupt:
        raise RunInterrupted(f"interrupted: {_kept(folder, frames, len(x))}") from None
    except workers_.ChunkFailed as exc:
        raise RunFailed(f"chunk {exc.index} failed: {exc.reason}\n{_kept(folder, frames, len(x))}") from exc.__cause__
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
