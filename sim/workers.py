"""Where chunks of work run: in this process, in a pool of worker processes, or on Dask.

The engine (:mod:`sim.engine`) cuts every job, a run or a sensitivity study, into chunks
and hands them here as *calls*, ``(index, function, args)``, generated as
they are submitted. Each backend yields ``(index, value)`` as chunks finish, in any
order; closing the generator cancels what has not started. A chunk that raises is a
:class:`ChunkFailed` naming it.

Worker processes start from a fork server that has imported the model once, neither
import from the working folder nor outlive the run, however it ends (Ctrl-C, SIGTERM,
SIGKILL of the parent, a crashed worker): see :func:`_worker_setup`.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import multiprocessing.forkserver
import os
import re
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import RequestError, RunFailed, require_extra

Calls = Iterable[tuple[int, Callable, tuple]]
"""Chunks of work: ``(index, function, args)``; ``function(*args)`` computes chunk ``index``."""

DASK_TIMEOUT = 5
"""Seconds to wait for a Dask scheduler before saying it cannot be reached."""

STOP_NOW = threading.Event()
"""Set by SIGTERM or a second Ctrl-C: kill the workers, do not wait for running chunks."""

AWAKE = 0.1
"""Seconds the run's main thread sleeps at most while chunks run elsewhere: see :func:`_wait`."""


class ChunkFailed(Exception):
    """Chunk ``index`` raised, or its worker died; ``reason`` says how."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(index, reason)
        self.index, self.reason = index, reason


# --- In this process ----------------------------------------------------------------------

def here(calls: Calls) -> Iterator[tuple[int, Any]]:
    """Compute the chunks one after the other in this process."""
    for index, function, args in calls:
        try:
            value = function(*args)
        except Exception as exc:
            raise ChunkFailed(index, f"{type(exc).__name__}: {exc}") from exc
        yield index, value


# --- Worker processes -----------------------------------------------------------------------

def _worker_setup(parent: int) -> None:
    """Initializer of worker processes: leave Ctrl-C to the run, and die with it."""
    # What the worker inherits (the imports) lives as long as it does: out of the garbage
    # collector's passes, as in the pactsim command (sim.interface.cli.script).
    gc.freeze()
    # Ctrl-C reaches the whole process group; only the parent should act on it, so that
    # it can cancel pending chunks while running ones finish and are kept.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker's parent is the fork server, not the run. Were the run killed (SIGKILL,
    # the OOM killer, a scheduler's timeout), its workers would wait for work forever,
    # holding memory and the fork server: so they watch the run and exit with it.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # PR_SET_PDEATHSIG: die with the fork server
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="pactsim-watch").start()


def _exit_with(pid: int) -> None:
    """End this process as soon as process ``pid`` has ended."""
    try:
        fd = os.pidfd_open(pid)  # Linux >= 5.3: readable once the process has ended
    except (AttributeError, OSError):  # elsewhere, or already gone: poll
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(0.5)
    else:
        select.select([fd], [], [])
    os._exit(1)


@contextlib.contextmanager
def safe_path():
    """Start helper interpreters without the working folder on their import path.

    Python puts the current folder first on the import path of ``python -c``, which is
    how multiprocessing starts its fork server and resource tracker (and spawned
    workers, and Dask its nannies): a ``pandas.py`` lying there would be imported and
    run by them. ``PYTHONSAFEPATH`` (Python >= 3.11) leaves the folder out.
    """
    old = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = old


def _kill(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers at once (their chunks are lost, finished ones are kept)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public API
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def start_method(preload: list[str]) -> multiprocessing.context.BaseContext:
    """How worker processes start: from a fork server that imports the modules of
    ``preload`` once, so that workers start in milliseconds (spawn where there is none).

    The fork server is started now, without the working folder on its import path, and
    only once per process: the first caller's ``preload`` is the one it keeps, so every
    caller names all the modules its workers will need.
    """
    # forkserver, not fork: the parent may already run threads (pyarrow, tqdm), and a
    # forked child would inherit their locks; the server process is single-threaded.
    if "forkserver" not in multiprocessing.get_all_start_methods():  # Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    with safe_path():
        context.set_forkserver_preload(preload)
        multiprocessing.forkserver.ensure_running()  # now, while the path is safe
    return context


def processes(calls: Calls, workers: int, preload: list[str]) -> Iterator[tuple[int, Any]]:
    """Compute the chunks in a pool of ``workers`` processes (see :func:`start_method`)."""
    with safe_path():  # spawned workers (Windows) start now
        pool = ProcessPoolExecutor(workers, mp_context=start_method(preload), initializer=_worker_setup,
                                   initargs=(os.getpid(),))
        yield from _pooled(pool, iter(calls), workers)


def _wait(futures, return_when: str) -> set:
    """The futures done, as :func:`concurrent.futures.wait` says, waking every :data:`AWAKE`
    seconds so that Ctrl-C and SIGTERM are acted on however long the chunks take.

    The kernel hands a signal sent to a process to any of its threads (the pool's manager,
    its queue feeder, the writer); Python then raises KeyboardInterrupt in the main thread
    when that thread next runs. Asleep on a lock without a timeout, it would not run until
    a chunk finished: a run whose chunks take an hour would ignore Ctrl-C for an hour.
    """
    while True:
        done, not_done = wait(futures, timeout=AWAKE, return_when=return_when)
        if (done and return_when == FIRST_COMPLETED) or not not_done:
            return done


def _pooled(pool: ProcessPoolExecutor, calls: Iterator, workers: int) -> Iterator[tuple[int, Any]]:
    running = {}

    def submit() -> None:
        # keep only one chunk waiting beyond the running ones, so that Ctrl-C has little
        # to wait for (queued work cannot be taken back from a worker)
        call = next(calls, None)
        if call is not None:
            index, function, args = call
            running[pool.submit(function, *args)] = index

    completed = False
    try:
        for _ in range(workers + 1):
            submit()
        while running:
            for future in _wait(running, FIRST_COMPLETED):
                index = running.pop(future)
                try:
                    value = future.result()
                except BrokenProcessPool as exc:
                    raise ChunkFailed(index, "a worker process died (killed, or out of memory?)") from exc
                except Exception as exc:
                    raise ChunkFailed(index, f"{type(exc).__name__}: {exc}") from exc
                submit()
                yield index, value
        completed = True
    finally:
        if STOP_NOW.is_set():
            _kill(pool)
        else:
            try:  # from the first line: the second Ctrl-C may land while the message is printed
                running = [future for future in running if not future.cancel()]  # cancels those no worker has
                if not completed and running:
                    # Finishing them can take a while: say why nothing seems to happen, and
                    # how not to wait.
                    print(f"pactsim: stopping: waiting for the {len(running)} running chunks to finish "
                          f"(they are kept); Ctrl-C again to stop at once", file=sys.stderr, flush=True)
                _wait(running, ALL_COMPLETED)  # running chunks finish and are kept
                pool.shutdown(wait=True, cancel_futures=True)
            except BaseException:  # a second Ctrl-C (or SIGTERM) while they finish: stop at once
                STOP_NOW.set()
                _kill(pool)
                raise


# --- Dask ---------------------------------------------------------------------------------

def import_dask():
    return require_extra("dask", "dask.distributed", "running on Dask")


_ADDRESS = re.compile(r"([a-z]+://)?[^\s/:]+(:\d{1,5})?")


def dask_client(stack: contextlib.ExitStack, address: str, workers: int):
    """A Dask client for ``address`` ("local" or a scheduler's), connected before anything
    is written: a bad or unreachable address fails in seconds with a message."""
    distributed = import_dask()
    if address == "local":
        with safe_path():
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=max(2, workers), threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1"))
        return stack.enter_context(distributed.Client(cluster))
    if not _ADDRESS.fullmatch(address):
        raise RequestError(f"--dask {address!r} is not an address; expected tcp://HOST:PORT of a "
                           f"Dask scheduler, or 'local' for a cluster on this machine")
    try:
        return stack.enter_context(distributed.Client(address, timeout=DASK_TIMEOUT))
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise RunFailed(f"cannot reach a Dask scheduler at {address} within {DASK_TIMEOUT} s ({exc}); "
                        f"check that it runs and the address, or use --dask local") from None


def on_dask(client, calls: Calls) -> Iterator[tuple[int, Any]]:
    """Compute the chunks on ``client``'s cluster (its lifetime is the caller's: see
    :func:`dask_client`)."""
    distributed = import_dask()
    futures = {client.submit(function, *args, pure=False): index for index, function, args in calls}
    try:
        for future in distributed.as_completed(list(futures)):
            index = futures.pop(future)
            try:
                value = future.result()
            except Exception as exc:
                raise ChunkFailed(index, f"{type(exc).__name__}: {exc}") from exc
            future.release()  # the client now holds the value; the cluster may forget it
            yield index, value
    finally:
        if futures:
            client.cancel(list(futures))
