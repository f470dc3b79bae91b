"""The calibration targets of the historical run, and the table that checks them.

Each target is a statement about the distribution of outcomes (or of the weekly force
series) over the worlds of the historical scenario, with its judgement parameters
sampled per world from their plausible ranges. Every target comes from the dated
record in ``docs/sources.md`` (the targets' "facts 1b" is its §1b); none encodes a counterfactual claim (what a
what-if would show is reported by ``pactsim whatifs``, not calibrated). The model is
calibrated by its parameters, never by dates written into a decision.

``pactsim calibrate --seeds 1,2,3 --markdown`` prints the README's table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..ensemble import run as run_ensemble
from ..files.scenario import bundled_dir, load_scenario
from ..world.vocabulary import CATALOGUE
from .sources import cite


@dataclass(frozen=True)
class Target:
    """A calibration target: a measured value and the range it must fall in."""

    key: str
    """The name a catalogue parameter's ``calibrated_to`` gives it."""
    name: str
    measure: Callable[[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None], float]
    """Of the worlds table, the force series and the event log (the last two may be None)."""
    low: float
    high: float
    unit: str  # "share", "date", "days", "divisions", "k men" (thousands of men) or "ratio"
    source: str


def _between(col: str, start: str, end: str, among_happened: bool = False):
    """Share of worlds (or, with ``among_happened``, of worlds where it happens at all)
    whose ``col`` date lies in [start, end]; 0 where it never happens."""
    def share(w, *_):
        d = w[col].dropna() if among_happened else w[col]
        return float(((d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))).mean()) if len(d) else 0.0
    return share


def _median_date(col: str):
    def median(w, *_):
        d = w[col].dropna()
        return float("nan") if d.empty else float(d.median().value) / 86400e9
    return median


def _day(text: str) -> float:
    return pd.Timestamp(text).value / 86400e9


def _median_days(start: str, end: str):
    """The median over worlds where both happen of the days from ``start`` to ``end``."""
    def median(w, *_):
        both = w[[start, end]].dropna()
        return float("nan") if both.empty else float((both[end] - both[start]).dt.days.median())
    return median


def _campaign_days(territory: str):
    """The median over the worlds the USSR attacks of the days from its attack to the week
    its front first carries ``territory`` (read from the event log)."""
    def median(w, _, events):
        if events is None:
            return float("nan")
        taken = events[events["event"] == f"takes_{territory}"].groupby("world")["date"].min()
        attacked = w.set_index("world")["ussr_attacks_japan"].reindex(taken.index)
        days = (taken - attacked).dt.days.dropna()
        return float(days.median()) if len(days) else float("nan")
    return median


def _force(series: pd.DataFrame, column: str) -> pd.DataFrame:
    """One force as a table: a row per world, a column per date."""
    return series.pivot(index="world", columns="date", values=column)


def _at(table: pd.DataFrame, day: str) -> pd.Series:
    """Each world's value on the last date of the series at or before ``day``."""
    return table.loc[:, :pd.Timestamp(day)].iloc[:, -1]


def _median_at(column: str, day: str):
    """The median over worlds of force ``column`` on ``day`` (thousands of men)."""
    def median(_, s, *__):
        return float(_at(_force(s, column), day).median())
    return median


def _before_soviet_entry(w, s, column: str) -> np.ndarray:
    """Each world's force ``column`` in the last series week before the Soviet attack, over
    the worlds where it comes."""
    table = _force(s, column)
    attacks = w.set_index("world")["ussr_attacks_japan"].dropna()
    dates = table.columns.to_numpy()
    col = np.searchsorted(dates, attacks.to_numpy().astype(dates.dtype), side="left") - 1
    return table.to_numpy()[table.index.get_indexer(attacks.index), col]


def _median_before_soviet_entry(column: str):
    def median(w, s, *_):
        values = _before_soviet_entry(w, s, column)
        return float(np.median(values)) if values.size else float("nan")
    return median


def _ratio_at_soviet_entry(w, s, *_):
    """Soviet Far East over the Kwantung Army in the last series week before the Soviet
    attack, median over the worlds where it comes."""
    fe, ka = _before_soviet_entry(w, s, "soviet_far_east"), _before_soviet_entry(w, s, "japan_manchuria")
    return float(np.median(fe / np.maximum(ka, 0.1))) if fe.size else float("nan")


TARGETS = (
    Target("strike_south", "Japan strikes south 1 Nov 1941 - 31 Jan 1942", _between("japan_strikes_south", "1941-11-01", "1942-01-31"), 0.70, 1.0, "share", "facts 1b: Pearl Harbor 7 Dec 1941"),
    Target("japan_attacks_ussr", "Japan attacks the USSR (breaking the pact) before Aug 1945", lambda w, *_: float((w["japan_attacks_ussr"] < pd.Timestamp("1945-08-01")).mean()), 0.0, 0.10, "share", "facts 1b, 1d: Kantokuen cancelled; the pact kept"),
    Target("japan_spring_1943", "Japan attacks the USSR in spring 1943 (Mar-Jun)", _between("japan_attacks_ussr", "1943-03-01", "1943-06-30"), 0.0, 0.05, "share", "facts 1d: 6 Mar 1943, Japan declines 'considering the present war situation'"),
    Target("decision_for_war", "Japan decides for war with the US 31 Aug - 30 Nov 1941", _between("japan_decides_south", "1941-08-31", "1941-11-30"), 0.60, 1.0, "share", "facts 1b: Imperial Conference of 6 Sep 1941 (its week begins 31 Aug)"),
    Target("west_1941", "Median Soviet divisions moved west in 1941", lambda w, *_: float(w["soviet_divisions_west_1941"].median()), 12, 24, "divisions", "facts 2b: 18 divisions, 22 Jun - 5 Dec 1941"),
    Target("west_1942", "Worlds moving Soviet divisions west in 1942", lambda w, *_: float((w["soviet_divisions_west_1942"] > 0).mean()), 0.30, 1.0, "share", "facts 2b: 7 rifle divisions and 3 brigades, 10-19 Jul 1942"),
    Target("west_from_mid_1943", "Median Soviet divisions moved west from July 1943", lambda w, *_: float(w["soviet_divisions_west_from_mid_1943"].median()), 0, 2, "divisions", "facts 2a: no large transfers west after mid-1943 (Hayashi)"),
    Target("kwantung_1941", "Kwantung Army, 30 Sep 1941 (median)", _median_at("japan_manchuria", "1941-09-30"), 700, 850, "k men", "facts 2d: 700,000-850,000 after Kantokuen"),
    Target("far_east_1941", "Soviet Far East, 31 Dec 1941 (median)", _median_at("soviet_far_east", "1941-12-31"), 600, 850, "k men", "facts 2a: 703,714 in June 1941; the garrison held its strength while divisions left"),
    Target("far_east_1944", "Soviet Far East, 1 Jan 1944 (median)", _median_at("soviet_far_east", "1944-01-01"), 1050, 1280, "k men", "facts 2a: 1,162,991 on 1 Jan 1944"),
    Target("kwantung_1944", "Kwantung Army, 31 Dec 1944 (median)", _median_at("japan_manchuria", "1944-12-31"), 200, 450, "k men", "facts 2d: 'just over 300,000' at the end of 1944, after the transfers south (weak)"),
    Target("far_east_1945", "Soviet Far East before the Soviet attack (median)", _median_before_soviet_entry("soviet_far_east"), 1400, 1750, "k men", "facts 2e: 1,577,725 men (1,747,000 with the fleets)"),
    Target("kwantung_1945", "Kwantung Army before the Soviet attack (median)", _median_before_soviet_entry("japan_manchuria"), 600, 800, "k men", "facts 2e: 713,729 (665,500 in Manchuria alone)"),
    Target("ratio_before_attack", "Soviet Far East over the Kwantung Army before the Soviet attack (median)", _ratio_at_soviet_entry, 1.7, 2.8, "ratio", "facts 2e, 5d: 1.58M against 0.71M men (2.2:1)"),
    Target("concessions", "Japan returns the North Sakhalin concessions Jul 1943 - Dec 1944", _between("concessions_returned", "1943-07-01", "1944-12-31"), 0.50, 1.0, "share", "facts 1d, 3: 30 Mar 1944"),
    Target("moscow_falls", "Moscow falls", lambda w, *_: float(w["moscow_falls"].mean()), 0.0, 0.15, "share", "facts 1b"),
    Target("denunciation", "USSR denounces 11 Feb - 25 Apr 1945", _between("pact_denounced", "1945-02-11", "1945-04-25"), 0.60, 1.0, "share", "facts 1a: 5 Apr 1945"),
    # one causal chain, one target: the attack and the gains it brings (they were two targets
    # that moved together, and counted twice)
    Target("ussr_attacks", "USSR attacks Japan and ends holding Manchuria and southern Sakhalin", lambda w, *_: float((w["ussr_attacks_japan"].notna() & w["ussr_gains_manchuria"] & w["ussr_gains_sakhalin_south"]).mean()), 0.60, 1.0, "share", "facts 1a, 1d, 2e: 9 Aug 1945; Yalta terms; August Storm"),
    Target("ussr_attack_date", "Median Soviet attack on Japan", _median_date("ussr_attacks_japan"), _day("1945-07-15"), _day("1945-09-15"), "date", "facts 1a: 9 Aug 1945"),
    Target("ussr_attack_season", "Soviet attacks falling Jun - Oct 1945", _between("ussr_attacks_japan", "1945-06-01", "1945-10-31", among_happened=True), 0.60, 1.0, "share", "facts 1a"),
    Target("manchuria_campaign", "Median days from the Soviet attack to Manchuria taken", _campaign_days("manchuria"), 7, 21, "days", "facts 2e: the main operation, 11-12 days"),
    Target("sakhalin_campaign", "Median days from the Soviet attack to southern Sakhalin taken", _campaign_days("sakhalin_south"), 7, 21, "days", "facts 1d: 11-25 Aug 1945 (the standard account)"),
    Target("kurils_campaign", "Median days from the Soviet attack to the Kurils taken", _campaign_days("kurils"), 14, 35, "days", "facts 1d: 9 Aug to 1 Sep 1945, 23 days"),
    Target("germany_surrenders", "Median German surrender", _median_date("germany_surrenders"), _day("1945-03-01"), _day("1945-07-31"), "date", "facts 1d: 8 May 1945"),
    Target("japan_surrenders", "Median Japanese surrender", _median_date("japan_surrenders"), _day("1945-07-01"), _day("1945-12-31"), "date", "facts 1d: 15 Aug 1945"),
    Target("entry_to_surrender", "Median days from the Soviet attack to Japan's surrender", _median_days("ussr_attacks_japan", "japan_surrenders"), 0, 28, "days", "facts 1a, 1d: 9 to 15 Aug 1945, six days"),
)


def fitted_by(key: str) -> tuple[str, ...]:
    """The catalogue parameters tuned to reproduce the target ``key`` (empty: it is tested)."""
    return tuple(name for name, p in CATALOGUE.items() if key in p.calibrated_to)


def kind(key: str) -> str:
    """"fitted" if some parameter was tuned to the target, else "tested": meeting a
    fitted target shows the tuning holds across the judgement ranges and seeds, meeting a
    tested one is evidence that the mechanisms reproduce the record."""
    return "fitted" if fitted_by(key) else "tested"


def _show(value: float, unit: str) -> str:
    if np.isnan(value):
        return "n/a"
    if unit == "date":
        return str(pd.Timestamp(value * 86400e9).date())
    if unit == "share":
        return f"{100 * value:.1f}%"
    if unit == "ratio":
        return f"{value:.2f}"
    if unit == "k men":
        return f"{value:,.0f}k men"
    if unit == "days":
        return f"{value:.0f} days"
    return f"{value:.1f}"


def calibration_table(historical: pd.DataFrame, series: pd.DataFrame | None,
                      targets: tuple[Target, ...] = TARGETS, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every target with its kind (fitted/tested), measured value, range and verdict ("ok"/"MISS")."""
    rows = []
    for t in targets:
        value = t.measure(historical, series, events)
        ok = bool(t.low <= value <= t.high) if not np.isnan(value) else False
        rows.append({
            "target": t.name,
            "kind": kind(t.key),
            "value": _show(value, t.unit),
            "range": f"{_show(t.low, t.unit)} to {_show(t.high, t.unit)}",
            "verdict": "ok" if ok else "MISS",
            "source": t.source,
            "raw": value,
            "ok": ok,
        })
    return pd.DataFrame(rows)


def run_calibration(worlds: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Run the bundled historical scenario (judgements sampled) and check every target."""
    run = run_ensemble(load_scenario(bundled_dir() / "historical.yaml"), worlds=worlds, seed=seed, series=True,
                       progress=False)
    return calibration_table(run.worlds, run.series, events=run.events)


def calibration_markdown(tables: dict[int, pd.DataFrame], worlds: int) -> str:
    """The README's table: the target and its kind, one value column per seed, the range, the source."""
    seeds = list(tables)
    first = tables[seeds[0]]
    lines = [f"| target | kind | {' | '.join(f'seed {s}' for s in seeds)} | range | source |",
             "|---|---|" + "---|" * len(seeds) + "---|---|"]
    for i, row in first.iterrows():
        values = " | ".join(tables[s].loc[i, "value"] + ("" if tables[s].loc[i, "ok"] else " (MISS)") for s in seeds)
        lines.append(f"| {row['target']} | {row['kind']} | {values} | {row['range']} | {cite(row['source'], 'docs/sources.md')} |")
    met = sum(int(t["ok"].sum()) for t in tables.values())
    tested = int((first["kind"] == "tested").sum())
    lines += ["", f"{worlds:,} worlds per seed, judgement parameters sampled per world; "
              f"{met} of {len(first) * len(seeds)} target checks met; "
              f"{tested} of {len(first)} targets tested (no parameter tuned to them)."]
    return "\n".join(lines)
