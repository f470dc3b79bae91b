"""Parameter sweeps: the grid, the instrument (unread parameters change nothing, a known
driver moves its outcome one way), same bytes however run, and bad input."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis import sweep as sweeps
from sim.analysis.sweep import SweepError, format_summary, grid, load_sweep, parse_vary, sentences, sweep
from sim.world.vocabulary import CATALOGUE, OUTCOMES

PACTSIM = str(Path(sys.executable).with_name("pactsim"))


def test_vary_takes_values_or_a_range_in_steps():
    assert parse_vary("japan.w_german_success=1,2.5") == ("japan.w_german_success", (1.0, 2.5))
    assert parse_vary(" japan.w_german_success = 1:3:5 ") == ("japan.w_german_success", (1.0, 1.5, 2.0, 2.5, 3.0))


def test_several_parameters_are_crossed_into_one_grid():
    g = grid(["japan.w_german_success=1,2,3", "japan.north_strike_min=18:24:2"])
    assert list(g.columns) == ["japan.w_german_success", "japan.north_strike_min"]
    assert len(g) == 6 and g.index.name == "point"
    assert sorted(map(tuple, g.to_numpy())) == [(a, b) for a in (1, 2, 3) for b in (18, 24)]


@pytest.mark.parametrize("vary, message", [
    (["japan.w_german_succes=1,2"], r"not a parameter of the catalogue; did you mean 'japan.w_german_success'\?"),
    (["japan.w_german_success=-1,2"], r"-1.0 is outside the catalogue's bounds \[0, inf\]"),
    (["japan.w_german_success=1:2:1"], "STEPS must be a whole number of at least 2"),
    (["japan.w_german_success=1:2:x"], "STEPS must be a whole number of at least 2"),
    (["japan.w_german_success"], "expected NAME=V1,V2,... or NAME=LOW:HIGH:STEPS"),
    (["japan.w_german_success=a,b"], "expected NAME=V1,V2,... or NAME=LOW:HIGH:STEPS"),
    (["japan.w_german_success=1,1"], "a value is given twice"),
    (["japan.w_german_success=1,2", "japan.w_german_success=3"], "given twice in --vary"),
    ([], "nothing to sweep"),
    (["japan.w_german_success=0:3:15", "japan.north_strike_min=18:24:15"], r"225 points; at most 200"),
])
def test_a_bad_grid_is_refused_with_what_is_wrong(vary, message):
    with pytest.raises(SweepError, match=message):
        grid(vary)


def test_an_enormous_sweep_is_refused_before_it_runs(tmp_path):
    with pytest.raises(SweepError, match=r"at most 2,000,000"):
        sweep("historical", {"japan.w_german_success": list(range(100))}, worlds=30_000, out=tmp_path / "s")
    assert not (tmp_path / "s").exists()


@pytest.mark.slow
def test_a_parameter_no_rule_reads_gives_equal_outcomes_at_every_point(monkeypatch, historical):
    unread = dataclasses.replace(CATALOGUE["japan.w_german_success"], name="test.unread", plausible=None)
    monkeypatch.setattr(sweeps, "CATALOGUE", {**CATALOGUE, "test.unread": unread})
    result = sweep(historical, {"test.unread": [0.0, 5.0, 50.0]}, worlds=60, seed=4)
    outcomes = [result.table[result.table["point"] == p][list(OUTCOMES)].reset_index(drop=True) for p in range(3)]
    assert outcomes[0].equals(outcomes[1]) and outcomes[0].equals(outcomes[2])
    assert result.summary.groupby("outcome")["value"].nunique().eq(1).all()


@pytest.mark.slow
def test_a_known_driver_moves_its_outcome_one_way():
    # The weight of German success on Japan's northern option: the more it weighs, the
    # more often Japan attacks the USSR after a German victory at Stalingrad.
    result = sweep("stalingrad_german_victory", {"japan.w_german_success": [0.5, 2.0, 3.5]},
                   outcomes=["japan_attacks_ussr<1944-01-01"], worlds=400, seed=2)
    shares = result.summary.sort_values("japan.w_german_success")["value"].to_numpy()
    assert np.all(np.diff(shares) > 0), shares


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "s"
    vary = {"japan.w_german_success": [1.0, 2.5]}
    return out, vary, sweep("stalingrad_german_victory", vary, outcomes=["japan_attacks_ussr<1944-01-01",
                                                                         "japan_surrenders", "soviet_divisions_west_1941"],
                            baseline="historical", worlds=80, seed=5, out=out)


@pytest.mark.slow
def test_the_table_has_a_row_per_world_and_point_and_the_summary_its_intervals(swept):
    _, _, result = swept
    table, summary = result.table, result.summary
    assert len(table) == 2 * 80 and list(table.columns[:5]) == ["point", "japan.w_german_success", "scenario", "world", "seed"]
    assert table.groupby("point")["world"].apply(list).map(lambda w: w == list(range(80))).all()
    assert len(summary) == 2 * 3 and (summary["low"] <= summary["value"]).all() and (summary["value"] <= summary["high"]).all()
    share = summary[(summary["outcome"] == "japan_attacks_ussr<1944-01-01")].iloc[0]
    k = int((table[table["point"] == 0]["japan_attacks_ussr"] < pd.Timestamp("1944-01-01")).sum())
    assert share["value"] == k / 80 and share["worlds"] == 80
    assert set(result.baseline["outcome"]) == set(summary["outcome"])
    assert {"difference", "difference_low", "difference_high"} <= set(summary.columns)


@pytest.mark.slow
def test_a_saved_sweep_reads_back_as_it_was(swept):
    out, _, result = swept
    again = load_sweep(out)
    pd.testing.assert_frame_equal(again.table, result.table)
    pd.testing.assert_frame_equal(again.summary, result.summary, check_dtype=False)
    assert format_summary(again) == format_summary(result) and sentences(again) == sentences(result)
    assert (out / "sweep.png").stat().st_size > 10_000


@pytest.mark.slow
def test_same_seed_same_bytes_with_workers_and_after_an_interruption(swept, tmp_path):
    out, vary, _ = swept
    kwargs = dict(outcomes=["japan_attacks_ussr<1944-01-01", "japan_surrenders", "soviet_divisions_west_1941"],
                  baseline="historical", worlds=80, seed=5)
    sweep("stalingrad_german_victory", vary, out=tmp_path / "w2", workers=2, **kwargs)
    resumed = tmp_path / "resumed"
    shutil.copytree(out, resumed)
    for name in ("manifest.json", "table.parquet", "table.csv", "summary.csv", "sweep.png"):
        (resumed / name).unlink()
    shutil.rmtree(resumed / "runs" / "point-001")  # as if stopped before the second point
    sweep("stalingrad_german_victory", vary, out=resumed, resume=True, **kwargs)
    for folder in (tmp_path / "w2", resumed):
        for name in ("table.parquet", "summary.csv"):
            assert (folder / name).read_bytes() == (out / name).read_bytes(), (folder, name)


@pytest.mark.slow
def test_resuming_another_sweep_names_what_differs(swept):
    out, _, _ = swept
    with pytest.raises(SweepError, match=r"^cannot resume .*: --vary is japan.w_german_success=1.0 here, "
                                         r"japan.w_german_success=1.0,2.5 in the folder; --worlds is 81 here, 80 "
                                         r"in the folder; run the same command"):
        sweep("stalingrad_german_victory", {"japan.w_german_success": [1.0]}, baseline="historical",
              outcomes=["japan_attacks_ussr<1944-01-01", "japan_surrenders", "soviet_divisions_west_1941"],
              worlds=81, seed=5, out=out, resume=True)


@pytest.mark.parametrize("args, message", [
    (["--vary", "japan.nope=1,2"], "not a parameter of the catalogue"),
    (["--vary", "japan.w_german_success=1:2"], "expected NAME=V1,V2,... or NAME=LOW:HIGH:STEPS"),
    (["--vary", "japan.w_german_success=1,2", "--outcome", "japan_attacks<1944-01-01"], "is not an outcome column"),
])
@pytest.mark.slow
def test_the_command_refuses_bad_input_with_one_line_and_writes_nothing(tmp_path, args, message):
    done = subprocess.run([PACTSIM, "sweep", "historical", *args, "-n", "10", "-o", str(tmp_path / "s")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "s").exists()


@pytest.mark.slow
def test_the_report_draws_a_sweep_and_says_what_it_shows(swept, tmp_path):
    out, _, _ = swept
    done = subprocess.run([PACTSIM, "report", "historical", "-n", "40", "--sweep", str(out), "-o", str(tmp_path / "r.html")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="sweeps"' in html and "<svg" in html.split('id="sweeps"')[1]
    assert sentences(load_sweep(out))[0] in html
