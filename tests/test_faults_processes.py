"""Worker processes: no code from the working folder, none left behind, however a run ends.

Real runs of the ``pactsim`` command in subprocesses, real signals, and a look at the
process tree afterwards (issue 13, classes 1, 4 and 5: racing writers).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from gate import Gate, wait_for_line

from sim.files.store import load

PACTSIM = str(Path(sys.executable).with_name("pactsim"))
WAIT = 120
"""Seconds to wait for a process to react: a hang guard on a loaded machine, not a speed target."""
WORLDS = 600
"""Four chunks of 150: a gated run is never over before the test acts, so a small one will do."""

pytestmark = pytest.mark.slow


def start(out: Path, *extra: str, worlds: int = WORLDS, gate: Gate | None = None) -> subprocess.Popen:
    """Start ``pactsim run historical`` with two workers and wait until both work.

    Every chunk but the first waits at ``gate`` (a closed one of its own unless given), so
    the run is still going whenever the test acts on it, however small it is."""
    gate = gate or Gate(out.with_name(f"{out.name}-gate"))
    child = subprocess.Popen([PACTSIM, "run", "historical", "--worlds", str(worlds), "--chunk-size", "150",
                              "--workers", "2", "--out", str(out), *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=gate.env)
    deadline = time.monotonic() + WAIT
    while len(workers_of(child.pid)) < 2:
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    return child


def tree(pid: int) -> list[psutil.Process]:
    """Every process below ``pid`` (fork server, resource tracker, workers)."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def workers_of(pid: int) -> list[psutil.Process]:
    return [p for p in tree(pid) if _safe(p.ppid) != pid]  # grandchildren: the fork server's workers


def _safe(call):
    try:
        return call()
    except psutil.Error:
        return None


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in processes if p.is_running() and _safe(p.status) not in (None, psutil.STATUS_ZOMBIE)]


def assert_all_end(processes: list[psutil.Process]) -> None:
    deadline = time.monotonic() + WAIT
    while alive(processes):
        assert time.monotonic() < deadline, f"left running: {[(p.pid, _safe(p.cmdline)) for p in alive(processes)]}"
        time.sleep(0.1)


def finish(out: Path, worlds: int = WORLDS) -> None:
    done = subprocess.run([PACTSIM, "run", "historical", "--worlds", str(worlds), "--out", str(out), "--resume", "-w", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert len(load(out).worlds) == worlds


def test_workers_never_import_from_the_working_folder(tmp_path):
    marker = tmp_path / "imported"
    for name in ("pandas", "concurrent", "numpy", "pyarrow"):
        (tmp_path / f"{name}.py").write_text(f"open({str(marker)!r}, 'a').write('{name} ')\nraise ImportError\n")
    done = subprocess.run([PACTSIM, "run", "historical", "-n", "40", "--chunk-size", "10", "-w", "2", "-o", "r"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr
    assert not marker.exists(), f"imported from the working folder: {marker.read_text()}"


def test_workers_die_with_a_killed_parent(tmp_path):
    child = start(tmp_path / "r")
    below = tree(child.pid)
    child.kill()  # what the OOM killer or a scheduler's hard limit does
    child.wait()
    assert_all_end(below)
    finish(tmp_path / "r")


def test_sigterm_stops_the_run_at_once_and_keeps_it_resumable(tmp_path):
    child = start(tmp_path / "r")
    below = tree(child.pid)
    child.terminate()
    _, err = child.communicate(timeout=WAIT)
    assert child.returncode == 143, err
    assert "terminated (SIGTERM): " in err and "--resume" in err and "Traceback" not in err
    assert_all_end(below)
    finish(tmp_path / "r")


def test_a_second_ctrl_c_ends_the_run_at_once(tmp_path):
    # The gate never opens: the running chunks would wait for ever, so only a run that
    # stops at once on the second Ctrl-C ends.
    child = start(tmp_path / "r")
    below = tree(child.pid)
    child.send_signal(signal.SIGINT)  # the first lets running chunks finish...
    said = wait_for_line(child.stderr, "Ctrl-C again to stop at once")
    child.send_signal(signal.SIGINT)  # ...the second does not wait for them
    _, err = child.communicate(timeout=WAIT)
    err = "".join(said) + err
    assert child.returncode == 130, err
    assert "interrupted: " in err and "Traceback" not in err
    assert_all_end(below)
    finish(tmp_path / "r")


def test_a_crashed_worker_fails_the_run_and_leaves_nothing_running(tmp_path):
    child = start(tmp_path / "r")
    below = tree(child.pid)
    workers_of(child.pid)[0].kill()
    _, err = child.communicate(timeout=WAIT)
    assert child.returncode == 2, err
    assert "a worker process died" in err and "Traceback" not in err
    assert_all_end(below)


def test_a_second_run_on_a_folder_in_use_is_refused_with_a_message(tmp_path):
    gate = Gate(tmp_path / "gate")
    first = start(tmp_path / "r", gate=gate)
    second = subprocess.run([PACTSIM, "run", "historical", "--worlds", str(WORLDS), "--out", str(tmp_path / "r"),
                             "--resume"], capture_output=True, text=True, timeout=WAIT)
    assert second.returncode == 2, second.stderr
    assert second.stderr.startswith(f"pactsim: error: {tmp_path / 'r'} is being written by another pactsim process")
    assert "Traceback" not in second.stderr
    gate.open()
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err


def test_racing_resumes_never_trace_back(tmp_path):
    out = tmp_path / "r"
    racers = [subprocess.Popen([PACTSIM, "run", "historical", "--worlds", "400", "--chunk-size", "50",
                                "--out", str(out), "--resume"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True) for _ in range(3)]
    codes, errors = [], []
    for racer in racers:
        _, err = racer.communicate(timeout=600)
        codes.append(racer.returncode)
        errors.append(err)
    assert set(codes) <= {0, 2} and 0 in codes, errors
    assert all("Traceback" not in e for e in errors), errors
    assert all("being written by another pactsim process" in e for c, e in zip(codes, errors) if c == 2), errors
    if codes.count(0) < len(codes):  # the losers may finish the run afterwards
        finish(out, worlds=400)
    assert len(load(out).worlds) == 400
    assert not os.path.exists(out / ".chunks")


SLEEPERS = """
import signal, threading, time
from sim import workers

calls = [(0, time.sleep, (0,)), (1, time.sleep, (3600,)), (2, time.sleep, (3600,))]
def ctrl_c():  # as the kernel may deliver it: to a thread other than the main one, asleep by now
    time.sleep(1)
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

for index, _ in workers.processes(calls, 2, preload=[]):
    threading.Thread(target=ctrl_c).start()
"""


def test_ctrl_c_taken_by_another_thread_still_stops_the_run(tmp_path):
    # A signal sent to a process may be handed to any of its threads. Python acts on it in
    # the main thread, which slept until a chunk finished: with chunks of an hour, the run
    # ignored Ctrl-C for an hour (this hung CI's Ctrl-C test once in a while).
    child = subprocess.Popen([sys.executable, "-c", SLEEPERS], stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        said = wait_for_line(child.stderr, "Ctrl-C again to stop at once")
        below = tree(child.pid)
        child.send_signal(signal.SIGINT)  # the second: stop at once
        _, err = child.communicate(timeout=WAIT)
    finally:  # were it to hang, nothing is left asleep for an hour
        for process in [*tree(child.pid), child]:
            _safe(process.kill)
    assert child.returncode == -signal.SIGINT, "".join(said) + err
    assert_all_end(below)
