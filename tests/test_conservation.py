"""Forces are neither made nor lost on the Trans-Siberian railway."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.files.scenario import bundled_dir, load_scenario
from sim.world.model import PactModel

N = 25


@settings(max_examples=25, deadline=None)
@given(fe=st.lists(st.floats(0, 1500), min_size=N, max_size=N), west=st.lists(st.floats(0, 250), min_size=N, max_size=N),
       weeks=st.integers(1, 12), seed=st.integers(0, 2**32))
def test_transfers_and_arrivals_conserve_forces(fe, west, weeks, seed):
    # The Far East counts men, the west and the railway divisions; with one division size
    # both ways (the record gives two, so men are not conserved there) the men add up.
    size = {"ussr.west_division_men": 10.0, "ussr.east_division_men": 10.0}
    scenario = load_scenario(bundled_dir() / "historical.yaml")
    scenario = dataclasses.replace(scenario, params=types.MappingProxyType({**scenario.params, **size}))
    model = PactModel(scenario, seed=seed, n=N)
    ussr = model.ussr
    model.germany.at_war[:] = True  # transfers are on the table in every world
    model.germany.success[:] = 0.5
    ussr.fe, ussr.west = np.array(fe), np.array(west)

    def total():
        return ussr.fe + 10.0 * (ussr.west + ussr.to_west.sum(axis=0) + ussr.to_east.sum(axis=0))

    before = total()
    for week in range(weeks):
        model.steps = week + 1
        model.day = dt.date(1942, 1, 4) + dt.timedelta(weeks=week)
        ussr._arrivals()
        ussr._transfer()
        np.testing.assert_allclose(total(), before, rtol=1e-12, atol=1e-9)
    moved = model.log.frame()
    moved = moved[moved["event"] == "transfer"]
    assert (moved["amount"] >= 0).all()
    assert (ussr.fe >= 0).all() and (ussr.west >= 0).all()
