"""Scenario files: a YAML what-if, parsed once into a frozen, validated :class:`Scenario`.

A scenario overrides catalogued parameters (with a number, or a distribution sampled
per world), moves, removes or fixes the outcome of exogenous events, sets the terms of
the Neutrality Pact and forces decisions on given dates. ``extends`` names a parent
file whose keys the child overlays. Any mistake is one :class:`ScenarioError` giving
``file:line: key.path: what is wrong; expected what``, raised before the model sees
anything (STYLE lessons 6 and 7).

The modules, one idea each (everything public is importable from here):

- :mod:`.objects`: the :class:`Scenario` and :class:`Intervention` a file becomes, and
  the value of a parameter in it or in a run's manifest (:func:`recorded_params`);
- :mod:`.distributions`: :class:`Distribution`, an uncertain parameter drawn per world;
- :mod:`.schema`: the keys, types and limits of a file and the checks with file:line errors;
- :mod:`.extends`: inheritance from a parent file;
- :mod:`.reading`: :func:`load_scenario`, :func:`scenario_from_dict` and the bundled
  scenarios (:data:`BUNDLED`, :func:`bundled_dir`, :func:`locate`, :func:`as_scenario`, :func:`list_bundled`).
"""

from __future__ import annotations

from ..yamlfile import ScenarioError
from .distributions import Distribution
from .extends import MAX_EXTENDS
from .objects import Intervention, Scenario, param_value, recorded_params
from .reading import BUNDLED, as_scenario, bundled_dir, list_bundled, load_scenario, locate, scenario_from_dict
from .schema import END, ERA, MAX_NAME, MAX_NUMBER, MAX_YEARS, START

__all__ = [
    "BUNDLED", "END", "ERA", "MAX_EXTENDS", "MAX_NAME", "MAX_NUMBER", "MAX_YEARS", "START", "Distribution", "Intervention",
    "Scenario", "ScenarioError", "as_scenario", "bundled_dir", "list_bundled", "load_scenario", "locate",
    "param_value", "recorded_params", "scenario_from_dict",
]
