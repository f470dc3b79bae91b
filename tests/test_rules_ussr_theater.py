"""The USSR's and the theater's rules on scripted worlds, and divisions conserved without combat."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

import numpy as np
import pytest
from rules import at, scripted

from sim.world.calendar import NEVER
from sim.world.model import PactModel
from sim.world.pact import COMMITMENTS, PactTerms
from sim.world.theaters import USSR
from sim.world.vocabulary import DECISIONS

NO_PROMISES = {"yalta": (None, "model"), "tehran": (None, "model")}
"""Events that take the Allied commitments out of a scripted world."""


@pytest.mark.rule("ussr.transfer")
def test_after_germanys_surrender_the_ussr_moves_east_without_a_yalta():
    m = scripted(2, params={"ussr.w_aims": 30.0}, events=NO_PROMISES)
    at(m, dt.date(1944, 12, 3))
    m.germany.at_war[:] = True
    m.germany.surrendered[:] = [m.t - 2, NEVER]
    m.ussr.belief[:] = -4.0
    m.ussr.fe[:] = 1000.0
    m.japan.manchuria[:] = 500.0
    m.ussr._transfer()
    assert m.ussr.programme.tolist() == [2, 0]  # east where Germany is beaten, nothing where it fights on


def test_the_yalta_promise_falls_due_two_to_three_months_after_germanys_surrender():
    m = scripted(1, params={"ussr.yalta_weeks": 13, "treaty.due_ramp_power": 5.0, "ussr.w_yalta_timing": 7.0})
    yalta = COMMITMENTS[1]
    m.germany.at_war[:] = True  # the promise's preconditions: an ally against Germany, a Pacific war
    m.us.war_start[:] = 0
    at(m, dt.date(1944, 3, 1))
    assert yalta.pull(m) == 0.0  # not given yet
    at(m, dt.date(1945, 3, 1))
    weeks = np.array([0.0, 6.5, 13.0, 20.0])
    np.testing.assert_allclose(yalta.due(m, weeks, np.zeros(4)), [0.0, 0.5 ** 5, 1.0, 1.0])
    assert yalta.pull(m) == 7.0


@pytest.mark.parametrize("weeks", [0.0, 1e-310])
def test_a_promise_due_at_once_or_in_a_split_second_is_fully_due_without_overflow(weeks):
    m = scripted(1, params={"ussr.yalta_weeks": weeks})
    with np.errstate(all="raise"):
        due = COMMITMENTS[1].due(m, np.array([0.0, 3.0, 2e9]), np.zeros(3))
    assert due.tolist() == ([1.0, 1.0, 1.0] if weeks == 0 else [0.0, 1.0, 1.0])


def _logit(x):
    return float(np.log(x / (1.0 - x)))


def test_intelligence_without_spies_reads_a_mobilised_kwantung_army_and_a_pacific_war():
    m = scripted(3, params={"ussr.seen_base": 0.3, "ussr.seen_mobilised": 0.4, "ussr.seen_us_war": 0.2,
                            "ussr.seen_mobilised_men": 60, "ussr.belief_memory": 0.75, "ussr.belief_bound": 3.0})
    at(m, dt.date(1942, 3, 1))  # Sorge was arrested in October 1941
    kantokuen = max(m.p("japan.manchuria_men"), m.p("japan.kantokuen_men"))  # the build-up that is no threat
    m.japan.manchuria[:] = [kantokuen + 61, kantokuen + 60, kantokuen + 60]  # only world 0 is more than 60k over
    m.us.war_start[:] = [NEVER, m.t - 20, NEVER]  # world 1: the US is at war with Japan
    m.ussr.belief[:] = [0.0, 1.0, 10.0]
    m.ussr._intelligence()
    expected = [0.25 * _logit(0.7), 0.75 + 0.25 * _logit(0.1), 3.0]  # world 2: 7.2 held at the bound
    np.testing.assert_allclose(m.ussr.belief, expected, rtol=1e-12)


def _spied(reliability: float, day: dt.date):
    """Four worlds whose belief moves by the spies' reports alone (full memory), from 0."""
    m = at(scripted(4, params={"ussr.intelligence_reliability": reliability, "ussr.intelligence_trust": 0.5,
                               "ussr.belief_memory": 1.0, "ussr.belief_bound": 50.0}), day)
    posture = DECISIONS["japan.posture"]
    m.japan.posture[:] = [posture.index(o) for o in ("north", "hold", "south", "north")]
    m.ussr.belief[:] = 0.0
    m.ussr._intelligence()
    return m.ussr.belief


def test_the_spies_report_japans_posture_with_the_weight_their_reliability_earns():
    r = 1.0 - 1e-9  # a report is true unless the world's draw is above r: never, at these four
    llr = np.log(r / (1.0 - r + 1e-12))
    np.testing.assert_allclose(_spied(r, dt.date(1941, 8, 3)), 0.5 * llr * np.array([1, -1, -1, 1]), rtol=1e-12)
    np.testing.assert_allclose(_spied(0.5, dt.date(1941, 8, 3)), 0.0, atol=1e-9)  # a coin tells nothing
    assert _spied(r, dt.date(1941, 11, 2)).tolist() == [0.0] * 4  # after Sorge's arrest, no reports


@pytest.mark.rule("ussr.attack_japan")
def test_the_attack_on_japan_is_scored_by_each_declared_factor_as_set_by_hand():
    n = 300
    m = at(scripted(n, events=NO_PROMISES, params={
        "ussr.attack_bias": -1.0, "ussr.w_aims": 2.0, "ussr.buildup_weeks": 16, "ussr.w_ratio": 1.5,
        "ussr.attack_ratio": 1.0, "ussr.w_japan_collapse": 0.6, "ussr.pact_breach_cost": 1.0,
        "treaty.denounced_breach_share": 0.5, "ussr.two_front_cost": 6.0}), dt.date(1945, 7, 1))
    m.germany.at_war[:] = True
    m.germany.surrendered[:] = m.t - 8  # half the build-up done; no longer fighting
    m.ussr.fe[:], m.japan.manchuria[:] = 40.0, 20.0
    m.us.bombed[:] = m.t - 1
    m.pact.started[:] = m.pact.in_force[:] = True
    m.pact.denounced[:] = m.t - 10
    m.ussr._attack()
    expected = {"bias": -1.0, "aims": 2.0 * 0.5, "yalta": 0.0, "ratio": 1.5 * np.tanh(np.log(2.0)), "collapse": 0.6,
                "pact": -0.5, "two_front": 0.0}
    log = m.log.frame()
    rows = log[log["event"] == "attack_japan"]
    assert 0 < len(rows) < n
    assert rows["p"].tolist() == pytest.approx([1 / (1 + np.exp(-sum(expected.values())))] * len(rows), rel=1e-6)
    for factor, value in expected.items():
        assert rows[f"f_{factor}"].tolist() == pytest.approx([value] * len(rows), rel=1e-6, abs=1e-7), factor
    attacked = np.zeros(n, dtype=bool)
    attacked[rows["world"].to_numpy()] = True
    assert (m.ussr.attacked_japan == np.where(attacked, m.t, NEVER)).all()
    assert (m.theater.at_war == attacked).all() and (m.theater.attacker[attacked] == USSR).all()


@pytest.mark.rule("ussr.attack_japan")
def test_the_ussr_attacks_japan_once_and_only_where_no_war_or_surrender_closes_it():
    m = at(scripted(4, params={"ussr.attack_bias": 100.0}), dt.date(1945, 7, 1))
    m.pact.denounced[:] = m.t - 12  # lawful everywhere: the next test is about the pact
    m.japan.surrendered[1] = m.t - 1
    m.ussr.attacked_japan[2] = m.t - 5  # an earlier war, ended by armistice
    m.theater.open(np.array([False, False, False, True]), "japan")
    m.ussr._attack()
    assert m.ussr.attacked_japan.tolist() == [m.t, NEVER, m.t - 5, NEVER]


@pytest.mark.rule("ussr.attack_japan")
def test_the_ussr_attacks_japan_only_after_denouncing_a_pact_that_binds_it():
    m = at(scripted(3, params={"ussr.attack_bias": 100.0}), dt.date(1945, 8, 5))
    m.pact.signed[:] = m.pact.started[:] = m.pact.in_force[:] = [True, True, False]  # world 2: no pact
    m.pact.denounced[:] = [m.t - 17, NEVER, NEVER]
    m.ussr._attack()
    assert m.ussr.attacked_japan.tolist() == [m.t, NEVER, m.t]


@pytest.mark.rule("ussr.attack_japan")
def test_a_scenario_may_force_a_soviet_attack_on_a_pact_not_denounced():
    m = at(scripted(1, params={"ussr.attack_bias": -100.0}), dt.date(1945, 8, 5))
    m.pact.signed[:] = m.pact.started[:] = m.pact.in_force[:] = True
    m._forced = {m.t: {"ussr.attack_japan": "attack"}}
    m.ussr._attack()
    assert m.ussr.attacked_japan.tolist() == [m.t]


def _at_war(m, attacker, front=0.0):
    m.theater.open(np.ones(m.n, dtype=bool), attacker)
    m.theater.fronts["main"][:] = front
    m.theater.fronts["islands"][:] = front


def test_the_islands_move_only_as_far_as_the_attacker_commands_the_sea_and_sakhalin_by_land():
    m = scripted(2, params={"combat.islands_speed": 0.3, "combat.naval_level": 0.5, "combat.sakhalin_speed": 0.5})
    at(m, dt.date(1945, 8, 12))
    _at_war(m, "ussr")
    m.us.war_start[:] = 0
    m.us.position[:] = [0.9, 0.1]  # world 0: Japan still holds the sea
    m.theater._advance(np.arange(2), np.array([1.0, 1.0]))
    np.testing.assert_allclose(m.theater.fronts["main"], [0.25, 0.25])
    np.testing.assert_allclose(m.theater.fronts["islands"], [0.0, 0.3 * 0.8])
    np.testing.assert_allclose(m.theater.fronts["sakhalin"], [0.5, 0.5])  # across the 50th parallel, sea or not


def test_on_sakhalin_the_attacker_takes_the_island_and_the_defender_only_restores_the_border():
    m = scripted(3, params={"combat.sakhalin_speed": 0.5})
    at(m, dt.date(1945, 8, 12))
    _at_war(m, "ussr")
    m.theater.fronts["sakhalin"][:] = [0.8, -0.3, 0.2]
    m.theater._advance(np.arange(3), np.array([1.0, 1.0, -1.0]))
    # world 0: to the island's far end; world 1: a Japanese-held strip retaken and beyond;
    # world 2: thrown back, the Soviet attacker loses its gains down to the border, no further
    np.testing.assert_allclose(m.theater.fronts["sakhalin"], [1.0, 0.2, 0.0])
    m.theater._territory(np.arange(3))
    assert (m.theater.taken["sakhalin_south"] != NEVER).tolist() == [True, False, False]


def test_fronts_stop_at_the_halt_lines():
    m = scripted(2, params={"combat.japan_objective": 0.6, "combat.counter_objective": 0.2, "combat.front_speed": 0.25})
    at(m, dt.date(1942, 6, 7))
    _at_war(m, "japan", front=-0.5)
    m.theater._advance(np.arange(2), np.array([-1.0, -1.0]))
    np.testing.assert_allclose(m.theater.fronts["main"], [-0.6, -0.6])  # Japan's objective
    m.theater.fronts["main"][:] = 0.1
    m.theater._advance(np.arange(2), np.array([1.0, 1.0]))
    np.testing.assert_allclose(m.theater.fronts["main"], [0.2, 0.2])  # the Soviet counteroffensive's line


def test_a_stalled_offensive_ends_in_an_armistice_and_a_war_at_its_objective_does_not():
    m = scripted(2, params={"combat.armistice_logit": 50.0, "combat.japan_objective": 0.6})
    at(m, dt.date(1942, 6, 7))
    _at_war(m, "japan", front=-0.3)
    m.theater.fronts["main"][1] = -0.6  # world 1 stands at Japan's objective
    war = np.flatnonzero(m.theater.at_war)
    m.theater._advance(war, np.zeros(2))
    m.theater._armistice(war)
    assert m.theater.armistice.tolist() == [True, False]
    assert m.theater.at_war.tolist() == [False, True]


def test_forces_are_conserved_where_no_one_fights_and_nothing_is_raised():
    """With every source and sink of forces pinned to zero and no battle, the Soviet and
    Japanese totals stay what they were, whatever the decisions do, week after week."""
    pins = {"ussr.west_growth_per_week": 0.0, "ussr.lend_lease_per_week": 0.0, "ussr.fe_mobilisation_per_week": 0.0,
            "japan.mobilisation_per_week": 0.0, "japan.demobilisation_per_week": 0.0, "japan.refill_per_week": 0.0,
            "japan.south_divisions": 0.0, "ussr.west_division_men": 10.0, "ussr.east_division_men": 10.0}
    m = scripted(200, params=pins, events={b: (None, "model") for b in ("moscow", "stalingrad", "kursk")})
    m.scenario = dataclasses.replace(m.scenario, end=dt.date(1944, 12, 31))
    # men in the Far East, divisions (of 10,000 men each way here) elsewhere
    soviet = lambda: m.ussr.fe + 10.0 * (m.ussr.west + m.ussr.to_west.sum(axis=0) + m.ussr.to_east.sum(axis=0))  # noqa: E731
    japan = lambda: m.japan.manchuria + m.japan.south  # noqa: E731
    s0, j0 = soviet(), japan()
    for _ in range(m.calendar.step_of(dt.date(1944, 12, 31))):
        m.step()
        quiet = ~m.theater.at_war & (m.theater.started == NEVER)
        np.testing.assert_allclose(soviet()[quiet], s0[quiet], atol=1e-9)
        np.testing.assert_allclose(japan()[quiet], j0[quiet], atol=1e-9)
    assert (m.ussr.programme != 0).any() or (m.log.frame()["event"] == "transfer").any()  # transfers did happen


@pytest.mark.parametrize("name", ["historical", "stalingrad_german_victory"])
def test_a_scenario_can_pin_every_judgement(name):
    from sim.files.scenario import bundled_dir, load_scenario

    scenario = dataclasses.replace(load_scenario(bundled_dir() / f"{name}.yaml"), judgement="pinned",
                                   params=types.MappingProxyType({}))
    assert PactModel(scenario, n=2).sampled == {}


def test_lend_lease_by_the_pacific_route_flows_while_the_pact_keeps_it_open():
    m = scripted(3, params={"ussr.west_growth_per_week": 0.0, "ussr.lend_lease_per_week": 0.1,
                            "ussr.fe_mobilisation_per_week": 0.0})
    at(m, dt.date(1942, 3, 1))
    m.pact.advance(m.week_end)
    m.germany.at_war[:] = True
    m.theater.at_war[:] = [False, True, False]
    m.pact.signed[2] = m.pact.started[2] = False  # world 2: no pact ever signed
    m.pact.in_force[2] = False
    before = m.ussr.west.copy()
    m.ussr._mobilise()
    np.testing.assert_allclose(m.ussr.west - before, [0.1, 0.0, 0.0])


def test_the_pact_binds_from_signature_to_a_breach():
    m = scripted(2)
    assert m.pact.binding.all() and not m.pact.in_force.any()  # signed, not yet ratified
    m.pact.advance(dt.date(1941, 5, 1))
    assert m.pact.binding.all() and m.pact.in_force.all()
    m.pact.breach(np.array([True, False]), "japan", 5)
    assert m.pact.binding.tolist() == [False, True]


def test_a_pact_signed_in_october_1941_does_not_bind_in_the_summer():
    # The case: a pact signed on 1 October 1941 restrains Japan only from then on.
    m = scripted(2, neutrality_pact=PactTerms(signed=dt.date(1941, 10, 1), ratified=dt.date(1941, 10, 15)))
    while m.week_end < dt.date(1941, 8, 1):
        m.step()
    assert not m.pact.signed.any() and not m.pact.binding.any()
    assert (m.japan._pact_cost() == 0).all()
    while m.week_end < dt.date(1941, 10, 8):
        m.step()
    assert m.pact.signed.all() and m.pact.binding.all() and not m.pact.in_force.any()
    assert (m.japan._pact_cost() > 0).all()


def _log(m) -> list[tuple[int, str, str, str]]:
    events = m.log.frame()
    return [(int(r.world), str(r.actor), str(r.event), str(r.party)) for r in events.itertuples()]


def test_soviet_forces_entering_manchukuo_break_the_declaration_unless_japan_attacked_first():
    m = scripted(3, params={"combat.front_speed": 0.2})
    at(m, dt.date(1945, 8, 12))
    m.pact.advance(m.day)
    m.pact.breached_by[2] = 1  # world 2: Japan broke the pact first
    m.theater.open(np.array([True, True, False]), "ussr")
    m.theater.at_war[2], m.theater.attacker[2] = True, USSR
    m.theater._advance(np.arange(3), np.array([1.0, -1.0, 1.0]))  # world 1: the front is pushed back
    m.theater._declaration(np.arange(3))
    assert m.pact.declaration_broken_by.tolist() == [2, 0, 0]  # 1 + PARTIES.index("ussr")
    assert [e for e in _log(m) if e[2] == "declaration_broken"] == [(0, "treaty", "declaration_broken", "ussr")]
    m.theater._declaration(np.arange(3))  # broken once, recorded once
    assert sum(e[2] == "declaration_broken" for e in _log(m)) == 1


def test_without_the_pact_there_is_no_declaration_to_break():
    m = scripted(1)
    m.pact = type(m.pact)(None, 1, m.day)
    m.theater.fronts["main"][:] = 0.5
    m.theater._declaration(np.arange(1))
    assert m.pact.declaration_broken_by.tolist() == [0]


def test_a_territory_retaken_is_recorded_for_the_side_that_lost_it():
    m = scripted(2)
    at(m, dt.date(1942, 6, 7))
    _at_war(m, "japan", front=-0.5)  # past the Maritime Province (depth -0.4)
    m.theater._territory(np.arange(2))
    m.theater.fronts["main"][:] = [-0.5, -0.1]  # world 1: the Red Army pushes the front back
    at(m, dt.date(1942, 6, 14))
    m.theater._territory(np.arange(2))
    taken = [(w, actor, event) for w, actor, event, _ in _log(m) if "maritime" in event]
    assert taken == [(0, "japan", "takes_maritime_province"), (1, "japan", "takes_maritime_province"),
                     (1, "ussr", "retakes_maritime_province")]
    assert m.theater.held("maritime_province").tolist() == [True, False]


def test_a_division_leaves_and_reaches_the_far_east_with_the_men_the_record_gives_it():
    m = scripted(2, params={"ussr.west_division_men": 6.8, "ussr.east_division_men": 12.8, "ussr.fe_floor": 350,
                            "ussr.rail_capacity_per_week": 3.0, "ussr.rail_transit_weeks": 1})
    at(m, dt.date(1941, 10, 19))
    m.germany.at_war[:] = True
    m.ussr.fe[:] = [700.0, 700.0]
    m.ussr.west[:] = [100.0, 100.0]
    m.ussr.deliberations["ussr.transfer"].due = lambda *a, **k: np.zeros(2, dtype=bool)  # keep the programmes set here
    m.ussr.programme[:] = [1, 2]  # west, east
    m.ussr._transfer()
    np.testing.assert_allclose(m.ussr.fe, [700.0 - 3 * 6.8, 700.0])
    np.testing.assert_allclose(m.ussr.west, [100.0, 97.0])
    m.ussr._arrivals()
    np.testing.assert_allclose(m.ussr.fe, [700.0 - 3 * 6.8, 700.0 + 3 * 12.8])
    np.testing.assert_allclose(m.ussr.west, [103.0, 97.0])
