"""Scenario discovery with EMA Workbench's PRIM: a known box, and a box the model's rules imply."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.discovery import DiscoveryError, discover, find_boxes, format_boxes
from sim.files.scenario import bundled_dir, scenario_from_dict


@pytest.mark.slow
def test_prim_finds_a_planted_box():
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.uniform(size=(3000, 3)), columns=["a", "b", "c"])
    y = ((x.a > 0.6) & (x.b < 0.4)).to_numpy()
    boxes, trajectory = find_boxes(x, y, threshold=0.9)
    first = boxes[boxes.box == 1].set_index("parameter")
    assert set(first.index) == {"a", "b"}  # c is not restricted
    assert first.loc["a", "low"] == pytest.approx(0.6, abs=0.03) and first.loc["b", "high"] == pytest.approx(0.4, abs=0.03)
    assert (first["density"] >= 0.9).all() and (first["coverage"] > 0.8).all()
    assert trajectory.chosen.sum() == boxes.box.nunique()
    assert trajectory.loc[trajectory.step == 0, "coverage"].iloc[0] == 1.0


@pytest.mark.slow
def test_an_early_strike_south_lives_where_oil_is_short(tmp_path):
    # the historical scenario samples Japan's oil stock per world (14-22 months); the
    # oil clock drives the southern decision, so early strikes cluster at low stocks
    # judgements pinned, so that only the historical file's two uncertain figures vary
    pinned = scenario_from_dict({"name": "pinned", "title": "history, judgements pinned", "extends": "historical.yaml",
                                 "judgement": "pinned"}, base_dir=bundled_dir())
    found = discover(pinned, "japan_strikes_south<1941-12-20", worlds=1500, seed=0, threshold=0.85, out=tmp_path / "d")
    first = found.boxes[found.boxes.box == 1].set_index("parameter")
    assert "japan.oil_stock_months" in first.index, first
    oil = first.loc["japan.oil_stock_months"]
    assert oil["low"] == pytest.approx(14, abs=0.1) and oil["high"] < 18
    assert (first["qp"] <= 0.05).all()  # restrictions that chance would give are dropped
    assert found.manifest["share"] < oil["density"]
    assert {p.name for p in (tmp_path / "d").iterdir()} == {"boxes.csv", "trajectory.csv", "peeling.png",
                                                            "peeling.svg", "manifest.json"}
    assert "japan.oil_stock_months" in format_boxes(found)


@pytest.mark.slow
def test_discovery_refuses_what_it_cannot_do(tmp_path):
    with pytest.raises(DiscoveryError, match="is a days, not something that happens or not"):
        discover("historical", "japan_attacks_ussr", worlds=10, out=tmp_path / "x")
    with pytest.raises(DiscoveryError, match="samples no parameter per world"):
        discover(_fixed(), "moscow_falls", worlds=20)
    assert not (tmp_path / "x").exists()


def _fixed():
    return scenario_from_dict({"name": "fixed", "title": "nothing sampled", "judgement": "pinned"})


@pytest.mark.slow
@pytest.mark.parametrize(("inside", "outside", "found"), [(1.0, 0.15, True), (0.7, 0.15, False)])
def test_a_printed_box_is_as_dense_as_the_threshold_after_its_chance_restrictions_are_dropped(inside, outside, found):
    # Among 12 parameters only p0 matters. With a weak signal PRIM reaches the threshold only
    # by peeling on noise; dropping those restrictions leaves a box below it, which is no box.
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.uniform(size=(800, 12)), columns=[f"p{i}" for i in range(12)])
    y = rng.uniform(size=800) < np.where(x.p0 > 0.6, inside, outside)
    boxes, trajectory = find_boxes(x, y, threshold=0.8)
    assert (boxes["density"] >= 0.8).all() and (boxes["qp"] <= 0.05).all(), boxes
    assert (not boxes.empty) == found and trajectory.chosen.sum() == boxes.box.nunique()
    if found:
        assert "p0" in set(boxes.loc[boxes.box == 1, "parameter"])
