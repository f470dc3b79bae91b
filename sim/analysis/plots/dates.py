"""When things happen: the cumulative share of worlds in which a dated outcome has
happened by each date (an ECDF over all worlds, the historical date marked), and the
share of paired worlds whose histories have parted by each date (divergence).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import (
    HISTORICAL_DATES,
    OUTCOME_LABELS,
    count,
    date_axis,
    legend_below,
    line,
    new_ax,
    palette,
    scenarios_of,
    styled,
)

# --- ECDF of event dates -------------------------------------------------------------

def ecdf_data(worlds: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Cumulative share of *all* worlds in which ``outcome`` has happened by each date.

    One row per scenario and distinct date: ``scenario, date, share, n`` (``n`` the
    scenario's worlds). Because the share counts every world, a curve levels off at the
    share of worlds where the event happens at all. A scenario in which it never
    happens has one row with no date and share 0.
    """
    rows = []
    for s in scenarios_of(worlds):
        dates = pd.to_datetime(worlds.loc[worlds["scenario"].astype(str) == s, outcome])
        n = len(dates)
        counts = dates.dropna().value_counts().sort_index()
        if counts.empty:
            counts = pd.Series([0], index=pd.DatetimeIndex([pd.NaT]))
        rows.append(pd.DataFrame({"scenario": s, "date": counts.index.to_numpy("datetime64[s]"),
                                  "share": counts.cumsum().to_numpy() / n, "n": n}))
    if not rows:
        return pd.DataFrame({"scenario": pd.Series(dtype=str), "date": pd.Series(dtype="datetime64[s]"),
                             "share": pd.Series(dtype=float), "n": pd.Series(dtype=int)})
    return pd.concat(rows, ignore_index=True)


@styled
def plot_ecdf(data: pd.DataFrame, outcome: str, ax=None, historical="auto", period=None, styles=None):
    """Step curves of :func:`ecdf_data` with the historical date marked.

    ``historical``: a date, None, or "auto" (from :data:`HISTORICAL_DATES`).
    ``period``: ``(start, end)`` of the x axis (default: the data's range).
    """
    ax = new_ax(ax)
    labels = scenarios_of(data)
    styles = styles or palette(labels)
    if historical == "auto":
        historical = HISTORICAL_DATES.get(outcome)
    known = outcome in HISTORICAL_DATES
    lo, hi = _range(data["date"], period, historical)
    for s in labels:
        x, y, n = _steps(data[data["scenario"] == s], lo, hi)
        never = "; never happens" if y[-1] == 0 else ""
        ax.step(x, 100 * y, where="post", label=f"{s} (n = {count(n)}{never})", **line(styles[s]))
    if historical is not None:
        ax.axvline(np.datetime64(historical, "s"), color="#555555", linestyle=(0, (2, 2)), linewidth=1.8)
        ax.annotate(f"history:\n{historical.day} {historical:%b %Y}", xy=(np.datetime64(historical, "s"), 0.97),
                    xycoords=("data", "axes fraction"), xytext=(-6, 0), textcoords="offset points",
                    ha="right", va="top", color="#333333", fontsize=12)
    elif known:
        ax.text(0.02, 0.97, "never happened in history", transform=ax.transAxes, ha="left", va="top",
                color="#333333", fontsize=12)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 100)
    ax.set_ylabel("worlds where it has happened (%)")
    ax.set_title(OUTCOME_LABELS.get(outcome, outcome))
    date_axis(ax)
    legend_below(ax, 30)
    return ax


def _steps(d: pd.DataFrame, lo, hi):
    """x, y of a cumulative step curve from ``lo`` to ``hi``, and the number of worlds."""
    n = int(d["n"].iloc[0]) if len(d) else 0
    d = d[d["date"].notna()]
    x = np.concatenate([[lo], d["date"].to_numpy("datetime64[s]"), [hi]])
    last = d["share"].iloc[-1] if len(d) else 0.0
    return x, np.concatenate([[0.0], d["share"].to_numpy(), [last]]), n


def _range(dates, period, historical):
    if period is not None:
        return np.datetime64(period[0], "s"), np.datetime64(period[1], "s")
    d = pd.to_datetime(pd.Series(dates)).dropna()
    points = list(d.to_numpy("datetime64[s]"))
    if historical is not None:
        points.append(np.datetime64(historical, "s"))
    if not points:
        return np.datetime64("1941-04-13", "s"), np.datetime64("1946-04-13", "s")
    lo, hi = min(points), max(points)
    pad = max((hi - lo) * 0.05, np.timedelta64(30, "D"))
    return lo - pad, hi + pad


# --- Divergence ------------------------------------------------------------------------

def divergence_data(divergence: pd.DataFrame) -> pd.DataFrame:
    """Cumulative share of pairs of worlds whose histories have diverged by each date:
    ``whatif, date, share, n``; a curve levels off at the share that ever diverge."""
    frame = pd.DataFrame({"scenario": divergence["whatif"].astype(str), "diverges": divergence["diverges"]})
    return ecdf_data(frame, "diverges").rename(columns={"scenario": "whatif"})


@styled
def plot_divergence(data: pd.DataFrame, ax=None, styles=None, period=None):
    """When the what-if worlds part from their historical twins."""
    ax = new_ax(ax)
    labels = scenarios_of(data, "whatif")
    styles = styles or palette(["(baseline)"] + labels)
    lo, hi = _range(data["date"], period, None)
    for s in labels:
        x, y, n = _steps(data[data["whatif"] == s], lo, hi)
        never = "; identical histories" if y[-1] == 0 else ""
        ax.step(x, 100 * y, where="post", label=f"{s} (n = {count(n)} pairs{never})", **line(styles[s]))
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 100)
    ax.set_ylabel("pairs whose histories differ (%)")
    ax.set_title("When each what-if parts from its historical twin")
    date_axis(ax)
    legend_below(ax, 30)
    return ax
