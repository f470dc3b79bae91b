"""A smaller run of the calibration table: every target must hold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.calibration import TARGETS, calibration_table
from sim.files.scenario import bundled_dir, load_scenario
from sim.world.model import simulate


@pytest.mark.slow
def test_calibration_targets_hold():
    h = simulate(load_scenario(bundled_dir() / "historical.yaml"), 1941, np.arange(1000)).worlds
    s = simulate(load_scenario(bundled_dir() / "stalingrad_german_victory.yaml"), 1941, np.arange(1000)).worlds
    table = calibration_table(h, s)
    assert len(table) == len(TARGETS)
    assert table["ok"].all(), table[~table["ok"]][["target", "value", "range"]].to_string()


def test_table_flags_a_miss():
    worlds = pd.DataFrame({
        "japan_strikes_south": pd.to_datetime(["1943-01-01"] * 4),
        "japan_attacks_ussr": pd.to_datetime(["1942-01-01"] * 4),
        "pact_breached_by": pd.Series(["japan"] * 4),
        "soviet_divisions_west_1941": [0.0] * 4,
        "moscow_falls": [True] * 4,
        "pact_denounced": pd.to_datetime([None] * 4),
        "ussr_attacks_japan": pd.to_datetime([None] * 4),
        "germany_surrenders": pd.to_datetime([None] * 4),
        "japan_surrenders": pd.to_datetime([None] * 4),
        "ussr_gains_manchuria": [False] * 4,
        "ussr_gains_sakhalin_south": [False] * 4,
    })
    table = calibration_table(worlds, worlds)
    assert not table["ok"].any()
