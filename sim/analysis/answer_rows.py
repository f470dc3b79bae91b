"""The rows a page shows of a paired comparison of one what-if: its shares, its dates and
when its worlds part from their twins, every number read from the comparison's table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .chronicle import chronicle, when
from .compare import Comparison
from .plots.common import OUTCOME_LABELS
from .summary import wilson
from .whatifs import by_end


def share_rows(comparison: Comparison) -> pd.DataFrame:
    """One row per outcome that is a share: both shares with Wilson intervals, the paired
    difference with its Newcombe interval, and the share of pairs that flipped. A date
    outcome's row is whether it happens by the end of the baseline's period."""
    t = comparison.table
    t = t[(t["kind"] == "share").to_numpy()]
    end = by_end(_period(comparison)[1])
    rows = []
    for r in t.itertuples(index=False):
        name = str(r.outcome)
        label = OUTCOME_LABELS.get(name, name) + (f" ({end})" if r.statistic == "happens" else "")
        row = {"outcome": name, "label": label, "n": int(r.n)}
        for side, value in (("base", r.base_value), ("whatif", r.whatif_value)):
            lo, hi = wilson(round(value * r.n), r.n)
            row |= {side: value, f"{side}_low": float(lo), f"{side}_high": float(hi)}
        row |= {"difference": r.difference, "ci_low": r.ci_low, "ci_high": r.ci_high, "flipped": r.flipped}
        rows.append(row)
    return pd.DataFrame(rows)


def _period(comparison: Comparison):
    base = comparison.scenarios[comparison.base].to_dict()["period"]
    return tuple(pd.Timestamp(base[k]).date() for k in ("start", "end"))


def date_rows(comparison: Comparison) -> pd.DataFrame:
    """One row per date outcome: the median date in each scenario and the median paired
    shift in days with its sign-test interval (over pairs where it happens in both)."""
    t = comparison.table
    t = t[(t["statistic"] == "median shift").to_numpy()]
    return pd.DataFrame({
        "outcome": t["outcome"].astype(str).to_numpy(),
        "label": [OUTCOME_LABELS.get(o, o) for o in t["outcome"].astype(str)],
        "base": t["base_date"].to_numpy(), "whatif": t["whatif_date"].to_numpy(),
        "shift": t["difference"].to_numpy(), "ci_low": t["ci_low"].to_numpy(), "ci_high": t["ci_high"].to_numpy(),
        "n": t["n"].to_numpy(),
    })


def divergence_summary(comparison: Comparison) -> dict:
    """How many pairs of worlds part, the median week they do, and, in the pair that parts
    earliest, what each twin's chronicle tells of that week (sentences, not log rows)."""
    d = comparison.divergence
    parted = d[d["diverges"].notna()]
    out = {"pairs": len(d), "parted": len(parted), "median": None, "first": None}
    if len(parted):
        days = parted["diverges"].to_numpy("datetime64[D]")
        out["median"] = pd.Timestamp(np.sort(days)[(len(days) - 1) // 2]).date()
        first = parted.sort_values(["diverges", "world"]).iloc[0]
        world, date = int(first["world"]), pd.Timestamp(first["diverges"]).date()
        told = {side: _week(comparison.results[label], world, date)
                for side, label in (("base", comparison.base), ("whatif", comparison.whatifs[0]))}
        out["first"] = {"world": world, "date": date, **told}
    return out


def _week(result, world: int, date) -> str | None:
    """What the chronicle of ``world`` tells of the week of ``date``; None if nothing."""
    week = f"Week of {when(date)}: "
    told = [s.removeprefix(week) for s in chronicle(result, world) if s.startswith(week)]
    return " ".join(told) or None
