"""Paired comparison of what-if scenarios with a baseline, world by world.

Every scenario runs on the same worlds with the same root seed, so world ``k`` of a
what-if sees the same dice as world ``k`` of the baseline (common random numbers) and
the two form a *pair*. Differences are therefore estimated on pairs, which removes most
of the noise that two independent ensembles would carry.

The paired statistics themselves are in :mod:`sim.analysis.paired`. :attr:`Comparison.divergence`
gives, for every pair, the first date on which the what-if world's event log departs
from its twin's (:mod:`sim.analysis.divergence`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from .. import i18n
from ..ensemble import run as run_ensemble
from ..files import recorded
from ..files.outputs import check_output, output_folder, write_atomic, write_json
from ..files.scenario import as_scenario
from ..i18n import N_
from ..limits import check_request
from ..world import outcomes as oc
from ..world.vocabulary import OUTCOMES, PARTIES
from .divergence import divergence
from .given import Given, Match, condition, match, parse_given
from .paired import paired_dates, paired_numbers, paired_share
from .spread import TOP, main_effect_splits, main_splits

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
    return table


def _bool(s) -> np.ndarray:
    return pd.Series(s).fillna(False).to_numpy(dtype=bool)


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
    matches:
        Given a condition (:mod:`sim.analysis.given`), the :class:`~sim.analysis.given.Match`
        of each what-if: the table and the divergence hold its matching pairs only, the
        runs every world. Empty without a condition.
    """

    base: str
    whatifs: tuple[str, ...]
    scenarios: dict
    results: dict
    table: pd.DataFrame
    divergence: pd.DataFrame
    worlds: int
    seed: int
    matches: dict[str, Match] = field(default_factory=dict)
    doubts: list[str] = field(default_factory=list)
    """The checks its saved tables failed, read despite them with ``trust``
    (:func:`sim.analysis.saved.load_comparison`); its runs' own are in their ``doubts``."""

    @property
    def failed_checks(self) -> list[str]:
        """Every check the folders this comparison was read from failed (read with ``trust``)."""
        return [*self.doubts, *(d for r in self.results.values() for d in getattr(r, "doubts", ()))]

    def save(self, directory, figures: bool = True, runs: bool = True, force: bool = False) -> list[Path]:
        """Write ``comparison.csv``, ``comparison.parquet``, ``divergence.parquet``, a
        ``comparison.json`` summary, the figures and (``runs``) each scenario's run.

        The folder appears whole and marked complete, or not at all; an existing one is
        replaced only with ``force`` and only if pactsim made it (:func:`sim.files.outputs.output_folder`).
        """
        d = Path(directory)
        summary = {"base": self.base, "whatifs": list(self.whatifs), "worlds": self.worlds, "seed": self.seed,
                   "scenarios": {k: _to_dict(s) for k, s in self.scenarios.items()}}
        if self.matches:
            summary["given"] = {label: {"given": m.condition.given.text, "condition": m.condition.words,
                                        "pairs": m.pairs, "of": m.of} for label, m in self.matches.items()}
        written = []
        with output_folder(d, force, "the comparison") as tmp:
            tables = {"comparison.csv": (self.table, lambda p: self.table.to_csv(p, index=False)),
                      "comparison.parquet": (self.table, lambda p: self.table.to_parquet(p, index=False)),
                      "divergence.parquet": (self.divergence, lambda p: self.divergence.to_parquet(p, index=False))}
            for name, (_, write) in tables.items():
                write_atomic(tmp / name, write)
            summary[recorded.KEY] = recorded.record(tmp, {name: len(df) for name, (df, _) in tables.items()})
            write_json(tmp / "comparison.json", summary)  # last: it records the tables' digests
            written += [d / name for name in (*tables, "comparison.json")]
            if runs:
                for label, result in self.results.items():
                    result.save(tmp / "runs" / label)
                    written.append(d / "runs" / label)
            if figures:
                from .plots import plot_results

                written += [d / "figures" / p.name
                            for p in plot_results(self.results, tmp / "figures", divergence=self.divergence)]
        return written

    def spread(self, top: int = TOP) -> dict[str, list[pd.DataFrame]]:
        """Which assumptions carry the spread (:mod:`sim.analysis.spread`): of the
        baseline's main outcomes, and of each what-if's effect on them, pair by pair."""
        base = self.results[self.base].worlds
        return {self.base: main_splits(base, top)} | {
            w: main_effect_splits(*self.pair(w), top) for w in self.whatifs}

    def pair(self, whatif: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The worlds of the baseline and of ``whatif`` that the comparison reads: all of
        them, or given a condition, the matching pairs."""
        base, other = self.results[self.base].worlds, self.results[whatif].worlds
        if whatif not in self.matches:
            return base, other
        kept = self.matches[whatif].worlds
        return base[base["world"].isin(kept)], other[other["world"].isin(kept)]

    def readings(self) -> list[tuple[str, str | None, pd.DataFrame]]:
        """The worlds of each run that the comparison reads, as ``(label, what-if, worlds)``:
        every run whole (what-if None); given a condition, for each what-if the baseline
        twins of its matching pairs, then its own worlds (what-if: the one whose pairs they
        are; each what-if rewrites its own dates, so its pairs are its own)."""
        if not self.matches:
            return [(label, None, result.worlds) for label, result in self.results.items()]
        readings = []
        for whatif in self.whatifs:
            base, other = self.pair(whatif)
            readings += [(self.base, whatif, base), (whatif, whatif, other)]
        return readings

    def given_to(self, given: Given) -> Comparison:
        """The same runs read only on the pairs whose baseline twin meets ``given``: what
        :func:`compare_runs` gives with ``given``, each pair's divergence taken from this
        comparison's rather than found again."""
        if self.matches:
            raise ValueError("this comparison is already read on matching pairs")
        matches = _matches(self.scenarios, self.results, given)
        divs = {}
        for label in self.whatifs:
            div = self.divergence[(self.divergence["whatif"] == label).to_numpy()]
            kept = div["world"].isin(_read(self.results, self.base, matches[label])).to_numpy()
            divs[label] = div[kept].drop(columns=["whatif", "seed"]).reset_index(drop=True)
        return _comparison(self.scenarios, self.results, self.worlds, self.seed, given, matches, divs)

    def formatted(self, lang: str = "en") -> pd.DataFrame:
        """The table with values in words and units, for printing (in ``lang``)."""
        return format_table(self.table, lang)

    def __repr__(self) -> str:
        whatifs = ", ".join(self.whatifs) or "no what-if"
        return (f"<Comparison {self.base} vs {whatifs}: {self.worlds:,} worlds each, seed {self.seed}; "
                f".table ({len(self.table)} rows), .divergence, .results, .formatted()>")


def new_folder(directory, force: bool = False) -> Path:
    """``directory`` as a path, if :meth:`Comparison.save` may write it; else a ``StoreError``."""
    return check_output(directory, force, "the comparison")


def _to_dict(scenario) -> dict:
    try:
        return scenario.to_dict()
    except Exception:  # a stand-in without a full to_dict
        return {"name": getattr(scenario, "name", "?")}


def compare(base, whatifs: Sequence, worlds: int = 1000, seed: int = 0, series: bool = False,
            workers: int = 1, progress: bool | None = None, given: str | None = None) -> Comparison:
    """Run ``base`` and every what-if on worlds ``0..worlds-1`` with root ``seed`` and
    compare each what-if with the baseline, pair by pair.

    Scenarios may be objects or paths (or bundled names). Scenarios that share a name
    get a numeric suffix in the labels (``name_2``). ``given`` (``"record"``,
    ``"record@1942-11-01"``, ``"record@divergence"``, an outcome, joined by ``&``: see
    :mod:`sim.analysis.given`) keeps only the pairs whose baseline twin meets it.
    """
    if worlds < 1:
        raise ValueError(f"worlds must be >= 1, got {worlds}")
    if isinstance(whatifs, (str, os.PathLike)) or hasattr(whatifs, "events"):
        whatifs = [whatifs]
    loaded = [as_scenario(s) for s in [base, *whatifs]]
    parsed = None if given is None else parse_given(given, loaded[0].start, loaded[0].end)  # before the runs
    check_request(worlds, seed, workers, in_memory=True, runs=len(loaded))  # all runs are kept in memory
    labels = unique_labels([s.name for s in loaded])
    scenarios = dict(zip(labels, loaded))
    results = {label: run_ensemble(s, worlds=worlds, seed=seed, series=series, workers=workers, progress=progress)
               for label, s in scenarios.items()}
    return compare_runs(scenarios, results, worlds, seed, parsed)


def compare_runs(scenarios: dict, results: dict, worlds: int, seed: int, given: Given | None = None) -> Comparison:
    """The comparison of runs already made on worlds ``0..worlds-1`` with root ``seed``.

    ``scenarios`` and ``results`` map the same labels, the baseline's first. This is the
    second half of :func:`compare`; saved results folders (:mod:`sim.analysis.saved`) and
    the seminar page, with the baseline run it keeps between what-ifs, come here too, so
    that their numbers are those of ``pactsim compare``. ``given``: only the pairs whose
    baseline twin meets it, read for each what-if (:attr:`Comparison.matches`).
    """
    labels = list(scenarios)
    be = results[labels[0]].events
    matches = _matches(scenarios, results, given)
    divs = {label: divergence(be, results[label].events, worlds=_read(results, labels[0], matches.get(label)))
            for label in labels[1:]}
    return _comparison(scenarios, results, worlds, seed, given, matches, divs)


def _matches(scenarios: dict, results: dict, given: Given | None) -> dict[str, Match]:
    """The :class:`Match` of each what-if (none without ``given``)."""
    if given is None:
        return {}
    base, *whatifs = scenarios
    return {label: match(condition(given, scenarios[base], scenarios[label]), results[base].worlds)
            for label in whatifs}


def _read(results: dict, base: str, matched: Match | None) -> np.ndarray:
    """The worlds read: all of them, or the matching ones."""
    worlds = results[base].worlds["world"]
    return (worlds if matched is None else worlds[worlds.isin(matched.worlds)]).to_numpy()


def _comparison(scenarios: dict, results: dict, worlds: int, seed: int, given: Given | None, matches: dict,
                divergences: dict[str, pd.DataFrame]) -> Comparison:
    """The comparison of each what-if's run with the baseline's on the pairs read, given
    the divergence of each what-if on those pairs."""
    labels = list(scenarios)
    bw = results[labels[0]].worlds
    tables, divs = [], []
    for label in labels[1:]:
        pairs = bw if given is None else bw[bw["world"].isin(matches[label].worlds)]
        table = paired_table(pairs, results[label].worlds, labels[0], label)
        if given is not None:
            table["given"], table["of"] = given.text, len(bw)
        tables.append(table)
        div = divergences[label]
        div.insert(0, "whatif", pd.Series([label] * len(div)))
        div.insert(2, "seed", np.int64(seed))
        divs.append(div)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=TABLE_COLUMNS)
    div = pd.concat(divs, ignore_index=True) if divs else pd.DataFrame(
        columns=["whatif", "world", "seed", "diverges", "base_event", "whatif_event"])
    return Comparison(labels[0], tuple(labels[1:]), scenarios, results, table, div, worlds, seed, matches)


def unique_labels(names: list[str]) -> list[str]:
    """``names`` with a repeated name numbered (``no_pact``, ``no_pact_2``): one label per run."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


# --- Printing ------------------------------------------------------------------------

MIN_PAIRS = 30
"""Fewest pairs in which a date event happens in both worlds for its shift to be shown."""

STATISTICS = {"happens": N_("happens"), "share": N_("share"), "median shift": N_("median pair shift"),
              "mean shift": N_("mean shift"), "mean": N_("mean")}


def signed(x, lang: str, digits: int) -> str:
    """``x`` with its sign, ``+3.5``, ``-2``; what rounds to zero is ``0``, with no sign."""
    x = i18n.rounded(x, digits)
    if x.is_zero():
        return i18n.number(x, lang, digits)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(x, f"+{pattern};-{pattern}", locale=i18n.BABEL_LOCALE[lang])


def _interval(low, high, lang: str, digits: int, scale: float = 1.0) -> str:
    if pd.isna(low):
        return ""
    return f"[{signed(scale * low, lang, digits)}, {signed(scale * high, lang, digits)}]"


def format_table(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The comparison table in words, the difference first: shares in percent and points,
    shifts in days.

    A date shift is over the pairs where the event happens in both worlds; with fewer
    than :data:`MIN_PAIRS` of them its values are "-" and ``note`` says why.
    """
    _ = i18n.gettext(lang)
    rows = []
    for r in table.itertuples(index=False):
        note = ""
        if r.kind == "share":
            base, what = _share(r.base_value, lang), _share(r.whatif_value, lang)
            diff = "" if pd.isna(r.difference) else _("{x} pts").format(x=signed(100 * r.difference, lang, 1))
            ci = _interval(r.ci_low, r.ci_high, lang, 1, 100)
        elif r.kind == "date" and r.n < MIN_PAIRS:
            base = what = diff = ci = "-"
            note = _("only {n} pairs where it happens in both (fewer than {min})").format(
                n=i18n.number(r.n, lang), min=MIN_PAIRS)
        elif r.kind == "date":
            base, what = _day(r.base_date, lang), _day(r.whatif_date, lang)
            diff = "" if pd.isna(r.difference) else _("{x} d").format(x=signed(r.difference, lang, 1))
            ci = _interval(r.ci_low, r.ci_high, lang, 0)
        else:
            base, what = _number(r.base_value, lang), _number(r.whatif_value, lang)
            diff = "" if pd.isna(r.difference) else signed(r.difference, lang, 1)
            ci = _interval(r.ci_low, r.ci_high, lang, 1)
        rows.append({"what-if": r.whatif, "outcome": r.outcome, "statistic": _(STATISTICS.get(r.statistic, r.statistic)),
                     "difference": diff, "95% CI": ci, "baseline": base, "what-if value": what,
                     "pairs": i18n.number(r.n, lang), "flipped": _share(r.flipped, lang), "note": note})
    return pd.DataFrame(rows, columns=["what-if", "outcome", "statistic", "difference", "95% CI", "baseline",
                                       "what-if value", "pairs", "flipped", "note"])


def _share(x, lang: str) -> str:
    return "" if pd.isna(x) else i18n.percent(x, lang, 1)


def _number(x, lang: str) -> str:
    return "" if pd.isna(x) else i18n.number(x, lang, 1)


def _day(value, lang: str) -> str:
    return "" if pd.isna(value) else i18n.date(value, lang, "short")
