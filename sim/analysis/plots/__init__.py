"""Figures for the seminar: distributions of outcomes, forces over time, and reasons.

Each figure has two halves (STYLE lesson 10): a ``*_data`` function that computes the
plotted numbers as a tidy table, tested on its own, and a ``plot_*`` function that takes
that table and an optional ``ax``, draws, and returns the axes without showing anything.
:func:`plot_results` writes every figure of a set of runs as PNG and SVG.

All inputs are tidy tables with a ``scenario`` column (the baseline first); the order in
which scenarios first appear fixes their colours, from the Okabe-Ito palette, which
colour-blind readers can tell apart. Every figure states how many worlds it shows.

The modules, one idea each (everything public is importable from here):

- :mod:`.common`: colours, markers and line styles by scenario, type sizes, labels,
  the date axis and legend, the metadata of a saved file;
- :mod:`.dates`: when things happen (ECDF of dated outcomes, divergence of paired worlds);
- :mod:`.shares`: how often the yes/no outcomes happen, with Wilson intervals;
- :mod:`.forces`: fan charts of each theater's divisions over time;
- :mod:`.reasons`: the factors behind a decision;
- :mod:`.figureset`: every figure of a set of runs, and :func:`plot_results` writing them.
"""

from __future__ import annotations

from .common import (
    FORCE_LABELS,
    HISTORICAL_DATES,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    OUTCOME_LABELS,
    STYLE,
    palette,
    scenarios_of,
    style,
)
from .dates import divergence_data, ecdf_data, plot_divergence, plot_ecdf
from .figureset import FACTOR_FIGURES, SMALL_MULTIPLES, figures, missing_series, plot_results, tidy, titles_of
from .forces import QUANTILES, fan_data, fan_data_of, plot_fan
from .reasons import FEW_DECISIONS, factor_data, plot_factors
from .shares import SHARE_OUTCOMES, plot_shares, share_data

__all__ = [
    "FACTOR_FIGURES", "FEW_DECISIONS", "FORCE_LABELS", "HISTORICAL_DATES", "LINESTYLES",
    "MARKERS", "OKABE_ITO", "OUTCOME_LABELS", "QUANTILES", "SHARE_OUTCOMES", "SMALL_MULTIPLES", "STYLE",
    "divergence_data", "ecdf_data", "factor_data", "fan_data", "fan_data_of", "figures", "missing_series", "palette",
    "plot_divergence", "plot_ecdf", "plot_factors", "plot_fan", "plot_results", "plot_shares", "scenarios_of",
    "share_data", "style", "tidy", "titles_of",
]
