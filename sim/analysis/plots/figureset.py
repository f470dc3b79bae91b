"""Every figure of a set of runs, as the seminar commands and the report draw them.

:func:`figures` draws the ECDF of each dated outcome (small multiples beyond
:data:`SMALL_MULTIPLES` scenarios), the shares of the yes/no outcomes, the forces by
theater, the divergence of paired worlds and a factor chart for each decision of
:data:`FACTOR_FIGURES`, with scenario titles in the legends; :func:`plot_results` writes
them as PNG and SVG, with the provenance in each file's metadata.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ...files.outputs import output_folder
from ...files.recorded import READ_ANYWAY
from ...world import outcomes as oc
from .common import FORCE_LABELS, OUTCOME_LABELS, STYLE, file_metadata, palette, scenarios_of
from .dates import divergence_data, ecdf_data, plot_divergence, plot_ecdf
from .forces import fan_data, plot_fan
from .reasons import factor_data, plot_factors
from .shares import plot_shares, share_data

SMALL_MULTIPLES = 4
"""Beyond this many scenarios, an ECDF is drawn as one small panel per what-if."""
FACTOR_FIGURES = [
    # (actor, event, option, start, end, title)
    ("japan", "posture", "south", None, None, "Why Japan decided for war in the south"),
    ("japan", "posture", "north", None, None, "Why Japan turned north"),
    ("ussr", "transfer", "west", dt.date(1941, 6, 22), dt.date(1941, 12, 31), "Why the USSR sent divisions west in 1941"),
    ("ussr", "attack_japan", "attack", None, None, "Why the USSR attacked Japan"),
]
"""The decisions :func:`plot_results` explains with a factor chart."""


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
            legend_below(fig, handles, shown, columns=3)
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


RESOLUTIONS = (72, 96, 150)
"""Dots per inch the figures are drawn at: SVG (the report), the page, the PNG files."""


def legend_below(fig: Figure, handles, labels: list[str], columns: int, **kwargs):
    """A legend under the panels in as many columns, up to ``columns``, as fit the figure's
    width: titles with their "(n = 2,000)" are long, and a row wider than the figure is
    cut off at both ends."""
    for ncol in range(min(len(labels), columns), 0, -1):
        legend = fig.legend(handles, labels, loc="outside lower center", ncol=ncol, frameon=False, **kwargs)
        if ncol == 1 or _fits(fig, legend):
            return legend
        legend.remove()
    return None


def _fits(fig: Figure, legend) -> bool:
    """Whether ``legend`` is narrower than ``fig`` at each of :data:`RESOLUTIONS`. Each
    glyph's width is rounded to whole pixels, so a row of 150 characters that fits at
    100 dpi with 4 pixels to spare is 34 pixels too wide at 150."""
    from matplotlib.backends.backend_agg import RendererAgg

    dpi = fig.dpi
    try:
        for resolution in RESOLUTIONS:
            fig.dpi = resolution
            if legend.get_window_extent(RendererAgg(1, 1, resolution)).width > fig.bbox.width:
                return False
        return True
    finally:
        fig.dpi = dpi


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
    legend_below(fig, handles, shown, columns=2, fontsize=11)
    fig.suptitle(f"{OUTCOME_LABELS.get(outcome, outcome)}: worlds where it has happened (%)", fontsize=17)
    return fig


def plot_results(results, out_dir, divergence: pd.DataFrame | None = None,
                 formats: Sequence[str] = ("png", "svg"), force: bool = False, doubted: bool = False) -> list[Path]:
    """Write every figure of ``results`` to folder ``out_dir`` in each of ``formats``.

    The folder appears whole or not at all; an existing one is replaced only with
    ``force`` and only if pactsim made it (:func:`sim.files.outputs.output_folder`). Each
    file records the version of pactsim, the seed and the number of worlds in its
    metadata (PNG text chunks, the SVG title and description), and that the folders were
    read despite failed checks where they were (``doubted``, or a run's ``doubts``).
    """
    out = Path(out_dir)
    provenance = _provenance(results, doubted)
    written = []
    with output_folder(out, force, "the figures") as tmp:
        for stem, fig in figures(results, divergence).items():
            for fmt in formats:
                with mpl.rc_context(STYLE):
                    fig.savefig(tmp / f"{stem}.{fmt}", format=fmt, metadata=file_metadata(fmt, provenance))
                written.append(out / f"{stem}.{fmt}")
    return written


def _provenance(results, doubted: bool = False) -> str:
    """'pactsim 0.1.0 (commit abc1234), seed 1, 2,000 worlds per scenario: historical, no_pact',
    and :data:`~sim.files.recorded.READ_ANYWAY` if a run (or, ``doubted``, another table
    drawn) failed its checks and was read with ``trust``."""
    runs = list(results.values()) if isinstance(results, Mapping) else list(results)
    manifest = (getattr(runs[0], "manifest", None) or {}) if runs else {}
    versions = manifest.get("versions") or {}
    commit = versions.get("model_commit")
    seeds = sorted({str((getattr(r, "manifest", None) or {}).get("seed", "?")) for r in runs})
    worlds = sorted({len(r.worlds) for r in runs})
    names = [str(((getattr(r, "manifest", None) or {}).get("scenario") or {}).get("name", "?")) for r in runs]
    return (f"pactsim {versions.get('pactsim', '?')}" + (f" (commit {commit[:12]})" if commit else "")
            + f", seed {', '.join(seeds)}, {' / '.join(f'{w:,}' for w in worlds)} worlds per scenario: "
            + ", ".join(names) + (f". {READ_ANYWAY}" if doubted or any(getattr(r, "doubts", None) for r in runs)
                                  else ""))

