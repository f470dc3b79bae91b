"""Forces over time: fan charts of each theater's forces across worlds, each in its unit
(the median, the middle 50% shaded, the middle 90% as thin lines), one colour per scenario."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...world.vocabulary import FORCE_UNITS
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


def fan_data_of(label: str, series: pd.DataFrame) -> pd.DataFrame:
    """:func:`fan_data` of one run's series, labelled ``label``: the same frame, computed
    with numpy where every world has every date (pandas' grouped quantiles take a fifth
    of a second for 1,000 worlds, a quarter of a lever release on the page)."""
    variables = sorted(v for v in FORCE_LABELS if v in series)
    worlds = series["world"].to_numpy()
    dates = series["date"].to_numpy()
    values = series[variables].to_numpy(np.float64)
    steps = int(np.count_nonzero(worlds == worlds[0])) if len(worlds) else 0  # dates per world
    grid = steps and len(worlds) % steps == 0 and np.isfinite(values).all()
    if grid:
        dates = dates.reshape(-1, steps)
        grid = (worlds.reshape(-1, steps) == worlds[::steps, None]).all() and (dates == dates[0]).all() and \
            (np.diff(dates[0]) > np.timedelta64(0)).all()
    if not grid:
        framed = series.drop(columns=["scenario"], errors="ignore")
        framed.insert(0, "scenario", label)
        return fan_data(framed)
    cube = values.reshape(-1, steps, len(variables))  # world, date, variable
    q = np.quantile(cube, QUANTILES, axis=0)  # quantile, date, variable
    frame = {"scenario": label, "variable": np.repeat(variables, steps), "date": np.tile(dates[0], len(variables))}
    for i, level in enumerate(QUANTILES):
        frame[f"q{round(100 * level):02d}"] = q[i].T.ravel()
    frame["n"] = cube.shape[0]
    return pd.DataFrame(frame)


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
    ax.set_ylabel(FORCE_UNITS.get(variable, ""))
    ax.set_ylim(bottom=0)
    date_axis(ax)
    if legend:
        ax.legend(loc="best", frameon=False)
    return ax
