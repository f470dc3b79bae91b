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
from .given import fact_holds, facts_upto
from .sources import cite
from .summary import wilson


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
