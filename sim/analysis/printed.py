"""A comparison as a terminal prints it: one block per what-if, one line per statistic
under its outcome, no column left empty, and lines of at most 100 characters."""

from __future__ import annotations

import textwrap

import pandas as pd

from .compare import Comparison
from .given import MIN_MATCHING

WIDTH = 100

VALUES = ["difference", "95% CI", "baseline", "what-if value", "pairs", "flipped"]
"""The columns of :meth:`Comparison.formatted` printed under each outcome."""


def comparison_text(comparison: Comparison, lang: str = "en") -> str:
    """The paired table of every what-if of ``comparison``: a heading per what-if (with
    the matching pairs, given a condition), then per outcome its statistics, a note in
    place of the values where they are not shown."""
    table = comparison.formatted(lang)
    widths = {c: max(len(c), *table[c].str.len()) for c in ["statistic", *VALUES]} if len(table) else {}
    parts = []
    for whatif in comparison.whatifs:
        rows = table[table["what-if"] == whatif]
        lines = [f"{whatif} against {comparison.base}"]
        matched = comparison.matches.get(whatif)
        if matched is not None:
            lines += textwrap.wrap(matched.words, WIDTH, initial_indent="  ", subsequent_indent="  ")
            if matched.pairs < MIN_MATCHING:
                lines += textwrap.wrap(matched.warning(), WIDTH, initial_indent="  ", subsequent_indent="  ")
        lines.append("  " + _row({c: c for c in widths}, widths))
        for outcome, block in rows.groupby("outcome", sort=False):
            lines.append(str(outcome))
            lines += ["  " + (_row(r, widths) if not r["note"] else f"{r['statistic']:<{widths['statistic']}}  "
                              f"{r['note']}") for r in block.to_dict("records")]
        parts.append("\n".join(line.rstrip() for line in lines))
    return "\n\n".join(parts)


def _row(row: dict | pd.Series, widths: dict) -> str:
    return f"{row['statistic']:<{widths['statistic']}}" + "".join(
        f"  {row[c]:>{widths[c]}}" for c in VALUES)
