"""Why: the mean contribution of each factor to a decision (its share of the log-odds of
the chosen option over the one it replaced), as grouped bars per scenario; bars resting on
too few decisions are drawn hollow."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...world.vocabulary import FACTORS
from .common import count, legend_below, new_ax, palette, scenarios_of, styled

FEW_DECISIONS = 30
"""Factor bars resting on fewer decisions are drawn hollow and say so."""


def factor_data(events: pd.DataFrame, event: str = "posture", actor: str | None = None, option: str | None = None,
                start=None, end=None) -> pd.DataFrame:
    """Mean contribution of each factor to the decisions ``event`` (optionally of
    ``actor``, for the option ``option``, dated in ``[start, end]``).

    A contribution is the factor's share of the log-odds of the chosen option over the
    option it replaced. Columns: ``scenario, factor, mean, n`` (``n`` decisions), for the
    factors that score the decision; rows ordered by the largest absolute mean.
    """
    e = events[(events["event"].astype(str) == event).to_numpy()]
    if actor is not None:
        e = e[(e["actor"].astype(str) == actor).to_numpy()]
    if option is not None:
        e = e[(e["option"] == option).to_numpy()]
    if start is not None:
        e = e[e["date"] >= pd.Timestamp(start)]
    if end is not None:
        e = e[e["date"] <= pd.Timestamp(end)]
    # Factors that score the decision and move it somewhere (a constant zero says nothing).
    factors = [c for c in events.columns if c.startswith("f_") and e[c].notna().any() and e[c].abs().max() > 1e-9]
    rows = []
    order = scenarios_of(events)
    for s in order:
        d = e[e["scenario"].astype(str) == s]
        for f in factors:
            rows.append({"scenario": s, "factor": f[2:], "mean": float(d[f].mean()) if len(d) else np.nan,
                         "n": int(d[f].notna().sum())})
    out = pd.DataFrame(rows, columns=["scenario", "factor", "mean", "n"])
    if len(out):
        size = out.groupby("factor")["mean"].apply(lambda m: np.nanmax(np.abs(m)) if m.notna().any() else 0.0)
        rank = {f: i for i, f in enumerate(size.sort_values(ascending=False, kind="stable").index)}
        out = out.sort_values(["factor", "scenario"], key=lambda c: c.map(rank) if c.name == "factor"
                              else c.map({s: i for i, s in enumerate(order)}), kind="stable").reset_index(drop=True)
    return out


@styled
def plot_factors(data: pd.DataFrame, ax=None, title: str = "Mean factor contributions", styles=None,
                 worlds: Mapping[str, int] | None = None):
    """Grouped horizontal bars: the mean contribution of each factor, per scenario.

    ``worlds``: the number of worlds behind each scenario, for the legend.
    """
    factors = list(pd.unique(data["factor"]))
    labels = scenarios_of(data)
    ax = new_ax(ax, size=(11, 1.8 + 0.55 * len(factors) * max(1, len(labels)) ** 0.5))
    styles = styles or palette(labels)
    height = 0.8 / max(len(labels), 1)
    for i, s in enumerate(labels):
        d = data[data["scenario"] == s].set_index("factor").reindex(factors)
        y = np.arange(len(factors)) - 0.4 + height * (i + 0.5)
        n = int(d["n"].max()) if d["n"].notna().any() else 0
        in_worlds = f" in {count(worlds[s])} worlds" if worlds and s in worlds else ""
        few = n < FEW_DECISIONS
        ax.barh(y, d["mean"].fillna(0.0), height=height * 0.92, label=f"{s} ({count(n)} decisions{in_worlds}"
                + ("; too few: hollow" if few else "") + ")",
                **({"facecolor": "none", "edgecolor": styles[s]["color"], "hatch": "//", "linewidth": 1.5} if few
                   else {"color": styles[s]["color"], "hatch": styles[s].get("hatch", ""), "edgecolor": "white"}))
    ax.set_yticks(np.arange(len(factors)), [FACTORS[f].label for f in factors])
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=1.2)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("mean contribution to the log-odds of the choice\n(right: pushed towards it; left: held it back)")
    ax.set_title(title)
    legend_below(ax, 72)
    return ax
