"""Japan's rules on scripted worlds: each input set by hand, each output checked exactly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rules import at, scripted

from sim.world.calendar import NEVER
from sim.world.japan import HOLD, NORTH


def test_german_fortune_is_bounded_and_saturates():
    m = scripted(4, params={"japan.german_saturation": 1.5})
    g = m.germany
    g.at_war[:] = [False, True, True, True]
    g.success[:] = [5.0, 0.3, 5.0, 50.0]
    fortune = m.japan.german_fortune()
    assert fortune[0] == 0.0  # no German-Soviet war, nothing to read
    assert fortune[1] == pytest.approx(1.5 * np.tanh(1.3 / 1.5))
    assert fortune[3] <= 1.5 and fortune[3] - fortune[2] < 2e-3  # a tenfold success reads almost the same


def test_a_september_start_is_allowed_and_december_is_not():
    m = scripted(1)
    costs = {}
    for day in (dt.date(1941, 6, 15), dt.date(1941, 9, 10), dt.date(1941, 12, 10), dt.date(1942, 3, 15)):
        costs[day.month] = float(at(m, day).japan.season_cost())
    assert costs[6] < costs[9] < 0.5 < costs[3] < costs[12]  # Kantokuen's 10 Sep start is costly, not barred
    # consecutive weeks differ little: no cliff
    weeks = [float(at(m, dt.date(1942, 3, 1) + dt.timedelta(weeks=k)).japan.season_cost()) for k in range(30)]
    assert max(abs(np.diff(weeks))) < 0.07  # at most a quarter of a logit a week at the default cost


def test_the_army_available_for_manchuria_reads_china_and_the_south():
    m = at(scripted(2, params={"japan.china_divisions": 22, "japan.army_divisions": 51, "japan.home_divisions": 4,
                               "japan.army_growth_per_week": 0.0, "japan.manchuria_max": 30}), dt.date(1941, 6, 1))
    m.japan.south[:] = [0.0, 11.0]
    np.testing.assert_array_equal(m.japan.available(), [25.0, 14.0])
    m2 = at(scripted(1, params={"japan.china_divisions": 30}), dt.date(1941, 6, 1))
    assert m2.japan.available()[0] < m.japan.available()[0]


def test_the_pacific_burden_grows_as_the_position_falls_and_during_the_solomons():
    m = scripted(3, params={"us.burden_per_loss": 2.0, "us.solomons_burden": 1.0})
    m.us.war_start[:] = 0
    m.us.position[:] = [1.0, 0.5, 0.5]
    m.us.solomons[:] = [False, False, True]
    np.testing.assert_allclose(m.us.burden(), [1.0, 2.0, 3.0])
    m.us.war_start[:] = NEVER
    np.testing.assert_allclose(m.us.burden(), [0.0, 0.0, 0.0])


def test_japan_may_denounce_only_while_the_pact_allows_it():
    m = at(scripted(2, params={"japan.denounce_bias": 50.0}), dt.date(1941, 7, 6))  # it would, if allowed
    m.pact.advance(dt.date(1941, 5, 1))
    m.pact.denounced[1] = 0  # already denounced in world 1
    active = np.ones(2, dtype=bool)
    m.japan._denounce(active, m.japan.german_fortune(), m.us.burden())
    assert m.pact.denounced_by.tolist() == [1, 0]  # Japan (code 1) in world 0; world 1 keeps the first act


def test_forces_never_mobilise_beyond_the_available_army():
    m = at(scripted(2, params={"japan.mobilisation_per_week": 5.0, "japan.china_divisions": 30}), dt.date(1941, 7, 6))
    m.japan.posture[:] = [NORTH, HOLD]
    for _ in range(10):
        m.japan._forces()
    assert m.japan.manchuria[0] == pytest.approx(m.japan.available()[0])
    assert m.japan.manchuria[1] == 13.0


def test_the_north_sakhalin_concessions_feed_japan_until_they_are_returned():
    m = scripted(1, params={"japan.sakhalin_oil": 0.03, "japan.domestic_oil": 0.1})
    m.us.embargo[:] = True
    before = float(at(m, dt.date(1944, 3, 5)).japan.oil_balance()[0])
    after = float(at(m, dt.date(1944, 4, 9)).japan.oil_balance()[0])
    assert before == pytest.approx(-0.87) and after == pytest.approx(-0.9)


def test_the_tripartite_pull_acts_only_while_germany_fights_the_ussr():
    m = at(scripted(2, params={"japan.w_tripartite": 0.8, "japan.attack_bias": -100.0}), dt.date(1942, 6, 7))
    m.germany.at_war[:] = [True, False]
    m.japan.posture[:] = NORTH
    m.japan.manchuria[:] = 25.0
    m.japan._attack(np.ones(2, dtype=bool), m.japan.german_fortune(), m.us.burden())
    m2 = at(scripted(2, params={"japan.w_tripartite": 0.8, "japan.attack_bias": 100.0}), dt.date(1942, 6, 7))
    m2.germany.at_war[:] = [True, False]
    m2.japan.posture[:] = NORTH
    m2.japan.manchuria[:] = 25.0
    m2.japan._attack(np.ones(2, dtype=bool), m2.japan.german_fortune(), m2.us.burden())
    log = m2.log.frame()
    attacks = log[log["event"] == "attack_ussr"].sort_values("world")
    assert attacks["f_tripartite"].tolist() == pytest.approx([0.8, 0.0])
