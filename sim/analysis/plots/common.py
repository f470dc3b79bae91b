"""What every figure shares: colours, line styles and markers by scenario, type sizes, the
labels of outcomes and forces, the date axis, the legend below the axes, and the metadata
written into a saved file.

A bundled scenario keeps its colour and marker in every figure (:func:`palette`); the
colours are Okabe & Ito's, which colour-blind readers can tell apart, and the line styles
and markers keep scenarios apart in a grey print too.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.transforms as mtransforms
import pandas as pd

from ...files.scenario import BUNDLED
from ...world.vocabulary import FORCES, NEVER_HAPPENED, OUTCOMES

HISTORICAL_DATES: dict[str, dt.date | None] = {
    name: (None if o.historical == NEVER_HAPPENED else o.historical)
    for name, o in OUTCOMES.items() if o.kind == "date"
}
"""What happened in history, for the date outcomes; None: it never did."""

OKABE_ITO = ["#000000", "#E69F00", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442"]
"""Okabe & Ito (2008) colours, black first for the baseline, yellow last (weak on white)."""
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]
"""Line styles by scenario, so that a grey print still tells the scenarios apart."""
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
"""Markers by scenario: with the colour, they tell nine and more scenarios apart."""
STYLE = {
    "font.size": 15, "axes.titlesize": 17, "axes.labelsize": 15, "xtick.labelsize": 13,
    "ytick.labelsize": 13, "legend.fontsize": 13, "legend.title_fontsize": 13,
    "lines.linewidth": 2.4, "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "grid.alpha": 0.3, "svg.fonttype": "path", "svg.hashsalt": "pactsim",
    "figure.dpi": 100, "savefig.dpi": 150,
}
"""Large type for a projector; deterministic SVG ids."""

OUTCOME_LABELS = {name: o.label for name, o in OUTCOMES.items()} | {
    f"{name}_{party}": f"{who} {o.label.removeprefix('Who ')}"
    for name, o in OUTCOMES.items() if o.kind == "party"
    for party, who in (("japan", "Japan"), ("ussr", "USSR"))
}
"""Every outcome's label; a party outcome has one per party."""
FORCE_LABELS = FORCES


def styled(func):
    """Draw under :data:`STYLE` (fonts are fixed when the artists are made)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return func(*args, **kwargs)
    return wrapper


def new_ax(ax, size=(11, 6.2)):
    """``ax``, or the axes of a new figure of ``size`` inches where it is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure(figsize=size, layout="constrained").add_subplot()


def scenarios_of(frame: pd.DataFrame, column: str = "scenario") -> list[str]:
    """Scenario labels in order of first appearance (the baseline first)."""
    return list(pd.unique(frame[column].astype(str))) if len(frame) else []


def style(i: int) -> dict:
    """Colour, line style and marker of place ``i``: black for place 0 (the baseline) only;
    the other places cycle through the seven colours, each round with other markers."""
    if i == 0:
        colour, turn = OKABE_ITO[0], 0
    else:
        colour, turn = OKABE_ITO[1 + (i - 1) % (len(OKABE_ITO) - 1)], (i - 1) // (len(OKABE_ITO) - 1)
    return {"color": colour, "linestyle": LINESTYLES[(i + turn) % len(LINESTYLES)],
            "marker": MARKERS[(i + 2 * turn) % len(MARKERS)], "markevery": 0.12, "markersize": 7,
            "hatch": ("", "..", "xx", "oo")[turn % 4]}


def line(keywords: dict) -> dict:
    """A style without what lines do not take (the hatch of bars)."""
    return {k: v for k, v in keywords.items() if k != "hatch"}


def palette(labels: Sequence[str], names: Mapping[str, str] | None = None) -> dict[str, dict]:
    """Colour, line style and marker for each label, the same in every figure.

    A bundled scenario keeps its place in :data:`~sim.files.scenario.BUNDLED` (``historical`` is black);
    other labels take the lowest free places in order of appearance. ``names``: the
    scenario name behind each label, where labels are titles.
    """
    names = names or {}
    places = {label: BUNDLED.index(names.get(label, label)) for label in labels
              if names.get(label, label) in BUNDLED}
    free = (i for i in range(10 ** 6) if i not in places.values())
    return {label: style(places[label] if label in places else next(free)) for label in labels}


def count(k: int) -> str:
    """A count as a legend shows it: 2,000."""
    return f"{k:,}"


def legend_below(ax, points: float) -> None:
    """The legend under the axes, ``points`` below their bottom edge (clear of the tick
    labels and the axis label), in as many columns as fit the width."""
    handles, names = ax.get_legend_handles_labels()
    width = sum(len(n) + 6 for n in names)
    ncol = len(names) if width <= 75 else (2 if max(len(n) for n in names) * 2 + 12 <= 75 else 1)
    where = mtransforms.offset_copy(ax.transAxes, fig=ax.figure, y=-points, units="points")
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=where,
              borderaxespad=0.0, ncol=max(ncol, 1), frameon=False)


class _YearedDates(mdates.ConciseDateFormatter):
    """Concise dates whose first tick always names its year ('Jul\n1941', not 'Jul')."""

    def format_ticks(self, values):
        labels = super().format_ticks(values)
        if len(labels) and len(values):
            year = mdates.num2date(values[0]).strftime("%Y")
            if year not in labels[0]:
                labels[0] = f"{labels[0]}\n{year}"
        return labels


def date_axis(ax) -> None:
    """Concise date ticks on the x axis, the first naming its year."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_YearedDates(locator, show_offset=False))


def file_metadata(fmt: str, provenance: str = "") -> dict:
    """What made the figure, and no creation date, so that the same runs give the same bytes."""
    if fmt == "svg":
        return {"Date": None, "Creator": None, "Description": provenance}
    if fmt == "png":
        return {"Software": None, "Description": provenance, "Source": "pactsim"}
    return {}
