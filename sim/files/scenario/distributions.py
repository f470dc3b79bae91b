"""Distributions: an uncertain parameter, drawn once per world from its own addressed
stream of dice (uniform, normal, triangular or a weighted choice)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

ARGUMENTS = {"uniform": ("low", "high"), "normal": ("mean", "sd"),
             "triangular": ("low", "mode", "high"), "choice": ("values", "weights")}
"""The arguments of each kind of distribution, in the order :class:`Distribution` keeps them."""


@dataclass(frozen=True)
class Distribution:
    """An uncertain parameter, drawn once per world.

    ``args`` by ``kind``: uniform ``(low, high)``, normal ``(mean, sd)``, triangular
    ``(low, mode, high)``, choice ``(values, weights)`` as two tuples of floats.
    """

    kind: str
    args: tuple

    def __post_init__(self) -> None:
        if len(self.args) != len(ARGUMENTS.get(self.kind, ())):
            raise ValueError(f"distribution {self.kind!r} with args {self.args!r}; expected one of {ARGUMENTS}")

    def sample(self, streams, site: str, low: float = -math.inf, high: float = math.inf) -> np.ndarray:
        """One value per world of ``streams``, clipped to ``[low, high]``.

        Step -1 is reserved for parameter draws, so they never share dice with a week.
        """
        u = streams.uniform(-1, site, 0)
        if self.kind == "uniform":
            a, b = self.args
            x = a + (b - a) * u
        elif self.kind == "normal":
            mean, sd = self.args
            x = mean + sd * streams.normal(-1, site)  # Box-Muller on sub-draws 0 and 1
        elif self.kind == "triangular":  # inverse of the triangular CDF
            a, m, b = self.args
            x = np.where(u < (m - a) / (b - a), a + np.sqrt(u * (b - a) * (m - a)),
                         b - np.sqrt((1.0 - u) * (b - a) * (b - m)))
        else:
            values, weights = self.args
            cum = np.cumsum(weights) / sum(weights)
            x = np.asarray(values, dtype=float)[np.minimum(np.searchsorted(cum, u, side="right"), len(values) - 1)]
        return np.clip(np.asarray(x, dtype=float), low, high)

    def to_dict(self) -> dict:
        """The distribution as written in a scenario file."""
        args = [list(a) if isinstance(a, tuple) else a for a in self.args]
        return {"dist": self.kind, **dict(zip(ARGUMENTS[self.kind], args))}
