"""How many simulated worlds lived our history: the record's facts, each with the share of
worlds that meet it, and the share that meets every fact up to its date.

``pactsim record`` prints this table (:func:`record_table`, :func:`format_record`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..world.vocabulary import OUTCOMES
from ..world.vocabulary.record import RECORD, Fact
from .given import condition, fact_holds, facts_upto, match, parse_given
from .sources import cite
from .summary import wilson
from .whatifs import heading, measure


def fact_words(fact: Fact) -> str:
    """The fact as a historian reads it: "Japan strikes south (war with the US): 1 Nov 1941 to 31 Jan 1942"."""
    label = OUTCOMES[fact.outcome].label
    if fact.window is not None:
        start, end = (d.strftime("%-d %b %Y") for d in fact.window)
        return f"{label}: {start} to {end}"
    if fact.never:
        return f"{label}: never"
    if fact.values is not None:
        return f"{label}: {fact.values[0]:g} to {fact.values[1]:g} {OUTCOMES[fact.outcome].unit}".rstrip()
    if isinstance(fact.equals, bool):
        return f"{label}: {'yes' if fact.equals else 'no'}"
    return f"{label}: {'the USSR' if fact.equals == 'ussr' else fact.equals.capitalize()}"


def record_table(worlds: pd.DataFrame) -> pd.DataFrame:
    """One row per fact, in the order of its date, and a last row for the whole record.

    ``each``: the share of ``worlds`` that meet the fact alone (a ``never`` fact over the
    whole period); ``all``: the share that meet the record up to and including the fact's
    date (``--given record@`` the next day; a ``never`` fact read up to it), with its
    Wilson interval (missing for a ``never`` fact, which has no date).
    """
    rows = []
    for fact in sorted(RECORD, key=lambda f: (not f.never, f.at or dt.date.min)):
        row = {"fact": fact_words(fact), "date": "" if fact.never else fact.at.isoformat(),
               "source": cite(fact.source), "each": float(fact_holds(fact, worlds).mean())}
        rows.append(row | ({} if fact.never else _matching(worlds, fact.at + dt.timedelta(days=1))))
    rows.append({"fact": "the whole record (--given record)", "date": "", "source": "",
                 "each": float("nan")} | _matching(worlds, None))
    return pd.DataFrame(rows)


def _matching(worlds: pd.DataFrame, upto: dt.date | None) -> dict:
    kept = np.ones(len(worlds), dtype=bool)
    for fact in facts_upto(upto):
        kept &= fact_holds(fact, worlds, upto)
    k, n = int(kept.sum()), len(worlds)
    low, high = wilson(k, n)
    return {"all": k / n, "all_low": float(low), "all_high": float(high), "matching": k, "worlds": n}


def format_record(table: pd.DataFrame, title: str, seed: int) -> str:
    """The record table in lines of at most 100 characters: facts, their shares, and sources."""
    n = int(table["worlds"].dropna().iloc[0])
    lines = [f"The record, and the worlds of {title} that meet it ({n:,} worlds, seed {seed})", "",
             f"{'date':<11}{'fact':<60}{'meets it':>9}  {'all up to it [95% CI]':<20}"]
    for r in table.itertuples(index=False):
        fact = r.fact if len(r.fact) <= 58 else r.fact[:57] + "…"
        each = "" if pd.isna(r.each) else f"{100 * r.each:.1f}%"
        both = "" if pd.isna(r.all) else f"{100 * r.all:.1f}% [{100 * r.all_low:.1f}, {100 * r.all_high:.1f}]"
        lines.append(f"{r.date:<11}{fact:<60}{each:>9}  {both}".rstrip())
        if r.source:
            lines.append(f"{'':<13}{r.source}")
    lines += ["", "meets it: the fact alone (a 'never' fact over the whole period). all up to it: every fact dated",
              "up to that day, a 'never' fact read up to it (--given record@DATE with the next day)."]
    return "\n".join(lines)


def given_rows(base, whatif, base_worlds: pd.DataFrame, whatif_worlds: pd.DataFrame, outcomes: list[str],
               conditions: list[str | None]) -> pd.DataFrame:
    """A what-if's outcomes on all pairs and on those whose baseline twin meets each of
    ``conditions`` (``None``: all worlds): per outcome (a measure, a date column alone
    meaning it happens within the period), the what-if's share and its twins' in history."""
    measures = [measure(text, base.end) for text in outcomes]
    twins = whatif_worlds.set_index("world")
    rows = []
    for text in conditions:
        kept, row = base_worlds, {"given": text or "", "pairs": len(base_worlds), "of": len(base_worlds)}
        if text is not None:
            matched = match(condition(parse_given(text, base.start, base.end), base, whatif), base_worlds)
            kept = base_worlds[base_worlds["world"].isin(matched.worlds)]
            row |= {"pairs": matched.pairs, "condition": matched.condition.words}
        pair = twins.loc[kept["world"]].reset_index()
        for t, m in zip(outcomes, measures):
            row[t] = float(m.summarise(m.per_world(pair, whatif.start, whatif.end)))
            row[f"history:{t}"] = float(m.summarise(m.per_world(kept, base.start, base.end)))
        rows.append(row)
    return pd.DataFrame(rows)


def given_markdown(table: pd.DataFrame, whatif, outcomes: list[str], worlds: int, seed: int) -> str:
    """The README's table of a what-if read on all worlds and on those that lived our history."""
    heads = [heading(t, whatif.end) for t in outcomes]
    lines = [f"| worlds read, what-if: {whatif.title} | {' | '.join(heads)} |",
             "|---|" + "---|" * len(outcomes)]
    for r in table.to_dict("records"):
        read = "all" if not r["given"] else f"{r['condition']}, `--given {r['given']}` ({r['pairs']:,})"
        cells = [f"{100 * r[t]:.1f}% (history {100 * r[f'history:{t}']:.1f}%)" for t in outcomes]
        lines.append(f"| {read} | {' | '.join(cells)} |")
    lines += ["", f"{worlds:,} paired worlds, seed {seed}; in brackets the number of pairs whose historical twin "
              f"meets the condition."]
    return "\n".join(lines)
