"""The calibration targets of the historical run, and the table that checks them.

Each target is a statement about the distribution of outcomes over the worlds of the
historical scenario (or, for the last one, about a what-if against it on the same
seed). The targets come from the dated record in ``docs/sources.md``; the
model is calibrated by its parameters, never by dates written into a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..ensemble import run
from ..files.scenario import bundled_dir


@dataclass(frozen=True)
class Target:
    """A calibration target: a measured value and the range it must fall in."""

    name: str
    measure: Callable[[pd.DataFrame, pd.DataFrame | None], float]
    low: float
    high: float
    unit: str  # "share" or "date"
    source: str


def _between(col: str, start: str, end: str, among_happened: bool = False):
    """Share of worlds (or, with ``among_happened``, of worlds where it happens at all)
    whose ``col`` date lies in [start, end]; 0 where it never happens."""
    def share(w, _):
        d = w[col].dropna() if among_happened else w[col]
        return float(((d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))).mean()) if len(d) else 0.0
    return share


def _median_date(col: str):
    def median(w, _):
        d = w[col].dropna()
        return float("nan") if d.empty else float(d.median().value) / 86400e9
    return median


def _day(text: str) -> float:
    return pd.Timestamp(text).value / 86400e9


def _attacks_before_1944(w):
    return float((w["japan_attacks_ussr"] < pd.Timestamp("1944-01-01")).mean())


TARGETS = (
    Target("Japan strikes south 1 Nov 1941 - 31 Jan 1942", _between("japan_strikes_south", "1941-11-01", "1942-01-31"), 0.70, 1.0, "share", "sources §1b: Pearl Harbor 7 Dec 1941"),
    Target("Japan attacks the USSR before Aug 1945", lambda w, _: float((w["japan_attacks_ussr"] < pd.Timestamp("1945-08-01")).mean()), 0.0, 0.10, "share", "sources §1b, §1d: Kantokuen cancelled; 6 Mar 1943 refusal"),
    Target("Pact breached by Japan", lambda w, _: float(w["pact_breached_by"].eq("japan").fillna(False).mean()), 0.0, 0.10, "share", "sources §1a"),
    Target("Median Soviet divisions moved west in 1941", lambda w, _: float(w["soviet_divisions_west_1941"].median()), 12, 24, "divisions", "sources §2b: 18 divisions, 22 Jun - 5 Dec 1941"),
    Target("Moscow falls", lambda w, _: float(w["moscow_falls"].mean()), 0.0, 0.15, "share", "sources §1b"),
    Target("USSR denounces 11 Feb - 25 Apr 1945", _between("pact_denounced", "1945-02-11", "1945-04-25"), 0.60, 1.0, "share", "sources §1a: 5 Apr 1945"),
    Target("Median Soviet attack on Japan", _median_date("ussr_attacks_japan"), _day("1945-07-15"), _day("1945-09-15"), "date", "sources §1a: 9 Aug 1945"),
    Target("Soviet attacks falling Jun - Oct 1945", _between("ussr_attacks_japan", "1945-06-01", "1945-10-31", among_happened=True), 0.60, 1.0, "share", "sources §1a"),
    Target("Median German surrender", _median_date("germany_surrenders"), _day("1945-03-01"), _day("1945-07-31"), "date", "sources §1d: 8 May 1945"),
    Target("Median Japanese surrender", _median_date("japan_surrenders"), _day("1945-07-01"), _day("1945-12-31"), "date", "sources §1d: 15 Aug 1945"),
    Target("USSR gains Manchuria", lambda w, _: float(w["ussr_gains_manchuria"].mean()), 0.60, 1.0, "share", "sources §2e"),
    Target("USSR gains southern Sakhalin", lambda w, _: float(w["ussr_gains_sakhalin_south"].mean()), 0.60, 1.0, "share", "sources §1d: Yalta terms"),
    Target("Stalingrad what-if: rise in Japan attacking the USSR before 1944", lambda w, s: float("nan") if s is None else _attacks_before_1944(s) - _attacks_before_1944(w), 0.10, 1.0, "points", "sources §2c, §4: ripe persimmon"),
)


def _show(value: float, unit: str) -> str:
    if np.isnan(value):
        return "n/a"
    if unit == "date":
        return str(pd.Timestamp(value * 86400e9).date())
    if unit in ("share", "points"):
        return f"{100 * value:.1f}%"
    return f"{value:.1f}"


def calibration_table(historical: pd.DataFrame, stalingrad: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every target with its measured value, range and verdict ("ok"/"MISS")."""
    rows = []
    for t in TARGETS:
        value = t.measure(historical, stalingrad)
        ok = bool(t.low <= value <= t.high) if not np.isnan(value) else False
        rows.append({
            "target": t.name,
            "value": _show(value, t.unit),
            "range": f"{_show(t.low, t.unit)} to {_show(t.high, t.unit)}",
            "verdict": "ok" if ok else "MISS",
            "source": t.source,
            "raw": value,
            "ok": ok,
        })
    return pd.DataFrame(rows)


def run_calibration(worlds: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Run the bundled historical and Stalingrad scenarios on the same seed and check
    every target."""
    historical = run(bundled_dir() / "historical.yaml", worlds=worlds, seed=seed, progress=False).worlds
    stalingrad = run(bundled_dir() / "stalingrad_german_victory.yaml", worlds=worlds, seed=seed, progress=False).worlds
    return calibration_table(historical, stalingrad)
