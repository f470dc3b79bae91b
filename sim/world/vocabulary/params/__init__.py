"""The parameter catalogue: every number the model uses, with its unit, meaning and source.

A scenario file may override any parameter by name, with a number or with a
distribution sampled per world. ``pactsim params`` prints this table. Sources cite an
entry of ``docs/sources.md`` ("facts 2c" is its section 2c; the catalogue page renders it
as a link, see :func:`sim.analysis.sources.cite`) or say "judgement" where the value is
a modelling choice that the calibration targets constrain.

Each parameter is declared once, by :func:`~.declare.define` in the module of its part
of the model, one block per parameter with its fields named; a misspelt field, a
duplicate name or a default outside its bounds fails when the catalogue is imported.
A parameter tuned to reproduce a calibration target names that target in
``calibrated_to``: the calibration table then marks the target *fitted*, not *tested*.
"""

from __future__ import annotations

from . import combat, conduct, germany, japan, pacific, ussr
from .declare import Param, catalogue

CATALOGUE: dict[str, Param] = catalogue(japan.PARAMS, ussr.PARAMS, conduct.PARAMS,
                                        germany.PARAMS, pacific.PARAMS, combat.PARAMS)
"""All parameters by name, in the order of the parts of the model."""

__all__ = ["CATALOGUE", "Param"]
