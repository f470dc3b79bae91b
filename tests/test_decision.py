"""choose(): the logit rule that draws every decision, as properties over random inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.files.scenario import bundled_dir, load_scenario
from sim.world.decision import choose
from sim.world.model import PactModel
from sim.world.vocabulary import DECISIONS

N = 40


@pytest.fixture(scope="module")
def model():
    m = PactModel(load_scenario(bundled_dir() / "historical.yaml"), seed=3, n=N)
    m.steps = 1  # week 0
    return m


def inputs(draw, decision):
    k = len(decision.options)
    values = st.floats(-8, 8, allow_nan=False)
    utilities = {option: {f: np.array(draw(st.lists(values, min_size=N, max_size=N))) for f in factors}
                 for option, factors in decision.factors.items()}
    feasible = {option: np.array(draw(st.lists(st.booleans(), min_size=N, max_size=N)))
                for option in draw(st.sets(st.sampled_from(decision.options[1:])))}
    eligible = np.array(draw(st.lists(st.booleans(), min_size=N, max_size=N)))
    current = np.array(draw(st.lists(st.integers(0, k - 1), min_size=N, max_size=N)))
    return utilities, feasible, eligible, current


def _fresh_log(model):
    model.log._batches.clear()
    return model.log


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(DECISIONS)))
def test_infeasible_options_are_never_drawn_and_ineligible_worlds_keep_theirs(model, data, name):
    decision = DECISIONS[name]
    utilities, feasible, eligible, current = inputs(data.draw, decision)
    model._forced = {}
    _fresh_log(model)
    chosen = choose(model, decision, utilities, eligible, current, feasible)
    assert (chosen[~eligible] == current[~eligible]).all()
    for option, mask in feasible.items():
        assert not (eligible & ~mask & (chosen == decision.index(option))).any()


@settings(max_examples=40, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(DECISIONS)))
def test_a_forced_option_is_always_drawn_where_the_decision_is_taken(model, data, name):
    decision = DECISIONS[name]
    utilities, feasible, eligible, current = inputs(data.draw, decision)
    option = data.draw(st.sampled_from(decision.options))
    model._forced = {model.t: {name: option}}
    try:
        _fresh_log(model)
        chosen = choose(model, decision, utilities, eligible, current, feasible)
    finally:
        model._forced = {}
    assert (chosen[eligible] == decision.index(option)).all()
    frame = model.log.frame()
    assert frame["forced"].all() and (frame["option"] == option).all()


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(DECISIONS)))
def test_logged_contributions_add_up_to_the_utility_difference(model, data, name):
    decision = DECISIONS[name]
    utilities, feasible, eligible, current = inputs(data.draw, decision)
    model._forced = {}
    log = _fresh_log(model)
    chosen = choose(model, decision, utilities, eligible, current, feasible)

    def utility(option_index, world):
        if option_index == 0:
            return 0.0
        return sum(float(v[world]) for v in utilities.get(decision.options[option_index], {}).values())

    frame = log.frame()
    changed = np.flatnonzero(eligible & (chosen != current))
    assert sorted(frame["world"]) == list(changed)
    factors = frame.filter(like="f_").fillna(0).sum(axis=1).to_numpy()
    for world, total, option in zip(frame["world"], factors, frame["option"]):
        assert decision.options[chosen[world]] == option
        expected = utility(chosen[world], world) - utility(current[world], world)
        assert total == pytest.approx(expected, abs=1e-4 * (1 + abs(expected)))  # float32 columns


def test_the_draw_follows_the_logit_probabilities(model):
    """With fixed utilities, shares over many worlds match the logit probabilities."""
    n = 20_000
    big = PactModel(model.scenario, seed=5, n=n)
    big.steps = 1
    decision = DECISIONS["ussr.denounce"]
    utilities = {"denounce": {"bias": np.full(n, -1.0), "yalta": np.full(n, 0.5), "aims": np.zeros(n), "deadline": np.zeros(n)}}
    chosen = choose(big, decision, utilities, np.ones(n, bool), np.zeros(n, np.int64))
    p = 1 / (1 + np.exp(0.5))
    assert abs(chosen.mean() - p) < 4 * np.sqrt(p * (1 - p) / n)

