"""Scenario files: parsing, inheritance, validation messages and parameter distributions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.files import scenario as scenario_module
from sim.files.scenario import (
    BUNDLED,
    MAX_NUMBER,
    Distribution,
    Intervention,
    Scenario,
    ScenarioError,
    bundled_dir,
    list_bundled,
    load_scenario,
    reading,
    scenario_from_dict,
)
from sim.world.pact import PactTerms
from sim.world.rng import Streams
from sim.world.vocabulary.events import EVENTS
from sim.world.vocabulary.params import CATALOGUE

HEAD = "name: test\ntitle: Test\n"


def write(tmp_path, text: str, name: str = "s.yaml"):
    """Write dedented ``text`` to ``tmp_path/name`` and return the path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def fails(tmp_path, body: str, match: str, name: str = "s.yaml") -> str:
    """Load a file made of HEAD + ``body``; it must fail with a message matching ``match``."""
    path = write(tmp_path, HEAD + textwrap.dedent(body).lstrip("\n"), name)
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    return str(info.value)


def loads(tmp_path, body: str) -> Scenario:
    return load_scenario(write(tmp_path, HEAD + textwrap.dedent(body).lstrip("\n")))


# --- A valid file ------------------------------------------------------------------------

FULL = """
name: stalingrad_german_victory
title: "Germany wins at Stalingrad"
description: >
  Germany takes Stalingrad;
  Japan reconsiders.
period: {start: 1941-04-13, end: 1946-04-13}
params:
  japan.oil_stock_months: 18
  ussr.intelligence_trust: {dist: uniform, low: 0.4, high: 0.9}
  japan.w_oil: {dist: normal, mean: 5, sd: 1}
  japan.ripe_ratio: {dist: triangular, low: 1.5, mode: 2, high: 3}
  ussr.fe_men: {dist: choice, values: [28, 30, 32], weights: [1, 2, 1]}
events:
  stalingrad: {outcome: german_victory}
  oil_embargo: {date: 1941-09-01}
  barbarossa: {enabled: false}
treaties:
  neutrality_pact: {enabled: true, signed: 1941-04-13, ratified: 1941-04-25, term_years: 5, renewal_years: 5, notice_years: 1}
interventions:
  - {date: 1942-01-10, decision: ussr.transfer, option: west}
  - {date: 1941-09-10, decision: japan.attack_ussr, option: attack}
"""


def test_full_file_resolves(tmp_path):
    s = load_scenario(write(tmp_path, FULL))
    assert (s.name, s.title) == ("stalingrad_german_victory", "Germany wins at Stalingrad")
    assert s.description == "Germany takes Stalingrad; Japan reconsiders.\n"
    assert s.path == str((tmp_path / "s.yaml").resolve()) and s.extends == ()
    assert (s.start, s.end) == (dt.date(1941, 4, 13), dt.date(1946, 4, 13))
    assert s.params["japan.oil_stock_months"] == 18.0
    assert s.params["ussr.intelligence_trust"] == Distribution("uniform", (0.4, 0.9))
    assert s.params["japan.w_oil"] == Distribution("normal", (5.0, 1.0))
    assert s.params["japan.ripe_ratio"] == Distribution("triangular", (1.5, 2.0, 3.0))
    assert s.params["ussr.fe_men"] == Distribution("choice", ((28.0, 30.0, 32.0), (1.0, 2.0, 1.0)))
    assert set(s.events) == set(EVENTS)
    assert s.events["stalingrad"].outcome == "german_victory"
    assert s.events["stalingrad"].date == EVENTS["stalingrad"].date
    assert s.events["oil_embargo"].date == dt.date(1941, 9, 1)
    assert not s.events["barbarossa"].enabled
    assert s.events["kursk"].date == EVENTS["kursk"].date and s.events["kursk"].outcome == "model"
    assert s.neutrality_pact == PactTerms()
    assert s.interventions == (Intervention(dt.date(1941, 9, 10), "japan.attack_ussr", "attack"),
                               Intervention(dt.date(1942, 1, 10), "ussr.transfer", "west"))


def test_to_dict_is_json_and_reloads(tmp_path):
    s = load_scenario(write(tmp_path, FULL))
    data = json.loads(json.dumps(s.to_dict()))
    assert data["period"] == {"start": "1941-04-13", "end": "1946-04-13"}
    assert data["params"]["ussr.fe_men"] == {"dist": "choice", "values": [28, 30, 32], "weights": [1, 2, 1]}
    assert data["events"]["barbarossa"] == {"enabled": False, "outcome": "model"}
    del data["path"], data["extends"]
    again = scenario_from_dict(data)
    assert dataclasses.replace(again, path=s.path) == s


def test_minimal_file_takes_defaults(tmp_path):
    s = loads(tmp_path, "")
    assert s.description == "" and dict(s.params) == {} and s.interventions == ()
    assert (s.start, s.end) == (scenario_module.START, scenario_module.END)
    assert all(e.date == EVENTS[n].date and e.outcome == "model" for n, e in s.events.items())
    assert s.neutrality_pact == PactTerms()


def test_param_falls_back_to_catalogue(tmp_path):
    s = loads(tmp_path, "params: {japan.oil_stock_months: 12}")
    assert s.param("japan.oil_stock_months") == 12.0
    assert s.param("japan.oil_war_burn") == CATALOGUE["japan.oil_war_burn"].default  # a figure, never sampled
    with pytest.raises(KeyError, match="no_such"):
        s.param("no_such")


def test_scenario_is_immutable(tmp_path):
    s = loads(tmp_path, "params: {japan.oil_stock_months: 12}")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "other"
    with pytest.raises(TypeError):
        s.params["japan.w_oil"] = 1.0
    with pytest.raises(TypeError):
        s.events["barbarossa"] = None


def test_pact_disabled_and_custom_terms(tmp_path):
    assert loads(tmp_path, "treaties: {neutrality_pact: {enabled: false}}").neutrality_pact is None
    pact = loads(tmp_path, "treaties: {neutrality_pact: {term_years: 3, notice_years: 0}}").neutrality_pact
    assert pact == PactTerms(term_years=3, notice_years=0)


# --- Inheritance -----------------------------------------------------------------------------

def test_extends_chain_overlays_nearest_last(tmp_path):
    write(tmp_path, """
        name: grand
        title: Grand
        description: grand text
        params: {japan.w_oil: 4, ussr.intelligence_trust: {dist: uniform, low: 0.4, high: 0.9}}
        events: {stalingrad: {outcome: german_victory}}
        treaties: {neutrality_pact: {term_years: 4}}
        interventions: [{date: 1941-09-10, decision: japan.attack_ussr, option: attack}]
        """, "grand.yaml")
    (tmp_path / "sub").mkdir()
    write(tmp_path, """
        name: parent
        title: Parent
        extends: ../grand.yaml
        params: {ussr.intelligence_trust: {dist: normal, mean: 0.5, sd: 0.1}}
        events: {stalingrad: {date: 1942-12-01}}
        interventions: [{date: 1941-08-01, decision: japan.posture, option: north}]
        """, "sub/parent.yaml")
    child = write(tmp_path, """
        name: child
        title: Child
        extends: sub/parent.yaml
        params: {japan.oil_stock_months: 10}
        treaties: {neutrality_pact: {notice_years: 0}}
        """, "child.yaml")
    s = load_scenario(child)
    assert s.name == "child" and s.description == ""  # not inherited
    assert s.extends == (str((tmp_path / "sub/parent.yaml").resolve()), str((tmp_path / "grand.yaml").resolve()))
    assert dict(s.params) == {"japan.w_oil": 4.0, "japan.oil_stock_months": 10.0,
                              "ussr.intelligence_trust": Distribution("normal", (0.5, 0.1))}
    assert s.events["stalingrad"].date == dt.date(1942, 12, 1)  # mappings merge key by key
    assert s.events["stalingrad"].outcome == "german_victory"
    assert s.neutrality_pact == PactTerms(term_years=4, notice_years=0)
    assert [i.option for i in s.interventions] == ["north", "attack"]  # appended, then sorted


def test_child_must_name_itself(tmp_path):
    write(tmp_path, HEAD, "base.yaml")
    path = write(tmp_path, "extends: base.yaml\ntitle: Child\n", "child.yaml")
    with pytest.raises(ScenarioError, match=r"child\.yaml:1: name: missing; expected"):
        load_scenario(path)


def test_error_in_parent_names_parent_file_and_line(tmp_path):
    write(tmp_path, HEAD + "params:\n  ussr.fe_men: -3\n", "base.yaml")
    path = write(tmp_path, "name: child\ntitle: Child\nextends: base.yaml\n", "child.yaml")
    with pytest.raises(ScenarioError, match=r"base\.yaml:4: params\.ussr\.fe_men: -3 is out of range"):
        load_scenario(path)


def test_child_period_cuts_out_a_parent_date(tmp_path):
    write(tmp_path, HEAD + "events:\n  oil_embargo: {date: 1941-09-01}\n", "base.yaml")
    path = write(tmp_path, "name: child\ntitle: Child\nextends: base.yaml\nperiod: {start: 1942-01-01}\n", "child.yaml")
    with pytest.raises(ScenarioError, match=r"base\.yaml:4: events\.oil_embargo\.date: 1941-09-01 is outside the period"):
        load_scenario(path)


def test_child_intervention_error_uses_its_own_index(tmp_path):
    write(tmp_path, HEAD + "interventions: [{date: 1941-09-10, decision: japan.attack_ussr, option: attack}]\n", "base.yaml")
    path = write(tmp_path, """
        name: child
        title: Child
        extends: base.yaml
        interventions:
          - {date: 1941-08-10, decision: japan.posture, option: north}
          - {date: 1941-08-10, decision: japan.posture, option: nort}
        """, "child.yaml")
    with pytest.raises(ScenarioError, match=r"child\.yaml:6: interventions\[1\]\.option: unknown option .*'nort'; did you mean 'north'\?"):
        load_scenario(path)


def test_missing_extends_target(tmp_path):
    fails(tmp_path, "extends: nowhere.yaml\n", r"s\.yaml:3: extends: 'nowhere\.yaml' not found")


def test_cyclic_extends(tmp_path):
    write(tmp_path, "name: a\ntitle: A\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\ntitle: B\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(ScenarioError, match=r"b\.yaml:3: extends: cyclic extends a\.yaml -> b\.yaml -> a\.yaml"):
        load_scenario(tmp_path / "a.yaml")
    fails(tmp_path, "extends: s.yaml\n", r"s\.yaml:3: extends: cyclic extends s\.yaml -> s\.yaml")


def test_extends_must_be_a_path(tmp_path):
    fails(tmp_path, "extends: [a.yaml]\n", r"s\.yaml:3: extends: got \['a\.yaml'\]; expected the path")


# --- Unreadable files -----------------------------------------------------------------------

def test_yaml_syntax_error_gives_line(tmp_path):
    fails(tmp_path, "params:\n  japan.w_oil: [1, 2\nevents: {}\n", r"s\.yaml:\d+: YAML syntax error: .*; expected plain, valid YAML")
    fails(tmp_path, "params:\n  japan.w_oil: 1\n bad: 2\n", r"s\.yaml:5: YAML syntax error")


def test_empty_file(tmp_path):
    for text in ("", "# only a comment\n\n"):
        (tmp_path / "e.yaml").write_text(text)
        with pytest.raises(ScenarioError, match=r"e\.yaml: the file is empty; expected a YAML mapping"):
            load_scenario(tmp_path / "e.yaml")


def test_binary_and_non_utf8_files(tmp_path):
    for data in (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "name: caf\u00e9\n".encode("latin-1")):
        (tmp_path / "b.yaml").write_bytes(data)
        with pytest.raises(ScenarioError, match=r"b\.yaml: binary or not UTF-8 text; expected a UTF-8 YAML"):
            load_scenario(tmp_path / "b.yaml")


def test_nonexistent_path_and_directory(tmp_path):
    with pytest.raises(ScenarioError, match=r"nope\.yaml: no such file; expected"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match=r": is a folder; expected the path of a scenario YAML file"):
        load_scenario(tmp_path)


@pytest.mark.parametrize("text, kind", [("- a\n- b\n", "list"), ("just text\n", "str"), ("~\n", "NoneType")])
def test_top_level_must_be_a_mapping(tmp_path, text, kind):
    (tmp_path / "t.yaml").write_text(text)
    with pytest.raises(ScenarioError, match=rf"t\.yaml:1: the top level is {kind}; expected a mapping"):
        load_scenario(tmp_path / "t.yaml")


def test_duplicate_keys(tmp_path):
    fails(tmp_path, "title: Again\n", r"s\.yaml:3: title: duplicate key \(first at line 2\); expected each key once")
    fails(tmp_path, "params:\n  japan.w_oil: 1\n  japan.w_oil: 2\n", r"s\.yaml:5: params\.japan\.w_oil: duplicate key \(first at line 4\)")


def test_unsafe_tags_are_refused(tmp_path):
    fails(tmp_path, "description: !!python/object/apply:os.system ['echo hi']\n", r"s\.yaml:3: YAML error: could not determine a constructor for the tag .*python/object")


# --- Keys ------------------------------------------------------------------------------------

def test_unknown_keys_suggest_the_nearest(tmp_path):
    fails(tmp_path, "descripton: x\n", r"^.*s\.yaml:3: descripton: unknown key 'descripton'; did you mean 'description'\?$")
    fails(tmp_path, "period:\n  strat: 1941-05-01\n", r"s\.yaml:4: period\.strat: unknown key 'strat'; did you mean 'start'\?")
    fails(tmp_path, "treaties: {neutrality_pact: {term_yrs: 4}}\n", r"s\.yaml:3: treaties\.neutrality_pact\.term_yrs: .*did you mean 'term_years'")
    fails(tmp_path, "interventions:\n  - {date: 1941-09-10, decison: japan.posture, option: north}\n",
          r"s\.yaml:4: interventions\[0\]\.decison: unknown key 'decison'; did you mean 'decision'\?")
    fails(tmp_path, "foo: 1\n", r"s\.yaml:3: foo: unknown key 'foo'; expected one of name, title, description")


def test_unknown_parameter_and_event_names(tmp_path):
    fails(tmp_path, "params:\n  japan.oil_stok_months: 12\n",
          r"s\.yaml:4: params\.japan\.oil_stok_months: unknown parameter 'japan\.oil_stok_months'; did you mean 'japan\.oil_stock_months'\?")
    fails(tmp_path, "params:\n  zzz: 12\n", r"unknown parameter 'zzz'; expected a catalogued parameter")
    fails(tmp_path, "events:\n  stalingrd: {outcome: german_victory}\n",
          r"s\.yaml:4: events\.stalingrd: unknown event 'stalingrd'; did you mean 'stalingrad'\?")


def test_missing_and_malformed_name(tmp_path):
    path = write(tmp_path, "title: T\n")
    with pytest.raises(ScenarioError, match=r"s\.yaml:1: name: missing; expected this required key"):
        load_scenario(path)
    path = write(tmp_path, "name: Bad-Name\ntitle: T\n")
    with pytest.raises(ScenarioError, match=r"s\.yaml:1: name: got 'Bad-Name'; expected lowercase letters, digits and underscores"):
        load_scenario(path)


# --- Types and values --------------------------------------------------------------------------

def test_wrong_types(tmp_path):
    fails(tmp_path, "params: {japan.oil_stock_months: lots}\n", r"s\.yaml:3: params\.japan\.oil_stock_months: got 'lots'; expected a number")
    fails(tmp_path, "params: {japan.oil_stock_months: true}\n", r"got True; expected a number")
    fails(tmp_path, "params: {japan.oil_stock_months: .nan}\n", r"got nan; expected a number")
    fails(tmp_path, "params: {ussr.intelligence_trust: {dist: uniform, low: '0.4', high: 0.9}}\n",
          r"params\.ussr\.intelligence_trust\.low: got '0\.4'; expected a number")
    fails(tmp_path, "treaties: {neutrality_pact: {term_years: 5.5}}\n", r"treaties\.neutrality_pact\.term_years: got 5\.5; expected a whole number")
    fails(tmp_path, "events: {barbarossa: {enabled: no_thanks}}\n", r"events\.barbarossa\.enabled: got 'no_thanks'; expected true or false")
    fails(tmp_path, "events: []\n", r"s\.yaml:3: events: got \[\]; expected a mapping")
    fails(tmp_path, "interventions: {}\n", r"interventions: got \{\}; expected a list")
    path = write(tmp_path, "name: t\ntitle: 1941\n")
    with pytest.raises(ScenarioError, match=r"s\.yaml:2: title: got 1941; expected a string"):
        load_scenario(path)


def test_invalid_dates(tmp_path):
    fails(tmp_path, "events: {oil_embargo: {date: 1941-02-30}}\n",
          r"s\.yaml:3: events\.oil_embargo\.date: '1941-02-30' is not a calendar date .*; expected an ISO date YYYY-MM-DD")
    fails(tmp_path, "period: {start: soon}\n", r"period\.start: got 'soon'; expected an ISO date")
    fails(tmp_path, "period: {start: 1941-06-01 12:00:00}\n", r"period\.start: got '1941-06-01 12:00:00'; expected an ISO date")


def test_dates_outside_the_period(tmp_path):
    fails(tmp_path, "period:\n  start: 1942-01-01\n  end: 1941-06-01\n",
          r"s\.yaml:5: period\.end: 1941-06-01 is not after start 1942-01-01; expected an end after the start")
    fails(tmp_path, "events:\n  oil_embargo: {date: 1950-01-01}\n",
          r"s\.yaml:4: events\.oil_embargo\.date: 1950-01-01 is outside the period; expected a date in \[1941-04-13, 1946-04-13\)")
    fails(tmp_path, "interventions:\n  - {date: 1946-04-13, decision: japan.posture, option: north}\n",
          r"s\.yaml:4: interventions\[0\]\.date: 1946-04-13 is outside the period")


def test_parameter_out_of_range_gives_line(tmp_path):
    fails(tmp_path, "params:\n  japan.w_oil: 2\n  ussr.intelligence_reliability: 1.2\n",
          r"^.*s\.yaml:5: params\.ussr\.intelligence_reliability: 1\.2 is out of range; expected a value in \[0\.5, 1\] \(1\)$")
    fails(tmp_path, "params:\n  ussr.fe_men: -3\n", r"s\.yaml:4: params\.ussr\.fe_men: -3 is out of range; expected a value in \[0, inf\] \(k men\)")


@pytest.mark.parametrize("dist, match", [
    ("{dist: uniform, low: 0.4, high: 1.2}", r"trust\.high: 1\.2 is out of range; expected a value in \[0, 1\]"),
    ("{dist: uniform, low: 0.9, high: 0.4}", r"trust\.high: high 0\.4 is not above low 0\.9; expected low < high"),
    ("{dist: uniform, low: 0.5, high: 0.5}", r"trust\.high: high 0\.5 is not above low 0\.5"),
    ("{dist: normal, mean: 0.5, sd: 0}", r"trust\.sd: got 0; expected a number > 0"),
    ("{dist: normal, mean: 1.5, sd: 0.1}", r"trust\.mean: 1\.5 is out of range"),
    ("{dist: triangular, low: 0.2, mode: 0.9, high: 0.5}", r"trust\.mode: mode 0\.9 is outside \[0\.2, 0\.5\]; expected low <= mode <= high"),
    ("{dist: triangular, low: -0.2, mode: 0.3, high: 0.5}", r"trust\.low: -0\.2 is out of range"),
    ("{dist: choice, values: [0.2, 1.4]}", r"trust\.values\[1\]: 1\.4 is out of range"),
    ("{dist: choice, values: []}", r"trust\.values: got \[\]; expected at least 1 item"),
    ("{dist: choice, values: [0.2, 0.4], weights: [1, -1]}", r"trust\.weights\[1\]: got -1; expected a number >= 0"),
    ("{dist: choice, values: [0.2, 0.4], weights: [0, 0]}", r"trust\.weights: all weights are zero; expected at least one positive weight"),
    ("{dist: choice, values: [0.2, 0.4], weights: [1]}", r"trust\.weights: 1 weights for 2 values; expected one weight per value"),
    ("{dist: gauss, mean: 0.5, sd: 0.1}", r"trust\.dist: unknown distribution 'gauss'; expected one of uniform, normal, triangular, choice"),
    ("{dist: unifrom, low: 0.1, high: 0.2}", r"trust\.dist: unknown distribution 'unifrom'; did you mean 'uniform'\?"),
    ("{low: 0.1, high: 0.2}", r"trust\.dist: unknown distribution None"),
    ("{dist: uniform, low: 0.1, hi: 0.2}", r"trust\.hi: unknown key 'hi'; did you mean 'high'\?"),
    ("{dist: normal, mean: 0.5}", r"trust\.sd: missing"),
])
def test_bad_distributions(tmp_path, dist, match):
    fails(tmp_path, f"params:\n  ussr.intelligence_trust: {dist}\n", r"s\.yaml:4: params\.ussr\.intelligence_" + match)


def test_interventions_name_known_decisions_and_options(tmp_path):
    fails(tmp_path, "interventions:\n  - {date: 1941-09-10, decision: japan.atack_ussr, option: attack}\n",
          r"s\.yaml:4: interventions\[0\]\.decision: unknown decision 'japan\.atack_ussr'; did you mean 'japan\.attack_ussr'\?")
    fails(tmp_path, "interventions:\n  - {date: 1941-09-10, decision: japan.attack_ussr, option: invade}\n",
          r"s\.yaml:4: interventions\[0\]\.option: unknown option of japan\.attack_ussr 'invade'; expected one of wait, attack")
    fails(tmp_path, "interventions:\n  - {decision: japan.attack_ussr, option: attack}\n", r"interventions\[0\]\.date: missing")


def test_event_outcomes(tmp_path):
    fails(tmp_path, "events:\n  stalingrad: {outcome: draw}\n",
          r"s\.yaml:4: events\.stalingrad\.outcome: unknown outcome of stalingrad 'draw'; expected one of model, german_victory, soviet_victory")
    fails(tmp_path, "events:\n  barbarossa: {outcome: german_victory}\n", r"unknown outcome of barbarossa 'german_victory'; expected one of model")
    fails(tmp_path, "events:\n  barbarossa: {enabled: false, date: 1941-07-01}\n",
          r"events\.barbarossa\.date: a date for a disabled event; expected enabled: true, or no date")


def test_inconsistent_pact_terms(tmp_path):
    fails(tmp_path, "treaties:\n  neutrality_pact: {signed: 1941-04-13, ratified: 1941-04-01}\n",
          r"s\.yaml:4: treaties\.neutrality_pact: ratified 1941-04-01 is before signed 1941-04-13; expected consistent")
    fails(tmp_path, "treaties:\n  neutrality_pact: {term_years: 1, notice_years: 2}\n", r"notice_years must not exceed term_years")
    fails(tmp_path, "treaties:\n  neutrality_pact: {term_years: -1}\n", r"term_years: got -1; expected a number >= 1")


def test_from_dict_errors_have_no_line(tmp_path):
    with pytest.raises(ScenarioError, match=r"^inline: params\.japan\.w_oil: got 'x'; expected a number"):
        scenario_from_dict({"name": "a", "title": "A", "params": {"japan.w_oil": "x"}})
    with pytest.raises(ScenarioError, match=r"^mine: the top level is list"):
        scenario_from_dict([1], name="mine")


def test_from_dict_accepts_dates_and_extends(tmp_path):
    write(tmp_path, HEAD + "params: {japan.w_oil: 3}\n", "base.yaml")
    s = scenario_from_dict({"name": "a", "title": "A", "extends": "base.yaml",
                            "period": {"start": dt.date(1941, 5, 1)}}, base_dir=tmp_path)
    assert s.start == dt.date(1941, 5, 1) and s.param("japan.w_oil") == 3.0 and s.path is None
    assert s.extends == (str((tmp_path / "base.yaml").resolve()),)


# --- Distributions --------------------------------------------------------------------------

STREAMS = Streams(20240601, np.arange(2000))


def test_sample_is_deterministic_and_site_specific():
    d = Distribution("uniform", (0.4, 0.9))
    a = d.sample(STREAMS, "param:ussr.intelligence_trust")
    assert np.array_equal(a, d.sample(Streams(20240601, np.arange(2000)), "param:ussr.intelligence_trust"))
    assert not np.array_equal(a, d.sample(STREAMS, "param:japan.w_oil"))
    assert np.array_equal(a[500:600], d.sample(Streams(20240601, np.arange(500, 600)), "param:ussr.intelligence_trust"))


def test_uniform_sample_moments():
    x = Distribution("uniform", (0.4, 0.9)).sample(STREAMS, "param:japan.w_oil")
    assert x.shape == (2000,) and x.min() >= 0.4 and x.max() < 0.9
    # standard error of the mean 0.5 / sqrt(12 * 2000) = 0.0032
    assert abs(x.mean() - 0.65) < 0.015
    assert abs(x.std() - 0.5 / np.sqrt(12)) < 0.01
    assert x.min() < 0.42 and x.max() > 0.88


def test_normal_sample_moments_and_clipping():
    x = Distribution("normal", (5.0, 1.0)).sample(STREAMS, "param:japan.w_oil")
    assert abs(x.mean() - 5.0) < 0.1 and abs(x.std() - 1.0) < 0.06
    clipped = Distribution("normal", (0.9, 0.2)).sample(STREAMS, "param:japan.w_oil", low=0.0, high=1.0)
    assert clipped.min() >= 0.0 and clipped.max() == 1.0
    assert 0.25 < (clipped == 1.0).mean() < 0.38  # P(Z > 0.5) = 0.31


def test_triangular_sample_moments():
    x = Distribution("triangular", (1.5, 2.0, 3.0)).sample(STREAMS, "param:japan.w_oil")
    assert x.min() >= 1.5 and x.max() <= 3.0
    assert abs(x.mean() - 6.5 / 3) < 0.03
    assert abs(np.median(x) - 2.134) < 0.04  # 3 - sqrt(0.5 * 1.5 * 1.0)


def test_choice_sample_frequencies():
    x = Distribution("choice", ((28.0, 30.0, 32.0), (1.0, 2.0, 0.0))).sample(STREAMS, "param:japan.w_oil")
    assert set(np.unique(x)) == {28.0, 30.0}
    assert abs((x == 30.0).mean() - 2 / 3) < 0.04


def test_distribution_rejects_bad_arity():
    with pytest.raises(ValueError, match="expected one of"):
        Distribution("normal", (1.0,))
    with pytest.raises(ValueError):
        Distribution("beta", (1.0, 2.0))


# --- Properties ----------------------------------------------------------------------------

BOUNDED = sorted(CATALOGUE)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(BOUNDED), st.data())
def test_any_number_within_bounds_round_trips(name, data):
    p = CATALOGUE[name]
    value = data.draw(st.floats(max(p.low, -MAX_NUMBER), min(p.high, MAX_NUMBER)))
    s = scenario_from_dict({"name": "h", "title": "H", "params": {name: value}})
    assert s.param(name) == value
    assert json.loads(json.dumps(s.to_dict()))["params"][name] == value


@settings(max_examples=50, deadline=None)
@given(st.sampled_from([n for n in BOUNDED if np.isfinite(CATALOGUE[n].high)]), st.floats(1e-6, 1e3))
def test_any_number_above_bounds_is_refused(name, excess):
    p = CATALOGUE[name]
    with pytest.raises(ScenarioError, match=rf"^inline: params\.{re.escape(name)}: .* is out of range"):
        scenario_from_dict({"name": "h", "title": "H", "params": {name: p.high + excess * max(1.0, abs(p.high))}})


# --- Bundled scenarios ----------------------------------------------------------------------

def test_bundled_dir_is_the_repository_scenarios_folder_in_a_source_tree():
    root = Path(scenario_module.__file__).resolve().parents[3]  # sim/files/scenario/__init__.py
    assert bundled_dir() == root / "scenarios"


def test_the_declared_bundled_scenarios_are_the_files_in_scenarios():
    files = sorted(p.stem for p in bundled_dir().glob("*.yaml"))
    assert sorted(BUNDLED) == files and len(set(BUNDLED)) == len(BUNDLED)
    assert BUNDLED[0] == "historical"  # the what-if table's baseline and the figures' black line


def test_list_bundled(tmp_path, monkeypatch):
    write(tmp_path, "name: b\ntitle: Bee\n", "b.yaml")
    write(tmp_path, "name: a\ntitle: Ay\n", "a.yaml")
    (tmp_path / "notes.txt").write_text("not a scenario")
    monkeypatch.setattr(reading, "bundled_dir", lambda: tmp_path)
    assert list_bundled() == [("a", "Ay", tmp_path / "a.yaml"), ("b", "Bee", tmp_path / "b.yaml")]


def test_every_bundled_scenario_loads():
    for name, title, path in list_bundled():
        assert load_scenario(path).name == name and title


def test_scenario_pickles_for_worker_processes():
    import pickle

    scenario = load_scenario(bundled_dir() / "japan_strikes_north_1941.yaml")
    copy = pickle.loads(pickle.dumps(scenario))
    assert copy == scenario
    with pytest.raises(TypeError):
        copy.params["japan.w_oil"] = 1.0  # still read-only after the trip


def test_as_scenario_takes_an_object_a_path_or_a_bundled_name():
    from sim.files.scenario import as_scenario

    by_name = as_scenario("historical")
    assert by_name.name == "historical"
    assert as_scenario(by_name) is by_name
    assert as_scenario(bundled_dir() / "historical.yaml") == by_name
    with pytest.raises(ScenarioError, match="no such file"):
        as_scenario("no_such_scenario")
