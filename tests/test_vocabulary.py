"""The declared vocabulary is the whole vocabulary: a run uses every declared parameter,
factor and draw site and nothing else, and every word the analysis needs is declared."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import numpy as np
import pytest

from sim.files.scenario import Intervention, bundled_dir, load_scenario
from sim.world.model import PactModel
from sim.world.vocabulary import (
    CATALOGUE,
    DECISIONS,
    EVENTS,
    FACTORS,
    OUTCOMES,
    SITES,
    TERRITORIES,
    TOLD,
    TRANSFER_WINDOWS,
)
from sim.world.vocabulary.params.declare import catalogue, define


def _used(names):
    """Parameters, factors by decision option, and draw sites used by runs of the bundled
    scenarios named (every rule gets its turn somewhere among them)."""
    params, sites, factors = set(), set(), set()
    for name in names:
        scenario = load_scenario(bundled_dir() / f"{name}.yaml")
        model = PactModel(scenario, seed=1, n=300)
        model.run()
        params |= model.used
        sites |= model.streams.used
        events = model.log.frame()
        decided = events[events["p"].notna()]
        for (actor, event, option), rows in decided.groupby(["actor", "event", "option"], observed=True):
            for column in rows.columns[rows.notna().any()]:
                if column.startswith("f_"):
                    factors.add((f"{actor}.{event}", option, column[2:]))
    return params, sites, factors


@pytest.fixture(scope="module")
def used():
    return _used(["historical", "stalingrad_german_victory", "japan_strikes_north_1941", "no_pact"])


@pytest.mark.slow
def test_every_declared_parameter_is_read_by_a_rule_and_no_other(used):
    params, _, _ = used
    assert params == set(CATALOGUE), (sorted(set(CATALOGUE) - params), sorted(params - set(CATALOGUE)))


@pytest.mark.slow
def test_draw_sites_used_are_the_declared_ones(used):
    _, sites, _ = used
    declared_rules = {s for s in SITES if not s.startswith("param:")}
    assert {s for s in sites if not s.startswith("param:")} == declared_rules


def test_every_factor_a_decision_logs_is_declared_for_that_option(used):
    _, _, factors = used
    for decision, option, factor in factors:
        assert factor in DECISIONS[decision].factors.get(option, ()) or any(
            factor in fs for fs in DECISIONS[decision].factors.values()), (decision, option, factor)
    logged = {f for _, _, f in factors}
    assert logged == set(FACTORS), sorted(set(FACTORS) ^ logged)


def test_choose_refuses_an_undeclared_factor():
    from sim.world.decision import choose

    model = PactModel(load_scenario(bundled_dir() / "historical.yaml"), n=2)
    with pytest.raises(KeyError, match=r"japan\.posture\.north scored by \['rumour'\]"):
        choose(model, DECISIONS["japan.posture"], {"north": {"rumour": 1.0}}, np.ones(2, bool), np.zeros(2, int))


def test_an_undeclared_draw_site_cannot_draw():
    model = PactModel(load_scenario(bundled_dir() / "historical.yaml"), n=2)
    with pytest.raises(KeyError, match="draw site 'japan.whim' is not declared"):
        model.streams.uniform(0, "japan.whim")


def test_mesa_shared_generators_refuse_to_be_used():
    model = PactModel(load_scenario(bundled_dir() / "historical.yaml"), n=2)
    for generator in (model.rng, model.random):
        with pytest.raises(RuntimeError, match="never draw from Mesa's model.rng"):
            generator.random()


def test_the_week_is_mesas_step_counter():
    model = PactModel(load_scenario(bundled_dir() / "historical.yaml"), n=2)
    model.step()
    model.step()
    assert model.steps == 2 and model.t == 1


def test_every_recorded_event_and_territory_has_words():
    assert all(text.endswith(".") for text in TOLD.values())
    assert all(t.label for t in TERRITORIES.values())
    assert all(o.label and o.meaning for o in OUTCOMES.values())
    assert all(e.meaning for e in EVENTS.values())
    for d in DECISIONS.values():
        assert set(d.told) <= set(d.options)


def test_every_declared_decision_has_a_rule_test_on_scripted_worlds():
    """Counted from the ``rule`` marks of tests/test_rules_*.py; the conftest fails a marked
    test whose rule never takes the decision it names, so a mark cannot stand in for a test."""
    marked = set()
    for path in sorted(Path(__file__).parent.glob("test_rules_*.py")):
        module = importlib.import_module(path.stem)
        for name, test in vars(module).items():
            if name.startswith("test_"):
                marked |= {mark.args[0] for mark in getattr(test, "pytestmark", []) if mark.name == "rule"}
    assert marked == set(DECISIONS)


def test_every_transfer_outcome_has_its_dated_window_and_no_window_is_spare():
    transfer = {name for name in OUTCOMES if name.startswith("soviet_divisions_west_")}
    assert {f"soviet_divisions_west_{window}" for window in TRANSFER_WINDOWS} == transfer
    assert all(start < end for start, end in TRANSFER_WINDOWS.values())


def test_a_forced_decision_is_logged_as_data_with_the_treaty_act_and_its_party():
    import datetime as dt

    scenario = load_scenario(bundled_dir() / "historical.yaml")
    scenario = dataclasses.replace(scenario, interventions=(
        Intervention(dt.date(1943, 1, 10), "ussr.denounce", "denounce"),))
    model = PactModel(scenario, n=3)
    model.run()
    e = model.log.frame()
    week = e[e["date"] == "1943-01-10"]
    decision = week[week["event"] == "denounce"]
    assert list(decision["option"]) == ["denounce"] * 3 and decision["forced"].all()
    act = week[week["event"] == "pact_denounced"]
    assert list(act["party"]) == ["ussr"] * 3 and not act["forced"].any()
    transfers = e[e["event"] == "transfer"]  # each programme logs the divisions a week it moves
    assert transfers.loc[transfers["option"] != "hold", "amount"].gt(0).all()
    assert transfers.loc[transfers["option"] == "hold", "amount"].eq(0).all()


@pytest.mark.parametrize("side", ["low", "high"])
def test_every_parameter_at_its_catalogue_bound_keeps_the_arithmetic_finite(side):
    """A scenario may set any parameter to a bound of its range: every parameter at once at
    its lower (or upper) bound divides by no zero and makes no NaN or overflow anywhere."""
    import math
    import warnings

    from sim.world.model import simulate

    values = {n: getattr(s, side) for n, s in CATALOGUE.items() if math.isfinite(getattr(s, side))}
    scenario = load_scenario(bundled_dir() / "historical.yaml")
    with warnings.catch_warnings(), np.errstate(divide="raise", invalid="raise", over="raise", under="ignore"):
        warnings.simplefilter("error")
        worlds = simulate(scenario, 1, np.arange(20), values=values).worlds
    assert not worlds.select_dtypes("number").isna().any().any()


def test_a_misspelt_field_of_a_parameter_fails_where_it_is_written():
    with pytest.raises(TypeError, match="plausibel"):
        define("x.y", 1.0, "1", meaning="m", source="s", plausibel=(0, 2))


@pytest.mark.parametrize("fields, problem", [
    ({"low": 2.0}, "outside"),
    ({"plausible": (0.5, 2.0), "why": "w"}, "plausible range"),
    ({"plausible": (0.2, 0.1), "why": "w"}, "plausible range"),
    ({"plausible": (0.5, 1.5)}, "needs its why"),
    ({"calibrated_to": "japan_surrenders"}, "tuple of target keys"),
    ({"source": ""}, "meaning and source"),
])
def test_a_parameter_that_contradicts_itself_is_refused(fields, problem):
    kwargs = {"meaning": "m", "source": "s", "high": 1.6, **fields}
    with pytest.raises(ValueError, match=problem):
        define("x.y", 1.0, "1", **kwargs)


def test_a_parameter_declared_twice_is_refused():
    p = define("x.y", 1.0, "1", meaning="m", source="s")
    with pytest.raises(ValueError, match="declared twice"):
        catalogue([p], [p])
