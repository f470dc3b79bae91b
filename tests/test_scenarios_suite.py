"""The invariant suite every bundled scenario inherits: it loads, validates, runs a few
seeded weeks, gives the same results twice, and the same results alone and among others."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import BUNDLED, shortened

from sim.files.scenario import load_scenario
from sim.world.model import simulate


@pytest.fixture(params=BUNDLED, ids=lambda p: p.stem, scope="module")
def scenario(request):
    return load_scenario(request.param)


def test_has_title_and_description(scenario):
    assert scenario.title and len(scenario.description) > 80


def test_runs_a_few_seeded_weeks_reproducibly(scenario):
    short = shortened(scenario, 30)
    a = simulate(short, 4, np.arange(40))
    b = simulate(short, 4, np.arange(40))
    pd.testing.assert_frame_equal(a.worlds, b.worlds)
    pd.testing.assert_frame_equal(a.events, b.events)
    assert len(a.events) > 0


def test_world_alone_equals_world_among_others(scenario):
    short = shortened(scenario, 60)
    among = simulate(short, 4, np.arange(30))
    alone = simulate(short, 4, np.array([17]))
    pd.testing.assert_frame_equal(among.worlds.iloc[[17]].reset_index(drop=True), alone.worlds)


def test_full_period_runs(scenario):
    worlds = simulate(scenario, 2, np.arange(25)).worlds
    assert len(worlds) == 25
