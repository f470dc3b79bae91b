"""What decides a what-if, in sentences a historian reads.

:func:`what_decides` turns the table of a sensitivity study
(:func:`sim.analysis.sensitivity.sensitivity`: indices per parameter and the mean outcome
with each parameter in the lower, middle and upper third of its range) into sentences
such as "If the weight of German success ... lies in the lower third of its range, Japan
attacks the USSR before 1 January 1944 in about 1 world in 5". The report prints them
in its section "What decides this what-if".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .measure import parse, words

FLIP = 0.25
"""Smallest change of a share between the lower and upper third that is called a flip
(when it also crosses one half)."""


def share_words(p: float) -> str:
    """A share as words and a percentage: "about 1 world in 5 (21%)", "about 7 worlds in 10 (72%)",
    "all but about 1 world in 20 (95%)"."""
    if p < 0.01:
        return f"almost no world ({p:.1%})"
    if p > 0.99:
        return f"almost every world ({p:.1%})"
    if p < 0.25:
        return f"about 1 world in {int(1 / p + 0.5)} ({p:.0%})"
    if p > 0.75:
        return f"all but about 1 world in {int(1 / (1 - p) + 0.5)} ({p:.0%})"
    return f"about {int(10 * p + 0.5)} worlds in 10 ({p:.0%})"


def _count(x: float, noun: str, signed: bool = False) -> str:
    """``x`` rounded to a whole number with ``noun`` in the singular or plural: "+1 point", "12 days"."""
    text = f"{x:+.0f}" if signed else f"{x:.0f}"
    return f"{text} {noun}" if text.lstrip("+-") == "1" else f"{text} {noun}s"


def _value(unit: str, whatif: float, effect: float | None, origin: str | None = None) -> str:
    """The outcome in one third, with the paired effect of the what-if when there is one.

    A median date is given as a date when ``origin`` (the start of the period) is known.
    """
    if unit == "share":
        text = f"in {share_words(whatif)}"
        return text if effect is None else f"{text}, {_count(effect * 100, 'point', signed=True)} on the baseline"
    if unit == "days":
        if effect is not None:
            return (f"{_count(abs(effect), 'day')} {'later' if effect > 0 else 'earlier'} than in the baseline "
                    "(median of paired worlds)")
        if isinstance(origin, str):
            day = dt.date.fromisoformat(origin) + dt.timedelta(days=round(whatif))
            return f"with a median date of {day.strftime('%-d %B %Y')}"
        return f"with a median {whatif:.0f} days after the start of the period"
    text = f"averaging {whatif:.3g}"
    return text if effect is None else f"{text} ({effect:+.3g} on the baseline)"


def what_decides(table: pd.DataFrame, top: int = 3) -> list[str]:
    """Sentences on the ``top`` parameters of a sensitivity ``table``, most decisive first.

    The figure for each third is the mean over the points of the study with the
    parameter in that third, so it is averaged over the ranges of the other parameters.

    The table needs ``parameter, meaning, low, high``, the index it is ranked by
    (``mu_star`` or ``ST``), ``outcome``, ``unit``, ``baseline``, and the per-third means
    ``y_lower, y_upper`` (the analysed value: the paired difference with a baseline) and,
    with a baseline, ``whatif_lower, whatif_upper`` (the what-if alone). A parameter
    whose index is zero is not said to decide anything.
    """
    if table.empty:
        return []
    key = "mu_star" if "mu_star" in table else "ST"
    first = table.iloc[0]
    unit, outcome = first["unit"], words(parse(first["outcome"]))
    paired = isinstance(first.get("baseline"), str) and bool(first.get("baseline"))
    ranked = table.sort_values(key, ascending=False, kind="stable")
    ranked = ranked[ranked[key] > 0].head(top)
    if ranked.empty:
        return [f"None of the {len(table)} assumptions studied changes whether {outcome}."]
    index = "mu*" if key == "mu_star" else "total-order index"
    sentences = []
    for _, row in ranked.iterrows():
        a, b = row["low"] + (row["high"] - row["low"]) / 3, row["high"] - (row["high"] - row["low"]) / 3
        ends = []
        for third, lo, hi in (("lower", row["low"], a), ("upper", b, row["high"])):
            whatif = row[f"whatif_{third}"] if paired else row[f"y_{third}"]
            effect = row[f"y_{third}"] if paired else None
            ends.append((third, lo, hi, whatif, _value(unit, whatif, effect, row.get("origin"))))
        (_, l0, l1, w_low, low_text), (_, u0, u1, w_high, high_text) = ends
        # the answer flips: from less likely than not to more likely, by a wide margin
        flips = unit == "share" and (w_low < 0.5) != (w_high < 0.5) and abs(w_high - w_low) >= FLIP
        conf = row.get(f"{key}_conf")
        conf_text = f" +- {conf:.2g}" if pd.notna(conf) else ""
        sentences.append(
            f"{row['meaning'][:1].upper()}{row['meaning'][1:]} ({row['parameter']}, {index} "
            f"{row[key]:.2g}{conf_text}). If it lies in the lower third of its range ({l0:.3g} to {l1:.3g}), "
            f"{outcome} {low_text}; in the upper third ({u0:.3g} to {u1:.3g}), {high_text}."
            + (" Within this range the answer flips." if flips else ""))
    return sentences

