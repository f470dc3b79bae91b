"""The engine, exercised once with a chunk function whose answer is known: squares.

Whatever the chunking, the workers or the interruptions, the job gives the known table
and the same bytes; a failed chunk, a full disk, Ctrl-C and SIGTERM each end in one
message that says what was kept and how to finish, and the finish gives the same bytes.
The commands on top (runs in test_ensemble.py, studies here and in test_sensitivity.py)
only add their own chunk functions.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.engine import Job, execute
from sim.errors import RequestError, RunFailed, RunInterrupted
from sim.files.outputs import StoreError

HERE = Path(__file__).resolve().parent
WAIT = 120
"""Seconds to wait for a process to react: a hang guard on a loaded machine, not a speed target."""


@dataclasses.dataclass(frozen=True)
class Squares:
    """Chunk function with a known answer: ``n`` and ``n**2`` for ``n`` in ``lo..hi-1``.
    Raises at ``fail``; with ``gate``, every chunk but the first waits until that file exists."""

    fail: int | None = None
    gate: str | None = None

    def __call__(self, lo: int, hi: int) -> dict[str, pd.DataFrame]:
        if self.fail is not None and lo <= self.fail < hi:
            raise ValueError(f"no square for {self.fail}")
        if self.gate is not None and lo > 0:
            while not os.path.exists(self.gate):
                time.sleep(0.01)
        n = np.arange(lo, hi, dtype=np.int64)
        return {"numbers": pd.DataFrame({"n": n, "square": n * n})}


KNOWN = pd.DataFrame({"n": np.arange(50, dtype=np.int64), "square": np.arange(50, dtype=np.int64) ** 2})


def job(size: int = 7, chunk=None, total: int = 50) -> Job:
    return Job.cut(total, size, name="squares", chunk=chunk or Squares(), tables=("numbers",),
                   plan={"format": 2, "kind": "squares", "worlds": total, "chunk_size": size,
                         "chunks": -(-total // size), "seed": 0, "scenario_digest": "squares", "series": False},
                   unit="numbers", what="job", finish_hint="finish(squares)")


def manifest(execution, path) -> dict:
    return {"kind": "squares", "computed": execution.computed}


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_the_known_answer_in_memory_whatever_the_chunks():
    for size in (1, 7, 50, 99):
        execution = execute(job(size), manifest)
        pd.testing.assert_frame_equal(execution.tables["numbers"], KNOWN)
        assert execution.manifest["computed"] == 50 and "versions" in execution.manifest


@pytest.mark.slow
def test_the_same_bytes_whatever_the_chunks_and_workers(tmp_path):
    execute(job(50), manifest, out=tmp_path / "one")
    execute(job(6), manifest, out=tmp_path / "many", workers=2)
    one = files(tmp_path / "one")
    assert set(one) == {"numbers.parquet", "manifest.json"}
    assert one["numbers.parquet"] == files(tmp_path / "many")["numbers.parquet"]
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "many" / "numbers.parquet"), KNOWN)
    written = json.loads(one["manifest.json"])
    assert written["kind"] == "squares" and written["rows"] == {"numbers": 50} and written["versions"]["numpy"]


def test_a_failed_chunk_keeps_the_others_and_the_job_finishes_to_the_same_bytes(tmp_path):
    execute(job(), manifest, out=tmp_path / "whole")
    with pytest.raises(RunFailed, match=r"chunk 3 \(numbers 21-27\) failed: ValueError: no square for 23\n"
                                        r"21 of 50 numbers finished and are kept in .*\.chunks; "
                                        r"to finish the job:\n  finish\(squares\)"):
        execute(job(chunk=Squares(fail=23)), manifest, out=tmp_path / "cut")
    assert not (tmp_path / "cut" / "manifest.json").exists()
    again = execute(job(), manifest, out=tmp_path / "cut", resume=True)
    assert again.resumed and again.computed == 29
    assert files(tmp_path / "cut")["numbers.parquet"] == files(tmp_path / "whole")["numbers.parquet"]
    assert execute(job(), manifest, out=tmp_path / "cut", resume=True) is None  # finished: nothing to do


def test_ctrl_c_keeps_what_finished_and_in_memory_says_nothing_is_kept(tmp_path, monkeypatch):
    def interrupted(self, lo, hi):
        if lo >= 14:
            raise KeyboardInterrupt
        return real(self, lo, hi)

    real = Squares.__call__
    monkeypatch.setattr(Squares, "__call__", interrupted)
    with pytest.raises(RunInterrupted, match=r"^interrupted: 14 of 50 numbers finished and are kept"):
        execute(job(), manifest, out=tmp_path / "cut")
    with pytest.raises(RunInterrupted, match=r"14 of 50 numbers had finished, but a job kept in memory keeps nothing"):
        execute(job(), manifest)
    monkeypatch.undo()
    assert execute(job(), manifest, out=tmp_path / "cut", resume=True).computed == 36


def test_a_full_disk_is_one_message_and_the_job_stays_resumable(tmp_path, monkeypatch):
    real = os.replace

    def full(src, dst, *args, **kwargs):
        if Path(dst).name == "numbers.parquet":  # the final table: every chunk but the last was written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(RunFailed, match=r"the disk is full; free some space or write somewhere else.*\n"
                                        r"49 of 50 numbers finished and are kept in .*\n  finish\(squares\)"):
        execute(job(), manifest, out=tmp_path / "full")
    assert not list((tmp_path / "full").glob(".tmp-*")) and not (tmp_path / "full" / "manifest.json").exists()
    monkeypatch.undo()
    assert execute(job(), manifest, out=tmp_path / "full", resume=True).computed == 1  # the last chunk goes straight into the final table


def test_a_resume_of_another_job_or_in_memory_is_refused(tmp_path):
    execute(job(), manifest, out=tmp_path / "done")
    with pytest.raises(StoreError, match=r"cannot resume .* worlds=50, but this request has worlds=60"):
        execute(job(total=60), manifest, out=tmp_path / "done", resume=True)
    with pytest.raises(StoreError, match=r"done exists; use --out to choose another folder"):
        execute(job(), manifest, out=tmp_path / "done")
    with pytest.raises(RequestError, match=r'"resume" needs "out": a job kept in memory cannot be resumed'):
        execute(job(), manifest, resume=True)
    with pytest.raises(RequestError, match=r'"workers" is 100000; at most \d+ on this machine'):
        execute(job(), manifest, workers=100_000)


def test_the_progress_bar_counts_the_job_s_units(capsys):
    execute(job(), manifest, progress=True)
    err = capsys.readouterr().err
    assert "squares" in err and "50/50" in err and "numbers/s" in err
    execute(job(), manifest)  # stderr is not a terminal under pytest, nor is this Jupyter
    assert capsys.readouterr().err == ""


# --- Real signals, on a job and on a study ------------------------------------------------------

JOB = """
from test_engine import Squares, job, manifest
execute(job(chunk=Squares(gate={gate!r})), manifest, out={out!r})
"""

STUDY = """
from test_engine import GatedIshigami, STUDY_DESIGN
from sim.analysis.sensitivity import run_study
run_study(STUDY_DESIGN, GatedIshigami({gate!r}), {{"f": "ishigami"}}, {{}}, out={out!r}, chunk_points=5)
"""

MAIN = """
import sys
sys.path.insert(0, {here!r})
from sim.engine import execute
from sim.errors import RunInterrupted
try:
{body}
except RunInterrupted as exc:
    print(exc, file=sys.stderr)
    sys.exit(exc.exit_code)
"""


CALLS: list[int] = []


@dataclasses.dataclass(frozen=True)
class GatedIshigami:
    """The Ishigami function; with ``gate``, its calls after the first in this process
    wait until that file exists."""

    gate: str | None = None

    def __call__(self, x: np.ndarray) -> pd.DataFrame:
        from SALib.test_functions import Ishigami

        if self.gate is not None and CALLS:
            while not os.path.exists(self.gate):
                time.sleep(0.01)
        CALLS.append(len(x))
        return pd.DataFrame({"y": Ishigami.evaluate(x)})


def _design():
    from sim.analysis.design import Design, Factor

    return Design(tuple(Factor(n, -np.pi, np.pi, "given") for n in ("x1", "x2", "x3")), "morris", 6, seed=4)


STUDY_DESIGN = _design()


def start(body: str, out: Path, gate: Path) -> subprocess.Popen:
    """Run ``body`` in another process and wait until its first chunk is on disk."""
    code = MAIN.format(here=str(HERE), body=textwrap.indent(body.format(gate=str(gate), out=str(out)).strip(), "    "))
    child = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent),
                                                                                        os.environ.get("PYTHONPATH")]))})
    deadline = time.monotonic() + WAIT
    while not list((out / ".chunks").glob("*-000000.parquet")):
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline, "no chunk appeared"
        time.sleep(0.02)
    return child


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["job", "study"])
@pytest.mark.parametrize("signum, code, said", [(signal.SIGINT, 130, "interrupted: "),
                                                (signal.SIGTERM, 143, "terminated (SIGTERM): ")])
def test_ctrl_c_and_sigterm_keep_what_finished_and_the_finish_gives_the_same_bytes(tmp_path, kind, signum, code, said):
    from sim.analysis.sensitivity import run_study

    out, gate = tmp_path / "cut", tmp_path / "gate"  # the gate stays shut: the job is still going when the signal lands
    child = start(JOB if kind == "job" else STUDY, out, gate)
    child.send_signal(signum)
    _, err = child.communicate(timeout=WAIT)
    assert child.returncode == code, err
    unit = "numbers" if kind == "job" else "points"
    assert said in err and f"of {50 if kind == 'job' else 24} {unit} finished and are kept in" in err
    assert "Traceback" not in err and not (out / "manifest.json").exists() and not list(out.glob(".tmp-*"))
    if kind == "job":
        execute(job(), manifest, out=out, resume=True)
        execute(job(), manifest, out=tmp_path / "whole")
    else:
        run_study(STUDY_DESIGN, GatedIshigami(), {"f": "ishigami"}, {}, out=out, chunk_points=5, resume=True)
        run_study(STUDY_DESIGN, GatedIshigami(), {"f": "ishigami"}, {}, out=tmp_path / "whole", chunk_points=5)
    resumed, whole = files(out), files(tmp_path / "whole")
    assert resumed.pop("manifest.json") != b"" and whole.pop("manifest.json") != b""
    assert resumed == whole
