"""What a scenario file becomes: the frozen, validated :class:`Scenario` and the
:class:`Intervention` (a decision forced on a date) it holds; the value of a parameter
in a scenario, or in a scenario as a run's manifest records it."""

from __future__ import annotations

import datetime as dt
import functools
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ...world.pact import PactTerms
from ...world.vocabulary import CATALOGUE, Event
from .distributions import ARGUMENTS, Distribution


@dataclass(frozen=True)
class Intervention:
    """A decision forced to ``option`` in every world on ``date``."""

    date: dt.date
    decision: str
    option: str


@dataclass(frozen=True)
class Scenario:
    """A resolved, validated scenario; build one with :func:`load_scenario`.

    ``params`` holds only the overrides; ``events`` every catalogued event, resolved.
    """

    name: str
    title: str
    description: str
    path: str | None
    extends: tuple[str, ...]
    start: dt.date
    end: dt.date
    params: Mapping[str, float | Distribution]
    events: Mapping[str, Event]
    neutrality_pact: PactTerms | None
    interventions: tuple[Intervention, ...]
    judgement: str = "sampled"
    """``sampled``: every judgement parameter the scenario does not set is drawn per world
    from its plausible range; ``pinned``: it keeps its catalogue default."""

    def __reduce__(self):
        # Read-only mappingproxy fields cannot be pickled; they travel as dicts (to
        # worker processes and Dask) and are made read-only again on arrival.
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return _unpickle_scenario, ({k: dict(v) if isinstance(v, types.MappingProxyType) else v for k, v in fields.items()},)

    def param(self, name: str) -> float | Distribution:
        """The value of parameter ``name``: the scenario's override; else, for a judgement
        (a parameter with a plausible range) in a ``sampled`` scenario, a uniform draw per
        world over that range; else the catalogue default."""
        return param_value(self.params, self.judgement, name)

    def to_dict(self) -> dict:
        """The resolved scenario as JSON-able data (ISO dates) for the run manifest."""
        pact, iso = self.neutrality_pact, dt.date.isoformat
        return {
            "name": self.name, "title": self.title, "description": self.description,
            "path": self.path, "extends": list(self.extends),
            "period": {"start": iso(self.start), "end": iso(self.end)},
            "params": {k: v.to_dict() if isinstance(v, Distribution) else v for k, v in self.params.items()},
            "events": {k: ({"date": iso(e.date)} if e.enabled else {"enabled": False}) | {"outcome": e.outcome}
                       for k, e in self.events.items()},
            "treaties": {"neutrality_pact": {"enabled": False} if pact is None else {
                "enabled": True, "signed": iso(pact.signed), "ratified": iso(pact.ratified),
                "term_years": pact.term_years, "renewal_years": pact.renewal_years,
                "notice_years": pact.notice_years}},
            "judgement": self.judgement,
            "interventions": [{"date": iso(i.date), "decision": i.decision, "option": i.option}
                              for i in self.interventions],
        }


def _unpickle_scenario(fields: dict) -> Scenario:
    return Scenario(**{k: types.MappingProxyType(v) if isinstance(v, dict) else v for k, v in fields.items()})


def param_value(params: Mapping[str, float | Distribution], judgement: str, name: str) -> float | Distribution:
    """Parameter ``name`` of a scenario with overrides ``params`` and ``judgement`` mode
    (see :meth:`Scenario.param`)."""
    if name in params:
        return params[name]
    if name not in CATALOGUE:
        raise KeyError(f"unknown parameter {name!r}")
    spec = CATALOGUE[name]
    if judgement == "sampled" and spec.plausible is not None and spec.per_world:
        return Distribution("uniform", tuple(map(float, spec.plausible)))
    return spec.default


def recorded_params(resolved: dict) -> Callable[[str], float | Distribution]:
    """The parameters of a scenario as a run's manifest records it (:meth:`Scenario.to_dict`,
    validated when it ran), as a function of a parameter's name like :meth:`Scenario.param`."""
    def distribution(d: dict) -> Distribution:
        return Distribution(d["dist"], tuple(tuple(d[a]) if isinstance(d[a], list) else d[a] for a in ARGUMENTS[d["dist"]]))

    params = {k: distribution(v) if isinstance(v, dict) else v for k, v in resolved.get("params", {}).items()}
    return functools.partial(param_value, params, resolved.get("judgement", "sampled"))
