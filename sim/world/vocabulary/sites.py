"""The draw sites: every place in the model that draws a random number, by name.

A draw is addressed by (world, week, site) (:mod:`sim.world.rng`); a site not declared
here cannot draw, so adding a draw is a visible change to the vocabulary and can never
shift the dice of another site.
"""

from __future__ import annotations

from .decisions import DECISIONS
from .params import CATALOGUE

SITES: frozenset[str] = frozenset(
    [*DECISIONS]
    + ["ussr.intelligence", "germany.moscow", "germany.stalingrad", "germany.kursk", "germany.attrition",
       "us.pacific", "us.bomb_target", "us.midway", "us.guadalcanal", "theater.armistice"]
    + [f"param:{name}" for name in CATALOGUE]
)
"""Every draw site: the decisions, the exogenous draws, and one per parameter for the
values sampled per world."""
