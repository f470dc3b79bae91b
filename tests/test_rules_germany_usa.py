"""Germany's and the United States' rules on scripted worlds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rules import at, scripted

from sim.analysis.chronicle import chronicle
from sim.world.calendar import NEVER
from sim.world.theaters import JAPAN, USSR
from sim.world.vocabulary import TERRITORIES


def test_a_scenario_can_set_germanys_surrender():
    m = scripted(3, events={"german_surrender": (dt.date(1944, 11, 15), "surrenders")})
    at(m, dt.date(1944, 11, 15))
    m.germany.at_war[:] = True
    m.germany.step()
    assert (m.germany.surrendered == m.t).all()
    assert not m.germany.fighting.any()


def test_the_default_surrender_date_forces_nothing():
    m = scripted(2)
    at(m, dt.date(1945, 5, 8))
    m.germany.at_war[:] = True
    m.germany.step()
    assert (m.germany.surrendered == NEVER).all()


def test_a_german_victory_restores_capacity_but_does_not_stop_the_attrition():
    m = scripted(2, params={"germany.victory_gain": 0.15, "germany.attrition_sd": 0.0},
                 events={"stalingrad": (dt.date(1942, 11, 19), "german_victory")})
    at(m, dt.date(1942, 11, 19))
    m.germany.at_war[:] = True
    before = m.germany.capacity.copy()
    m.germany._battle("stalingrad")
    np.testing.assert_allclose(m.germany.capacity, before + 0.15)
    weekly = []
    for week in range(1, 4):
        at(m, dt.date(1942, 11, 19) + dt.timedelta(weeks=week))
        c = m.germany.capacity.copy()
        m.germany._attrition()
        weekly.append(c - m.germany.capacity)
    assert all((w > 0).all() for w in weekly)  # the war still wears Germany down after a victory


def _bomb_week(m, *, japan_at_war, germany_in_war):
    """Set which enemy is still at war in each world, and drop this week's bomb."""
    m.us.war_start[:] = np.where(japan_at_war, 0, NEVER)
    m.germany.at_war[:] = germany_in_war
    m.us._atomic_bomb(m.us.at_war, m.germany.in_the_war)


@pytest.mark.parametrize("share, germany_first", [(1.0, True), (0.0, False)])
def test_one_bomb_falls_on_one_enemy_and_the_other_is_bombed_the_week_after(share, germany_first):
    m = scripted(3, params={"us.bomb_on_germany": share, "germany.bomb_loss": 0.1},
                 events={"d_day": (None, None)})
    at(m, dt.date(1945, 8, 6))
    _bomb_week(m, japan_at_war=[True, True, False], germany_in_war=[True, False, True])
    first = m.t
    # world 0 has both enemies and the rule picks one; worlds 1 and 2 have one each
    assert m.us.bombed.tolist() == [NEVER if germany_first else first, first, NEVER]
    assert m.us.bombed_germany.tolist() == [first if germany_first else NEVER, NEVER, first]
    np.testing.assert_allclose(m.germany.capacity, 1.0 - 0.1 * (m.us.bombed_germany == first))
    at(m, dt.date(1945, 8, 13))
    m.us._atomic_bomb(m.us.at_war, m.germany.in_the_war)
    assert m.us.bombed.tolist() == [first + 1 if germany_first else first, first, NEVER]
    assert m.us.bombed_germany.tolist() == [first + 1 if not germany_first else first, NEVER, first]


def test_no_bomb_falls_before_it_is_ready_nor_on_an_enemy_at_peace():
    m = scripted(2, events={"d_day": (None, None)})
    at(m, dt.date(1945, 7, 30))
    m.us.war_start[:] = 0
    m.germany.at_war[:] = True
    m.us.step()
    assert (m.us.bombed == NEVER).all() and (m.us.bombed_germany == NEVER).all()
    at(m, dt.date(1945, 8, 6))
    _bomb_week(m, japan_at_war=[False, False], germany_in_war=[False, False])
    assert (m.us.bombed == NEVER).all() and (m.us.bombed_germany == NEVER).all()


def test_a_bomb_that_spends_germanys_capacity_ends_its_war_that_week():
    m = scripted(2, params={"us.bomb_on_germany": 1.0, "germany.bomb_loss": 2.0}, events={"d_day": (None, None)})
    at(m, dt.date(1945, 8, 6))
    _bomb_week(m, japan_at_war=[True, True], germany_in_war=[True, False])
    assert m.germany.surrendered.tolist() == [m.t, NEVER]
    assert m.us.bombed.tolist() == [NEVER, m.t]  # Japan's bomb waits a week where Germany took it


def test_the_chronicle_says_where_the_bomb_fell():
    m = scripted(2, params={"us.bomb_on_germany": 1.0, "germany.bomb_loss": 0.1}, events={"d_day": (None, None)})
    at(m, dt.date(1945, 8, 6))
    _bomb_week(m, japan_at_war=[True, True], germany_in_war=[True, False])
    told = chronicle(m.log.frame(), 0)
    assert told == ["Week of 5 August 1945: An atomic bomb was dropped on Germany."]


@pytest.mark.parametrize("outcome,loss", [("us_victory", 0.05), ("japanese_victory", 0.0)])
def test_midways_outcome_moves_japans_position(outcome, loss):
    m = scripted(2, params={"us.midway_loss": 0.05}, events={"midway": (dt.date(1942, 6, 4), outcome)})
    at(m, dt.date(1942, 6, 4))
    m.us.war_start[:] = [0, NEVER]  # world 1 has no Pacific war
    m.us._battles(m.us.at_war)
    np.testing.assert_allclose(m.us.position, [1.0 - loss, 1.0])


def test_the_solomons_campaign_burdens_japan_until_it_is_decided():
    m = scripted(1, params={"us.solomons_weeks": 3, "us.solomons_loss": 0.05},
                 events={"guadalcanal": (dt.date(1942, 8, 7), "us_victory")})
    m.us.war_start[:] = 0
    burdens = []
    for week in range(5):
        at(m, dt.date(1942, 8, 7) + dt.timedelta(weeks=week))
        m.us._battles(m.us.at_war)
        burdens.append(bool(m.us.solomons[0]))
    assert burdens == [True, True, True, False, False]
    assert m.us.position[0] == pytest.approx(0.95)


def _surrender_week(params, *, us_war, bombed, soviet_war, front):
    """Japan's surrender decision in worlds set by hand; Japan's position is never besieged."""
    m = scripted(len(us_war), params={"us.w_siege": 0.0, **params})
    at(m, dt.date(1945, 8, 13))
    m.us.war_start[:] = np.where(us_war, 0, NEVER)
    m.us.bombed[:] = np.where(bombed, m.t - 1, NEVER)
    m.theater.at_war[:] = soviet_war
    m.theater.attacker[:] = np.where(soviet_war, USSR, 0)  # the USSR attacked
    m.theater.fronts["main"][:] = front
    m.japan._surrender()
    return (m.japan.surrendered == m.t).tolist()


@pytest.mark.rule("japan.surrender")
def test_japan_weighs_surrender_only_where_a_driver_has_come():
    # a certain surrender wherever it is weighed: only the worlds with a driver weigh it
    got = _surrender_week({"us.surrender_logit": 100.0},
                          us_war=[True, True, False, False, False],
                          bombed=[False, True, False, False, True],
                          soviet_war=[False, False, True, True, False],
                          front=[0.0, 0.0, 0.0, 0.3, 0.0])
    # no siege, no bomb, no Soviet advance / bombed / Soviet war, front at the border /
    # Soviet forces in Manchukuo without any US war / bombed but at war with no one
    assert got == [False, True, False, True, False]


@pytest.mark.rule("japan.surrender")
def test_a_japanese_offensive_thrown_back_into_manchukuo_is_no_driver_of_surrender():
    m = scripted(2, params={"us.surrender_logit": 100.0})
    at(m, dt.date(1942, 3, 1))
    m.theater.at_war[:] = True
    m.theater.attacker[:] = [JAPAN, USSR]
    m.theater.fronts["main"][:] = 0.3
    m.japan._surrender()
    assert (m.japan.surrendered == m.t).tolist() == [False, True]


@pytest.mark.rule("japan.surrender")
def test_the_shocks_together_make_a_surrender_that_none_makes_alone():
    shocks = {"us.surrender_logit": -300.0, "us.bomb_shock": 180.0, "us.soviet_entry_shock": 90.0,
              "us.w_manchuria_lost": 90.0}
    got = _surrender_week(shocks, us_war=[True] * 4, bombed=[True, False, True, True],
                          soviet_war=[False, True, True, True], front=[0.0, 0.5, 0.0, 0.5])
    # log-odds: the bomb alone -120; the entry and all Manchuria -120; the bomb and the
    # entry, the front at the border, -30; the bomb, the entry and all Manchuria +60
    assert got == [False, False, False, True]


@pytest.mark.rule("japan.surrender")
def test_the_surrender_is_logged_with_each_shock_that_made_it():
    m = scripted(1, params={"us.w_siege": 0.0, "us.surrender_logit": -1.0, "us.bomb_shock": 3.0,
                            "us.soviet_entry_shock": 2.0, "us.w_manchuria_lost": 40.0})
    at(m, dt.date(1945, 8, 13))
    m.us.war_start[:] = 0
    m.us.bombed[:] = m.t - 1
    m.theater.at_war[:] = True
    m.theater.attacker[:] = USSR
    m.theater.fronts["main"][:] = 0.5 * TERRITORIES["manchuria"].depth
    m.japan._surrender()
    rows = m.log.frame()
    rows = rows[rows["event"] == "surrender"]
    assert rows["option"].tolist() == ["surrender"] and m.japan.surrendered.tolist() == [m.t]
    factors = {f: float(rows[f"f_{f}"].iloc[0]) for f in ("resolve", "siege", "bomb", "soviet_entry", "manchuria_lost")}
    assert factors == pytest.approx({"resolve": -1.0, "siege": 0.0, "bomb": 3.0, "soviet_entry": 2.0,
                                     "manchuria_lost": 20.0})
    assert float(rows["p"].iloc[0]) == pytest.approx(1 / (1 + np.exp(-24.0)))
