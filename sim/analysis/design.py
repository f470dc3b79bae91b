"""The design of a sensitivity study with SALib: what is sampled, and how it is analysed.

Model-agnostic: a :class:`Design` turns ranges of parameters (:class:`Factor`) into
SALib's sample of points, and outputs at those points into SALib's indices (Morris
mu*, sigma; Sobol S1, ST; each with a bootstrap interval). :func:`indices` makes the
tidy table of a study, adding the mean output with each parameter in the lower, middle
and upper third of its range. :mod:`sim.analysis.sensitivity` runs the model at the
points; the tests run the Ishigami function there instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import PactsimError, require_extra
from ..world.vocabulary import CATALOGUE

METHODS = ("morris", "sobol")
MIN_SAMPLES = {"morris": 4, "sobol": 32}
"""Fewest trajectories (Morris) or base samples (Sobol) accepted: below them the
bootstrap intervals are wider than the indices."""
DEFAULT_SAMPLES = {"morris": 10, "sobol": 256}
MORRIS_LEVELS = 4
THIRDS = ("lower", "middle", "upper")


class SensitivityError(PactsimError):
    """A sensitivity study asked for something that cannot be done; says what and why."""


@dataclass(frozen=True)
class Factor:
    """A parameter varied by the study, over ``[low, high]``, with where the range came from."""

    name: str
    low: float
    high: float
    source: str


# --- The design: sampling and analysis with SALib ---------------------------------------

def _salib(part: str):
    """SALib's module ``SALib.PART``; a one-line error naming the extra when SALib is missing."""
    return require_extra("sensitivity", f"SALib.{part}", "sensitivity")


@dataclass(frozen=True)
class Design:
    """What a study samples and how it analyses: SALib's problem, method, samples, seed."""

    factors: tuple[Factor, ...]
    method: str = "morris"
    samples: int | None = None
    seed: int = 0
    n_points: int = field(init=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise SensitivityError(f"unknown method {self.method!r}; expected one of {', '.join(METHODS)}")
        samples = DEFAULT_SAMPLES[self.method] if self.samples is None else int(self.samples)
        if samples < MIN_SAMPLES[self.method]:
            what = "trajectories" if self.method == "morris" else "base samples"
            raise SensitivityError(f"{samples} {what} are too few for {self.method}; it needs at least "
                                   f"{MIN_SAMPLES[self.method]} (default {DEFAULT_SAMPLES[self.method]})")
        if self.method == "sobol" and samples & (samples - 1):
            raise SensitivityError(f"sobol needs a power of two as --samples (Sobol sequences balance only "
                                   f"then); got {samples}, use {1 << (samples - 1).bit_length()}")
        if len(self.factors) < 2 and self.method == "sobol":
            raise SensitivityError("sobol needs at least two parameters")
        object.__setattr__(self, "samples", samples)
        d = len(self.factors)
        object.__setattr__(self, "n_points", samples * (d + 1 if self.method == "morris" else d + 2))

    @property
    def problem(self) -> dict:
        """SALib's problem definition."""
        return {"num_vars": len(self.factors), "names": [f.name for f in self.factors],
                "bounds": [[f.low, f.high] for f in self.factors]}

    def points(self) -> np.ndarray:
        """The sampled points, one row per point, one column per factor."""
        if self.method == "morris":
            return _salib("sample.morris").sample(self.problem, self.samples, num_levels=MORRIS_LEVELS, seed=self.seed)
        return _salib("sample.sobol").sample(self.problem, self.samples, calc_second_order=False, seed=self.seed)

    def analyse(self, x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
        """SALib's indices for outputs ``y`` at points ``x``: one row per factor."""
        if self.method == "morris":
            si = _salib("analyze.morris").analyze(self.problem, x, y, num_levels=MORRIS_LEVELS, seed=self.seed)
            cols = {"mu_star": si["mu_star"], "mu_star_conf": si["mu_star_conf"], "sigma": si["sigma"], "mu": si["mu"]}
        else:
            si = _salib("analyze.sobol").analyze(self.problem, y, calc_second_order=False, seed=self.seed)
            cols = {"ST": si["ST"], "ST_conf": si["ST_conf"], "S1": si["S1"], "S1_conf": si["S1_conf"]}
        table = pd.DataFrame({"parameter": [f.name for f in self.factors],
                              **{k: np.asarray(v, dtype=float) for k, v in cols.items()}})
        table.insert(1, "low", [f.low for f in self.factors])
        table.insert(2, "high", [f.high for f in self.factors])
        table.insert(3, "range_source", [f.source for f in self.factors])
        return table

    @property
    def key(self) -> str:
        """The column the study ranks by: ``mu_star`` or ``ST``."""
        return "mu_star" if self.method == "morris" else "ST"


def thirds(x: np.ndarray, y: np.ndarray, factors) -> pd.DataFrame:
    """The mean of ``y`` over the points whose value of each factor lies in the lower,
    middle and upper third of its range (averaged over every other factor)."""
    rows = []
    for j, f in enumerate(factors):
        frac = (x[:, j] - f.low) / (f.high - f.low)
        groups = (frac <= 1 / 3 + 1e-9, (frac > 1 / 3 + 1e-9) & (frac < 2 / 3 - 1e-9), frac >= 2 / 3 - 1e-9)
        rows.append([y[g].mean() if g.any() else np.nan for g in groups])
    return pd.DataFrame(rows, columns=list(THIRDS))


def indices(design: Design, points: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """The tidy table of a finished study: SALib's indices, then the per-third means of
    the analysed value ``y`` (and of the what-if alone, with a baseline), ranked."""
    names = [f.name for f in design.factors]
    x, y = points[names].to_numpy(dtype=float), points["y"].to_numpy(dtype=float)
    table = design.analyse(x, y)
    for col in ("y", "whatif"):
        if col in points and (col == "y" or "baseline" in points):
            parts = thirds(x, points[col].to_numpy(dtype=float), design.factors)
            for third in THIRDS:
                table[f"{col}_{third}"] = parts[third].to_numpy()
    table.insert(1, "meaning", [CATALOGUE[n].meaning if n in CATALOGUE else "" for n in names])
    for key, value in (labels or {}).items():
        table[key] = value
    order = np.argsort(-table[design.key].fillna(-np.inf).to_numpy(), kind="stable")
    return table.iloc[order].reset_index(drop=True)
