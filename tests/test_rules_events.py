"""The engine of exogenous events on scripted worlds: preconditions the record implies."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rules import at, scripted

from sim.analysis.chronicle import chronicle
from sim.world.calendar import NEVER
from sim.world.exogenous import CHECKS
from sim.world.vocabulary import EVENTS, TOLD
from sim.world.vocabulary.events import PRECONDITIONS


def test_every_declared_precondition_is_checked_and_every_failure_is_told():
    assert set(CHECKS) == set(PRECONDITIONS)
    for spec in EVENTS.values():
        for condition in spec.requires:
            assert (spec.actor, spec.name, condition) in TOLD


@pytest.mark.parametrize("battle", ["midway", "guadalcanal"])
def test_a_pacific_battle_happens_only_where_japan_has_struck(battle):
    m = scripted(2, events={battle: (EVENTS[battle].date, "us_victory")})
    at(m, EVENTS[battle].date)
    m.us.war_start[:] = [0, NEVER]  # world 1: Japan never struck south
    m.us._battles(m.us.at_war)
    assert m.happens(battle).tolist() == [True, False]
    log = m.log.frame()
    failed = log[(log["event"] == battle) & (log["option"] == "pacific_war")]
    assert failed["world"].tolist() == [1]
    assert chronicle(log, 1)[0].endswith("Japan was not at war with the United States.")


def test_tehran_is_given_only_by_a_ussr_at_war_with_germany_and_never_later():
    m = scripted(3)
    m.germany.at_war[:] = [True, True, False]
    m.germany.surrendered[:] = [NEVER, 0, NEVER]  # world 1: Germany beaten; world 2: never at war
    at(m, EVENTS["tehran"].date)
    assert m.passed("tehran").tolist() == [True, False, False]
    m.germany.at_war[:] = True
    at(m, EVENTS["tehran"].date + dt.timedelta(weeks=1))
    assert m.passed("tehran").tolist() == [True, False, False]  # resolved once, on its date
    told = [chronicle(m.log.frame(), k) for k in range(3)]
    assert told[0] == ["Week of 28 November 1943: At Tehran the USSR promised the Allies to enter the war on Japan "
                       "after Germany's defeat."]
    assert told[1] == told[2] == ["Week of 28 November 1943: No promise of war on Japan was given at Tehran: "
                                  "the USSR was no longer at war with Germany."]


def test_yaltas_far_eastern_clauses_need_a_pacific_war_and_an_ally_against_germany():
    m = scripted(4)
    m.germany.at_war[:] = True
    m.germany.surrendered[:] = [NEVER, NEVER, 0, 0]
    m.us.war_start[:] = [0, NEVER, 0, NEVER]
    at(m, EVENTS["yalta"].date)
    assert m.passed("yalta").tolist() == [True, False, False, False]
    log = m.log.frame()
    failed = log[(log["event"] == "yalta") & log["option"].notna()]
    # the first precondition that fails is the one told
    assert dict(zip(failed["world"], failed["option"].astype(str))) == {
        1: "pacific_war", 2: "eastern_front", 3: "eastern_front"}


def test_an_unconditioned_event_happens_in_every_world_in_its_week_only():
    m = scripted(3)
    at(m, EVENTS["oil_embargo"].date - dt.timedelta(weeks=1))
    assert not m.happens("oil_embargo").any() and not m.passed("oil_embargo").any()
    at(m, EVENTS["oil_embargo"].date)
    assert m.happens("oil_embargo").all()
    at(m, EVENTS["oil_embargo"].date + dt.timedelta(weeks=1))
    assert not m.happens("oil_embargo").any() and m.passed("oil_embargo").all()
    np.testing.assert_array_equal(m.passed("barbarossa"), True)


@pytest.mark.parametrize("battle", ["midway", "guadalcanal"])
def test_a_battle_japan_wins_sets_the_us_counteroffensive_back(battle):
    m = scripted(2, params={"us.setback_weeks": 10, "us.solomons_weeks": 1, "us.pressure_sd": 0.0,
                            "us.conquest_weeks": 20})
    m.us.war_start[:] = 0
    m.us._won = lambda name: np.array([False, True])  # Japan wins in world 0, the US in world 1
    day = EVENTS[battle].date
    for week in range(2):  # Guadalcanal is decided a week after it begins
        at(m, day + dt.timedelta(weeks=week))
        m.us._battles(m.us.at_war)
    assert m.us.setback.tolist() == [10.0, 0.0]
    m.us.position[:] = 1.0
    at(m, m.calendar.date(0) + dt.timedelta(weeks=25))  # 5 weeks past the conquest
    m.us._pacific(m.us.at_war)
    assert m.us.position[0] == 1.0 and m.us.position[1] < 1.0  # the US presses only where it won
