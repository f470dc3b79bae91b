"""What this machine can hold: the limits of a request, checked before anything runs.

A run, a comparison, a sweep and a study ask for worlds, a seed and worker processes;
:func:`check_request` turns each into an int or refuses it with a :class:`RequestError`
that names the argument, its limit and why, before a folder is opened or a worker started.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np

from .errors import RequestError
from .files.store import MAX_SEED

MAX_WORLDS = 10_000_000
"""Most worlds of one run: about 4 GB of results (~0.4 KB a world on disk) and half an
hour per core. More is better asked of several runs with different seeds."""

WORLD_BYTES = 30_000
"""Memory of one world's tables when a run is kept in memory (measured: ~30 MB per 1,000)."""

WORKER_BYTES = 250_000_000
"""Memory to allow for one worker process (measured: ~170 MB resident with a chunk)."""


def positive(name: str, value) -> int:
    """``value`` as an int, or a :class:`RequestError` naming ``name``."""
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
    """Most worker processes a job may start here: twice the cores this process may use
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
    worlds, workers = positive("worlds", worlds), positive("workers", workers)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= MAX_SEED:
        raise RequestError(f'"seed" must be a non-negative integer up to 2**63-1, got {_short(seed)}')
    most = max_worlds(in_memory, runs)
    if worlds > most:
        why = (f"the most {'these runs' if runs > 1 else 'a run'} kept in memory can hold in half the available "
               f"memory; write to a folder (--out) or use fewer worlds" if most < MAX_WORLDS else
               "about 4 GB of results; run several seeds instead")
        raise RequestError(f'"worlds" is {_short(worlds)}; at most {most:,} ({why})')
    return worlds, int(seed), check_workers(workers)


def check_workers(workers: int) -> int:
    """``workers`` as an int, if this machine can start them; else a :class:`RequestError`."""
    workers = positive("workers", workers)
    if workers > max_workers():
        raise RequestError(f'"workers" is {_short(workers)}; at most {max_workers()} on this machine '
                           f"(two per core: the work is CPU-bound, and each process needs ~200 MB)")
    return workers


def _short(number) -> str:
    text = str(number)
    return text if len(text) <= 20 else f"a number of {len(text)} digits"
