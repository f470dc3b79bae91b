"""Forces over time: fan charts of each theater's divisions across worlds (the median, the
middle 50% shaded, the middle 90% as thin lines), one colour per scenario."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .common import FORCE_LABELS, count, date_axis, line, new_ax, palette, scenarios_of, styled

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def fan_data(series: pd.DataFrame, variables: Sequence[str] = tuple(FORCE_LABELS)) -> pd.DataFrame:
    """Quantiles across worlds of each force at each date: ``scenario, variable, date,
    q05, q25, q50, q75, q95, n``; the 50% band is q25-q75, the 90% band q05-q95."""
    variables = [v for v in variables if v in series]
    long = series.melt(id_vars=["scenario", "date"], value_vars=variables, var_name="variable")
    grouped = long.groupby(["scenario", "variable", "date"], sort=False)["value"]
    q = grouped.quantile(list(QUANTILES)).unstack()
    q.columns = [f"q{round(100 * c):02d}" for c in q.columns]
    q["n"] = grouped.size()
    out = q.reset_index()
    out["scenario"] = out["scenario"].astype(str)
    order = {s: i for i, s in enumerate(scenarios_of(series))}
    out = out.sort_values(["scenario", "variable", "date"], key=lambda c: c.map(order) if c.name == "scenario" else c,
                          kind="stable").reset_index(drop=True)
    return out


@styled
def plot_fan(data: pd.DataFrame, variable: str, ax=None, styles=None, legend: bool = True):
    """Median line with 50% and 90% bands across worlds, one colour per scenario."""
    ax = new_ax(ax)
    d = data[data["variable"] == variable]
    labels = scenarios_of(d)
    styles = styles or palette(labels)
    for s in labels:
        e = d[d["scenario"] == s]
        x = e["date"].to_numpy("datetime64[s]")
        colour = styles[s]["color"]
        # The 90% band as thin edges, so that several scenarios' bands stay apart.
        for q in ("q05", "q95"):
            ax.plot(x, e[q], color=colour, linewidth=1.0, linestyle=styles[s]["linestyle"], alpha=0.8)
        ax.fill_between(x, e["q25"], e["q75"], color=colour, alpha=0.22, linewidth=0)
        ax.plot(x, e["q50"], label=f"{s} (n = {count(int(e['n'].max()))})", **line(styles[s]))
    ax.set_title(FORCE_LABELS.get(variable, variable))
    ax.set_ylabel("divisions")
    ax.set_ylim(bottom=0)
    date_axis(ax)
    if legend:
        ax.legend(loc="best", frameon=False)
    return ax
