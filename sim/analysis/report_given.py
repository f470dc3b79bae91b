"""The report's section "Given the record": each what-if's answer over all pairs beside its
answer on the pairs whose baseline twin lived our history, and what that selection says
about the assumptions (in English, like the section on sensitivity studies)."""

from __future__ import annotations

import numpy as np

from .assumptions import assumption_table, plot_assumptions
from .compare import Comparison, format_table
from .given import MIN_MATCHING
from .plots.common import OUTCOME_LABELS

TOP_ASSUMPTIONS = 10
"""Judgements listed (and drawn) in the section."""


def given_section(comparison: Comparison, conditioned: Comparison, svg) -> dict:
    """The section's content: per what-if the two answers side by side with their pairs,
    and the assumptions ranked by how far the matching baseline worlds depart from all.
    ``svg(fig, prefix, label)`` inlines a figure."""
    whatifs = []
    for w in comparison.whatifs:
        matched = conditioned.matches[w]
        every = format_table(comparison.table[comparison.table["whatif"] == w])
        given = format_table(conditioned.table[conditioned.table["whatif"] == w])
        rows = [{"outcome": OUTCOME_LABELS.get(a["outcome"], a["outcome"]), "statistic": a["statistic"],
                 "all": _cell(a), "given": _cell(g), "all_base": a["baseline"], "given_base": g["baseline"]}
                for a, g in zip(every.to_dict("records"), given.to_dict("records"))]
        whatifs.append({"label": w, "title": getattr(comparison.scenarios[w], "title", w),
                        "words": matched.condition.words, "text": matched.condition.given.text,
                        "pairs": f"{matched.pairs:,}", "of": f"{matched.of:,}",
                        "warning": matched.warning() if matched.pairs < MIN_MATCHING else "", "rows": rows})
    first = conditioned.matches[comparison.whatifs[0]]
    base = comparison.results[comparison.base].worlds
    matching = np.isin(base["world"].to_numpy(), first.worlds)
    table = assumption_table(base, matching)
    shown = table.head(TOP_ASSUMPTIONS)
    figure = (svg(plot_assumptions(table, base, matching, TOP_ASSUMPTIONS), "given", "assumptions")
              if len(table) else "")
    return {"whatifs": whatifs, "words": first.condition.words, "assumptions": [
        {"name": r.assumption, "range": f"{r.low:g} to {r.high:g}", "all": f"{r.mean_all:.3g}",
         "matching": f"{r.mean_matching:.3g}", "shift": f"{100 * r.shift:+.1f}%", "ks": f"{r.ks:.3f}",
         "p": f"{r.p:.2g}"} for r in shown.itertuples(index=False)], "judgements": len(table), "figure": figure}


def _cell(row: dict) -> str:
    if row["note"]:
        return "-"
    return f"{row['difference']} {row['95% CI']}".strip()

