"""Scripted worlds for the rule tests: a PactModel on a tiny scenario whose week and
inputs the test sets by hand, in the manner of Axelrod's tests against scripted players."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types

from sim.files.scenario import bundled_dir, load_scenario
from sim.world.model import PactModel
from sim.world.vocabulary import EVENTS
from sim.world.vocabulary.events import Event


def scripted(n: int = 4, params: dict | None = None, events: dict | None = None, seed: int = 0,
             **changes) -> PactModel:
    """A model of ``n`` worlds, judgements pinned at their defaults, with ``params`` set,
    ``events`` (name to (date or None, outcome)) changed and any other field of the
    scenario replaced by ``changes`` (e.g. ``neutrality_pact``)."""
    base = load_scenario(bundled_dir() / "historical.yaml")
    changed = dict(base.events)
    for name, (day, outcome) in (events or {}).items():
        changed[name] = Event(name, day, outcome)
    scenario = dataclasses.replace(base, judgement="pinned", params=types.MappingProxyType(dict(params or {})),
                                   events=types.MappingProxyType(changed), **changes)
    return PactModel(scenario, seed=seed, n=n)


def at(model: PactModel, day: dt.date) -> PactModel:
    """Put the model in the week that contains ``day``."""
    model.steps = model.calendar.step_of(day) + 1
    model.day = model.calendar.date(model.t)
    return model


assert EVENTS  # the vocabulary is importable from the tests' helpers
