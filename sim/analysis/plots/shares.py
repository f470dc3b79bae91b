"""How often: the share of worlds with each yes/no outcome, with its 95% Wilson interval,
one row per outcome and one dot per scenario."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...world import outcomes as oc
from ..summary import wilson
from .common import OUTCOME_LABELS, count, legend_below, new_ax, palette, scenarios_of, styled

SHARE_OUTCOMES = oc.BOOL_OUTCOMES + ("pact_breached_by_japan", "pact_breached_by_ussr")


def share_data(worlds: pd.DataFrame, outcomes: Sequence[str] = SHARE_OUTCOMES) -> pd.DataFrame:
    """Share of worlds with each boolean outcome and its 95% Wilson interval.

    ``pact_breached_by_<party>`` outcomes are read from ``pact_breached_by``. Columns:
    ``scenario, outcome, k, n, share, low, high``.
    """
    rows = []
    for s in scenarios_of(worlds):
        w = worlds[worlds["scenario"].astype(str) == s]
        for name in outcomes:
            flags = _flags(w, name)
            if flags is None:
                continue
            k, n = int(flags.sum()), len(flags)
            lo, hi = wilson(k, n)
            rows.append({"scenario": s, "outcome": name, "k": k, "n": n, "share": k / n if n else np.nan,
                         "low": float(lo), "high": float(hi)})
    return pd.DataFrame(rows, columns=["scenario", "outcome", "k", "n", "share", "low", "high"])


def _flags(w: pd.DataFrame, name: str):
    if name in w:
        return w[name].fillna(False).to_numpy(dtype=bool)
    for column in oc.PARTY_OUTCOMES:
        if name.startswith(column + "_") and column in w:
            return (w[column] == name[len(column) + 1:]).fillna(False).to_numpy(dtype=bool)
    return None


@styled
def plot_shares(data: pd.DataFrame, ax=None, styles=None):
    """Dots with 95% intervals: one row per outcome, one colour per scenario."""
    labels = scenarios_of(data)
    outcomes = list(pd.unique(data["outcome"]))
    ax = new_ax(ax, size=(11, 1.2 + 0.62 * len(outcomes) * max(1, len(labels)) ** 0.5))
    styles = styles or palette(labels)
    step = 0.7 / max(len(labels), 1)
    for i, s in enumerate(labels):
        d = data[data["scenario"] == s].set_index("outcome").reindex(outcomes)
        y = np.arange(len(outcomes)) - 0.35 + step * (i + 0.5)
        x = 100 * d["share"].to_numpy()
        err = np.clip(100 * np.vstack([d["share"] - d["low"], d["high"] - d["share"]]), 0.0, None)
        n = int(d["n"].max())
        ax.errorbar(x, y, xerr=err, fmt=styles[s].get("marker", "o"), markersize=8, capsize=4, elinewidth=2,
                    color=styles[s]["color"], label=f"{s} (n = {count(n)})")
    ax.set_yticks(np.arange(len(outcomes)), [OUTCOME_LABELS.get(o, o) for o in outcomes])
    ax.invert_yaxis()
    ax.set_xlim(-2, 102)
    ax.set_xlabel("worlds (%), with 95% Wilson intervals")
    ax.grid(axis="y", visible=False)
    for y in np.arange(len(outcomes) - 1) + 0.5:
        ax.axhline(y, color="#dddddd", linewidth=0.8)
    ax.set_title("How often each outcome happens")
    legend_below(ax, 52)
    return ax
