"""Ensembles: same seed, same bytes however a run is split, interrupted or resumed."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from gate import Gate, wait_for_line
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import engine
from sim.ensemble import RunFailed, RunInterrupted, run
from sim.errors import MissingExtra
from sim.files import runfolder
from sim.files.outputs import StoreError
from sim.files.scenario import Scenario, bundled_dir, load_scenario
from sim.files.store import load

ROOT = Path(__file__).resolve().parent.parent
HISTORICAL = bundled_dir() / "historical.yaml"
PERIOD = "{start: 1941-04-13, end: 1943-04-13}"
"""The first two years of the historical scenario: what these tests run (see :data:`TWO_YEARS`)."""
TWO_YEARS = f"""\
name: two_years
title: The historical scenario, its first two years
description: The plumbing of a run (chunks, processes, folders, signals), not its answers.
extends: {HISTORICAL}
period: {PERIOD}
"""
"""What these tests run: every kind of table, event and series the model writes, in 40% of
the weeks (each run of the whole period pays 0.3-1 s of per-week overhead, idle host to busy,
however few worlds)."""


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "two_years.yaml"
    path.write_text(TWO_YEARS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def historical(scenario_file):
    """This module's scenario (the session's ``historical``, shortened)."""
    return load_scenario(scenario_file)


def files(folder: Path, names=("worlds", "events")) -> dict[str, bytes]:
    return {name: (Path(folder) / f"{name}.parquet").read_bytes() for name in names}


@pytest.fixture(scope="module")
def baseline(historical, tmp_path_factory):
    """240 worlds of seed 11 in one chunk, in one process: the bytes to match."""
    out = tmp_path_factory.mktemp("baseline") / "run"
    run(historical, worlds=240, seed=11, out=out, series=True)
    return files(out, ("worlds", "events", "series"))


@pytest.mark.slow
def test_workers_and_chunk_sizes_give_the_same_bytes(historical, baseline, tmp_path):
    run(historical, worlds=240, seed=11, out=tmp_path / "a", chunk_size=70, series=True)
    run(historical, worlds=240, seed=11, out=tmp_path / "b", chunk_size=50, workers=2, series=True)
    assert files(tmp_path / "a", baseline) == baseline
    assert files(tmp_path / "b", baseline) == baseline


@pytest.mark.slow
@settings(max_examples=4, deadline=None)
@given(worlds=st.integers(30, 150), data=st.data())
def test_any_chunk_size_gives_the_same_bytes(historical, tmp_path_factory, worlds, data):
    chunk = data.draw(st.integers(-(-worlds // 5), worlds), label="chunk_size")
    tmp = tmp_path_factory.mktemp("chunks")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runfolder, "ROW_GROUP", 1000)  # several row groups even for a small run
        run(historical, worlds=worlds, seed=3, chunk_size=chunk, out=tmp / "chunked")
        run(historical, worlds=worlds, seed=3).save(tmp / "whole")  # in memory, one chunk
    assert files(tmp / "chunked") == files(tmp / "whole")


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_same_bytes(historical, baseline, tmp_path):
    pytest.importorskip("dask.distributed")
    run(historical, worlds=240, seed=11, out=tmp_path / "d", chunk_size=60, dask="local", workers=2, series=True)
    assert files(tmp_path / "d", baseline) == baseline


@pytest.mark.slow
def test_a_run_in_memory_equals_its_saved_folder(historical, tmp_path):
    result = run(historical, worlds=40, seed=5, series=True, chunk_size=15)
    back = load(result.save(tmp_path / "saved").path)
    assert result.path is None and back.path == tmp_path / "saved"
    for name in ("worlds", "events", "series"):
        pd.testing.assert_frame_equal(back.read(name), result.read(name))
    assert back.manifest["rows"]["worlds"] == 40
    assert result.worlds["world"].tolist() == list(range(40))


@pytest.mark.slow
def test_a_folder_stores_no_param_columns_and_draws_the_same_ones_again(tmp_path):
    """Every kind of distribution, a pinned value and the sampled judgements: the worlds
    read back from a folder (params drawn again from the manifest) equal the worlds
    simulated, whole and by columns."""
    (tmp_path / "s.yaml").write_text(textwrap.dedent(f"""\
        name: every_kind
        title: Every kind of distribution
        description: A test.
        extends: {HISTORICAL}
        period: {PERIOD}
        params:
          japan.w_german_success: {{dist: normal, mean: 1.5, sd: 0.4}}
          japan.w_us_war: {{dist: triangular, low: 2, mode: 3, high: 5}}
          ussr.rail_transit_weeks: {{dist: choice, values: [2, 3, 4], weights: [1, 2, 1]}}
          japan.north_bias: -1.0
        """))
    kept = run(tmp_path / "s.yaml", worlds=30, seed=8)
    disk = run(tmp_path / "s.yaml", worlds=30, seed=8, out=tmp_path / "out", chunk_size=7)
    on_disk = pd.read_parquet(tmp_path / "out" / "worlds.parquet").columns
    assert not [c for c in on_disk if c.startswith("param:")]
    drawn = [c for c in kept.worlds.columns if c.startswith("param:")]
    assert "param:ussr.rail_transit_weeks" in drawn and "param:japan.north_bias" not in drawn
    pd.testing.assert_frame_equal(load(disk.path).worlds, kept.worlds)
    some = ["param:japan.w_us_war", "japan_attacks_ussr"]
    pd.testing.assert_frame_equal(load(disk.path).read("worlds", some), kept.worlds[some])
    pd.testing.assert_frame_equal(load(disk.path).read("worlds", rows=9), kept.worlds.iloc[:9])  # the first rows only
    pd.testing.assert_frame_equal(load(disk.path).read("events", rows=9), kept.events.iloc[:9])
    with pytest.raises(KeyError, match=r"param:japan.north_bias: the run drew no such parameter"):
        load(disk.path).read("worlds", ["param:japan.north_bias"])


def test_a_folder_of_format_1_keeps_its_stored_param_columns(historical, tmp_path):
    result = run(historical, worlds=10, seed=2)
    folder = tmp_path / "old"
    folder.mkdir()
    result.worlds.assign(**{"param:japan.w_us_war": 9.0}).to_parquet(folder / "worlds.parquet")
    result.events.to_parquet(folder / "events.parquet")
    (folder / "manifest.json").write_text(json.dumps({**result.manifest, "format": 1}))
    assert (load(folder).worlds["param:japan.w_us_war"] == 9.0).all()


def test_the_manifest_records_what_was_run(historical, scenario_file, tmp_path):
    result = run(scenario_file, worlds=12, seed=4, out=tmp_path / "m")  # a path works too
    m = result.manifest
    assert (m["seed"], m["worlds"], m["series"], m["scenario"]["name"]) == (4, 12, False, historical.name)
    assert {"python", "numpy", "pandas", "pyarrow", "mesa", "pactsim"} <= set(m["versions"])
    assert {"started", "finished", "seconds", "worlds_per_second"} <= set(m["timing"])
    assert m["rows"] == {"worlds": 12, "events": len(result.events)}
    assert result.series is None and not (tmp_path / "m" / ".chunks").exists()


def test_an_existing_folder_is_not_overwritten(historical, tmp_path):
    run(historical, worlds=5, out=tmp_path / "r")
    before = files(tmp_path / "r")
    with pytest.raises(StoreError, match=r"r exists; use --out to choose another folder or --resume"):
        run(historical, worlds=5, seed=1, out=tmp_path / "r")
    assert files(tmp_path / "r") == before


def test_resuming_a_finished_run_returns_it_and_a_different_one_is_refused(historical, tmp_path):
    first = run(historical, worlds=5, out=tmp_path / "r")
    again = run(historical, worlds=5, out=tmp_path / "r", resume=True)
    assert again.manifest == first.manifest
    with pytest.raises(StoreError, match=r"cannot resume .* worlds=5.* this request has worlds=6"):
        run(historical, worlds=6, out=tmp_path / "r", resume=True)


def crash_at(monkeypatch, world: int) -> None:
    """Make the chunk holding ``world`` raise, as a bug in the model would."""
    real = engine.simulate

    def flaky(scenario, seed, worlds, series=False):
        if world in worlds:
            raise RuntimeError("boom")
        return real(scenario, seed, worlds, series=series)

    monkeypatch.setattr(engine, "simulate", flaky)


@pytest.mark.slow
def test_a_crashing_chunk_fails_the_run_and_keeps_finished_chunks(historical, scenario_file, baseline, tmp_path,
                                                                  monkeypatch):
    out = tmp_path / "r"
    crash_at(monkeypatch, 130)
    with pytest.raises(RunFailed, match=r"chunk 2 \(worlds 120-179\) failed: RuntimeError: boom") as info:
        run(historical, worlds=240, seed=11, chunk_size=60, out=out, series=True)
    assert "120 of 240 worlds finished" in str(info.value)
    assert f"pactsim run {scenario_file} --worlds 240 --seed 11 --out {out} --series --resume" in str(info.value)
    assert sorted(p.name for p in (out / ".chunks").glob("worlds-*")) == ["worlds-000000.parquet", "worlds-000001.parquet"]
    monkeypatch.undo()
    (out / ".tmp-events.parquet-99-0123abcd").write_bytes(b"a merge killed half way")
    (out / "worlds.parquet").write_bytes(b"a stale final file")
    run(historical, worlds=240, seed=11, out=out, series=True, resume=True)  # chunk size from the plan
    assert files(out, baseline) == baseline
    assert sorted(p.name for p in out.iterdir()) == ["events.parquet", "manifest.json", "series.parquet", "worlds.parquet"]


@pytest.mark.slow
def test_the_last_chunk_goes_straight_into_the_final_tables(historical, baseline, tmp_path, monkeypatch):
    """The chunk that completes a run is merged at once and gets no chunk file: a run
    stopped before its manifest is written computes that chunk again when resumed."""
    out, written, real = tmp_path / "r", [], engine.write_chunk
    monkeypatch.setattr(engine, "write_chunk", lambda chunks, i, tables: [written.append(i), real(chunks, i, tables)])

    def stopped(self, manifest):
        raise KeyboardInterrupt

    monkeypatch.setattr(runfolder.RunFolder, "finish", stopped)
    with pytest.raises(RunInterrupted, match="interrupted: 160 of 240 worlds finished and are kept"):
        run(historical, worlds=240, seed=11, chunk_size=80, out=out, series=True)
    assert written == [0, 1]
    monkeypatch.undo()
    resumed = run(historical, worlds=240, seed=11, out=out, series=True, resume=True)
    assert resumed.manifest["run"]["worlds_computed"] == 80
    assert files(out, baseline) == baseline


@pytest.mark.slow
def test_ctrl_c_in_process_says_what_was_kept(historical, tmp_path, monkeypatch):
    real = engine.simulate

    def interrupted(scenario, seed, worlds, series=False):
        if 20 in worlds:
            raise KeyboardInterrupt
        return real(scenario, seed, worlds, series=series)

    monkeypatch.setattr(engine, "simulate", interrupted)
    with pytest.raises(RunInterrupted, match=r"interrupted: 20 of 40 worlds finished and are kept in .*\.chunks; "
                                             r"to finish the run:\n  pactsim run .* --resume"):
        run(historical, worlds=40, chunk_size=10, out=tmp_path / "r")
    with pytest.raises(RunInterrupted, match="a run kept in memory keeps nothing"):
        run(historical, worlds=40, chunk_size=10)
    monkeypatch.undo()
    assert run(historical, worlds=40, out=tmp_path / "r", resume=True).manifest["run"]["worlds_computed"] == 20


def test_a_resume_with_a_different_plan_is_refused(historical, tmp_path, monkeypatch):
    crash_at(monkeypatch, 25)
    with pytest.raises(RunFailed):
        run(historical, worlds=40, seed=1, chunk_size=20, out=tmp_path / "r")
    with pytest.raises(StoreError, match=r"interrupted run with seed=1, but this request has seed=2"):
        run(historical, worlds=40, seed=2, out=tmp_path / "r", resume=True)
    with pytest.raises(StoreError, match=r"chunk_size=20, but this request has chunk_size=10"):
        run(historical, worlds=40, seed=1, chunk_size=10, out=tmp_path / "r", resume=True)


@dataclasses.dataclass(frozen=True)
class WorkerBomb(Scenario):
    """A scenario that kills the worker process that receives it."""

    def __reduce__(self):
        return os._exit, (3,)


@pytest.mark.slow
def test_a_dying_worker_fails_the_run(historical, tmp_path):
    bomb = WorkerBomb(**{f.name: getattr(historical, f.name) for f in dataclasses.fields(historical)})
    with pytest.raises(RunFailed, match=r"failed: a worker process died"):
        run(bomb, worlds=20, chunk_size=10, workers=2, out=tmp_path / "r")
    assert (tmp_path / "r" / ".chunks" / "plan.json").is_file()


def test_bad_arguments_name_the_parameter(historical, tmp_path):
    for kwargs, message in [({"worlds": 0}, '"worlds" must be a positive integer, got 0'),
                            ({"workers": 1.5}, '"workers" must be a positive integer'),
                            ({"chunk_size": -1}, '"chunk_size" must be a positive integer'),
                            ({"seed": -3}, '"seed" must be a non-negative integer'),
                            ({"resume": True}, '"resume" needs "out"')]:
        with pytest.raises(ValueError, match=message):
            run(historical, **kwargs)


def test_dask_is_an_optional_extra(historical, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if not installed
    with pytest.raises(MissingExtra, match=r"pip install -e '\.\[dask\]'$"):
        run(historical, worlds=4, dask="local")


def test_progress_shows_worlds_on_stderr(historical, capsys):
    run(historical, worlds=6, chunk_size=3, progress=True)
    assert "6/6" in capsys.readouterr().err
    run(historical, worlds=6, progress=None)  # stderr is not a terminal under pytest
    assert capsys.readouterr().err == ""


# --- Real signals -------------------------------------------------------------------------

SCRIPT = textwrap.dedent("""
    import sys
    from sim.ensemble import RunInterrupted, run
    try:
        run({scenario!r}, worlds=240, seed=11, chunk_size=20, out={out!r}, series=True, workers={workers})
    except RunInterrupted as exc:
        print(exc, file=sys.stderr)
        sys.exit(130)
""")


def start(scenario: Path, out: Path, workers: int = 1, gate: Gate | None = None) -> subprocess.Popen:
    """Start a run of 12 chunks in another process and wait until a chunk is on disk."""
    env = gate.env if gate else {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    code = SCRIPT.format(scenario=str(scenario), out=str(out), workers=workers)
    child = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list((out / ".chunks").glob("worlds-*.parquet")):
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline, "no chunk appeared within 60 s"
        time.sleep(0.02)
    return child


@pytest.mark.slow
def test_a_killed_run_resumes_to_the_same_bytes(historical, baseline, scenario_file, tmp_path):
    out = tmp_path / "r"
    child = start(scenario_file, out)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists()
    result = run(historical, worlds=240, seed=11, out=out, series=True, resume=True)
    assert result.manifest["run"]["resumed"]
    assert files(out, baseline) == baseline


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_keeps_finished_chunks_and_says_how_to_resume(historical, baseline, scenario_file, tmp_path, workers):
    out = tmp_path / "r"
    gate = Gate(tmp_path / "gate")  # the run cannot finish before the signal lands
    child = start(scenario_file, out, workers, gate)
    os.kill(child.pid, signal.SIGINT)
    if workers > 1:  # the running chunks finish once the run has taken the signal
        wait_for_line(child.stderr, "Ctrl-C again to stop at once")
    gate.open()
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "interrupted: " in err and "of 240 worlds finished and are kept in" in err
    assert f"pactsim run {scenario_file} --worlds 240 --seed 11 --out {out} --series --resume" in err
    kept = list((out / ".chunks").glob("worlds-*.parquet"))
    assert kept and not list(out.glob(".tmp-*")) and not (out / "worlds.parquet").exists()
    run(historical, worlds=240, seed=11, out=out, series=True, resume=True)
    assert files(out, baseline) == baseline
