"""Figures for the seminar: distributions of outcomes, forces over time, and reasons.

Each figure has two halves (STYLE lesson 10): a ``*_data`` function that computes the
plotted numbers as a tidy table, tested on its own, and a ``plot_*`` function that takes
that table and an optional ``ax``, draws, and returns the axes without showing anything.
:func:`plot_results` writes every figure of a set of runs as PNG and SVG.

All inputs are tidy tables with a ``scenario`` column (the baseline first); the order in
which scenarios first appear fixes their colours, from the Okabe-Ito palette, which
colour-blind readers can tell apart. Every figure states how many worlds it shows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..files.outputs import output_folder
from ..world import outcomes as oc
from ..world.vocabulary import FACTORS, FORCES, NEVER_HAPPENED, OUTCOMES
from .summary import wilson

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
BUNDLED_ORDER = ("historical", "stalingrad_german_victory", "moscow_falls_1941", "no_oil_embargo", "sorge_disbelieved",
                 "japan_strikes_north_1941", "no_pact", "no_barbarossa", "no_yalta", "germany_surrenders_1944")
"""The bundled scenarios in the README's order: each keeps its colour and marker in every
figure; other scenarios take the free places after them, in order of appearance."""
SMALL_MULTIPLES = 4
"""Beyond this many scenarios, an ECDF is drawn as one small panel per what-if."""
FEW_DECISIONS = 30
"""Factor bars resting on fewer decisions are drawn hollow and say so."""

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
FACTOR_FIGURES = [
    # (actor, event, option, start, end, title)
    ("japan", "posture", "south", None, None, "Why Japan decided for war in the south"),
    ("japan", "posture", "north", None, None, "Why Japan turned north"),
    ("ussr", "transfer", "west", dt.date(1941, 6, 22), dt.date(1941, 12, 31), "Why the USSR sent divisions west in 1941"),
    ("ussr", "attack_japan", "attack", None, None, "Why the USSR attacked Japan"),
]
"""The decisions :func:`plot_results` explains with a factor chart."""


def _styled(func):
    """Draw under :data:`STYLE` (fonts are fixed when the artists are made)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return func(*args, **kwargs)
    return wrapper


def _new_ax(ax, size=(11, 6.2)):
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


def _line(keywords: dict) -> dict:
    """A style without what lines do not take (the hatch of bars)."""
    return {k: v for k, v in keywords.items() if k != "hatch"}


def palette(labels: Sequence[str], names: Mapping[str, str] | None = None) -> dict[str, dict]:
    """Colour, line style and marker for each label, the same in every figure.

    A bundled scenario keeps its place in :data:`BUNDLED_ORDER` (``historical`` is black);
    other labels take the lowest free places in order of appearance. ``names``: the
    scenario name behind each label, where labels are titles.
    """
    names = names or {}
    places = {label: BUNDLED_ORDER.index(names.get(label, label)) for label in labels
              if names.get(label, label) in BUNDLED_ORDER}
    free = (i for i in range(10 ** 6) if i not in places.values())
    return {label: style(places[label] if label in places else next(free)) for label in labels}



def _n(k: int) -> str:
    return f"{k:,}"


def _legend_below(ax, points: float) -> None:
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


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_YearedDates(locator, show_offset=False))


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


@_styled
def plot_ecdf(data: pd.DataFrame, outcome: str, ax=None, historical="auto", period=None, styles=None):
    """Step curves of :func:`ecdf_data` with the historical date marked.

    ``historical``: a date, None, or "auto" (from :data:`HISTORICAL_DATES`).
    ``period``: ``(start, end)`` of the x axis (default: the data's range).
    """
    ax = _new_ax(ax)
    labels = scenarios_of(data)
    styles = styles or palette(labels)
    if historical == "auto":
        historical = HISTORICAL_DATES.get(outcome)
    known = outcome in HISTORICAL_DATES
    lo, hi = _range(data["date"], period, historical)
    for s in labels:
        x, y, n = _steps(data[data["scenario"] == s], lo, hi)
        never = "; never happens" if y[-1] == 0 else ""
        ax.step(x, 100 * y, where="post", label=f"{s} (n = {_n(n)}{never})", **_line(styles[s]))
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
    _date_axis(ax)
    _legend_below(ax, 30)
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


# --- Shares of the boolean outcomes --------------------------------------------------

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


@_styled
def plot_shares(data: pd.DataFrame, ax=None, styles=None):
    """Dots with 95% intervals: one row per outcome, one colour per scenario."""
    labels = scenarios_of(data)
    outcomes = list(pd.unique(data["outcome"]))
    ax = _new_ax(ax, size=(11, 1.2 + 0.62 * len(outcomes) * max(1, len(labels)) ** 0.5))
    styles = styles or palette(labels)
    step = 0.7 / max(len(labels), 1)
    for i, s in enumerate(labels):
        d = data[data["scenario"] == s].set_index("outcome").reindex(outcomes)
        y = np.arange(len(outcomes)) - 0.35 + step * (i + 0.5)
        x = 100 * d["share"].to_numpy()
        err = np.clip(100 * np.vstack([d["share"] - d["low"], d["high"] - d["share"]]), 0.0, None)
        n = int(d["n"].max())
        ax.errorbar(x, y, xerr=err, fmt=styles[s].get("marker", "o"), markersize=8, capsize=4, elinewidth=2,
                    color=styles[s]["color"], label=f"{s} (n = {_n(n)})")
    ax.set_yticks(np.arange(len(outcomes)), [OUTCOME_LABELS.get(o, o) for o in outcomes])
    ax.invert_yaxis()
    ax.set_xlim(-2, 102)
    ax.set_xlabel("worlds (%), with 95% Wilson intervals")
    ax.grid(axis="y", visible=False)
    for y in np.arange(len(outcomes) - 1) + 0.5:
        ax.axhline(y, color="#dddddd", linewidth=0.8)
    ax.set_title("How often each outcome happens")
    _legend_below(ax, 52)
    return ax


# --- Fan charts of forces ------------------------------------------------------------

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


@_styled
def plot_fan(data: pd.DataFrame, variable: str, ax=None, styles=None, legend: bool = True):
    """Median line with 50% and 90% bands across worlds, one colour per scenario."""
    ax = _new_ax(ax)
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
        ax.plot(x, e["q50"], label=f"{s} (n = {_n(int(e['n'].max()))})", **_line(styles[s]))
    ax.set_title(FORCE_LABELS.get(variable, variable))
    ax.set_ylabel("divisions")
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    if legend:
        ax.legend(loc="best", frameon=False)
    return ax


# --- Divergence ------------------------------------------------------------------------

def divergence_data(divergence: pd.DataFrame) -> pd.DataFrame:
    """Cumulative share of pairs of worlds whose histories have diverged by each date:
    ``whatif, date, share, n``; a curve levels off at the share that ever diverge."""
    frame = pd.DataFrame({"scenario": divergence["whatif"].astype(str), "diverges": divergence["diverges"]})
    return ecdf_data(frame, "diverges").rename(columns={"scenario": "whatif"})


@_styled
def plot_divergence(data: pd.DataFrame, ax=None, styles=None, period=None):
    """When the what-if worlds part from their historical twins."""
    ax = _new_ax(ax)
    labels = scenarios_of(data, "whatif")
    styles = styles or palette(["(baseline)"] + labels)
    lo, hi = _range(data["date"], period, None)
    for s in labels:
        x, y, n = _steps(data[data["whatif"] == s], lo, hi)
        never = "; identical histories" if y[-1] == 0 else ""
        ax.step(x, 100 * y, where="post", label=f"{s} (n = {_n(n)} pairs{never})", **_line(styles[s]))
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 100)
    ax.set_ylabel("pairs whose histories differ (%)")
    ax.set_title("When each what-if parts from its historical twin")
    _date_axis(ax)
    _legend_below(ax, 30)
    return ax


# --- Reasons: factor contributions ---------------------------------------------------

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


@_styled
def plot_factors(data: pd.DataFrame, ax=None, title: str = "Mean factor contributions", styles=None,
                 worlds: Mapping[str, int] | None = None):
    """Grouped horizontal bars: the mean contribution of each factor, per scenario.

    ``worlds``: the number of worlds behind each scenario, for the legend.
    """
    factors = list(pd.unique(data["factor"]))
    labels = scenarios_of(data)
    ax = _new_ax(ax, size=(11, 1.8 + 0.55 * len(factors) * max(1, len(labels)) ** 0.5))
    styles = styles or palette(labels)
    height = 0.8 / max(len(labels), 1)
    for i, s in enumerate(labels):
        d = data[data["scenario"] == s].set_index("factor").reindex(factors)
        y = np.arange(len(factors)) - 0.4 + height * (i + 0.5)
        n = int(d["n"].max()) if d["n"].notna().any() else 0
        in_worlds = f" in {_n(worlds[s])} worlds" if worlds and s in worlds else ""
        few = n < FEW_DECISIONS
        ax.barh(y, d["mean"].fillna(0.0), height=height * 0.92, label=f"{s} ({_n(n)} decisions{in_worlds}"
                + ("; too few: hollow" if few else "") + ")",
                **({"facecolor": "none", "edgecolor": styles[s]["color"], "hatch": "//", "linewidth": 1.5} if few
                   else {"color": styles[s]["color"], "hatch": styles[s].get("hatch", ""), "edgecolor": "white"}))
    ax.set_yticks(np.arange(len(factors)), [FACTORS[f].label for f in factors])
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=1.2)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("mean contribution to the log-odds of the choice\n(right: pushed towards it; left: held it back)")
    ax.set_title(title)
    _legend_below(ax, 72)
    return ax


# --- All figures of a set of runs ----------------------------------------------------

def tidy(results) -> dict[str, pd.DataFrame | None]:
    """The ``worlds``, ``events`` and ``series`` tables of several runs, concatenated
    with a ``scenario`` column holding each run's label.

    ``results``: a mapping of label to run, or a sequence of runs (labelled by their
    scenario name).
    """
    if not isinstance(results, Mapping):
        results = {str(r.worlds["scenario"].iloc[0]): r for r in results}
    out: dict[str, pd.DataFrame | None] = {}
    for table in ("worlds", "events", "series"):
        frames = []
        for label, r in results.items():
            f = getattr(r, table, None)
            if f is None:
                continue
            f = f.drop(columns=["scenario"], errors="ignore")
            f.insert(0, "scenario", pd.Series([label] * len(f), index=f.index))
            frames.append(f)
        out[table] = pd.concat(frames, ignore_index=True) if frames else None
    return out


def titles_of(results) -> dict[str, str]:
    """Each run's label to its scenario's title (labels where titles repeat or are missing)."""
    if not isinstance(results, Mapping):
        results = {str(r.worlds["scenario"].iloc[0]): r for r in results}
    titles = {}
    for label, r in results.items():
        scenario = (getattr(r, "manifest", None) or {}).get("scenario") or {}
        titles[label] = str(scenario.get("title") or label)
    counts = pd.Series(list(titles.values())).value_counts()
    return {label: (t if counts[t] == 1 else f"{t} ({label})") for label, t in titles.items()}


def figures(results, divergence: pd.DataFrame | None = None) -> dict[str, Figure]:
    """Every figure of ``results`` (see :func:`tidy`) by file stem, not yet saved.

    Legends show scenario titles; each bundled scenario keeps its colour and marker
    (:func:`palette`). Beyond :data:`SMALL_MULTIPLES` scenarios an ECDF becomes one panel
    per what-if, each with the baseline. A run without series is named on the forces
    figure rather than silently left out.
    """
    if not isinstance(results, Mapping):
        results = {str(r.worlds["scenario"].iloc[0]): r for r in results}
    titles = titles_of(results)
    names = {titles[label]: str(((getattr(r, "manifest", None) or {}).get("scenario") or {}).get("name") or label)
             for label, r in results.items()}
    data = tidy({titles[label]: r for label, r in results.items()})
    worlds, events, series = data["worlds"], data["events"], data["series"]
    labels = scenarios_of(worlds)
    styles = palette(labels, names)
    counts = worlds.groupby("scenario", sort=False).size().to_dict()
    figs: dict[str, Figure] = {}

    def new(size=(11, 6.2)) -> Figure:
        return Figure(figsize=size, layout="constrained")

    with mpl.rc_context(STYLE):
        for outcome in oc.DATE_OUTCOMES:
            if outcome not in worlds:
                continue
            ecdf = ecdf_data(worlds, outcome)
            if len(labels) <= SMALL_MULTIPLES:
                fig = new()
                plot_ecdf(ecdf, outcome, ax=fig.add_subplot(), styles=styles)
            else:
                fig = _small_multiples(ecdf, outcome, labels, styles, new)
            figs[f"ecdf_{outcome}"] = fig
        shares = share_data(worlds)
        fig = new((12, 1.5 + 0.55 * shares["outcome"].nunique() * max(1, len(labels)) ** 0.5))
        plot_shares(shares, ax=fig.add_subplot(), styles=styles)
        figs["shares"] = fig
        without = [titles[label] for label in missing_series(results)]
        if series is not None and len(series):
            fans = fan_data(series)
            fig = new((15, 9.5))
            axes = fig.subplots(2, 2, sharex=True)
            for ax, variable in zip(axes.flat, FORCE_LABELS):
                plot_fan(fans, variable, ax=ax, styles=styles, legend=False)
            handles, shown = axes.flat[0].get_legend_handles_labels()
            if without:  # say who is missing, and why
                shown[-1] += "\n" + "Not shown (run without --series): " + "; ".join(without)
            fig.legend(handles, shown, loc="outside lower center", ncol=min(len(shown), 3), frameon=False)
            fig.suptitle("Forces by theater: median (thick), middle 50% (shaded), middle 90% (thin lines)",
                         fontsize=18)
            figs["forces"] = fig
        if divergence is not None and len(divergence):
            div = divergence.assign(whatif=divergence["whatif"].astype(str).map(lambda w: titles.get(w, w)))
            fig = new()
            plot_divergence(divergence_data(div), ax=fig.add_subplot(), styles=styles)
            figs["divergence"] = fig
        if events is not None:
            for actor, event, option, start, end, title in FACTOR_FIGURES:
                fd = factor_data(events, event, actor=actor, option=option, start=start, end=end)
                if not len(fd) or fd["n"].sum() == 0:
                    continue
                fig = new((12, 1.8 + 0.55 * fd["factor"].nunique() * max(1, len(labels)) ** 0.5 + 0.4 * len(labels)))
                plot_factors(fd, ax=fig.add_subplot(), title=title, styles=styles, worlds=counts)
                figs[f"factors_{actor}_{event}_{option}"] = fig
    return figs


def missing_series(results) -> list[str]:
    """Labels of the runs that kept no series (the forces figure cannot show them)."""
    if not isinstance(results, Mapping):
        results = {str(r.worlds["scenario"].iloc[0]): r for r in results}
    return [label for label, r in results.items() if getattr(r, "series", None) is None]


def _small_multiples(ecdf: pd.DataFrame, outcome: str, labels: list[str], styles: dict, new) -> Figure:
    """One panel per what-if, each with the baseline, sharing the axes."""
    whatifs = labels[1:]
    cols = 2 if len(whatifs) <= 4 else 3
    rows = -(-len(whatifs) // cols)
    fig = new((6.2 * cols, 0.9 + 3.9 * rows))
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True)).ravel()
    period = (ecdf["date"].min(), ecdf["date"].max()) if ecdf["date"].notna().any() else None
    for ax, w in zip(axes, whatifs):
        pair = ecdf[ecdf["scenario"].isin([labels[0], w])]
        plot_ecdf(pair, outcome, ax=ax, styles=styles, period=period)
        ax.set_title(w, fontsize=13)
        ax.set_ylabel("")
        ax.get_legend().remove()
    for ax in axes[len(whatifs):]:
        ax.set_visible(False)
    handles, shown = [], []
    for ax in axes[:len(whatifs)]:
        for h, t in zip(*ax.get_legend_handles_labels()):
            if t not in shown:
                handles.append(h)
                shown.append(t)
    fig.legend(handles, shown, loc="outside lower center", ncol=2, frameon=False, fontsize=11)
    fig.suptitle(f"{OUTCOME_LABELS.get(outcome, outcome)}: worlds where it has happened (%)", fontsize=17)
    return fig


def plot_results(results, out_dir, divergence: pd.DataFrame | None = None,
                 formats: Sequence[str] = ("png", "svg"), force: bool = False) -> list[Path]:
    """Write every figure of ``results`` to folder ``out_dir`` in each of ``formats``.

    The folder appears whole or not at all; an existing one is replaced only with
    ``force`` and only if pactsim made it (:func:`sim.files.outputs.output_folder`). Each
    file records the version of pactsim, the seed and the number of worlds in its
    metadata (PNG text chunks, the SVG title and description).
    """
    out = Path(out_dir)
    provenance = _provenance(results)
    written = []
    with output_folder(out, force, "the figures") as tmp:
        for stem, fig in figures(results, divergence).items():
            for fmt in formats:
                with mpl.rc_context(STYLE):
                    fig.savefig(tmp / f"{stem}.{fmt}", format=fmt, metadata=_metadata(fmt, provenance))
                written.append(out / f"{stem}.{fmt}")
    return written


def _provenance(results) -> str:
    """'pactsim 0.1.0 (commit abc1234), seed 1, 2,000 worlds per scenario: historical, no_pact'."""
    runs = list(results.values()) if isinstance(results, Mapping) else list(results)
    manifest = (getattr(runs[0], "manifest", None) or {}) if runs else {}
    versions = manifest.get("versions") or {}
    commit = versions.get("model_commit")
    seeds = sorted({str((getattr(r, "manifest", None) or {}).get("seed", "?")) for r in runs})
    worlds = sorted({len(r.worlds) for r in runs})
    names = [str(((getattr(r, "manifest", None) or {}).get("scenario") or {}).get("name", "?")) for r in runs]
    return (f"pactsim {versions.get('pactsim', '?')}" + (f" (commit {commit[:12]})" if commit else "")
            + f", seed {', '.join(seeds)}, {' / '.join(f'{w:,}' for w in worlds)} worlds per scenario: "
            + ", ".join(names))


def _metadata(fmt: str, provenance: str = "") -> dict:
    """What made the figure, and no creation date, so that the same runs give the same bytes."""
    if fmt == "svg":
        return {"Date": None, "Creator": None, "Description": provenance}
    if fmt == "png":
        return {"Software": None, "Description": provenance, "Source": "pactsim"}
    return {}
