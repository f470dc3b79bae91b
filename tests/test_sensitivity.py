"""Sensitivity studies: known answers, an inert parameter, same bytes, resuming, bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import shortened
from numpy.testing import assert_allclose
from SALib.test_functions import Ishigami

from sim.analysis.sensitivity import Design, Factor, SensitivityError, run_study, select, sensitivity
from sim.ensemble import RunInterrupted
from sim.files.outputs import StoreError
from sim.files.scenario import bundled_dir, load_scenario
from sim.interface.cli import main
from sim.world.vocabulary import CATALOGUE, Param

OUTCOME = "japan_attacks_ussr<1944-01-01"
WEEKS = 140  # to December 1943: enough for the outcome, quicker than the whole period


@pytest.fixture(scope="module")
def pair():
    whatif = load_scenario(bundled_dir() / "stalingrad_german_victory.yaml")
    base = load_scenario(bundled_dir() / "historical.yaml")
    return shortened(whatif, WEEKS), shortened(base, WEEKS)


def ishigami(x: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"y": Ishigami.evaluate(x)})


def cube(*names, low=-np.pi, high=np.pi):
    return tuple(Factor(n, low, high, "given") for n in names)


# --- Known answers ----------------------------------------------------------------------

def test_sobol_pipeline_reproduces_the_ishigami_indices():
    # analytic values for a = 7, b = 0.1 (Ishigami and Homma 1990; SALib's test function)
    design = Design(cube("x1", "x2", "x3"), "sobol", 2048, seed=11)
    table = run_study(design, ishigami, {}, {}).set_index("parameter").loc[["x1", "x2", "x3"]]
    assert_allclose(table["S1"], [0.3139, 0.4424, 0.0], atol=0.04)
    assert_allclose(table["ST"], [0.5576, 0.4424, 0.2437], atol=0.04)
    assert (table[["S1_conf", "ST_conf"]] > 0).all().all() and (table[["S1_conf", "ST_conf"]] < 0.1).all().all()


def ishigami_interrupted_after(calls: int):
    count = {"n": 0}

    def evaluate(x):
        count["n"] += 1
        if count["n"] > calls:
            raise KeyboardInterrupt
        return ishigami(x)
    return evaluate


def linear(x: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"y": 2.0 * x[:, 0] + 0.0 * x[:, 1]})


def test_morris_mu_star_is_the_change_over_the_whole_range():
    # y = 2 x1 on [0, 10]: every elementary effect is 2 * 10 in units of the range; x2 is inert
    design = Design(cube("x1", "x2", low=0.0, high=10.0), "morris", 8, seed=2)
    table = run_study(design, linear, {}, {}).set_index("parameter")
    assert table.loc["x1", "mu_star"] == pytest.approx(20.0)
    assert table.loc["x1", "sigma"] == pytest.approx(0.0, abs=1e-9)
    assert table.loc["x2", "mu_star"] == 0.0
    assert list(table.index) == ["x1", "x2"]  # ranked by mu*


# --- On the model -------------------------------------------------------------------------

def test_a_parameter_no_rule_reads_scores_zero(pair, monkeypatch):
    # registered for this test only: the model resolves it like any parameter, no rule reads it
    monkeypatch.setitem(CATALOGUE, "test.inert", Param(name="test.inert", default=0.5, unit="1", meaning="read by no rule",
                                                       source="test", low=0.0, high=1.0, plausible=(0.0, 1.0)))
    whatif, base = pair
    table = sensitivity(whatif, OUTCOME, baseline=base, params=["test.inert", "japan.w_german_success"],
                        ranges={"japan.w_german_success": (0.5, 4.0)}, samples=4, worlds_per_point=60, seed=1)
    t = table.set_index("parameter")
    # common random numbers: with the same dice, a value no rule reads changes nothing at all
    assert t.loc["test.inert", "mu_star"] == 0.0 and t.loc["test.inert", "sigma"] == 0.0
    # and one the rules read scores above it, in the direction the rule gives (a rarer outcome
    # since the forces are the record's: a few points, not tens)
    assert t.loc["japan.w_german_success", "mu_star"] > 0.02
    assert t.loc["japan.w_german_success", "y_upper"] > t.loc["japan.w_german_success", "y_lower"]
    assert table["parameter"].iloc[0] == "japan.w_german_success"
    assert (table["points"] == 12).all() and (table["baseline"] == base.name).all()


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "manifest.json"}


@pytest.mark.slow
def test_same_seed_same_bytes_across_workers_and_chunks(pair, tmp_path):
    whatif, base = pair
    kwargs = dict(baseline=base, params=["japan.oil_stock_months", "ussr.intelligence_trust"], samples=4,
                  worlds_per_point=30, seed=5, progress=False)
    sensitivity(whatif, OUTCOME, out=tmp_path / "one", **kwargs)
    sensitivity(whatif, OUTCOME, out=tmp_path / "two", workers=2, chunk_points=2, **kwargs)
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert set(one) == {"indices.csv", "indices.parquet", "points.parquet", "sensitivity.png", "sensitivity.svg"}
    assert one == two


def test_an_interrupted_study_resumes_to_the_same_bytes(tmp_path):
    design = Design(cube("x1", "x2", "x3"), "morris", 6, seed=4)
    run_study(design, ishigami, {"f": "ishigami"}, {}, out=tmp_path / "whole", chunk_points=5)
    with pytest.raises(RunInterrupted, match=r"10 of 24 points finished and are kept .*\n.*--resume"):
        run_study(design, ishigami_interrupted_after(2), {"f": "ishigami"}, {}, out=tmp_path / "cut", chunk_points=5)
    assert not (tmp_path / "cut" / "manifest.json").exists()
    run_study(design, ishigami, {"f": "ishigami"}, {}, out=tmp_path / "cut", chunk_points=5, resume=True)
    assert _files(tmp_path / "cut") == _files(tmp_path / "whole")
    assert (tmp_path / "cut" / "manifest.json").read_bytes() == (tmp_path / "whole" / "manifest.json").read_bytes()


# --- Choosing parameters and ranges -----------------------------------------------------

def test_ranges_come_from_the_scenario_the_catalogue_or_the_caller(pair):
    whatif, _ = pair
    factors = {f.name: f for f in select(whatif, ["japan.oil_stock_months", "ussr.intelligence_reliability",
                                                  "japan.domestic_oil", "japan.w_oil"], {"japan.w_oil": (1, 2)})}
    assert factors["japan.oil_stock_months"] == Factor("japan.oil_stock_months", 14, 22, "scenario uniform")
    low, high = CATALOGUE["ussr.intelligence_reliability"].plausible
    assert factors["ussr.intelligence_reliability"] == Factor("ussr.intelligence_reliability", low, high, "catalogue plausible")
    assert factors["japan.domestic_oil"] == Factor("japan.domestic_oil", 0, 1, "catalogue bounds")
    assert factors["japan.w_oil"] == Factor("japan.w_oil", 1, 2, "given")
    by_default = [f.name for f in select(whatif, None, {"japan.w_oil": (1, 2)})]
    assert set(by_default) >= {"japan.oil_stock_months", "ussr.intelligence_trust", "japan.w_oil"}
    assert [f.name for f in select(whatif, "ussr.intelligence_*")] == ["ussr.intelligence_reliability",
                                                                        "ussr.intelligence_trust"]


@pytest.mark.parametrize("args, message", [
    (["--params", "japan.w_germn_success"], r"unknown parameter 'japan\.w_germn_success'; did you mean 'japan\.w_german_success'\?"),
    (["--params", "zzz.*"], r"--params 'zzz\.\*' matches no parameter"),
    (["--params", "japan.manchuria_men"], r"parameter japan\.manchuria_men has no range: .* --range NAME=LOW:HIGH"),
    (["--samples", "3"], r"3 trajectories are too few for morris; it needs at least 4"),
    (["--method", "sobol", "--samples", "16"], r"16 base samples are too few for sobol; it needs at least 32"),
    (["--method", "sobol", "--samples", "100"], r"sobol needs a power of two .* use 128"),
    (["--outcome", "japan_attack_ussr<1944-01-01"], r"'japan_attack_ussr' is not an outcome column; did you mean 'japan_attacks_ussr'\?"),
    (["--outcome", "japan_attacks_ussr<1944-02-30"], r"'1944-02-30' is not a date; expected YYYY-MM-DD"),
    (["--range", "japan.w_oil=3:1", "--params", "japan.w_oil"], r"range of japan\.w_oil: got \(3\.0, 1\.0\); expected \(low, high\) with low < high"),
])
def test_bad_input_exits_2_with_one_message_and_writes_nothing(tmp_path, capsys, args, message):
    out = tmp_path / "study"
    argv = ["sensitivity", "stalingrad_german_victory", "--baseline", "historical", "-o", str(out), "-k", "5"]
    if "--outcome" not in args:
        argv += ["--outcome", OUTCOME]
    assert main(argv + args) == 2
    err = capsys.readouterr().err
    assert pd.Series([err]).str.contains(message).all(), err
    assert "Traceback" not in err and not out.exists()


def test_a_study_never_overwrites_a_folder(tmp_path):
    (tmp_path / "study").mkdir()
    (tmp_path / "study" / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match=r"study exists; use --out to choose another folder"):
        run_study(Design(cube("x1", "x2", "x3"), "morris", 4), ishigami, {}, {}, out=tmp_path / "study")
    assert (tmp_path / "study" / "keep.txt").read_text() == "mine"


def test_sensitivity_error_is_a_user_error():
    from sim.errors import PactsimError

    assert issubclass(SensitivityError, PactsimError)
    with pytest.raises(SensitivityError, match="unknown method 'fast'"):
        Design(cube("x1", "x2"), "fast")


def test_the_command_prints_the_ranking_and_writes_the_folder(tmp_path, capsys):
    out = tmp_path / "why"
    assert main(["sensitivity", "stalingrad_german_victory", "--baseline", "historical", "--outcome", OUTCOME,
                 "--params", "japan.oil_stock_months,ussr.intelligence_trust", "--samples", "4", "-k", "5",
                 "-o", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "vs historical (12 points x 5 paired worlds), seed 0\nmeasured as a share of worlds (the paired difference)" in printed
    assert "ranked by mu_star" in printed and "scenario uniform" in printed
    assert {p.name for p in out.iterdir()} == {"indices.csv", "indices.parquet", "points.parquet", "sensitivity.png",
                                               "sensitivity.svg", "manifest.json"}
    assert len(pd.read_parquet(out / "points.parquet")) == 12


def test_discover_refuses_an_outcome_that_is_not_yes_or_no(tmp_path, capsys):
    assert main(["discover", "historical", "--outcome", "japan_attacks_ussr", "-n", "10", "-o", str(tmp_path / "d")]) == 2
    assert "PRIM needs a yes/no outcome such as japan_attacks_ussr<DATE" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_a_study_begun_by_an_older_pactsim_resumes_and_reads(tmp_path):
    # format 1 was typed by hand into a study's plan; a study's folder has not changed since
    design = Design(cube("x1", "x2", "x3"), "morris", 6, seed=4)
    whole = run_study(design, ishigami, {"f": "ishigami"}, {}, out=tmp_path / "whole", chunk_points=5)
    with pytest.raises(RunInterrupted):
        run_study(design, ishigami_interrupted_after(2), {"f": "ishigami"}, {}, out=tmp_path / "old", chunk_points=5)
    plan = tmp_path / "old" / ".chunks" / "plan.json"
    plan.write_text(json.dumps({**json.loads(plan.read_text()), "format": 1}))
    resumed = run_study(design, ishigami, {"f": "ishigami"}, {}, out=tmp_path / "old", chunk_points=5, resume=True)
    assert resumed.attrs["manifest"]["format"] == 1 and whole.attrs["manifest"]["format"] == 2
    assert _files(tmp_path / "old") == _files(tmp_path / "whole")
    again = run_study(design, ishigami, {"f": "ishigami"}, {}, out=tmp_path / "old", chunk_points=5, resume=True)
    pd.testing.assert_frame_equal(again, resumed)
