"""The page's levers: built from the vocabulary, kept in the URL, saved as a scenario file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.files.scenario import Distribution, bundled_dir, load_scenario
from sim.interface import levers as lv
from sim.interface.cli import main
from sim.world.pact import PactTerms
from sim.world.vocabulary import CATALOGUE, DECISIONS, EVENTS, Param


def keys(scenario):
    return {lever.key for lever in lv.levers(scenario)}


def test_every_declared_event_pact_term_and_decision_has_its_levers(historical):
    have = keys(historical)
    for name, spec in EVENTS.items():
        assert {f"event.{name}.on", f"event.{name}.date"} <= have
        assert (f"event.{name}.outcome" in have) == bool(spec.outcomes)
    assert {f"pact.{f.name}" for f in dataclasses.fields(PactTerms)} | {"pact.on"} <= have
    for name in DECISIONS:
        assert {f"force.{name}", f"force.{name}.date"} <= have


def _rangeless(scenario):
    """A catalogue parameter with no plausible range, no finite bounds and no distribution."""
    return next(p for p in CATALOGUE.values() if p.plausible is None and not math.isfinite(p.high)
                and not isinstance(scenario.param(p.name), Distribution))


def test_a_parameter_is_a_lever_where_it_has_a_range(historical):
    have = {lever.key: lever for lever in lv.levers(historical)}
    for p in CATALOGUE.values():
        lever = have.get(f"param.{p.name}")
        if math.isfinite(p.low) and math.isfinite(p.high):
            assert (lever.low, lever.high) == (p.low, p.high), p.name
        elif p.plausible is not None:
            assert (lever.low, lever.high) == tuple(map(float, p.plausible)), p.name
    assert f"param.{_rangeless(historical).name}" not in have  # nothing to move in


def test_a_newly_declared_plausible_range_makes_a_new_lever(historical, monkeypatch):
    spec = _rangeless(historical)
    monkeypatch.setitem(CATALOGUE, spec.name, dataclasses.replace(spec, plausible=(3.0, 9.0)))
    lever = {lv.key: lv for lv in lv.levers(historical)}[f"param.{spec.name}"]
    assert (lever.low, lever.high, lever.unit) == (3.0, 9.0, spec.unit)


def test_a_new_event_appears_without_touching_the_page(historical, monkeypatch):
    from sim.world.vocabulary import EventSpec

    monkeypatch.setitem(EVENTS, "midway", EventSpec("midway", dt.date(1942, 6, 4), "battle of Midway", "test",
                                                    ("us_victory", "japanese_victory")))
    have = keys(historical)
    assert {"event.midway.on", "event.midway.date", "event.midway.outcome"} <= have


def test_initial_state_reads_the_starting_scenario():
    north = load_scenario(bundled_dir() / "japan_strikes_north_1941.yaml")
    state = lv.initial_state(north)
    assert state["force.japan.attack_ussr"] == "attack"
    assert state["force.japan.attack_ussr.date"] == dt.date(1941, 9, 10)
    assert state["param.japan.oil_stock_months"] == lv.UNCERTAIN
    assert state["event.oil_embargo.date"] == dt.date(1941, 8, 1)
    assert lv.to_query(north, state) == ""


def test_url_round_trip_keeps_only_what_changed(historical):
    query = ("event.oil_embargo.date=1942-03-01&event.stalingrad.outcome=german_victory&pact.on=off"
             "&param.ussr.intelligence_trust=0.6&force.ussr.denounce=denounce&force.ussr.denounce.date=1943-01-05&seed=7")
    state = lv.parse_query(historical, query)
    assert state["event.oil_embargo.date"] == dt.date(1942, 3, 1)
    assert state["pact.on"] is False and state["seed"] == 7
    assert lv.parse_query(historical, lv.to_query(historical, state)) == state
    assert sorted(lv.to_query(historical, state).split("&")) == sorted(query.split("&"))


def test_the_seed_lever_takes_every_seed_a_run_takes(historical):
    from sim.limits import MAX_SEED, check_request

    assert lv.parse_query(historical, f"seed={MAX_SEED}")["seed"] == MAX_SEED == check_request(1, MAX_SEED)[1]
    with pytest.raises(lv.LeverError, match=r"'seed': \d+ is out of range"):
        lv.parse_query(historical, f"seed={MAX_SEED + 1}")


@pytest.mark.parametrize("query, message", [
    ("color=blue", r"unknown lever 'color'; expected a lever of this page"),
    ("event.oil_embargo.dat=1942-01-01", r"unknown lever 'event.oil_embargo.dat'; did you mean 'event.oil_embargo.date'\?"),
    ("seed=1&seed=2", r"lever 'seed' twice"),
    ("event.oil_embargo.date=1950-01-01", r"'event.oil_embargo.date': 1950-01-01 is out of range; expected a value in \[1941-04-13, 1946-04-12\]"),
    ("event.oil_embargo.date=1942-02-30", r"'event.oil_embargo.date': '1942-02-30' is not valid; expected a date YYYY-MM-DD"),
    ("param.ussr.intelligence_trust=1.5", r"'param.ussr.intelligence_trust': 1.5 is out of range; expected a value in \[0, 1\]"),
    ("param.ussr.intelligence_trust=inf", r"'param.ussr.intelligence_trust': inf is not a finite number"),
    ("param.ussr.intelligence_trust=lots", r"expected a number or 'uncertain'"),
    ("event.moscow.outcome=lost", r"'event.moscow.outcome': 'lost' is not valid; expected one of model, falls, holds"),
    ("pact.on=maybe", r"'pact.on': 'maybe' is not valid; expected on or off"),
    ("force.japan.posture=west", r"expected one of none, north, south"),
    ("seed=-3", r"'seed': -3 is out of range"),
    ("just-text", r"malformed"),
    ("a=" + "x" * 17000, r"characters long; expected at most 16000"),
])
def test_malformed_url_state_is_refused_with_the_lever_named(historical, query, message):
    with pytest.raises(lv.LeverError, match=message):
        lv.parse_query(historical, query)


def test_levers_that_make_no_valid_scenario_are_refused_by_validation(historical):
    from sim.files.yamlfile import ScenarioError

    state = lv.parse_query(historical, "pact.term_years=0")
    with pytest.raises(ScenarioError, match=r"term_years: got 0; expected a number >= 1"):
        lv.whatif(historical, state)


def test_saved_scenario_passes_check_and_is_the_page_s_what_if(historical, tmp_path, capsys):
    state = lv.parse_query(historical, "event.oil_embargo.on=off&param.japan.oil_stock_months=16.5"
                                       "&force.japan.posture=north&force.japan.posture.date=1941-07-07"
                                       "&param.ussr.rail_transit_weeks=uncertain")
    path = tmp_path / "saved.yaml"
    path.write_text(yaml.safe_dump(lv.scenario_data(historical, state), sort_keys=False))
    assert main(["check", str(path)]) == 0
    assert "ok  whatif" in capsys.readouterr().out
    loaded, page = load_scenario(path).to_dict(), lv.whatif(historical, state).to_dict()
    for d in (loaded, page):
        d.pop("path")
    assert loaded == page
    assert page["params"]["ussr.rail_transit_weeks"] == {"dist": "uniform", "low": 1.0, "high": 26.0}
    assert page["events"]["oil_embargo"] == {"enabled": False, "outcome": "model"}


def test_unchanged_levers_keep_the_starting_scenario():
    for path in sorted(bundled_dir().glob("*.yaml")):
        base = load_scenario(path)
        again, original = lv.whatif(base, lv.initial_state(base), name=base.name).to_dict(), base.to_dict()
        for d in (again, original):
            for k in ("path", "extends", "title", "description"):
                d.pop(k)
        assert again == original, path.name


def _state(historical):
    """Strategy: a random lever state, every lever drawn within its range."""
    def value(lever):
        if lever.kind == "switch":
            return st.booleans()
        if lever.kind == "choice":
            return st.sampled_from(lever.options)
        if lever.kind == "date":
            return st.dates(lever.low, lever.high)
        if lever.kind == "count":
            return st.integers(int(lever.low), int(min(lever.high, 10**6)))
        return st.one_of(st.just(lv.UNCERTAIN), st.floats(lever.low, lever.high, allow_nan=False))
    return st.fixed_dictionaries({lever.key: value(lever) for lever in lv.levers(historical)})


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_state_survives_the_url(historical, data):
    state = data.draw(_state(historical))
    assert lv.parse_query(historical, lv.to_query(historical, state)) == state


def test_parameters_without_a_range_are_declared_so(historical):
    inf = Param("x.y", 1.0, "1", "m", "s")
    assert lv.param_range(inf, 1.0) is None
    assert lv.param_range(dataclasses.replace(inf, low=0, high=2), 1.0) == (0, 2)


def test_docs_levers_page_is_generated_from_the_code(historical):
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "levers.md"
    assert page.read_text().strip() == lv.levers_markdown(historical).strip(), \
        "docs/levers.md is stale: pactsim app --levers-markdown > docs/levers.md"


def test_a_lever_without_its_switch_is_hidden_and_not_described(historical):
    by_key = {lever.key: lever for lever in lv.levers(historical)}
    state = lv.parse_query(historical, "event.oil_embargo.on=off&event.oil_embargo.date=1942-01-01&force.ussr.denounce.date=1943-01-01")
    assert not by_key["event.oil_embargo.date"].shown(state) and by_key["event.oil_embargo.on"].shown(state)
    assert not by_key["force.ussr.denounce.date"].shown(state)
    assert not by_key["pact.term_years"].shown(lv.parse_query(historical, "pact.on=off"))
    assert lv.describe(historical, state) == ["Oil embargo: off (was on)"]
    assert lv.whatif(historical, state).interventions == ()


def test_judgement_lever_offers_what_a_scenario_file_accepts():
    from sim.files.scenario import scenario_from_dict
    from sim.files.yamlfile import ScenarioError

    for mode in lv.JUDGEMENT:
        assert scenario_from_dict({"name": "x", "title": "x", "judgement": mode}).judgement == mode
    with pytest.raises(ScenarioError, match="judgement"):
        scenario_from_dict({"name": "x", "title": "x", "judgement": "guessed"})
