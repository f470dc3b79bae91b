"""Running an ensemble: many worlds of one scenario, as a job of world chunks.

Worlds ``0..worlds-1`` of root ``seed`` are cut into chunks of ``chunk_size`` worlds.
Because every world draws from its own streams (:mod:`sim.world.rng`), a chunk gives the
same rows whichever process computes it, so chunks can run in this process, in a pool of
processes or on a Dask cluster, finish in any order, and still merge into the same bytes
(:mod:`sim.engine` runs them). With ``out`` the chunks are written to a results folder as
they finish (:mod:`sim.files.runfolder`), so an interrupted run keeps them and
``resume=True`` computes only the rest; without it everything stays in memory, the
notebook way::

    result = sim.run("scenarios/historical.yaml", worlds=2000, seed=1)
    result.worlds.japan_attacks_ussr.notna().mean()

A run asks only for what the machine can hold (:func:`sim.limits.check_request`: worlds,
seed, workers), and turns Ctrl-C, SIGTERM and a failed chunk into a message that says what
was kept and how to resume.
"""

from __future__ import annotations

import os
import shlex

from .engine import Job, WorldChunk, execute
from .errors import RequestError, RunFailed, RunInterrupted
from .files.outputs import digest
from .files.runfolder import DERIVED, FORMAT, ROW_GROUP, TABLES, read_plan
from .files.scenario import as_scenario
from .files.store import Result, load
from .limits import check_request, positive

__all__ = ["Result", "RunFailed", "RunInterrupted", "run"]  # what a run gives and raises

CHUNK = 20_000
"""Most worlds per chunk in a run in this process: large chunks amortise the model's
per-week overhead (~0.35 s a chunk, whatever its size)."""

WORKER_CHUNK = 4_000
"""Most worlds per chunk in worker processes: a running chunk holds ~25 KB a world (the
event log is built, sorted and written), so two workers, this process and the fork
server stay under 1 GB (measured: 970 MB for 200,000 worlds; 1,180 MB with 6,666)."""


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
        Results folder to write (see :mod:`sim.files.store`); None keeps everything in memory.
    workers:
        Processes to use (1: this process). With ``dask="local"``, Dask workers (at least 2).
    chunk_size:
        Worlds per chunk; default ``min(20000, worlds)`` in this process and
        ``min(4000, worlds / workers)`` in worker processes, or the interrupted run's own
        when resuming. It changes neither the results nor their bytes.
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
    if chunk_size is None and resume:
        chunk_size = (read_plan(out) or {}).get("chunk_size")
    if chunk_size is None:
        share = max(2, workers) if dask == "local" else workers
        chunk_size = min(CHUNK if share == 1 else WORKER_CHUNK, -(-worlds // share))
    chunk_size = positive("chunk_size", chunk_size)
    resolved = scenario.to_dict()
    plan = {"format": FORMAT, "scenario_name": scenario.name, "scenario_digest": digest(resolved), "seed": seed,
            "worlds": worlds, "chunk_size": chunk_size, "chunks": -(-worlds // chunk_size), "series": bool(series)}
    job = Job.cut(worlds, chunk_size, name=scenario.name, chunk=WorldChunk(scenario, seed, bool(series)),
                  tables=TABLES if series else TABLES[:2], plan=plan,
                  finish_hint=_resume_command(label or scenario.path or scenario.name, worlds, seed, out, series))

    def manifest(execution, path) -> dict:
        return {"scenario": resolved, "row_group_size": ROW_GROUP, "derived": DERIVED,
                "run": {"backend": execution.backend, "workers": workers, "resumed": execution.resumed,
                        "worlds_computed": execution.computed},
                "timing": {"started": execution.started, "finished": execution.finished, "seconds": round(execution.seconds, 3),
                           "worlds_per_second": (round(execution.computed / execution.seconds, 1)
                                                 if execution.seconds > 0 else None)}}

    execution = execute(job, manifest, out=out, workers=workers, dask=dask, resume=resume, progress=progress)
    if out is not None:
        return load(out)
    tables = execution.tables
    return Result({**execution.manifest, "rows": {name: len(df) for name, df in tables.items()}}, None, tables)


def _resume_command(scenario: str, worlds: int, seed: int, out, series: bool) -> str:
    words = ["pactsim", "run", scenario, "--worlds", str(worlds), "--seed", str(seed),
             "--out", os.fspath(out) if out is not None else "DIR"]
    return shlex.join(words + (["--series"] if series else []) + ["--resume"])
