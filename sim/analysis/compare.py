"""Paired comparison of what-if scenarios with a baseline, world by world.

Every scenario runs on the same worlds with the same root seed, so world ``k`` of a
what-if sees the same dice as world ``k`` of the baseline (common random numbers) and
the two form a *pair*. Differences are therefore estimated on pairs, which removes most
of the noise that two independent ensembles would carry.

The paired statistics themselves are in :mod:`sim.paired`. :attr:`Comparison.divergence`
gives, for every pair, the first date on which the what-if world's event log departs
from its twin's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..ensemble import run as run_ensemble
from ..files.scenario import as_scenario
from ..files.store import check_empty, write_atomic
from ..world import outcomes as oc
from ..world.vocabulary import OUTCOMES, PARTIES
from .paired import paired_dates, paired_numbers, paired_share

KEY = ["date", "actor", "event", "option", "party"]
"""The columns that make up one event when two worlds' histories are compared."""


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
            rows.append({"outcome": name, "unit": OUTCOMES[name].unit,
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

    A world's log is the sequence of its events ``(date, actor, event, option, party)`` in the
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
    keys = e[KEY].astype({c: "string" for c in KEY[1:]})
    return pd.DataFrame({
        "world": e["world"].to_numpy(np.int64),
        "k": e.groupby("world").cumcount().to_numpy(),
        "h": pd.util.hash_pandas_object(keys, index=False).to_numpy(),
        "date": e["date"].to_numpy("datetime64[s]"),
        "text": (keys["date"].dt.strftime("%Y-%m-%d") + " " + keys["actor"] + " " + keys["event"]
                 + (": " + keys["option"]).fillna("") + (" by " + keys["party"]).fillna("")).to_numpy(),
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
    loaded = [as_scenario(s) for s in [base, *whatifs]]
    labels = _labels([s.name for s in loaded])
    scenarios = dict(zip(labels, loaded))
    results = {label: run_ensemble(s, worlds=worlds, seed=seed, series=series, workers=workers, progress=progress)
               for label, s in scenarios.items()}
    return compare_runs(scenarios, results, worlds, seed)


def compare_runs(scenarios: dict, results: dict, worlds: int, seed: int) -> Comparison:
    """The comparison of runs already made on worlds ``0..worlds-1`` with root ``seed``.

    ``scenarios`` and ``results`` map the same labels, the baseline's first. This is the
    second half of :func:`compare`; the seminar page calls it with a baseline run it
    keeps between what-ifs, so that its numbers are those of ``pactsim compare``.
    """
    labels = list(scenarios)
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
