"""Honest summaries of an ensemble: shares with intervals, dates as quantiles, and n."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from .. import i18n
from ..world.outcomes import (
    BOOL_OUTCOMES,
    DATE_OUTCOMES,
    NUMBER_OUTCOMES,
    PARTY_OUTCOMES,
)

Z95 = NormalDist().inv_cdf(0.975)


def wilson(k, n, z: float = Z95):
    """Wilson score interval ``(low, high)`` for ``k`` successes in ``n`` trials (95% by
    default); ``(0, 1)`` where ``n == 0``, nothing being known."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Exact ends where rounding would leave a hair's breadth at 0 or 1.
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def _share_row(name: str, flags: pd.Series, n: int) -> dict:
    k = int(flags.sum())
    lo, hi = wilson(k, n)
    return {"outcome": name, "kind": "share", "value": f"{_points(k / n):>5}%  [{_points(lo):>4}, {_points(hi):>4}]", "n": n}


def _points(share) -> str:
    """A share in percent with one decimal, rounded as everywhere (:func:`sim.i18n.rounded`)."""
    return f"{100 * i18n.rounded(share, 3):.1f}"


def summarize(worlds: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome: a share with its 95% Wilson interval, or for a date the share
    of worlds where it happens with the median and quartiles of its date."""
    n = len(worlds)
    rows = []
    if n == 0:
        return pd.DataFrame(columns=["outcome", "kind", "value", "n"])
    def present(names):  # a folder written before an outcome was declared lacks its column
        return [name for name in names if name in worlds.columns]

    for name in present(DATE_OUTCOMES):
        dates = worlds[name].dropna()
        row = _share_row(name, worlds[name].notna(), n)
        if len(dates):
            q = dates.quantile([0.25, 0.5, 0.75])
            row["value"] += f"   median {q[0.5]:%Y-%m-%d} (IQR {q[0.25]:%Y-%m-%d} to {q[0.75]:%Y-%m-%d})"
        row["kind"] = "date"
        rows.append(row)
    for name in present(PARTY_OUTCOMES):
        for party in ("japan", "ussr"):
            rows.append(_share_row(f"{name} = {party}", worlds[name].eq(party).fillna(False), n))
    for name in present(BOOL_OUTCOMES):
        rows.append(_share_row(name, worlds[name], n))
    for name in present(NUMBER_OUTCOMES):
        q = worlds[name].quantile([0.25, 0.5, 0.75])
        rows.append({"outcome": name, "kind": "number", "value": f"median {q[0.5]:.1f} (IQR {q[0.25]:.1f} to {q[0.75]:.1f})", "n": n})
    return pd.DataFrame(rows)


def format_summary(worlds: pd.DataFrame, title: str) -> str:
    """The summary as text for the terminal."""
    table = summarize(worlds)
    width = max(len(o) for o in table["outcome"]) if len(table) else 10
    lines = [f"{title}: {len(worlds)} worlds (shares with 95% Wilson intervals; dates: share of worlds where it happens, median and quartiles)"]
    lines += [f"  {r.outcome:<{width}}  {r.value}" for r in table.itertuples()]
    return "\n".join(lines)
