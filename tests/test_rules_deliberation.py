"""Decisions are considered when their situation changes, not flipped every week."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rules import at, scripted

from sim.world.deliberation import Deliberation, situation
from sim.world.vocabulary import DECISIONS


def test_an_unchanged_situation_is_not_reconsidered_and_a_moved_one_is():
    m = scripted(3, params={"decision.reconsider_logit": 0.5})
    d = Deliberation(m, DECISIONS["ussr.denounce"])
    open_ = np.ones(3, dtype=bool)
    first = np.array([[-7.0, -7.0, -7.0]])
    assert d.due(first, open_).tolist() == [True, True, True]  # never considered: due
    assert d.due(first, open_).tolist() == [False, False, False]
    moved = np.array([[-7.0, -6.6, -6.0]])
    assert d.due(moved, open_).tolist() == [False, False, True]
    assert d.due(moved, np.array([False, True, True])).tolist() == [False, False, False]


def test_worlds_convened_consider_a_decision_although_nothing_moved():
    m = scripted(3, params={"decision.reconsider_logit": 0.5})
    d = Deliberation(m, DECISIONS["japan.posture"])
    open_ = np.ones(3, dtype=bool)
    now = np.array([[-1.0, -1.0, -1.0], [2.0, 2.0, 2.0]])
    d.due(now, open_)
    convened = np.array([True, True, False])
    assert d.due(now, np.array([True, False, True]), convened=convened).tolist() == [True, False, False]


def test_situation_leaves_out_the_pull_of_the_course_held():
    utilities = {"north": {"faction": 2.0, "inertia": 2.0}, "south": {"navy": -5.0, "inertia": -2.0}}
    np.testing.assert_allclose(situation(utilities, ("hold", "north", "south"), 1, without=("inertia",)), [[2.0], [-5.0]])


@pytest.mark.rule("ussr.denounce")
def test_no_denunciation_without_a_driver_over_four_years():
    """The standing reluctance alone, drawn once, gives the chance of one draw, not of 200."""
    m = scripted(2000, params={"ussr.w_deadline": 0.0, "ussr.w_aims": 0.0, "ussr.w_yalta_denounce": 0.0,
                               "ussr.denounce_bias": -4.0})
    for week in range(200):
        at(m, dt.date(1941, 5, 4) + dt.timedelta(weeks=week))
        m.pact.advance(m.week_end)
        m.ussr._denounce()
    share = (m.pact.denounced != -1).mean()
    assert share < 0.05  # one draw at 1.8%; weekly coin flips would give 97%


@pytest.mark.rule("ussr.transfer")
def test_a_transfer_programme_runs_until_it_is_reconsidered():
    m = scripted(1, params={"ussr.rail_capacity_per_week": 2.0})
    at(m, dt.date(1941, 7, 6))
    m.germany.at_war[:] = True
    m.germany.success[:] = 1.0
    m.ussr.belief[:] = -4.0  # Japan believed to be going south
    m.ussr._transfer()
    assert m.ussr.programme[0] == 1  # west
    moved = [float(m.ussr.to_west.sum())]
    for week in range(1, 4):
        at(m, dt.date(1941, 7, 6) + dt.timedelta(weeks=week))
        m.ussr._transfer()
        moved.append(float(m.ussr.to_west.sum()))
    assert moved == [2.0, 4.0, 6.0, 8.0]  # two divisions a week, one decision
    log = m.log.frame()
    assert (log["event"] == "transfer").sum() == 1
