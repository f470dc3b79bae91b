"""The numbers behind each figure, and the figures' contract (axes in, axes out, files)."""

from __future__ import annotations

import datetime as dt
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import sim
from sim.analysis.compare import compare
from sim.analysis.plots import (
    HISTORICAL_DATES,
    OKABE_ITO,
    divergence_data,
    ecdf_data,
    factor_data,
    fan_data,
    figures,
    palette,
    plot_divergence,
    plot_ecdf,
    plot_factors,
    plot_fan,
    plot_results,
    plot_shares,
    share_data,
    tidy,
)
from sim.analysis.plots.figureset import RESOLUTIONS
from sim.world import outcomes as oc

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def comparison():
    return compare("historical", ["stalingrad_german_victory"], worlds=60, seed=1, series=True)


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    import matplotlib.pyplot as plt

    def refuse(*args, **kwargs):
        raise AssertionError("plot functions must not call plt.show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


def ax():
    return Figure(figsize=(8, 5)).add_subplot()


# --- ECDF -------------------------------------------------------------------------------

def synthetic_worlds():
    return pd.DataFrame({
        "scenario": ["a"] * 4 + ["b"] * 2,
        "world": [0, 1, 2, 3, 0, 1],
        "japan_strikes_south": pd.to_datetime(["1941-12-07", "1941-12-07", "1942-01-04", None, None, None]),
        "moscow_falls": [True, False, False, False, True, True],
        "pact_breached_by": pd.Series(["japan", None, "ussr", None, None, "ussr"]),
    })


def test_ecdf_counts_every_world_so_it_levels_off_at_the_share_that_happens():
    d = ecdf_data(synthetic_worlds(), "japan_strikes_south")
    a = d[d["scenario"] == "a"]
    assert list(a["date"]) == [pd.Timestamp("1941-12-07"), pd.Timestamp("1942-01-04")]
    assert list(a["share"]) == [0.5, 0.75] and set(a["n"]) == {4}
    b = d[d["scenario"] == "b"]  # never happens: one row, no date, share 0
    assert len(b) == 1 and pd.isna(b["date"].iloc[0]) and b["share"].iloc[0] == 0 and b["n"].iloc[0] == 2


def test_plot_ecdf_marks_history_and_the_number_of_worlds():
    a = plot_ecdf(ecdf_data(synthetic_worlds(), "japan_strikes_south"), "japan_strikes_south", ax=ax())
    texts = [t.get_text() for t in a.texts]
    assert any("7 Dec 1941" in t for t in texts)
    legend = [t.get_text() for t in a.get_legend().get_texts()]
    assert legend == ["a (n = 4)", "b (n = 2; never happens)"]


def test_plot_ecdf_says_when_an_event_never_happened_in_history():
    worlds = synthetic_worlds().rename(columns={"japan_strikes_south": "japan_attacks_ussr"})
    a = plot_ecdf(ecdf_data(worlds, "japan_attacks_ussr"), "japan_attacks_ussr", ax=ax())
    assert any("never happened in history" in t.get_text() for t in a.texts)


def test_historical_dates_are_the_facts():
    assert set(HISTORICAL_DATES) <= set(oc.DATE_OUTCOMES)
    assert HISTORICAL_DATES["japan_strikes_south"] == dt.date(1941, 12, 7)
    assert HISTORICAL_DATES["japan_attacks_ussr"] is None
    assert HISTORICAL_DATES["ussr_attacks_japan"] == dt.date(1945, 8, 9)


# --- Shares -----------------------------------------------------------------------------

def test_share_data_counts_and_wilson_intervals():
    d = share_data(synthetic_worlds(), ["moscow_falls", "pact_breached_by_ussr", "pact_breached_by_japan", "missing"])
    a = d[d["scenario"] == "a"].set_index("outcome")
    assert a.loc["moscow_falls", "k"] == 1 and a.loc["moscow_falls", "n"] == 4
    assert a.loc["pact_breached_by_ussr", "share"] == 0.25
    b = d[d["scenario"] == "b"].set_index("outcome")
    assert b.loc["moscow_falls", "share"] == 1.0 and b.loc["moscow_falls", "high"] == 1.0
    assert b.loc["pact_breached_by_japan", "low"] == 0.0
    assert "missing" not in set(d["outcome"])
    assert (d["low"] <= d["share"]).all() and (d["share"] <= d["high"]).all()


def test_plot_shares_one_row_per_outcome():
    d = share_data(synthetic_worlds(), ["moscow_falls", "pact_breached_by_ussr"])
    a = plot_shares(d, ax=ax())
    assert [t.get_text() for t in a.get_yticklabels()] == ["Moscow falls", "USSR breaks the pact"]
    assert "n = 4" in a.get_legend().get_texts()[0].get_text()


# --- Fan charts -------------------------------------------------------------------------

def test_fan_data_quantiles_across_worlds():
    series = pd.DataFrame({"scenario": "a", "world": np.arange(101), "date": pd.Timestamp("1942-01-04"),
                           "soviet_far_east": np.arange(101.0), "japan_manchuria": 13.0})
    d = fan_data(series).set_index("variable")
    row = d.loc["soviet_far_east"]
    assert (row["q05"], row["q25"], row["q50"], row["q75"], row["q95"]) == (5, 25, 50, 75, 95)
    assert row["n"] == 101
    assert d.loc["japan_manchuria", "q05"] == d.loc["japan_manchuria", "q95"] == 13


def test_fan_data_keeps_scenario_order_and_plot_fan_draws_each():
    series = pd.DataFrame({"scenario": ["z"] * 4 + ["a"] * 4, "world": [0, 1, 0, 1] * 2,
                           "date": pd.to_datetime(["1941-05-01"] * 2 + ["1941-06-01"] * 2) .tolist() * 2,
                           "soviet_far_east": [30.0, 31, 29, 27, 30, 30, 20, 22]})
    d = fan_data(series)
    assert list(pd.unique(d["scenario"])) == ["z", "a"]
    a = plot_fan(d, "soviet_far_east", ax=ax())
    assert [t.get_text() for t in a.get_legend().get_texts()] == ["z (n = 2)", "a (n = 2)"]


# --- Divergence ---------------------------------------------------------------------------

def test_divergence_data_is_the_cumulative_share_of_pairs():
    div = pd.DataFrame({"whatif": "w", "world": range(4),
                        "diverges": pd.to_datetime(["1942-11-15", None, "1942-11-15", "1943-07-04"])})
    d = divergence_data(div)
    assert list(d["share"]) == [0.5, 0.75] and set(d["whatif"]) == {"w"} and set(d["n"]) == {4}
    a = plot_divergence(d, ax=ax())
    assert "n = 4 pairs" in a.get_legend().get_texts()[0].get_text()


# --- Factors ------------------------------------------------------------------------------

def synthetic_events():
    rows = [
        ("a", 0, "1941-08-03", "japan", "posture", "south", 1.0, 3.0, 0.0, np.nan),
        ("a", 1, "1941-09-07", "japan", "posture", "south", -1.0, 1.0, 0.0, np.nan),
        ("a", 2, "1941-09-07", "japan", "posture", "north", 9.0, 9.0, 0.0, np.nan),
        ("a", 3, "1942-09-06", "japan", "posture", "south", 5.0, 5.0, 0.0, np.nan),
        ("a", 0, "1941-08-03", "ussr", "transfer", "west", np.nan, np.nan, np.nan, 2.0),
        ("b", 0, "1941-08-10", "japan", "posture", "south", 1.5, 1.0, 0.0, np.nan),
    ]
    return pd.DataFrame(rows, columns=["scenario", "world", "date", "actor", "event", "option",
                                       "f_faction", "f_oil", "f_pact", "f_crisis"]).astype({"date": "datetime64[s]"})


def test_factor_data_means_over_the_chosen_decisions_and_window():
    d = factor_data(synthetic_events(), "posture", actor="japan", option="south", end=dt.date(1941, 12, 31))
    table = d.set_index(["scenario", "factor"])
    assert table.loc[("a", "faction"), "mean"] == 0.0 and table.loc[("a", "oil"), "mean"] == 2.0
    assert table.loc[("a", "oil"), "n"] == 2  # the forced decision counts, the 1942 one does not
    assert table.loc[("b", "faction"), "mean"] == 1.5
    assert set(d["factor"]) == {"faction", "oil"}  # pact is always 0, crisis not a posture factor
    assert list(pd.unique(d["factor"])) == ["oil", "faction"]  # largest first
    a = plot_factors(d, ax=ax(), worlds={"a": 4, "b": 1})
    assert [t.get_text() for t in a.get_yticklabels()] == ["Oil running out", "Army's case for the north"]
    assert a.get_legend().get_texts()[0].get_text() == "a (2 decisions in 4 worlds; too few: hollow)"
    assert a.patches[0].get_facecolor()[3] == 0  # hollow: a bar on 2 decisions does not look weighty


# --- All figures --------------------------------------------------------------------------

def test_palette_is_okabe_ito_with_the_baseline_black():
    p = palette(["base", "w1", "w2"])
    assert p["base"]["color"] == "#000000"
    assert all(v["color"] in OKABE_ITO for v in p.values())
    assert len({v["linestyle"] for v in p.values()}) == 3


def test_tidy_labels_the_runs(comparison):
    t = tidy(comparison.results)
    assert list(pd.unique(t["worlds"]["scenario"])) == ["historical", "stalingrad_german_victory"]
    assert set(t["series"]["scenario"]) == set(t["worlds"]["scenario"])
    as_list = tidy(list(comparison.results.values()))  # runs labelled by their scenario names
    assert list(pd.unique(as_list["events"]["scenario"])) == ["historical", "stalingrad_german_victory"]


def test_every_figure_states_its_number_of_worlds(comparison):
    figs = figures(comparison.results, comparison.divergence)
    expected = {f"ecdf_{o}" for o in oc.DATE_OUTCOMES} | {"shares", "forces", "divergence"}
    assert expected <= set(figs)
    assert any(k.startswith("factors_") for k in figs)
    for name, fig in figs.items():
        texts = [t.get_text() for a in fig.axes if a.get_legend() for t in a.get_legend().get_texts()]
        texts += [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert any("n = 60" in t or "60 worlds" in t for t in texts), name


@pytest.mark.slow
def test_plot_results_writes_png_and_svg(comparison, tmp_path):
    written = plot_results(comparison.results, tmp_path, divergence=comparison.divergence)
    assert {p.suffix for p in written} == {".png", ".svg"}
    assert all(p.stat().st_size > 10_000 for p in written)
    assert (tmp_path / "forces.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "shares.svg").read_text()
    assert "<svg" in svg and "<dc:date>" not in svg  # no creation date: same runs, same bytes


@pytest.mark.slow
def test_cli_plot_draws_runs_and_comparisons(comparison, tmp_path, capsys):
    from sim.interface.cli import main

    saved = tmp_path / "cmp"
    comparison.save(saved, figures=False)
    out = tmp_path / "figs"
    assert main(["plot", str(saved), "--out", str(out)]) == 0
    assert (out / "divergence.svg").is_file() and (out / "forces.png").is_file()
    assert main(["plot", str(saved / "runs" / "historical"), "--out", str(tmp_path / "one"), ]) == 0
    assert not (tmp_path / "one" / "divergence.png").exists() and (tmp_path / "one" / "shares.png").is_file()
    assert "files written" in capsys.readouterr().out


# --- Readable figures: years, titles, stable styles, many scenarios, provenance -----------

def test_the_first_tick_of_a_date_axis_names_its_year():
    data = pd.DataFrame({"scenario": "a", "date": pd.to_datetime(["1941-07-06", "1941-09-07", "1942-03-01"])
                         .astype("datetime64[s]"), "share": [0.1, 0.2, 0.3], "n": 10})
    a = plot_ecdf(data, "japan_attacks_ussr", ax=ax(), historical=None)
    a.figure.canvas.draw()
    labels = [t.get_text() for t in a.get_xticklabels() if t.get_text()]
    assert "1941" in labels[0], labels


def test_each_bundled_scenario_keeps_one_style_in_every_figure():
    alone = palette(["no_pact"])["no_pact"]
    among = palette(["historical", "stalingrad_german_victory", "no_pact"])["no_pact"]
    assert alone == among
    from sim.files.scenario import BUNDLED
    styles = palette(list(BUNDLED) + ["mine", "yours"])
    assert styles["historical"]["color"] == "#000000"
    assert len({(v["color"], v["marker"]) for v in styles.values()}) == len(styles)
    assert palette(["my_base", "w"])["my_base"]["color"] == "#000000"  # an unbundled baseline is black too


@pytest.mark.slow
def test_legends_show_titles_and_files_record_seed_worlds_and_version(comparison, tmp_path):
    from PIL import Image

    figs = figures(comparison.results, comparison.divergence)
    legend = [t.get_text() for t in figs["ecdf_japan_attacks_ussr"].axes[0].get_legend().get_texts()]
    assert legend[1].startswith("Germany wins at Stalingrad (November 1942) (n = 60")
    plot_results(comparison.results, tmp_path, divergence=comparison.divergence, formats=("png",))
    description = Image.open(tmp_path / "shares.png").info["Description"]
    assert re.search(r"pactsim \S+ .*seed \d+, 60 worlds per scenario: historical, stalingrad_german_victory",
                     description), description


@pytest.mark.slow
def test_beyond_four_scenarios_an_ecdf_becomes_small_multiples(comparison):
    base, whatif = comparison.results.values()
    results = {"historical": base, **{f"w{i}": whatif for i in range(5)}}
    fig = figures(results)["ecdf_japan_attacks_ussr"]
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 5 and all(len(a.get_lines()) >= 2 for a in panels)


@pytest.mark.slow
def test_a_run_without_series_is_named_on_the_forces_figure(comparison):
    base = next(iter(comparison.results.values()))
    plain = sim.run("no_pact", worlds=60, seed=comparison.seed)
    fig = figures({"historical": base, "no_pact": plain})["forces"]
    texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert any("Not shown (run without --series): No Neutrality Pact" in t for t in texts), texts


def test_a_legend_below_the_panels_fits_at_every_resolution_it_is_drawn_at():
    # Three titles from a row that fits easily to one that must break: the row must fit
    # in the SVG, on the page and in the PNG files, whose glyph widths round differently.
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from sim.analysis.plots import STYLE
    from sim.analysis.plots.figureset import legend_below

    words = "The historical course, April 1941 to April 1946, and what Germany won at Stalingrad"
    for length in range(24, 40):
        with matplotlib.rc_context(STYLE):  # as pactsim draws it
            fig = Figure(figsize=(15, 9.5), layout="constrained")
            fig.add_subplot()
            labels = [f"{words[:length]} (n = {i},000)" for i in range(1, 4)]
            legend = legend_below(fig, [Line2D([], [], marker="o") for _ in labels], labels, columns=3)
        for dpi in RESOLUTIONS:
            fig.dpi = dpi
            fig.draw_without_rendering()
            box = legend.get_window_extent()
            assert 0 <= box.x0 and box.x1 <= fig.bbox.x1, (length, dpi, box, fig.bbox)


@pytest.mark.slow
def test_the_forces_legend_fits_the_figure_however_long_the_titles(comparison):
    import copy

    base, whatif = comparison.results.values()
    results = {"historical": base}
    for i in range(3):  # titles as long as the bundled ones with "(n = 2,000)"
        twin = copy.copy(whatif)
        twin.manifest = {**whatif.manifest, "scenario": {**whatif.manifest["scenario"],
                                                         "title": f"Germany wins at Stalingrad (November 1942), case {i}"}}
        results[f"w{i}"] = twin
    fig = figures(results)["forces"]
    (legend,) = fig.legends
    for dpi in RESOLUTIONS:
        fig.dpi = dpi
        fig.draw_without_rendering()
        box = legend.get_window_extent()
        assert 0 <= box.x0 and box.x1 <= fig.bbox.x1, (dpi, box, fig.bbox)
    assert len(legend.get_texts()) == 4
