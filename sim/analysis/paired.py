"""Paired statistics: what-if minus baseline on pairs of worlds that share their dice.

The statistics, per kind of outcome (one row of the comparison table each):

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
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .summary import Z95, wilson


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
    """Quantile ``p`` of Student's t with ``df`` degrees of freedom (SciPy's)."""
    if not 0 < p < 1 or df <= 0:
        raise ValueError(f"t_quantile: p={p!r} must be in (0, 1) and df={df!r} > 0")
    from scipy import stats  # here, not at the top: scipy.stats adds 0.5 s to every command's start

    return float(stats.t.ppf(p, df))


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
    # k = the number of j in 0..n/2 with P(X <= j) <= the tail
    from scipy import stats

    k = int(np.searchsorted(stats.binom.cdf(np.arange(n // 2 + 1), n, 0.5), (1 - level) / 2, side="right"))
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
