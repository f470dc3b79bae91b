"""The what-if table: each bundled what-if's outcomes on the same worlds as history,
written in the measure language (:mod:`sim.analysis.measure`) and read over each
scenario's own period; given a condition, on the pairs whose historical twin meets it.

``pactsim whatifs`` prints it; ``--markdown`` is the README's table.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import numpy as np
import pandas as pd

from ..world.vocabulary import OUTCOMES
from .given import MIN_MATCHING, Given, condition, few_pairs, match
from .measure import Measure, parse, words

COLUMNS = (
    ("south by Jan 1942", "japan_strikes_south<1942-02-01"),
    ("Japan attacks USSR before 1944", "japan_attacks_ussr<1944-01-01"),
    ("Japan attacks USSR", "japan_attacks_ussr"),
    ("Soviet divisions west 1941 (mean)", "soviet_divisions_west_1941"),
    ("Moscow falls", "moscow_falls"),
    ("pact denounced", "pact_denounced"),
    ("USSR attacks Japan", "ussr_attacks_japan"),
    ("Germany surrenders", "germany_surrenders"),
    ("Japan surrenders", "japan_surrenders"),
    ("USSR holds Manchuria", "ussr_gains_manchuria"),
    ("armistice", "soviet_japanese_armistice"),
)
"""The table's columns: a heading and a measure (a date column alone: it happens within
the period)."""

SPLIT = ("stalingrad_german_victory", "japan_attacks_ussr<1944-01-01",
         ("japan.w_german_success", "japan.german_saturation", "japan.w_us_war", "us.burden_per_loss"))
"""The what-if, the outcome and the assumptions its answer is split by (lower against
upper half of each assumption's drawn values)."""


def by_end(end: dt.date) -> str:
    """"by April 1946": the end of a scenario's period, for an event that happens at all."""
    return f"by {end.strftime('%B %Y')}"


def measure(text: str, end: dt.date) -> Measure:
    """``text`` as a measure; a date column alone means it happens before ``end`` is out."""
    m = parse(text)
    return parse(f"{m.column}<{end + dt.timedelta(days=1)}") if m.unit == "days" else m


def heading(text: str, end: dt.date) -> str:
    """A measure in words, a date column alone as happening by the period's end."""
    m = parse(text)
    return f"{OUTCOMES[m.column].label} {by_end(end)}" if m.unit == "days" else words(m)


def headings(end: dt.date) -> list[str]:
    """The column headings, a date column's with the period's end."""
    return [f"{head} {by_end(end)}" if parse(text).unit == "days" else head for head, text in COLUMNS]


def whatif_rows(runs: dict, given: Given | None = None) -> pd.DataFrame:
    """One row per scenario of ``runs`` (label: (scenario, worlds), history first): each
    column's value on its worlds; given a condition, on those whose historical twin meets
    it, with ``pairs``, ``of`` and, per column, ``history:<heading>`` (the twins' value)."""
    (base, history), *_ = runs.values()
    end = base.end
    measures = [measure(text, end) for _, text in COLUMNS]
    rows = {}
    for label, (scenario, worlds) in runs.items():
        row, twins = {}, history
        if given is not None:
            kept = match(condition(given, base, scenario), history)
            row |= {"pairs": kept.pairs, "of": kept.of, "given": given.text}
            worlds, twins = (w[w["world"].isin(kept.worlds)] for w in (worlds, history))
        for head, m in zip(headings(end), measures):
            row[head] = float(m.summarise(m.per_world(worlds, scenario.start, scenario.end)))
            if given is not None:
                row[f"history:{head}"] = float(m.summarise(m.per_world(twins, base.start, base.end)))
        rows[label] = row
    return pd.DataFrame(rows).T


def split_rows(runs: dict) -> dict[str, tuple[float, float]]:
    """The :data:`SPLIT` what-if's outcome in the worlds that drew the lower and the upper
    half of each assumption."""
    name, text, params = SPLIT
    scenario, worlds = runs[name]
    hit = parse(text).per_world(worlds, scenario.start, scenario.end)
    out = {}
    for param in params:
        drawn = worlds[f"param:{param}"].to_numpy()
        low = drawn < np.median(drawn)
        out[param] = (float(hit[low].mean()), float(hit[~low].mean()))
    return out


def _cell(value: float, head: str, markdown: bool) -> str:
    if "(mean)" in head:
        return f"{value:.1f}"
    text = f"{100 * value:.0f}%"
    return f"**{text}**" if markdown and (value > 0.95 or value < 0.05) else text


def _cells(row: pd.Series, heads: list[str], markdown: bool) -> list[str]:
    out = []
    for head in heads:
        cell = _cell(row[head], head, markdown)
        if f"history:{head}" in row:
            cell += f" ({_cell(row[f'history:{head}'], head, False)})"
        out.append(cell)
    return out


def whatifs_text(table: pd.DataFrame, worlds: int, seed: int, width: int = 100) -> str:
    """The table for a terminal: percentages, headings wrapped over lines, the columns in
    blocks of at most ``width`` characters, and what it was computed on."""
    heads = [c for c in table.columns if c not in ("pairs", "of", "given") and not c.startswith("history:")]
    columns = {
        h: [_cells(row, [h], False)[0] for _, row in table.iterrows()] for h in heads}
    if "pairs" in table:
        columns = {"pairs": [f"{int(p):,} of {int(n):,}" for p, n in zip(table["pairs"], table["of"])]} | columns
    names = [str(i) for i in table.index]
    left = max(map(len, names)) + 1
    blocks, block, used = [], [], left
    for head, cells in columns.items():
        size = max(12, *map(len, cells)) + 2
        if block and used + size > width:
            blocks.append(block)
            block, used = [], left
        block.append((textwrap.wrap(head, size - 2), cells, size))
        used += size
    blocks.append(block)
    lines = []
    for block in blocks:
        depth = max(len(h) for h, _, _ in block)
        for i in range(depth):
            lines.append((" " * left + "".join(
                (h[i - depth + len(h)] if i >= depth - len(h) else "").rjust(size) for h, _, size in block)).rstrip())
        lines += [names[r].ljust(left) + "".join(cells[r].rjust(size) for _, cells, size in block)
                  for r in range(len(names))]
        lines.append("")
    return "\n".join(lines + textwrap.wrap(_footer(table, worlds, seed), width))


def _footer(table: pd.DataFrame, worlds: int, seed: int) -> str:
    text = (f"{worlds:,} worlds each, seed {seed}, judgement parameters sampled per world; world k of a what-if is "
            f"the twin of world k of history.")
    if "pairs" in table:
        text += (f" Given {table['given'].iloc[0]}: read on the pairs whose historical twin meets it (pairs: "
                 "matching of all); in parentheses, the same worlds in history.")
        fewest = table.loc[table["pairs"].astype(int).idxmin()]
        if fewest["pairs"] < MIN_MATCHING:
            text += f" {few_pairs(int(fewest['pairs']), int(fewest['of']))}"
    return text


def whatifs_markdown(table: pd.DataFrame, splits: dict, worlds: int, seed: int) -> str:
    """The README's what-if table and the split of :data:`SPLIT`."""
    heads = [c for c in table.columns if c not in ("pairs", "of", "given") and not c.startswith("history:")]
    lines = ["| scenario | " + " | ".join(heads) + " |", "|---|" + "---|" * len(heads)]
    for name, row in table.iterrows():
        lines.append(f"| `{name}` | " + " | ".join(_cells(row, heads, True)) + " |")
    lines += ["", f"{worlds:,} worlds each, seed {seed}, judgement parameters sampled per world; a share in bold is "
              "above 95% or below 5%.", "",
              "After a German victory at Stalingrad, Japan attacks the USSR before 1944 in this share of worlds, "
              "by the half of each assumption's plausible range the world drew:", "",
              "| assumption | lower half | upper half |", "|---|---|---|"]
    for param, (low, high) in splits.items():
        lines.append(f"| `{param}` | {100 * low:.0f}% | {100 * high:.0f}% |")
    return "\n".join(lines)
