"""How much of the spread each assumption carries, read from an ensemble already run.

Every world of a ``sampled`` scenario draws each judgement parameter from its plausible
range and records it in a ``param:<name>`` column of its worlds table. The outcome then
differs between worlds for two reasons: the dice, and the assumptions. :func:`split`
says, for one outcome, how much of its variance across worlds each assumption carries
*on its own* (its first-order share, the Sobol' index S1 estimated from the given worlds):

    share = Var(E[y | parameter]) / Var(y)

The conditional mean is taken over ``m`` bins of equal count of the parameter's values
(deciles from 500 worlds on, fewer below: :func:`bins_for`), so the share is the
correlation ratio of a one-way analysis of variance. Computed naively, a parameter that
does nothing still reads about ``(m - 1) / (n - 1)``: the bins' means differ by chance.
That bias is subtracted (Kelley's epsilon-squared, the adjusted R² of the bins):

    share = (SS_between - (m - 1) * MS_within) / SS_total

so a parameter that does nothing reads about 0 (a little below or above). The **noise
line** is the largest share such a parameter reaches by chance at the 1% level,
family-wise over the assumptions of the table (Bonferroni; from the F distribution of
``SS_between``); a share under it is marked ``noise`` and is not reported as carrying
anything. The shares of all assumptions add up to what they carry on their own together;
the rest is the dice and the assumptions acting together (interactions).

**What is split.** A yes/no outcome (a flag, a party, a measure such as
``japan_attacks_ussr<1944-01-01``): its 0/1 value, so the share is of the variance of
"whether". A date has two aspects, and a historian asks both: *whether* it happens by
the end of the period (0/1; the first figure the summary gives for a date) and *when*,
in days, among the worlds where it happens (a date that never comes has no day, and
counting it as the end of the period would mix the two questions). A number: its value.
For a paired comparison (:func:`split_effect`) the same on the difference world by
world, what-if minus baseline, so that an assumption that moves both twins alike
carries nothing of the effect.

**Thirds.** For the top assumptions, the outcome among the worlds whose value lies in
the lower and upper third of the assumption's plausible range (the catalogue's, or the
span of the values drawn where a scenario set its own), with a 95% interval and the
number of worlds in each third: a share with Wilson's interval, a date's median with the
order-statistics interval, a paired difference with Newcombe's or the median shift's
(the statistics of :mod:`sim.analysis.paired`).

**Why not SALib.** ``SALib.analyze.delta`` estimates S1 from any sample, but its
estimate keeps the positive noise floor above (a parameter that does nothing reads
about 0.002 on 10,000 worlds; here that is the size of a real effect), its bootstrap
takes 16 s for one outcome on 10,000 worlds x 94 assumptions (2 s with 10 resamples;
twice that on a busy machine), and SALib is an optional dependency while the summary is
not. The estimate here is a few lines of numpy for every assumption at once: 0.06 s for
one outcome on 10,000 worlds, 0.2 s for the whole section, whose targets share one
sorting of each assumption (``benchmarks/spread.py``).
``pactsim sensitivity`` (:mod:`sim.analysis.sensitivity`) remains the full analysis on a
designed sample, with total-order indices.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..world.outcomes import BOOL_OUTCOMES, PARAM
from ..world.vocabulary import CATALOGUE, OUTCOMES
from .decides import share_words
from .measure import Measure, parse, words
from .paired import mean_ci, paired_share
from .summary import wilson

LEVEL = 0.01
"""Family-wise chance that some assumption with no effect is shown above the noise line."""
MAIN = ("japan_strikes_south", "japan_attacks_ussr", "pact_denounced", "ussr_attacks_japan",
        "germany_surrenders", "japan_surrenders", "ussr_gains_manchuria")
"""The outcomes whose spread the summary, compare and the report split."""
RARE = 0.02
"""A yes/no outcome (or its change) in fewer than this share of worlds, or in all but
this share, has too little spread to split."""
MIN_WORLDS = 30
"""Fewest worlds (or pairs) for a split, and for the date of an event in a third."""
TOP = 5

MOST = 20_000
"""The main splits of a larger run use its first this many worlds (the lowest-numbered:
worlds are exchangeable, so they are a random sample of the run). The noise line is then
already about 0.1%; splitting 200,000 worlds would take ten times as long (0.25 s for
20,000 here, 0.7 s for 60,000) and about half a gigabyte for each assumption's order."""
JUDGEMENTS = frozenset(name for name, p in CATALOGUE.items() if p.plausible is not None)
"""The catalogue's judgements: those a ``sampled`` scenario draws per world."""


@dataclass(frozen=True)
class Target:
    """One thing whose spread is split: an outcome column and the aspect of it."""

    column: str
    aspect: str
    """``whether`` (a date happens by the end), ``when`` (its date, where it happens),
    ``share`` (a yes/no value) or ``value`` (a number)."""
    measure: Measure | None = None
    """The measure of a yes/no value written as text (``pact_breached_by==japan``)."""

    @property
    def unit(self) -> str:
        """``share``, ``date`` or ``mean``."""
        return {"whether": "share", "share": "share", "when": "date"}.get(self.aspect, "mean")

    @property
    def words(self) -> str:
        """The target in English: "Japan attacks the USSR: whether it happens"."""
        if self.measure is not None:
            return words(self.measure)
        label = OUTCOMES[self.column].label
        return {"whether": f"{label}: whether it happens", "when": f"{label}: when it happens"}.get(self.aspect, label)

    def values(self, worlds: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Each world's value (days since 1970 for ``when``) and where it is defined."""
        x = worlds[self.column]
        if self.measure is not None:
            return self.measure.per_world(worlds, _EPOCH.date(), _EPOCH.date()), np.ones(len(x), bool)
        if self.aspect == "whether":
            return x.notna().to_numpy(float), np.ones(len(x), bool)
        if self.aspect == "when":
            days = ((x - _EPOCH).dt.total_seconds() / 86400).to_numpy(float)
            return np.nan_to_num(days), x.notna().to_numpy()
        values = x.astype(float).to_numpy()
        return np.nan_to_num(values), ~np.isnan(values)


_EPOCH = pd.Timestamp("1970-01-01")


def targets(text: str) -> list[Target]:
    """The targets of an outcome written as a column (a date gives ``whether`` and
    ``when``) or as a measure (``japan_attacks_ussr<1944-01-01``, ``pact_breached_by==japan``,
    see :mod:`sim.analysis.measure`)."""
    m = parse(text)
    kind = OUTCOMES[m.column].kind
    if m.op:
        return [Target(m.column, "share", m)]
    if kind == "date":
        return [Target(m.column, "whether"), Target(m.column, "when")]
    return [Target(m.column, "share" if kind == "bool" else "value")]


def param_columns(worlds: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The ``param:`` columns that vary between worlds, and those that are constant (pinned)."""
    cols = [c for c in worlds.columns if c.startswith(PARAM)]
    values = worlds[cols].to_numpy(float)
    varies = np.nanmax(values, axis=0) > np.nanmin(values, axis=0) if len(worlds) else np.zeros(len(cols), bool)
    return [c for c, v in zip(cols, varies) if v], [c for c, v in zip(cols, varies) if not v]


def bins_for(n: int) -> int:
    """Bins of the parameter: deciles from 500 worlds on, else about 50 worlds a bin (at least 2)."""
    return int(min(10, max(2, n // 50)))


class Assumptions:
    """The sampled assumptions of some worlds, each put in order once.

    A section splits about ten targets of the same worlds; the worlds where a target is
    defined keep among themselves the order they have among all, so no target sorts again
    (sorting was two thirds of a split).
    """

    def __init__(self, params: pd.DataFrame) -> None:
        self.columns = list(params.columns)
        self.values = params.to_numpy(float)
        self.order = _orders(self.values)

    def order_within(self, mask: np.ndarray) -> np.ndarray:
        """Each parameter's order of the worlds of ``mask``, as positions among them."""
        if mask.all():
            return self.order
        position = np.cumsum(mask) - 1
        return position[self.order[mask[self.order]]].reshape(len(self.order), position[-1] + 1)


def first_order(y, X) -> tuple[np.ndarray, np.ndarray]:
    """The bias-corrected first-order share of the variance of ``y`` carried by each
    column of ``X`` (n worlds x k parameters), and the noise line of each.

    A constant ``y`` has no spread to split: shares and lines are 0.
    """
    return _first_order(y, _orders(np.asarray(X, float)))


def _orders(X: np.ndarray) -> np.ndarray:
    """Each column's order of the rows of ``X``, one row per column (k x n)."""
    # Sorting rows is twice as fast as sorting columns. Ties (a discrete parameter) are
    # split arbitrarily, which biases nothing.
    return np.argsort(np.ascontiguousarray(X.T), axis=1)


def _first_order(y, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`first_order`, given each parameter's order of the worlds (k x n)."""
    y = np.asarray(y, float)
    k, n = order.shape
    m = bins_for(n)
    if n < 2 * m or k == 0 or np.ptp(y) == 0:
        return np.zeros(k), np.zeros(k)
    starts = -(-np.arange(m) * n // m)  # equal-count bins: the world of rank r is in bin r * m // n
    counts = np.diff(starts, append=n)
    sums = np.add.reduceat(y[order], starts, axis=1)
    centre = y.mean()
    ss_total = float(((y - centre) ** 2).sum())
    ss_between = (sums ** 2 / counts).sum(axis=1) - n * centre ** 2
    ms_within = np.maximum(ss_total - ss_between, 0.0) / (n - m)
    share = (ss_between - (m - 1) * ms_within) / ss_total
    from scipy.special import fdtri  # the F quantile, imported here: scipy adds 0.3-0.5 s to a command's start

    critical = fdtri(m - 1, n - m, 1.0 - LEVEL / k)  # = scipy.stats.f.isf(LEVEL / k, m - 1, n - m)
    line = (m - 1) * (critical - 1) * ms_within / ss_total
    return share, line


def _third(unit: str, y: np.ndarray, pairs=None) -> dict:
    """The outcome of one third: value, 95% interval, worlds."""
    n = y.size
    if pairs is not None:
        b, w = pairs
        r = paired_share(b, w)
        return {"value": r["difference"], "ci_low": r["ci_low"], "ci_high": r["ci_high"], "n": n}
    if unit == "share":
        k = int(y.sum())
        lo, hi = wilson(k, n) if n else (np.nan, np.nan)
        return {"value": k / n if n else np.nan, "ci_low": float(lo), "ci_high": float(hi), "n": n}
    if n < MIN_WORLDS:
        return {"value": np.nan, "ci_low": np.nan, "ci_high": np.nan, "n": n}
    value, lo, hi = mean_ci(y)
    return {"value": value, "ci_low": lo, "ci_high": hi, "n": n}


def _range(name: str, x: np.ndarray) -> tuple[float, float]:
    """The plausible range of the catalogue where the values lie in it, else their span."""
    spec = CATALOGUE.get(name)
    if spec is not None and spec.plausible is not None:
        lo, hi = map(float, spec.plausible)
        if x.min() >= lo and x.max() <= hi:
            return lo, hi
    return float(x.min()), float(x.max())


def _split(target: Target, y, mask, assumptions: Assumptions, top: int | None,
           effect: bool = False, pairs=None) -> pd.DataFrame:
    """The table of :func:`split` for values ``y`` where ``mask``; ``effect``: ``y`` is a
    paired difference, and ``pairs`` (baseline, what-if 0/1 values) give the thirds of a
    paired share."""
    columns = assumptions.columns
    y = np.asarray(y, float)[mask]
    share, line = _first_order(y, assumptions.order_within(mask))
    base = {"outcome": target.column, "aspect": target.aspect, "target": target.words, "unit": target.unit,
            "effect": effect, "worlds": int(mask.size), "n": int(y.size), "bins": bins_for(y.size),
            "mean": float(y.mean()) if y.size else np.nan,
            "pinned": len(JUDGEMENTS - {c.removeprefix(PARAM) for c in columns}),
            "total": float(share.sum()), "together": float(share[share > line].sum())}
    table = pd.DataFrame({"parameter": [c.removeprefix(PARAM) for c in columns], "share": share, "noise": line})
    table["meaning"] = [CATALOGUE[p].meaning if p in CATALOGUE else "" for p in table["parameter"]]
    table["above"] = table["share"] > table["noise"]
    for key, value in base.items():
        table[key] = value
    table = table.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    rows = []
    for i, p in enumerate(table["parameter"]):
        row = {}
        if (top is None or i < top) and table.at[i, "above"]:
            x = assumptions.values[mask, columns.index(PARAM + p)]
            lo, hi = _range(p, x)
            row = {"low": lo, "high": hi}
            for third, sel in (("lower", x <= lo + (hi - lo) / 3), ("upper", x >= hi - (hi - lo) / 3)):
                part = None if pairs is None else (pairs[0][mask][sel], pairs[1][mask][sel])
                row |= {f"{third}_{k}": v for k, v in _third(target.unit, y[sel], part).items()}
        rows.append(row)
    return pd.concat([table, pd.DataFrame(rows, index=table.index)], axis=1)


def split(worlds: pd.DataFrame, target: Target | str, top: int | None = TOP) -> pd.DataFrame:
    """How much of the spread of ``target`` across ``worlds`` each sampled assumption carries.

    One row per assumption, largest share first: ``parameter, meaning, share, noise,
    above`` (the share is above the noise line), the target, ``n`` (worlds where it is
    defined), ``bins``, ``together`` (the sum of the shares above the line), ``total``
    (of all shares: unbiased, but noisy on few worlds), ``pinned`` (the catalogue's
    judgements that do not vary here); for the ``top`` assumptions above the line, ``low, high`` (the
    range) and per third ``lower_value, lower_ci_low, lower_ci_high, lower_n`` and the
    same for ``upper`` (a ``when`` value is days since 1970; see :func:`as_date`).
    Empty when no ``param:`` column varies.
    """
    target = targets(target)[0] if isinstance(target, str) else target
    y, mask = target.values(worlds)
    return _split(target, y, mask, _assumptions(worlds), top)


def _assumptions(worlds: pd.DataFrame) -> Assumptions:
    return Assumptions(worlds[param_columns(worlds)[0]])


def split_effect(base: pd.DataFrame, whatif: pd.DataFrame, target: Target | str, top: int | None = TOP) -> pd.DataFrame:
    """As :func:`split`, of the paired difference what-if minus baseline, world by world.

    Worlds are paired on ``(seed, world)``; the assumptions are the what-if's (a what-if
    that sets a parameter pins it). A ``when`` target is over the pairs where the event
    happens in both; the thirds of a ``whether`` or yes/no target give the paired
    difference of shares with Newcombe's interval.
    """
    target = targets(target)[0] if isinstance(target, str) else target
    return _split_effect(*_paired(base, whatif), target, top)


def _paired(base: pd.DataFrame, whatif: pd.DataFrame) -> tuple[pd.DataFrame, Assumptions]:
    """The what-if's worlds beside their baseline twins' outcomes (``column@b``), and the
    what-if's assumptions."""
    on = [c for c in ("seed", "world") if c in base and c in whatif]
    keep = [c for c in base.columns if not c.startswith(PARAM)]
    pairs = whatif.merge(base[keep], on=on, suffixes=("", "@b"))
    return pairs, _assumptions(pairs)


def _split_effect(pairs: pd.DataFrame, assumptions: Assumptions, target: Target, top: int | None) -> pd.DataFrame:
    w, w_ok = target.values(pairs)
    b, b_ok = target.values(pairs.drop(columns=target.column).rename(columns={f"{target.column}@b": target.column}))
    both = (w_ok & b_ok)
    share_pairs = (b.astype(bool), w.astype(bool)) if target.unit == "share" else None
    return _split(target, w - b, both, assumptions, top, True, share_pairs)


def as_date(days: float):
    """Days since 1970 (a ``when`` value) as a date; ``NaT`` for NaN."""
    return pd.NaT if pd.isna(days) else (_EPOCH + pd.Timedelta(days=round(days))).date()


# --- What to show --------------------------------------------------------------------

def _spread_enough(p: float) -> bool:
    return RARE <= p <= 1 - RARE


def main_targets(worlds: pd.DataFrame, outcomes=MAIN) -> list[Target]:
    """The targets of ``outcomes`` worth splitting in ``worlds``: whether a date happens
    where it is in doubt (between 2% and 98% of worlds), when it happens where it
    happens in most worlds (at least half, and 30), a yes/no outcome in doubt, a number."""
    out = []
    for column in [c for c in outcomes if c in worlds]:
        kind = OUTCOMES[column].kind
        if kind == "date":
            happens = worlds[column].notna()
            if _spread_enough(happens.mean()):
                out.append(Target(column, "whether"))
            if happens.mean() >= 0.5 and happens.sum() >= MIN_WORLDS:
                out.append(Target(column, "when"))
        elif kind == "bool" and _spread_enough(worlds[column].fillna(False).astype(bool).mean()):
            out.append(Target(column, "share"))
        elif kind == "number":
            out.append(Target(column, "value"))
    return out


def main_effect_targets(base: pd.DataFrame, whatif: pd.DataFrame, outcomes=MAIN) -> list[Target]:
    """The targets of ``outcomes`` whose effect varies enough to split: a yes/no value
    (or whether a date happens) that flips in at least 2% of pairs; the date where the
    event happens in both twins of most pairs and moves in at least 2% of them."""
    out = []
    on = [c for c in ("seed", "world") if c in base and c in whatif]
    outcomes = [c for c in outcomes if c in base and c in whatif]
    pairs = whatif[on + outcomes].merge(base[on + outcomes], on=on, suffixes=("", "@b"))
    for column in outcomes:
        w, b = pairs[column], pairs[f"{column}@b"]
        if OUTCOMES[column].kind == "date":
            if (w.notna() != b.notna()).mean() >= RARE:
                out.append(Target(column, "whether"))
            both = w.notna() & b.notna()
            if both.mean() >= 0.5 and both.sum() >= MIN_WORLDS and (w[both] != b[both]).mean() >= RARE:
                out.append(Target(column, "when"))
        elif column in BOOL_OUTCOMES and (w.fillna(False).astype(bool) != b.fillna(False).astype(bool)).mean() >= RARE:
            out.append(Target(column, "share"))
    return out


def _sampled(tables: list[pd.DataFrame], total: int) -> list[pd.DataFrame]:
    for table in tables:
        if total > MOST:
            table.attrs["of"] = total
    return tables


def main_splits(worlds: pd.DataFrame, top: int = TOP, total: int | None = None) -> list[pd.DataFrame]:
    """:func:`split` of each of :func:`main_targets`, on at most :data:`MOST` worlds
    (``total``: the run's number of worlds, where ``worlds`` holds only its first ones)."""
    sample = worlds.iloc[:MOST]
    assumptions = _assumptions(sample)
    return _sampled([_split(t, *t.values(sample), assumptions, top) for t in main_targets(sample)],
                    total or len(worlds))


def main_effect_splits(base: pd.DataFrame, whatif: pd.DataFrame, top: int = TOP) -> list[pd.DataFrame]:
    """:func:`split_effect` of each of :func:`main_effect_targets`, on at most :data:`MOST` pairs."""
    base, whatif, total = base.iloc[:MOST], whatif.iloc[:MOST], min(len(base), len(whatif))
    pairs, assumptions = _paired(base, whatif)
    return _sampled([_split_effect(pairs, assumptions, t, top) for t in main_effect_targets(base, whatif)], total)


# --- In words ------------------------------------------------------------------------

def third_text(row, third: str, unit: str, effect: bool, interval: bool = False) -> str:
    """The outcome in one third: "15%", "+12 pts", "1945-08-09" (a mean date), "+30 d", "-";
    with ``interval``, its 95% interval and number of worlds: "15% [13, 17] of 3,301"."""
    value = row.get(f"{third}_value")
    if value is None or pd.isna(value):
        return "-"

    def show(v):
        if unit == "share":
            return f"{100 * v:+.0f}" if effect else f"{100 * v:.0f}"
        if unit == "date":
            return f"{v:+.0f}" if effect else f"{as_date(v):%Y-%m-%d}"
        return f"{v:+.3g}" if effect else f"{v:.3g}"

    suffix = {"share": " pts" if effect else "%", "date": " d" if effect else ""}.get(unit, "")
    text = show(value) + suffix
    if interval:
        ci = "" if pd.isna(row.get(f"{third}_ci_low")) else \
            f" [{show(row[f'{third}_ci_low'])}, {show(row[f'{third}_ci_high'])}]"
        text += f"{ci} of {int(row[f'{third}_n']):,}"
    return text


def headline(table: pd.DataFrame) -> str:
    """The target of a split, what it is measured on and where it stands: "Japan attacks
    the USSR: whether it happens (2,000 worlds: in about 1 world in 11 (9%))"."""
    first = table.iloc[0]
    n, mean, effect = f"{first['n']:,}", first["mean"], bool(first["effect"])
    if first["aspect"] == "when":
        where = "pairs where it happens in both" if effect else "worlds where it happens"
        at = f"{mean:+.0f} days" if effect else f"{as_date(mean):%Y-%m-%d}"
        return f"{first['target']} (mean over the {n} {where}: {at})"
    if first["unit"] == "share":
        at = f"{100 * mean:+.0f} points on average" if effect else f"in {share_words(mean)}"
    else:
        at = f"mean {mean:+.3g}" if effect else f"mean {mean:.3g}"
    return f"{first['target']} ({n} {'pairs' if effect else 'worlds'}: {at})"


TITLE = "Which assumptions carry the spread"
PINNED = "every assumption is pinned (no param: column varies between worlds), so all the spread is chance"


def format_splits(splits: list[pd.DataFrame], top: int = TOP, intervals: bool = False, effect: bool = False) -> str:
    """The splits as text for the terminal: per target, up to ``top`` assumptions above
    the noise line, with the outcome in the lower and upper third of their range (with
    ``intervals``, their 95% intervals and number of worlds). ``effect``: the splits are
    of a what-if's effect (for the line said when there is nothing to split)."""
    if not splits:
        if effect:
            return f"{TITLE} of the effect: the what-if changes no main outcome in enough pairs to split."
        return f"{TITLE}: no main outcome varies enough between worlds to split."
    if all(t.empty for t in splits):
        return f"{TITLE}: {PINNED}."
    first = splits[0].iloc[0]
    effect = bool(first["effect"])
    what = "the effect (what-if minus baseline, pair by pair)" if effect else "each outcome"
    intro = (f"{TITLE}{' of the effect' if effect else ''}: the share of the variance of {what} across worlds that one assumption carries on "
             f"its own ({len(splits[0])} sampled per world, {int(first['pinned']) or 'none'} pinned; under the noise line it "
             f"cannot be told from chance). lower | upper: the {'effect' if effect else 'outcome'} where the "
             f"assumption lies in the lower or upper third of its plausible range (about a third of the worlds each"
             f"{'' if intervals else '; `pactsim summary FOLDER --intervals` gives intervals'})."
             + (f" Split on the first {MOST:,} of the {splits[0].attrs['of']:,} worlds (a random sample of them)."
                if "of" in splits[0].attrs else ""))
    lines = textwrap.wrap(intro, 110)
    for table in splits:
        head = table.iloc[0]
        shown = table[table["above"]].head(top)
        above = f", above it {100 * head['together']:.0f}% together" if head["together"] > 0 else ""
        lines.append(f"  {headline(table)}: noise under {100 * table['noise'].median():.1f}%{above}")
        if shown.empty:
            lines.append("      no assumption stands out from chance")
        width = max([len(p) for p in shown["parameter"]], default=0)
        ends = [f"{third_text(r, 'lower', head['unit'], effect, intervals)} | "
                f"{third_text(r, 'upper', head['unit'], effect, intervals)}" for _, r in shown.iterrows()]
        span = max(map(len, ends), default=0)
        for (_, row), end in zip(shown.iterrows(), ends):
            lines.append(f"    {100 * row['share']:5.1f}%  {row['parameter']:<{width}}  {end:<{span}}  {row['meaning']}")
    return "\n".join(lines)
