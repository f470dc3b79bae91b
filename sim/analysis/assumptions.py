"""What the record says about the assumptions: each judgement's values over all worlds
against those of the worlds that lived our history.

A judgement is drawn per world from its plausible range; keeping the worlds that match
the record (:mod:`sim.analysis.given`) keeps some values more often than others. For each
judgement: the mean over all worlds and over the matching ones, the shift of the mean as a
share of the plausible range, and the two-sample Kolmogorov-Smirnov statistic with its
p-value (:func:`scipy.stats.ks_2samp`, matching worlds against the others: two samples
that share no world), ranked so that the judgements the record constrains come first and
those it leaves open last.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from scipy import stats

from ..world.vocabulary import CATALOGUE
from .plots.common import OKABE_ITO, STYLE

PARAM = "param:"


def assumption_table(worlds: pd.DataFrame, matching: np.ndarray) -> pd.DataFrame:
    """One row per judgement drawn in ``worlds`` (its ``param:`` columns): means over all
    worlds and over those where ``matching`` is true, the shift as a share of the
    plausible range, the KS statistic and p-value; ranked by the statistic."""
    rows = []
    for column in (c for c in worlds.columns if c.startswith(PARAM)):
        spec = CATALOGUE.get(column.removeprefix(PARAM))
        if spec is None or spec.plausible is None:
            continue
        values = worlds[column].to_numpy(dtype=float)
        kept, rest = values[matching], values[~matching]
        if np.ptp(values) == 0 or kept.size == 0 or rest.size == 0:
            continue  # pinned by the scenario, or nothing to compare: the record cannot move it
        low, high = spec.plausible
        test = stats.ks_2samp(kept, rest)
        rows.append({"assumption": spec.name, "low": low, "high": high, "mean_all": float(values.mean()),
                     "mean_matching": float(kept.mean()), "shift": float((kept.mean() - values.mean()) / (high - low)),
                     "ks": float(test.statistic), "p": float(test.pvalue), "matching": int(kept.size),
                     "worlds": int(values.size)})
    table = pd.DataFrame(rows)
    return table.sort_values(["ks", "assumption"], ascending=[False, True], ignore_index=True) if rows else table


def format_assumptions(table: pd.DataFrame, condition: str, top: int | None = None) -> str:
    """The ranked table in lines of at most 100 characters."""
    shown = table if top is None else table.head(top)
    first = table.iloc[0] if len(table) else None
    lines = [f"What the record says about the assumptions: {condition}",
             "" if first is None else f"({first['matching']:,} of {first['worlds']:,} worlds match)", "",
             f"{'assumption':<32}{'range':>20}{'all':>9}{'matching':>10}{'shift':>8}{'KS':>7}{'p':>9}"]
    for r in shown.itertuples(index=False):
        lines.append(f"{r.assumption:<32}{f'{r.low:g} to {r.high:g}':>20}{r.mean_all:>9.3g}{r.mean_matching:>10.3g}"
                     f"{100 * r.shift:>+7.1f}%{r.ks:>7.3f}{r.p:>9.2g}")
    note = ("all, matching: the mean over all worlds and over the matching ones; shift: their difference as a share "
            "of the plausible range; KS: the two-sample Kolmogorov-Smirnov statistic, matching worlds against the "
            "others (0: the record leaves the assumption as drawn), with its p-value. Ranked by KS. With "
            f"{len(table)} judgements, about {len(table) / 20:.0f} fall below p = 0.05 by chance alone.")
    lines += ["", textwrap.fill(note, 100)]
    return "\n".join(lines)


def plot_assumptions(table: pd.DataFrame, worlds: pd.DataFrame, matching: np.ndarray, top: int = 12,
                     columns: int = 4):
    """Small multiples: each of the ``top`` ranked judgements' histogram over all worlds
    and over the matching ones (densities, on its plausible range). Returns the figure."""
    from matplotlib.figure import Figure

    shown = table.head(top)
    rows = max(1, -(-len(shown) // columns))
    with_style = STYLE | {"font.size": 13, "axes.titlesize": 13, "xtick.labelsize": 11, "ytick.labelsize": 11}
    import matplotlib as mpl
    from matplotlib.ticker import MaxNLocator

    with mpl.rc_context(with_style):
        fig = Figure(figsize=(4.6 * columns, 3.3 * rows + 0.8), layout="constrained")
        axes = fig.subplots(rows, columns, squeeze=False)
        for ax, r in zip(axes.flat, shown.itertuples(index=False)):
            values = worlds[PARAM + r.assumption].to_numpy(dtype=float)
            bins = np.linspace(r.low, r.high, 16)
            ax.hist(values, bins=bins, density=True, color="#bbbbbb", label=f"all worlds ({values.size:,})")
            ax.hist(values[matching], bins=bins, density=True, histtype="step", linewidth=2.4, color=OKABE_ITO[5],
                    label=f"worlds that lived our history ({int(matching.sum()):,})")
            ax.set_title(f"{r.assumption}\nKS {r.ks:.2f}, shift {100 * r.shift:+.0f}% of range")
            ax.set_yticks([])
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.grid(False)
        for ax in axes.flat[len(shown):]:
            ax.set_visible(False)
        handles, names = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside upper center", ncol=2, frameon=False)
    return fig
