"""The direction of the bundled what-ifs against history, on the same seed (paired worlds)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.files.scenario import bundled_dir, load_scenario
from sim.world.model import simulate

N = 1000


@pytest.fixture(scope="module")
def runs():
    names = ["historical", "stalingrad_german_victory", "sorge_disbelieved", "no_oil_embargo", "no_pact", "no_yalta"]
    return {n: simulate(load_scenario(bundled_dir() / f"{n}.yaml"), 2024, np.arange(N)).worlds for n in names}


def _before(w, col, day):
    return float((w[col] < pd.Timestamp(day)).mean())


def test_stalingrad_victory_ripens_the_persimmon(runs):
    rise = _before(runs["stalingrad_german_victory"], "japan_attacks_ussr", "1944-01-01") - _before(runs["historical"], "japan_attacks_ussr", "1944-01-01")
    assert rise >= 0.10


def test_disbelieving_sorge_keeps_divisions_east_and_endangers_moscow(runs):
    h, s = runs["historical"], runs["sorge_disbelieved"]
    assert s["soviet_divisions_west_1941"].mean() < h["soviet_divisions_west_1941"].mean() - 2
    assert s["moscow_falls"].mean() > h["moscow_falls"].mean()


def test_without_the_embargo_japan_does_not_rush_south(runs):
    assert _before(runs["no_oil_embargo"], "japan_strikes_south", "1942-02-01") < _before(runs["historical"], "japan_strikes_south", "1942-02-01") - 0.3


def test_without_the_pact_japan_turns_north_more_often(runs):
    assert runs["no_pact"]["japan_attacks_ussr"].notna().mean() > runs["historical"]["japan_attacks_ussr"].notna().mean() + 0.1
    assert runs["no_pact"]["pact_denounced"].isna().all()


def test_without_yalta_the_ussr_rarely_enters(runs):
    assert runs["no_yalta"]["ussr_attacks_japan"].notna().mean() < runs["historical"]["ussr_attacks_japan"].notna().mean() - 0.3
