"""Germany's and the United States' rules on scripted worlds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rules import at, scripted

from sim.world.calendar import NEVER


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


def test_the_bomb_may_fall_on_a_germany_still_fighting():
    m = scripted(2, params={"germany.bomb_loss": 2.0, "germany.attrition_sd": 0.0})
    at(m, dt.date(1945, 8, 6))
    m.germany.at_war[:] = [True, False]
    m.germany._attrition()
    assert m.germany.surrendered.tolist() == [m.t, NEVER]


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
