"""Paired comparison of what-if scenarios with a baseline, world by world.

Every scenario runs on the same worlds with the same root seed, so world ``k`` of a
what-if sees the same dice as world ``k`` of the baseline (common random numbers) and
the two form a *pair*. Differences are therefore estimated on pairs, which removes most
of the noise that two independent ensembles would carry.

The statistics, per kind of outcome (one row of :attr:`Comparison.table` each):

* **shares** (a boolean outcome, or "the event happens at all" for a date): the paired
  difference of proportions, what-if minus baseline, with Newcombe's (1998) hybrid score
  interval for paired data (his method 10: Wilson intervals of the two margins combined
  with the continuity-corrected correlation of the pairs). It is closed-form, stays inside
  [-1, 1] and keeps close to its nominal coverage even for rare events, where the Wald
  interval fails. ``flipped`` is the share of pairs whose outcome differs.
* **dates**: among the pairs where the event happens in both worlds, the median paired
  shift in days with the distribution-free interval from order statistics (the sign-test
  interval), and the mean shift with a t interval.
* **numbers**: the mean paired difference with a t interval.

:attr:`Comparison.divergence` gives, for every pair, the first date on which the
what-if world's event log departs from its twin's.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from . import outcomes as oc
from .ensemble import run as run_ensemble
from .pact import PARTIES
from .scenario import load_scenario, locate
from .store import check_empty, write_atomic
from .summary import Z95, wilson

KEY = ["date", "actor", "event", "detail"]
"""The columns that make up one event when two worlds' histories are compared."""


# --- Scenarios and runs ------------------------------------------------------------

def load(scenario):
    """A scenario object as it is, or one loaded from a path or a bundled name."""
    if hasattr(scenario, "events") and hasattr(scenario, "name"):
        return scenario
    return load_scenario(locate(scenario))


# --- Paired statistics ---------------------------------------------------------------

def paired_share(base, whatif, z: float = Z95) -> dict:
    """Paired difference of proportions ``whatif - base`` with Newcombe's interval.

    ``base`` and ``whatif`` are boolean arrays of the same pairs. Returns ``base``,
    ``whatif`` (the two shares), ``difference``, ``ci_low``, ``ci_high``, ``n`` and
    ``flipped`` (share of pairs whose outcome differs).
    """
    x, y = np.asarray(base, dtype=bool), np.asarray(whatif, dtype=bool)
    n = x.size
    if n == 0:
        return _row(np.nan, np.nan, np.nan, np.nan, np.nan, 0, np.nan)
    both, only_w, only_b = int(np.sum(x & y)), int(np.sum(y & ~x)), int(np.sum(x & ~y))
    neither = n - both - only_w - only_b
    kw, kb = both + only_w, both + only_b
    pw, pb = kw / n, kb / n
    (lw,), (uw,) = (np.atleast_1d(v) for v in wilson(kw, n, z))
    (lb,), (ub,) = (np.atleast_1d(v) for v in wilson(kb, n, z))
    phi = 0.0
    margins = kw * (n - kw) * kb * (n - kb)
    if margins > 0:
        a = both * neither - only_w * only_b
        # Newcombe's continuity correction of the correlation of the pairs.
        corrected = a - n / 2 if a > n / 2 else (0.0 if a >= 0 else a)
        phi = corrected / math.sqrt(margins)
    d = pw - pb
    low = d - math.sqrt(max((pw - lw) ** 2 - 2 * phi * (pw - lw) * (ub - pb) + (ub - pb) ** 2, 0.0))
    high = d + math.sqrt(max((uw - pw) ** 2 - 2 * phi * (uw - pw) * (pb - lb) + (pb - lb) ** 2, 0.0))
    return _row(pb, pw, d, max(low, -1.0), min(high, 1.0), n, (only_w + only_b) / n)


def t_quantile(p: float, df: float) -> float:
    """Quantile ``p`` of Student's t with ``df`` degrees of freedom.

    Exact (the closed-form CDF for whole ``df``, inverted by bisection) up to 100
    degrees of freedom; above, the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5),
    whose error there is below 1e-8.
    """
    if not 0 < p < 1 or df <= 0:
        raise ValueError(f"t_quantile: p={p!r} must be in (0, 1) and df={df!r} > 0")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    if df > 100 or df != int(df):
        z = NormalDist().inv_cdf(p)
        g = ((z**3 + z) / 4, (5 * z**5 + 16 * z**3 + 3 * z) / 96,
             (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
             (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160)
        return z + sum(gi / df ** (i + 1) for i, gi in enumerate(g))
    lo, hi = 0.0, 1.0
    while _t_cdf(hi, int(df)) < p:
        lo, hi = hi, hi * 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _t_cdf(mid, int(df)) < p else (lo, mid)
    return (lo + hi) / 2


def _t_cdf(t: float, df: int) -> float:
    """Student's t CDF for whole ``df`` (Abramowitz & Stegun 26.7.3-4), ``t >= 0``."""
    theta = math.atan(t / math.sqrt(df))
    c2, s = math.cos(theta) ** 2, math.sin(theta)
    if df % 2:
        term, total = math.cos(theta), 0.0
        if df > 1:
            total = term
            for k in range(3, df - 1, 2):
                term *= c2 * (k - 1) / k
                total += term
        a = 2 / math.pi * (theta + s * total)
    else:
        term, total = 1.0, 1.0
        for k in range(2, df - 1, 2):
            term *= c2 * (k - 1) / k
            total += term
        a = s * total
    return 0.5 + a / 2


def mean_ci(d) -> tuple[float, float, float]:
    """Mean of ``d`` with its 95% t interval ``(mean, low, high)``."""
    d = np.asarray(d, dtype=float)
    if d.size == 0:
        return np.nan, np.nan, np.nan
    m = float(d.mean())
    if d.size < 2:
        return m, np.nan, np.nan
    half = t_quantile(0.975, d.size - 1) * float(d.std(ddof=1)) / math.sqrt(d.size)
    return m, m - half, m + half


def median_ci(d, level: float = 0.95) -> tuple[float, float, float]:
    """Median of ``d`` with the distribution-free interval from order statistics.

    The interval ``[d_(k), d_(n+1-k)]`` takes the largest ``k`` with
    ``P(Binomial(n, 1/2) < k) <= (1 - level) / 2`` (the sign-test interval); its
    coverage is at least ``level`` whatever the distribution. Undefined (NaN) when
    ``n`` is too small for any ``k``.
    """
    d = np.sort(np.asarray(d, dtype=float))
    n = d.size
    if n == 0:
        return np.nan, np.nan, np.nan
    med = float(np.median(d))
    tail = (1 - level) / 2
    log_half = n * math.log(0.5)
    cum, k = 0.0, 0
    log_fact_n = math.lgamma(n + 1)
    for j in range(n // 2 + 1):  # cum = P(X <= j)
        cum += math.exp(log_fact_n - math.lgamma(j + 1) - math.lgamma(n - j + 1) + log_half)
        if cum > tail:
            break
        k = j + 1  # P(X < j + 1) <= tail
    if k == 0:
        return med, np.nan, np.nan
    return med, float(d[k - 1]), float(d[n - k])


def _row(base, whatif, difference, low, high, n, flipped, **extra) -> dict:
    return {"base_value": base, "whatif_value": whatif, "difference": difference,
            "ci_low": low, "ci_high": high, "n": int(n), "flipped": flipped, **extra}


def paired_dates(base, whatif) -> list[dict]:
    """Rows for a date outcome: it happens at all (a share), median and mean shift in days."""
    b = pd.to_datetime(pd.Series(base)).to_numpy("datetime64[s]")
    w = pd.to_datetime(pd.Series(whatif)).to_numpy("datetime64[s]")
    happens = paired_share(~np.isnat(b), ~np.isnat(w))
    both = ~np.isnat(b) & ~np.isnat(w)
    days = (w[both] - b[both]).astype("timedelta64[s]").astype(np.int64) / 86400.0
    moved = float(np.mean(days != 0)) if days.size else np.nan
    med, mlo, mhi = median_ci(days)
    mean, tlo, thi = mean_ci(days)
    base_days = _days(b[both])
    what_days = _days(w[both])
    rows = [
        {"statistic": "happens", "kind": "share", "unit": "share", "method": "Newcombe paired score", **happens},
        {"statistic": "median shift", "kind": "date", "unit": "days", "method": "order statistics (sign test)",
         **_row(np.nan, np.nan, med, mlo, mhi, both.sum(), moved,
                base_date=_date(np.median(base_days) if both.any() else np.nan),
                whatif_date=_date(np.median(what_days) if both.any() else np.nan))},
        {"statistic": "mean shift", "kind": "date", "unit": "days", "method": "paired t",
         **_row(np.nan, np.nan, mean, tlo, thi, both.sum(), moved,
                base_date=_date(base_days.mean() if both.any() else np.nan),
                whatif_date=_date(what_days.mean() if both.any() else np.nan))},
    ]
    return rows


def paired_numbers(base, whatif) -> dict:
    """Row for a number outcome: the mean paired difference with a t interval."""
    b, w = np.asarray(base, dtype=float), np.asarray(whatif, dtype=float)
    ok = ~np.isnan(b) & ~np.isnan(w)
    d = w[ok] - b[ok]
    mean, lo, hi = mean_ci(d)
    moved = float(np.mean(d != 0)) if d.size else np.nan
    return {"statistic": "mean", "kind": "number", "method": "paired t",
            **_row(float(b[ok].mean()) if ok.any() else np.nan, float(w[ok].mean()) if ok.any() else np.nan,
                   mean, lo, hi, ok.sum(), moved)}


_EPOCH = np.datetime64("1970-01-01", "s")


def _days(dates: np.ndarray) -> np.ndarray:
    return (dates - _EPOCH).astype(np.int64) / 86400.0


def _date(days: float):
    if days is None or np.isnan(days):
        return pd.NaT
    return pd.Timestamp(_EPOCH + np.timedelta64(int(round(days * 86400)), "s")).normalize()


# --- The comparison ------------------------------------------------------------------

TABLE_COLUMNS = ["base", "whatif", "outcome", "statistic", "kind", "unit", "base_value", "whatif_value",
                 "base_date", "whatif_date", "difference", "ci_low", "ci_high", "n", "flipped", "method"]


def paired_table(base_worlds: pd.DataFrame, whatif_worlds: pd.DataFrame,
                 base: str = "base", whatif: str = "whatif") -> pd.DataFrame:
    """The paired statistics of every outcome, what-if minus baseline.

    Worlds are paired on ``(seed, world)``; worlds present in only one table are left
    out. Rows are tidy: one per (outcome, statistic).
    """
    on = [c for c in ("seed", "world") if c in base_worlds and c in whatif_worlds]
    pairs = base_worlds.merge(whatif_worlds, on=on, suffixes=("@b", "@w"))
    rows = []

    def cols(name):
        return pairs[f"{name}@b"], pairs[f"{name}@w"]

    for name in oc.DATE_OUTCOMES:
        if f"{name}@b" in pairs:
            rows += [{"outcome": name, **r} for r in paired_dates(*cols(name))]
    for name in oc.BOOL_OUTCOMES:
        if f"{name}@b" in pairs:
            b, w = cols(name)
            rows.append({"outcome": name, "statistic": "share", "kind": "share", "unit": "share",
                         "method": "Newcombe paired score", **paired_share(_bool(b), _bool(w))})
    for name in oc.PARTY_OUTCOMES:
        if f"{name}@b" in pairs:
            b, w = cols(name)
            for party in PARTIES:
                rows.append({"outcome": f"{name}_{party}", "statistic": "share", "kind": "share", "unit": "share",
                             "method": "Newcombe paired score",
                             **paired_share(_bool(b == party), _bool(w == party))})
    for name in oc.NUMBER_OUTCOMES:
        if f"{name}@b" in pairs:
            rows.append({"outcome": name, "unit": "divisions" if "divisions" in name else "",
                         **paired_numbers(*cols(name))})
    table = pd.DataFrame(rows)
    table["base"], table["whatif"] = base, whatif
    for c in ("base_date", "whatif_date"):
        if c not in table:
            table[c] = pd.NaT
        table[c] = pd.to_datetime(table[c]).astype("datetime64[s]")
    table = table[TABLE_COLUMNS]
    for c in ("base", "whatif", "outcome", "statistic", "kind", "unit", "method"):
        table[c] = table[c].astype("string")
    return table


def _bool(s) -> np.ndarray:
    return pd.Series(s).fillna(False).to_numpy(dtype=bool)


def divergence(base_events: pd.DataFrame, whatif_events: pd.DataFrame, worlds=None) -> pd.DataFrame:
    """For each world, the first date on which the two event logs differ.

    A world's log is the sequence of its events ``(date, actor, event, detail)`` in the
    order they were logged. The two sequences are compared position by position; the
    divergence date is the earlier date of the first differing pair of events (or of the
    first event one log has beyond the other's end). ``NaT`` where the logs are
    identical. Columns: ``world``, ``diverges``, ``base_event``, ``whatif_event`` (the
    first differing events in words, missing where a log has ended).
    """
    b, w = _keyed(base_events), _keyed(whatif_events)
    m = b.merge(w, on=["world", "k"], how="outer", suffixes=("_b", "_w"))
    differs = m["h_b"].isna() | m["h_w"].isna() | (m["h_b"] != m["h_w"])
    first = m[differs.to_numpy()].sort_values(["world", "k"]).drop_duplicates("world")
    date = first[["date_b", "date_w"]].min(axis=1)
    out = pd.DataFrame({
        "world": first["world"].to_numpy(np.int64),
        "diverges": pd.to_datetime(date).to_numpy("datetime64[s]"),
        "base_event": first["text_b"].astype("string").to_numpy(),
        "whatif_event": first["text_w"].astype("string").to_numpy(),
    })
    if worlds is None:
        worlds = np.union1d(b["world"].unique(), w["world"].unique())
    frame = pd.DataFrame({"world": np.asarray(worlds, dtype=np.int64)})
    out = frame.merge(out, on="world", how="left")
    out["diverges"] = out["diverges"].astype("datetime64[s]")
    for c in ("base_event", "whatif_event"):
        out[c] = out[c].astype("string")
    return out


def _keyed(events: pd.DataFrame) -> pd.DataFrame:
    """World, position in the world's log, a hash of the event, its date and words."""
    e = events.sort_values(["world", "date"], kind="stable")
    keys = e[KEY].astype({"actor": "string", "event": "string", "detail": "string"})
    return pd.DataFrame({
        "world": e["world"].to_numpy(np.int64),
        "k": e.groupby("world").cumcount().to_numpy(),
        "h": pd.util.hash_pandas_object(keys, index=False).to_numpy(),
        "date": e["date"].to_numpy("datetime64[s]"),
        "text": (keys["date"].dt.strftime("%Y-%m-%d") + " " + keys["actor"] + " " + keys["event"]
                 + (": " + keys["detail"]).where(keys["detail"].fillna("") != "", "")).to_numpy(),
    })


@dataclass
class Comparison:
    """Paired runs of a baseline and what-ifs on the same worlds and seed.

    Attributes
    ----------
    base:
        Label of the baseline (its scenario name).
    whatifs:
        Labels of the what-ifs, in the order given.
    scenarios, results:
        The scenario objects and their runs, by label, baseline first.
    table:
        Tidy paired statistics: one row per (what-if, outcome, statistic); see
        :data:`TABLE_COLUMNS` and :func:`paired_table`.
    divergence:
        One row per (what-if, world): the first date its log departs from the baseline's.
    """

    base: str
    whatifs: tuple[str, ...]
    scenarios: dict
    results: dict
    table: pd.DataFrame
    divergence: pd.DataFrame
    worlds: int
    seed: int

    def save(self, directory, figures: bool = True, runs: bool = True) -> list[Path]:
        """Write ``comparison.csv``, ``comparison.parquet``, ``divergence.parquet``, a
        ``comparison.json`` summary, the figures and (``runs``) each scenario's run."""
        d = new_folder(directory)
        d.mkdir(parents=True, exist_ok=True)
        summary = {"base": self.base, "whatifs": list(self.whatifs), "worlds": self.worlds, "seed": self.seed,
                   "scenarios": {k: _to_dict(s) for k, s in self.scenarios.items()}}
        written = []
        for name, write in (("comparison.csv", lambda p: self.table.to_csv(p, index=False)),
                            ("comparison.parquet", lambda p: self.table.to_parquet(p, index=False)),
                            ("divergence.parquet", lambda p: self.divergence.to_parquet(p, index=False)),
                            ("comparison.json", lambda p: p.write_text(json.dumps(summary, indent=2, default=str)))):
            write_atomic(d / name, write)
            written.append(d / name)
        if runs:
            for label, result in self.results.items():
                result.save(d / "runs" / label)
                written.append(d / "runs" / label)
        if figures:
            from .plots import plot_results

            written += plot_results(self.results, d / "figures", divergence=self.divergence)
        return written

    def formatted(self) -> pd.DataFrame:
        """The table with values in words and units, for printing."""
        return format_table(self.table)


def new_folder(directory) -> Path:
    """``directory`` as a path, if it does not exist or is empty; else a ``StoreError``."""
    return check_empty(directory, "the comparison")


def _to_dict(scenario) -> dict:
    try:
        return scenario.to_dict()
    except Exception:  # a stand-in without a full to_dict
        return {"name": getattr(scenario, "name", "?")}


def compare(base, whatifs: Sequence, worlds: int = 1000, seed: int = 0, series: bool = False,
            workers: int = 1, progress: bool | None = None) -> Comparison:
    """Run ``base`` and every what-if on worlds ``0..worlds-1`` with root ``seed`` and
    compare each what-if with the baseline, pair by pair.

    Scenarios may be objects or paths (or bundled names). Scenarios that share a name
    get a numeric suffix in the labels (``name_2``).
    """
    if worlds < 1:
        raise ValueError(f"worlds must be >= 1, got {worlds}")
    if isinstance(whatifs, (str, os.PathLike)) or hasattr(whatifs, "events"):
        whatifs = [whatifs]
    loaded = [load(s) for s in [base, *whatifs]]
    labels = _labels([s.name for s in loaded])
    scenarios = dict(zip(labels, loaded))
    results = {label: run_ensemble(s, worlds=worlds, seed=seed, series=series, workers=workers, progress=progress)
               for label, s in scenarios.items()}
    base_label, rest = labels[0], labels[1:]
    bw, be = results[base_label].worlds, results[base_label].events
    tables, divs = [], []
    for label in rest:
        r = results[label]
        tables.append(paired_table(bw, r.worlds, base_label, label))
        div = divergence(be, r.events, worlds=bw["world"].to_numpy())
        div.insert(0, "whatif", pd.Series([label] * len(div), dtype="string"))
        div.insert(2, "seed", np.int64(seed))
        divs.append(div)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=TABLE_COLUMNS)
    div = pd.concat(divs, ignore_index=True) if divs else pd.DataFrame(
        columns=["whatif", "world", "seed", "diverges", "base_event", "whatif_event"])
    return Comparison(base_label, tuple(rest), scenarios, results, table, div, worlds, seed)


def _labels(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


# --- Printing ------------------------------------------------------------------------

def _pct(x) -> str:
    return "" if pd.isna(x) else f"{100 * x:.1f}%"


def _num(x, unit="", signed=False) -> str:
    if pd.isna(x):
        return ""
    text = f"{x:+.1f}" if signed else f"{x:.1f}"
    return f"{text} {unit}".strip()


def _day(value) -> str:
    if pd.isna(value):
        return ""
    d = pd.Timestamp(value)
    return f"{d.day} {d:%b %Y}"


def format_table(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison table in words: shares in percent and points, shifts in days."""
    rows = []
    for r in table.itertuples(index=False):
        if r.kind == "share":
            base, what = _pct(r.base_value), _pct(r.whatif_value)
            diff = "" if pd.isna(r.difference) else f"{100 * r.difference:+.1f} pts"
            ci = "" if pd.isna(r.ci_low) else f"[{100 * r.ci_low:+.1f}, {100 * r.ci_high:+.1f}]"
        elif r.kind == "date":
            base, what = _day(r.base_date), _day(r.whatif_date)
            diff = _num(r.difference, "d", signed=True)
            ci = "" if pd.isna(r.ci_low) else f"[{r.ci_low:+.0f}, {r.ci_high:+.0f}]"
        else:
            base, what = _num(r.base_value), _num(r.whatif_value)
            diff = _num(r.difference, signed=True)
            ci = "" if pd.isna(r.ci_low) else f"[{r.ci_low:+.1f}, {r.ci_high:+.1f}]"
        rows.append({"what-if": r.whatif, "outcome": r.outcome, "statistic": r.statistic,
                     "baseline": base, "what-if value": what, "difference": diff, "95% CI": ci,
                     "pairs": r.n, "flipped": _pct(r.flipped)})
    return pd.DataFrame(rows)
