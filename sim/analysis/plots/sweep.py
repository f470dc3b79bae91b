"""A sweep's outcomes against the values of its first swept parameter: one line per
outcome (and per value of the other swept parameters), a band for each 95% interval, and
the baseline's own value as a dashed line."""

from __future__ import annotations

import pandas as pd

from ...world.vocabulary import CATALOGUE
from .. import measure as measures
from .common import LINESTYLES, MARKERS, OKABE_ITO, count, legend_below, styled

PANELS = {"share": "worlds (%)", "days": "median date", "mean": "mean"}


def sweep_data(summary: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """The plotted numbers: ``panel`` (an outcome's unit, or the outcome itself for dates
    and means), ``outcome``, ``line`` (the values of the other swept parameters), ``x``
    (the first one's value), ``y``, ``low``, ``high``; shares in percent."""
    d = summary.copy()
    d["x"] = d[names[0]]
    d["line"] = d[names[1:]].apply(lambda r: ", ".join(f"{k}={v:g}" for k, v in r.items()), axis=1) if names[1:] else ""
    scale = d["unit"].map({"share": 100.0}).fillna(1.0)
    for column, source in (("y", "value"), ("low", "low"), ("high", "high")):
        d[column] = d[source] * scale
    d["panel"] = d["unit"].where(d["unit"] == "share", d["outcome"])
    d = d[["panel", "outcome", "unit", "line", "x", "y", "low", "high"]]
    return d.sort_values(["line", "x"], kind="stable").sort_values("panel", key=_first_seen(d["panel"]), kind="stable")


def _first_seen(column: pd.Series):
    """A sort key that keeps the values of ``column`` in the order they first appear."""
    order = {value: i for i, value in enumerate(pd.unique(column))}
    return lambda values: values.map(order)


@styled
def plot_sweep(result, axes=None):
    """Draw ``result`` (a :class:`~sim.analysis.sweep.Sweep`): one panel for the shares,
    one for each date or mean outcome; returns the list of axes."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    names = list(result.grid.columns)
    data = sweep_data(result.summary, names)
    panels = list(pd.unique(data["panel"]))
    if axes is None:
        fig = plt.figure(figsize=(12, 1.5 + 5.2 * len(panels)), layout="constrained")
        axes = list(fig.subplots(len(panels), 1, squeeze=False)[:, 0])
    outcomes = list(pd.unique(data["outcome"]))
    lines = list(pd.unique(data["line"]))
    m = result.manifest
    for ax, panel in zip(axes, panels):
        part = data[data["panel"] == panel]
        for outcome, rows in part.groupby("outcome", sort=False):
            colour = OKABE_ITO[1 + outcomes.index(outcome) % (len(OKABE_ITO) - 1)]
            label = measures.words(measures.parse(outcome))
            for line, r in rows.groupby("line", sort=False):
                j = lines.index(line)
                ax.fill_between(r["x"], r["low"], r["high"], color=colour, alpha=0.18, linewidth=0)
                ax.plot(r["x"], r["y"], color=colour, linestyle=LINESTYLES[j % len(LINESTYLES)],
                        marker=MARKERS[j % len(MARKERS)], label=label + (f" ({line})" if line else ""))
            if result.baseline is not None:
                b = result.baseline.set_index("outcome").loc[outcome]
                ax.axhline(b["value"] * (100 if b["unit"] == "share" else 1), color=colour, linestyle="--",
                           linewidth=1.4, alpha=0.9, label=f"{label}: baseline {m['baseline']}")
        unit = part["unit"].iloc[0]
        if unit == "days":
            start = pd.Timestamp(m["origin"])
            ax.yaxis.set_major_formatter(FuncFormatter(lambda days, _: f"{start + pd.Timedelta(days=days):%Y-%m-%d}"))
        ax.set_ylabel(PANELS[unit] + (" (95% interval)" if unit == "share" else ""))
        if unit == "share":
            ax.set_ylim(-2, 102)
        spec = CATALOGUE[names[0]]
        if spec.plausible is not None:  # where the what-if and the baseline draw it per world
            ax.axvspan(*spec.plausible, color="#999999", alpha=0.12, linewidth=0,
                       label=f"plausible range {spec.plausible[0]:g}-{spec.plausible[1]:g} (drawn per world in a run)")
        ax.set_xlabel(f"{names[0]} ({spec.unit})")
        legend_below(ax, 58)
    axes[0].set_title(f"{m['scenario']}: {len(result.grid)} points, {count(m['worlds'])} worlds each, seed {m['seed']}")
    return axes

