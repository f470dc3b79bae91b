"""Japan's rules on scripted worlds: each input set by hand, each output checked exactly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rules import at, scripted

from sim.world.calendar import NEVER
from sim.world.japan import HOLD, NORTH
from sim.world.vocabulary import DECISIONS


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


@pytest.mark.rule("japan.denounce")
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


@pytest.mark.rule("japan.attack_ussr")
def test_the_tripartite_pull_acts_only_while_germany_fights_the_ussr():
    m = at(scripted(2, params={"japan.w_tripartite": 0.8, "japan.attack_bias": 100.0}), dt.date(1942, 6, 7))
    m.germany.at_war[:] = [True, False]
    m.japan.posture[:] = NORTH
    m.japan.manchuria[:] = 25.0
    m.japan._attack(np.ones(2, dtype=bool), m.japan.german_fortune(), m.us.burden())
    assert m.japan.attacked_ussr.tolist() == [m.t, m.t]  # the bias decides; the pull is what is logged
    log = m.log.frame()
    attacks = log[log["event"] == "attack_ussr"].sort_values("world")
    assert attacks["f_tripartite"].tolist() == pytest.approx([0.8, 0.0])


POSTURE = DECISIONS["japan.posture"]


@pytest.mark.rule("japan.posture")
def test_the_posture_is_scored_by_each_declared_factor_as_set_by_hand():
    """Each factor's contribution and each option's probability, logged by every world
    that changed its posture, are the ones worked out here from the inputs."""
    weights = {"japan.north_bias": 0.3, "japan.w_persimmon": 0.0, "japan.w_german_success": 2.0,
               "japan.w_tripartite": 0.8, "japan.w_us_war": 1.5, "japan.w_oil_north": 1.0, "japan.inertia": 0.25,
               "japan.south_bias": -0.2, "japan.w_oil": 3.0, "japan.w_embargo": 0.7, "japan.w_german_south": 0.5,
               "japan.pact_security": 0.4, "japan.pact_breach_cost": 1.2}
    n = 300
    m = at(scripted(n, params=weights), dt.date(1942, 6, 7))
    m.germany.at_war[:] = True
    m.us.embargo[:] = True
    m.pact.started[:] = m.pact.in_force[:] = True
    fortune, burden, urgency = np.full(n, 0.5), np.full(n, 0.2), np.full(n, 0.4)
    m.japan._posture(np.ones(n, dtype=bool), urgency, fortune, burden)
    expected = {  # chosen minus hold, which scores 0 and is the course held (hence inertia)
        "north": {"faction": 0.3, "persimmon": 0.0, "german": 1.0, "tripartite": 0.8, "pact": -1.2, "us_war": -0.3,
                  "oil": -0.4, "inertia": -0.25},
        "south": {"navy": -0.2, "oil": 1.2, "embargo": 0.7, "german": 0.5, "pact": 0.4, "inertia": -0.25},
    }
    utility = {option: sum(factors.values()) for option, factors in expected.items()}
    total = 1.0 + sum(np.exp(u) for u in utility.values())
    log = m.log.frame()
    for option, factors in expected.items():
        rows = log[(log["event"] == "posture") & (log["option"] == option)]
        assert len(rows) > 0, option
        assert rows["p"].tolist() == pytest.approx([np.exp(utility[option]) / total] * len(rows), rel=1e-6)
        for factor, value in factors.items():
            assert rows[f"f_{factor}"].tolist() == pytest.approx([value] * len(rows), rel=1e-6, abs=1e-7), factor
        worlds = rows["world"].to_numpy()
        assert (m.japan.posture[worlds] == POSTURE.index(option)).all()
    south = m.japan.posture == POSTURE.index("south")
    north = m.japan.posture == POSTURE.index("north")
    assert (m.japan.decided_south == np.where(south, m.t, NEVER)).all()
    assert (m.japan.first_north == np.where(north, m.t, NEVER)).all()


@pytest.mark.rule("japan.posture")
def test_the_posture_is_not_decided_while_the_south_is_prepared_and_the_south_is_decided_once():
    m = at(scripted(4, params={"japan.south_bias": 100.0, "japan.north_bias": -100.0}), dt.date(1942, 6, 7))
    hold, north, south = (POSTURE.index(o) for o in ("hold", "north", "south"))
    m.japan.posture[:] = [hold, hold, south, north]
    m.japan.decided_south[:] = [NEVER, m.t - 30, m.t - 2, NEVER]  # world 1 struck, world 2 is preparing
    m.japan.struck_south[:] = [NEVER, m.t - 10, NEVER, NEVER]
    active = np.array([True, True, True, False])  # world 3: at war or surrendered
    urgency = fortune = burden = np.zeros(4)
    m.japan._posture(active, urgency, fortune, burden)
    assert m.japan.posture.tolist() == [south, hold, south, north]
    assert m.japan.decided_south.tolist() == [m.t, m.t - 30, m.t - 2, NEVER]
