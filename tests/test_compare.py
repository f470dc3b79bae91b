"""Paired comparison: known answers for the statistics, divergence, and real what-ifs."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.compare import (
    compare,
    format_table,
    new_folder,
    paired_table,
)
from sim.analysis.divergence import divergence
from sim.analysis.paired import (
    mean_ci,
    median_ci,
    paired_dates,
    paired_numbers,
    paired_share,
    t_quantile,
)
from sim.analysis.summary import wilson
from sim.files.outputs import StoreError
from sim.files.scenario import bundled_dir, load_scenario

WORLDS = 200


@pytest.fixture(scope="module")
def stalingrad():
    """historical vs. a German victory at Stalingrad, and historical vs. itself."""
    base = load_scenario(bundled_dir() / "historical.yaml")
    whatif = load_scenario(bundled_dir() / "stalingrad_german_victory.yaml")
    return compare(base, [whatif, base], worlds=WORLDS, seed=3, series=False)


def pairs(both: int, only_whatif: int, only_base: int, neither: int):
    """Paired booleans (base, whatif) with the given cell counts."""
    base = [True] * both + [False] * only_whatif + [True] * only_base + [False] * neither
    what = [True] * both + [True] * only_whatif + [False] * only_base + [False] * neither
    return np.array(base), np.array(what)


# --- Shares -----------------------------------------------------------------------------

def test_newcombe_interval_matches_published_example():
    # Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables, ch. 8
    # (Cavo et al. 2012): table [[59, 6], [16, 80]] -> -0.0621 (95% CI -0.1186 to -0.0046).
    base, what = pairs(both=59, only_whatif=6, only_base=16, neither=80)
    r = paired_share(base, what)
    assert r["difference"] == pytest.approx(-10 / 161)
    assert (round(r["ci_low"], 4), round(r["ci_high"], 4)) == (-0.1186, -0.0046)


def test_constructed_pairs_give_the_exact_difference_and_flips():
    base, what = pairs(both=20, only_whatif=25, only_base=10, neither=45)
    r = paired_share(base, what)
    assert r["base_value"] == pytest.approx(0.30)
    assert r["whatif_value"] == pytest.approx(0.45)
    assert r["difference"] == pytest.approx(0.15)
    assert r["flipped"] == pytest.approx(0.35)
    assert r["n"] == 100
    assert r["ci_low"] < 0.15 < r["ci_high"]


def test_identical_pairs_give_zero_difference_and_no_flips():
    base, _ = pairs(both=30, only_whatif=0, only_base=0, neither=70)
    r = paired_share(base, base)
    assert r["difference"] == 0 and r["flipped"] == 0
    assert r["ci_low"] <= 0 <= r["ci_high"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 40))
def test_newcombe_interval_holds_the_estimate_inside_minus_one_to_one(a, b, c, d):
    if a + b + c + d == 0:
        return
    r = paired_share(*pairs(a, b, c, d))
    assert -1 <= r["ci_low"] <= r["difference"] + 1e-12
    assert r["difference"] - 1e-12 <= r["ci_high"] <= 1


def test_newcombe_interval_covers_about_95_percent():
    rng = np.random.default_rng(7)
    # Correlated pairs: the what-if flips a base outcome with some probability.
    p_base, flip_on, flip_off, n = 0.3, 0.2, 0.1, 150
    truth = p_base * (1 - flip_on) + (1 - p_base) * flip_off - p_base
    hits = 0
    reps = 1000
    for _ in range(reps):
        base = rng.random(n) < p_base
        what = np.where(base, rng.random(n) > flip_on, rng.random(n) < flip_off)
        r = paired_share(base, what)
        hits += r["ci_low"] <= truth <= r["ci_high"]
    assert 0.93 <= hits / reps <= 0.985


def test_wilson_interval_known_values():
    lo, hi = wilson(5, 10)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.2366, 0.7634)
    lo, hi = wilson(0, 10)
    assert float(lo) == 0 and round(float(hi), 4) == 0.2775


# --- Dates and numbers ------------------------------------------------------------------

@pytest.mark.parametrize("df, value", [(1, 12.7062), (2, 4.3027), (5, 2.5706), (10, 2.2281),
                                       (30, 2.0423), (120, 1.9799), (10_000, 1.9602)])
def test_t_quantile_matches_tables(df, value):
    assert t_quantile(0.975, df) == pytest.approx(value, abs=1e-4)
    assert t_quantile(0.025, df) == pytest.approx(-value, abs=1e-4)


def test_t_quantile_rejects_bad_arguments():
    with pytest.raises(ValueError, match="p=1.5 must be in"):
        t_quantile(1.5, 3)


def test_mean_ci_known_answer():
    m, lo, hi = mean_ci([1, 2, 3, 4, 5])
    half = 2.7764451 * math.sqrt(2.5) / math.sqrt(5)
    assert m == 3 and lo == pytest.approx(3 - half) and hi == pytest.approx(3 + half)


def test_median_ci_uses_the_sign_test_order_statistics():
    # n = 10: the 95% interval is [x(2), x(9)] (coverage 97.9%); n = 5 is too small for any.
    d = np.arange(1.0, 11.0)
    assert median_ci(d) == (5.5, 2.0, 9.0)
    med, lo, hi = median_ci(np.arange(5.0))
    assert med == 2 and np.isnan(lo) and np.isnan(hi)


def test_median_ci_matches_the_binomial():
    stats = pytest.importorskip("scipy.stats")
    for n in (20, 50, 301):
        d = np.arange(float(n))
        _, lo, _ = median_ci(d)
        k = int(lo) + 1  # the interval starts at the k-th order statistic
        assert stats.binom.cdf(k - 1, n, 0.5) <= 0.025 < stats.binom.cdf(k, n, 0.5)


def test_paired_dates_shift_and_happening():
    base = pd.to_datetime(["1941-12-07", "1942-01-04", None, "1942-03-01", None])
    what = pd.to_datetime(["1941-12-14", "1942-01-11", "1942-02-01", None, None])
    happens, median, mean = paired_dates(base, what)
    assert happens["statistic"] == "happens"
    assert happens["base_value"] == pytest.approx(0.6) and happens["whatif_value"] == pytest.approx(0.6)
    assert happens["difference"] == 0 and happens["flipped"] == pytest.approx(0.4)
    assert median["n"] == 2 and median["difference"] == 7 and mean["difference"] == 7
    assert mean["ci_low"] == 7 and mean["ci_high"] == 7  # no spread, no width
    assert median["base_date"] == pd.Timestamp("1941-12-21") and median["whatif_date"] == pd.Timestamp("1941-12-28")


def test_paired_numbers_mean_difference():
    r = paired_numbers([10, 12, 14], [11, 14, 17])
    assert r["base_value"] == 12 and r["whatif_value"] == 14
    assert r["difference"] == 2 and r["flipped"] == 1
    assert r["ci_low"] < 2 < r["ci_high"]


def test_paired_table_pairs_on_world_not_on_row_order():
    base = pd.DataFrame({"seed": 0, "world": [0, 1, 2, 3], "moscow_falls": [True, False, False, False]})
    what = base.iloc[::-1].reset_index(drop=True).copy()
    t = paired_table(base, what, "a", "b")
    row = t[t["outcome"] == "moscow_falls"].iloc[0]
    assert row["difference"] == 0 and row["flipped"] == 0 and row["n"] == 4


# --- Divergence ---------------------------------------------------------------------------

def events(rows):
    """An events table from (world, date, actor, event, option) rows."""
    df = pd.DataFrame(rows, columns=["world", "date", "actor", "event", "option"]).astype({"date": "datetime64[s]"})
    df["option"] = df["option"].replace("", None)
    df["party"] = None
    return df


def test_divergence_finds_the_first_differing_event():
    common = [(0, "1941-06-22", "germany", "barbarossa", ""), (0, "1941-12-07", "japan", "strikes_south", "")]
    base = events(common + [
        (1, "1941-06-22", "germany", "barbarossa", ""), (1, "1942-11-15", "germany", "stalingrad", "soviet_victory"),
        (1, "1943-07-04", "germany", "kursk", "soviet_victory"),
        (2, "1941-06-22", "germany", "barbarossa", ""),
        (3, "1941-06-22", "germany", "barbarossa", ""), (3, "1941-07-06", "ussr", "transfer", "west"),
    ])
    what = events(common + [
        (1, "1941-06-22", "germany", "barbarossa", ""), (1, "1942-11-15", "germany", "stalingrad", "german_victory"),
        (1, "1943-07-04", "germany", "kursk", "german_victory"),
        (2, "1941-06-22", "germany", "barbarossa", ""), (2, "1944-01-02", "japan", "surrenders", ""),
        (3, "1941-06-22", "germany", "barbarossa", ""), (3, "1941-08-03", "ussr", "transfer", "west"),
    ])
    d = divergence(base, what, worlds=[0, 1, 2, 3, 4]).set_index("world")
    assert pd.isna(d.loc[0, "diverges"]) and pd.isna(d.loc[4, "diverges"])
    assert d.loc[1, "diverges"] == pd.Timestamp("1942-11-15")
    assert "soviet_victory" in d.loc[1, "base_event"] and "german_victory" in d.loc[1, "whatif_event"]
    assert d.loc[2, "diverges"] == pd.Timestamp("1944-01-02")  # one log goes on past the other's end
    assert pd.isna(d.loc[2, "base_event"])
    assert d.loc[3, "diverges"] == pd.Timestamp("1941-07-06")  # the earlier of two moved events


def test_divergence_of_identical_logs_is_empty():
    log = events([(0, "1941-06-22", "germany", "barbarossa", ""), (1, "1941-06-22", "germany", "barbarossa", "")])
    assert divergence(log, log.copy())["diverges"].isna().all()


EVENT = st.tuples(st.integers(0, 3), st.sampled_from(["1941-06-22", "1941-12-07", "1942-11-15"]),
                  st.sampled_from(["germany", "japan"]), st.sampled_from(["barbarossa", "strikes_south"]),
                  st.sampled_from(["", "west", "east"]), st.sampled_from([None, "ussr"]))


def by_hand(base, what, world):
    """The divergence of one world read position by position, as the docstring says."""
    def log(events):
        rows = events[events["world"] == world].sort_values("date", kind="stable")
        return [tuple(r) for r in rows[["date", "actor", "event", "option", "party"]].itertuples(index=False)]

    b, w = log(base), log(what)
    for k in range(max(len(b), len(w))):
        eb, ew = (b[k] if k < len(b) else None), (w[k] if k < len(w) else None)
        if eb is None or ew is None or any(x != y and not (pd.isna(x) and pd.isna(y)) for x, y in zip(eb, ew)):
            return min(e[0] for e in (eb, ew) if e is not None)
    return pd.NaT


@given(st.lists(EVENT, max_size=14), st.lists(EVENT, max_size=14), st.booleans())
@settings(max_examples=30, deadline=None)
def test_divergence_is_the_first_differing_position(base_rows, what_rows, categorical):
    """Events coded as numbers find the same first difference as reading the logs by hand,
    with the words as categories (as a run stores them) or as plain text."""
    def frame(rows):
        df = events([r[:5] for r in rows])
        df["party"] = pd.Series([r[5] for r in rows], dtype=object)
        return df.astype({c: "category" for c in ("actor", "event", "option", "party")}) if categorical else df

    base, what = frame(base_rows), frame(what_rows)
    d = divergence(base, what, worlds=range(5)).set_index("world")
    for world in range(5):
        expected = by_hand(base, what, world)
        assert (pd.isna(d.loc[world, "diverges"]) and pd.isna(expected)) or d.loc[world, "diverges"] == expected
        assert pd.isna(d.loc[world, "diverges"]) == (pd.isna(d.loc[world, "base_event"])
                                                     and pd.isna(d.loc[world, "whatif_event"]))


# --- Real runs ------------------------------------------------------------------------------

@pytest.mark.slow
def test_identical_whatif_gives_zero_differences_and_no_divergence(stalingrad):
    assert stalingrad.whatifs == ("stalingrad_german_victory", "historical_2")
    same = stalingrad.table[stalingrad.table["whatif"] == "historical_2"]
    assert len(same) > 30
    assert (same["difference"].fillna(0) == 0).all()
    assert (same["flipped"].fillna(0) == 0).all()
    assert ((same["ci_low"].fillna(0) <= 0) & (same["ci_high"].fillna(0) >= 0)).all()
    div = stalingrad.divergence[stalingrad.divergence["whatif"] == "historical_2"]
    assert len(div) == WORLDS and div["diverges"].isna().all()


@pytest.mark.slow
def test_stalingrad_whatif_diverges_no_earlier_than_stalingrad(stalingrad):
    t = stalingrad.table.set_index(["whatif", "outcome", "statistic"])
    row = t.loc[("stalingrad_german_victory", "stalingrad_german_victory", "share")]
    assert row["whatif_value"] == 1.0 and row["difference"] == pytest.approx(1.0 - row["base_value"])
    assert row["flipped"] == pytest.approx(row["difference"])
    div = stalingrad.divergence[stalingrad.divergence["whatif"] == "stalingrad_german_victory"]
    week = pd.Timestamp("1942-11-19") - pd.Timedelta(days=6)
    assert (div["diverges"].dropna() >= week).all()
    # Every world where Germany lost historically differs at Stalingrad itself.
    assert div["diverges"].notna().sum() >= round(WORLDS * (1 - row["base_value"]))


@pytest.mark.slow
def test_table_is_tidy_with_one_row_per_whatif_outcome_statistic(stalingrad):
    t = stalingrad.table
    assert not t.duplicated(["whatif", "outcome", "statistic"]).any()
    assert set(t["kind"]) == {"share", "date", "number"}
    assert (t["base"] == "historical").all()
    shown = format_table(t)
    assert len(shown) == len(t) and shown["95% CI"].str.startswith("[").sum() > 0.8 * len(t)


@pytest.mark.slow
def test_save_writes_tables_and_refuses_a_used_folder(stalingrad, tmp_path):
    out = tmp_path / "cmp"
    written = stalingrad.save(out, figures=False)
    for name in ("comparison.csv", "comparison.parquet", "divergence.parquet", "comparison.json"):
        assert (out / name).is_file()
    assert (out / "runs" / "historical" / "worlds.parquet").is_file()
    back = pd.read_parquet(out / "comparison.parquet")
    assert len(back) == len(stalingrad.table) and out / "comparison.csv" in written
    assert pd.read_parquet(out / "divergence.parquet")["diverges"].dtype.kind == "M"
    with pytest.raises(StoreError, match="exists; choose another folder"):
        stalingrad.save(out)
    with pytest.raises(StoreError):
        new_folder(out)


@pytest.mark.slow
def test_compare_accepts_bundled_names_and_checks_worlds():
    c = compare("historical", "no_pact", worlds=20, seed=0)
    assert c.whatifs == ("no_pact",) and len(c.divergence) == 20
    with pytest.raises(ValueError, match="worlds must be >= 1"):
        compare("historical", ["no_pact"], worlds=0)


def test_historical_dates_of_events_are_weeks():
    # The comparison reads dates as the model writes them: week starts from 13 April 1941.
    c = compare("historical", [], worlds=5, seed=0)
    first = c.results["historical"].events["date"].min()
    assert (pd.Timestamp(first) - pd.Timestamp(dt.date(1941, 4, 13))).days % 7 == 0
    assert c.table.empty and c.divergence.empty


# --- Command line -------------------------------------------------------------------------

@pytest.mark.slow
def test_cli_compare_prints_the_table_and_writes_the_folder(tmp_path, capsys):
    from sim.interface.cli import main

    out = tmp_path / "cmp"
    assert main(["compare", "historical", "stalingrad_german_victory", "--worlds", "30", "--seed", "4",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "stalingrad_german_victory" in printed and "95% CI" in printed and f"Written to {out}/" in printed
    assert (out / "comparison.csv").is_file() and (out / "figures" / "shares.png").is_file()
    assert (out / "runs" / "stalingrad_german_victory" / "events.parquet").is_file()
    # A used folder is refused before anything runs; a bad scenario is one message, exit 2.
    assert main(["compare", "historical", "no_pact", "--worlds", "5", "--out", str(out)]) == 2
    assert "exists; choose another folder" in capsys.readouterr().err
    assert main(["compare", "historical", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "nope.yaml: no such file" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_cli_compare_without_figures_writes_the_tables_and_says_so(tmp_path, capsys):
    from sim.interface.cli import main

    out = tmp_path / "cmp"
    assert main(["compare", "historical", "no_pact", "-n", "5", "--no-figures", "-o", str(out)]) == 0
    assert "divergence.parquet, runs/)" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "comparison.csv", "comparison.json", "comparison.parquet", "divergence.parquet", "runs"]
    assert main(["plot", str(out), "--out", str(tmp_path / "figures")]) == 0  # drawn later, as the help says
    assert (tmp_path / "figures" / "shares.png").is_file()


# --- Printing -------------------------------------------------------------------------------

def test_summary_and_compare_print_the_same_share_for_the_same_worlds():
    from sim.analysis.summary import summarize

    worlds = pd.DataFrame({"seed": 0, "world": np.arange(2000), "moscow_falls": np.arange(2000) < 457})
    summary = summarize(worlds).set_index("outcome").loc["moscow_falls", "value"]
    shown = format_table(paired_table(worlds, worlds)).set_index("outcome").loc["moscow_falls"]
    assert summary.split("%")[0].strip() == "22.9" and shown["baseline"] == "22.9%"  # 0.2285, halves up


ZERO = re.compile(r"[-+]0(?:[.,]0*)?(?![.,\d])")
"""A signed zero: '-0', '+0.0'."""


def test_a_shift_that_rounds_to_zero_prints_no_signed_zero_and_says_it_is_the_median_of_pairs():
    n = 100
    day = pd.Timestamp("1942-04-12")
    base = pd.DataFrame({"world": np.arange(n), "seed": 0,
                         "japan_attacks_ussr": pd.to_datetime([day] * n).astype("datetime64[s]")})
    what = base.copy()
    what.loc[0, "japan_attacks_ussr"] = day - pd.Timedelta(days=7)  # a mean shift of -0.07 days
    shown = format_table(paired_table(base, what))
    dates = shown[shown["outcome"] == "japan_attacks_ussr"]
    cells = [c for col in ("difference", "95% CI") for c in dates[col]]
    assert [c for c in cells if ZERO.search(c)] == []
    assert "median pair shift" in set(dates["statistic"])
