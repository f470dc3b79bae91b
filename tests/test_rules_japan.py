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


def test_the_army_available_for_manchuria_is_the_plan_less_what_the_pacific_drew():
    m = at(scripted(3, params={"japan.manchuria_max": 850, "japan.south_divisions": 11, "japan.division_men": 40}),
           dt.date(1941, 6, 1))
    assert m.japan.southern_offensive() == 440.0
    m.japan.south[:] = [0.0, 440.0, 540.0]  # no strike yet; the offensive alone; 100k drawn from Manchuria
    np.testing.assert_array_equal(m.japan.available(), [850.0, 850.0, 750.0])


def test_persimmon_counts_each_sides_men_in_its_own_divisions():
    m = scripted(2, params={"japan.division_men": 40, "ussr.division_men": 20, "japan.soviet_division_rating": 0.75,
                            "japan.ripe_ratio": 2.0})
    m.ussr.fe[:] = [600.0, 300.0]
    m.japan.quality[:] = 1.0
    # 800k men are 20 Japanese divisions; 600k are 30 Soviet ones worth 22.5, 300k are 15 worth 11.25
    np.testing.assert_allclose(m.japan.persimmon(np.array([800.0, 800.0])),
                               np.log([20 / 22.5 / 2.0, 20 / 11.25 / 2.0]))


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


KANTOKUEN = {"japan.manchuria_men": 300, "japan.kantokuen_men": 700, "japan.manchuria_max": 850,
             "japan.mobilisation_per_week": 50, "japan.demobilisation_per_week": 1.5, "japan.refill_per_week": 0}


def test_kantokuen_builds_up_while_germany_fights_the_ussr_and_a_northern_posture_builds_further():
    m = at(scripted(4, params=KANTOKUEN), dt.date(1941, 7, 6))
    m.germany.at_war[:] = [True, True, True, False]
    m.us.war_start[:] = [NEVER, NEVER, 0, NEVER]  # world 2: already at war with the US
    m.japan.posture[:] = [HOLD, NORTH, HOLD, HOLD]
    m.japan._forces()
    np.testing.assert_array_equal(m.japan.manchuria, [350.0, 350.0, 300.0, 300.0])
    for _ in range(20):
        m.japan._forces()
    # the precaution stops at Kantokuen's strength, the north at the plan's; no build-up at war
    # with the US, none without a German-Soviet war
    np.testing.assert_array_equal(m.japan.manchuria, [700.0, 850.0, 300.0, 300.0])


def test_the_build_up_is_kept_while_germany_fights_and_eases_once_it_stops():
    m = at(scripted(3, params=KANTOKUEN), dt.date(1943, 7, 4))
    m.germany.at_war[:] = [True, True, False]
    m.japan.posture[:] = [HOLD, NORTH, HOLD]
    m.japan.manchuria[:] = [700.0, 850.0, 700.0]
    m.japan._forces()
    np.testing.assert_array_equal(m.japan.manchuria, [700.0, 850.0, 698.5])


def test_the_pacific_drains_manchuria_to_its_floor_until_the_soviet_danger_is_plain():
    m = at(scripted(3, params={**KANTOKUEN, "japan.pacific_drain_per_week": 20, "japan.manchuria_floor": 100,
                                "japan.refill_per_week": 24}), dt.date(1944, 7, 2))
    m.germany.at_war[:] = True
    m.us.war_start[:] = 0
    m.us.position[:] = 0.5
    m.japan.manchuria[:] = [700.0, 105.0, 300.0]
    m.pact.denounced[2] = m.t  # world 2: the USSR has denounced the pact
    m.japan._forces()
    np.testing.assert_array_equal(m.japan.manchuria, [690.0, 100.0, 324.0])
    np.testing.assert_array_equal(m.japan.south, [10.0, 5.0, 0.0])


def test_the_north_sakhalin_concessions_feed_japan_until_they_are_returned():
    m = at(scripted(2, params={"japan.sakhalin_oil": 0.03, "japan.domestic_oil": 0.1}), dt.date(1944, 4, 9))
    m.us.embargo[:] = True
    m.japan.concessions_returned[:] = [NEVER, m.t - 1]
    assert m.japan.oil_balance().tolist() == pytest.approx([-0.87, -0.9])


@pytest.mark.rule("japan.return_concessions")
def test_the_concessions_are_weighed_by_the_pacific_war_lost_and_germanys_fortune_as_set_by_hand():
    n = 400
    m = at(scripted(n, params={"japan.concessions_bias": -1.0, "japan.w_concessions_pacific": 4.0,
                               "japan.w_concessions_german": 0.5}), dt.date(1944, 2, 6))
    m.pact.advance(m.day)
    m.us.war_start[:] = m.t - 100
    m.us.position[:] = 0.75
    fortune = np.full(n, 0.4)
    m.japan._return_concessions(np.ones(n, dtype=bool), fortune)
    expected = {"bias": -1.0, "us_war": 4.0 * 0.25, "german": -0.5 * 0.4}
    log = m.log.frame()
    rows = log[log["event"] == "return_concessions"]
    assert 0 < len(rows) < n
    assert rows["p"].tolist() == pytest.approx([1 / (1 + np.exp(-sum(expected.values())))] * len(rows), rel=1e-6)
    for factor, value in expected.items():
        assert rows[f"f_{factor}"].tolist() == pytest.approx([value] * len(rows), rel=1e-6), factor
    returned = np.zeros(n, dtype=bool)
    returned[rows["world"].to_numpy()] = True
    assert (m.japan.concessions_returned == np.where(returned, m.t, NEVER)).all()


@pytest.mark.rule("japan.return_concessions")
def test_the_concessions_are_returned_only_in_peace_under_a_pact_signed_and_unbroken():
    m = at(scripted(5, params={"japan.concessions_bias": 100.0}), dt.date(1944, 2, 6))
    m.pact.advance(m.day)
    m.pact.breached[1] = m.t - 3  # world 1: the pact broken
    m.ussr.attacked_japan[2] = m.t - 3  # world 2: a Soviet-Japanese war
    m.japan.concessions_returned[3] = m.t - 20  # world 3: returned already
    active = np.array([True, True, True, True, False])  # world 4: Japan has surrendered
    m.japan._return_concessions(active, np.zeros(5))
    assert m.japan.concessions_returned.tolist() == [m.t, NEVER, NEVER, m.t - 20, NEVER]


@pytest.mark.rule("japan.attack_ussr")
def test_the_tripartite_pull_acts_only_while_germany_fights_the_ussr():
    m = at(scripted(2, params={"japan.w_tripartite": 0.8, "japan.attack_bias": 100.0}), dt.date(1942, 6, 7))
    m.germany.at_war[:] = [True, False]
    m.japan.posture[:] = NORTH
    m.japan.manchuria[:] = 800.0
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


def _weighs_south(day: dt.date, events: dict | None = None) -> bool:
    """Whether two worlds with an overwhelming case for the south, never weighed before,
    take it in the week of ``day``."""
    m = at(scripted(2, params={"japan.south_bias": 100.0, "japan.north_bias": -100.0}, events=events), day)
    zeros = np.zeros(2)
    m.japan._posture(np.ones(2, dtype=bool), zeros, zeros, zeros)
    south = m.japan.posture == POSTURE.index("south")
    assert south.all() or not south.any()
    assert (m.japan.decided_south == np.where(south, m.t, NEVER)).all()
    return bool(south.all())


@pytest.mark.rule("japan.posture")
def test_in_1941_japans_posture_is_weighed_only_at_the_imperial_conferences_a_scenario_dates():
    assert not _weighs_south(dt.date(1941, 6, 24))  # before the first conference
    assert _weighs_south(dt.date(1941, 7, 2))
    assert not _weighs_south(dt.date(1941, 7, 20))  # between the conferences
    assert _weighs_south(dt.date(1941, 9, 6))
    assert _weighs_south(dt.date(1941, 9, 20))  # after the last: whenever the situation moves
    later = {"conference_september_1941": (dt.date(1941, 10, 1), "model")}
    assert not _weighs_south(dt.date(1941, 9, 6), later) and _weighs_south(dt.date(1941, 10, 1), later)
    none = {"conference_july_1941": (None, "model"), "conference_september_1941": (None, "model")}
    assert _weighs_south(dt.date(1941, 7, 20), none)


def test_the_imperial_conferences_are_logged_for_the_chronicle():
    m = at(scripted(2), dt.date(1941, 9, 6))
    m.japan.conference()
    log = m.log.frame()
    assert log[log["event"] == "conference_september_1941"]["world"].tolist() == [0, 1]
