"""Counterfactuals given the record: the record's declaration, the condition language, and
comparisons read on the pairs whose baseline twin meets a condition.

The conditioned numbers must be those computed by hand on the matching worlds; bad
conditions end with one message and nothing written; without a condition nothing changes.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.analysis.compare import compare_runs, paired_table
from sim.analysis.given import GivenError, condition, fact_holds, first_rewrite, parse_given
from sim.analysis.paired import paired_share
from sim.analysis.record import record_table
from sim.analysis.saved import load_comparison
from sim.interface.cli import main
from sim.world.vocabulary import OUTCOMES
from sim.world.vocabulary.record import NOT_RECORDED, RECORD, Fact

START, END = dt.date(1941, 4, 13), dt.date(1946, 4, 13)


@pytest.fixture(scope="module")
def comparison():
    return sim.compare("historical", ["stalingrad_german_victory"], worlds=120, seed=3)


def test_every_outcome_is_in_the_record_or_says_why_not():
    recorded = [f.outcome for f in RECORD]
    assert len(recorded) == len(set(recorded))
    assert set(recorded) | set(NOT_RECORDED) == set(OUTCOMES)
    assert not set(recorded) & set(NOT_RECORDED)


def test_a_fact_takes_exactly_one_form():
    with pytest.raises(ValueError, match="exactly one"):
        Fact("moscow_falls", "x", dt.date(1941, 12, 5), equals=False, never=True)
    with pytest.raises(ValueError, match="needs `at`"):
        Fact("moscow_falls", "x", equals=False)


def _worlds(**columns) -> pd.DataFrame:
    return pd.DataFrame({"world": np.arange(len(next(iter(columns.values())))), **columns})


def test_each_form_of_fact_reads_a_scripted_world():
    t = pd.to_datetime
    w = _worlds(japan_strikes_south=t(["1941-11-01", "1942-01-31", "1942-02-01", None]),
                japan_attacks_ussr=t(["1942-06-01", None, "1941-10-01", None]),
                soviet_divisions_west_1941=[12.0, 24.0, 24.5, 11.9],
                moscow_falls=[False, True, False, False],
                pact_denounced_by=pd.Categorical(["ussr", "japan", "none", "ussr"]))
    south, never, west, moscow, denounced = (next(f for f in RECORD if f.outcome == name) for name in (
        "japan_strikes_south", "japan_attacks_ussr", "soviet_divisions_west_1941", "moscow_falls", "pact_denounced_by"))
    assert fact_holds(south, w).tolist() == [True, True, False, False]  # the window is inclusive
    assert fact_holds(never, w).tolist() == [False, True, False, True]
    # read up to 1 Jan 1942: an attack in June 1942 does not count yet
    assert fact_holds(never, w, dt.date(1942, 1, 1)).tolist() == [True, True, False, True]
    assert fact_holds(west, w).tolist() == [True, True, False, False]
    assert fact_holds(moscow, w).tolist() == [True, False, True, True]
    assert fact_holds(denounced, w).tolist() == [True, False, False, True]


def test_the_record_up_to_a_date_holds_only_the_facts_dated_before_it():
    cond = condition(parse_given("record@1942-11-01", START, END), sim.load_scenario(_bundled("historical")))
    assert {f.outcome for f in cond.facts} == {"japan_attacks_ussr", "moscow_falls", "japan_decides_south",
                                             "japan_strikes_south", "soviet_divisions_west_1941"}
    assert cond.words == "worlds that lived our history (up to 1 November 1942)"


def _bundled(name):
    from sim.files.scenario import bundled_dir

    return bundled_dir() / f"{name}.yaml"


def test_the_divergence_is_the_first_date_the_whatif_rewrites():
    base = sim.load_scenario(_bundled("historical")).to_dict()
    assert first_rewrite(base, sim.load_scenario(_bundled("stalingrad_german_victory")).to_dict()) == dt.date(1942, 11, 19)
    assert first_rewrite(base, sim.load_scenario(_bundled("no_oil_embargo")).to_dict()) == dt.date(1941, 8, 1)
    assert first_rewrite(base, sim.load_scenario(_bundled("no_pact")).to_dict()) == START
    assert first_rewrite(base, base) is None


@pytest.mark.parametrize("text, message", [
    ("record@1950-01-01", "outside the scenario's period"),
    ("record@someday", "not a date"),
    ("japan_atacks_ussr<1944-01-01", "did you mean 'japan_attacks_ussr'"),
    ("japan_attacks_ussr", "not true or false"),
    ("japan_attacks_ussr<1939-01-01", "outside the scenario's period"),
    ("record & ", "joined by &"),
    ("record & record@1942-01-01", "name the record once"),
    ("", "expected record"),
])
def test_a_bad_condition_says_what_is_wrong(text, message):
    with pytest.raises(GivenError, match=message):
        parse_given(text, START, END)


@pytest.mark.slow
def test_a_scripted_condition_gives_the_share_computed_by_hand_on_the_matching_worlds(comparison):
    """The toy condition: Japan struck south before 1 December 1941 in the baseline twin."""
    given = parse_given("japan_strikes_south<1941-12-01", START, END)
    conditioned = compare_runs(comparison.scenarios, comparison.results, 120, 3, given)
    base, whatif = (comparison.results[k].worlds for k in ("historical", "stalingrad_german_victory"))
    keep = (base["japan_strikes_south"] < pd.Timestamp("1941-12-01")).to_numpy()
    kept = base["world"][keep]
    assert 0 < keep.sum() < 120
    match = conditioned.matches["stalingrad_german_victory"]
    assert (match.pairs, match.of) == (int(keep.sum()), 120)
    # by hand: the paired share of "the USSR attacks Japan" on the matching pairs only
    b = base.set_index("world").loc[kept, "ussr_attacks_japan"].notna().to_numpy()
    w = whatif.set_index("world").loc[kept, "ussr_attacks_japan"].notna().to_numpy()
    expected = paired_share(b, w)
    row = conditioned.table.query("outcome == 'ussr_attacks_japan' and statistic == 'happens'").iloc[0]
    assert (row.base_value, row.whatif_value, row.difference, row.ci_low, row.ci_high, row.n) == (
        expected["base_value"], expected["whatif_value"], expected["difference"], expected["ci_low"],
        expected["ci_high"], expected["n"])
    assert (row.given, row.of) == ("japan_strikes_south<1941-12-01", 120)
    assert set(conditioned.divergence["world"]) == set(kept)


@pytest.fixture(scope="module")
def two():
    """Two what-ifs that rewrite history at different dates, so their matching pairs differ."""
    return sim.compare("historical", ["stalingrad_german_victory", "no_yalta"], worlds=60, seed=3)


def test_reading_a_comparison_given_a_condition_is_comparing_given_it(two):
    """The page reads its answer again on the matching pairs, the divergence taken from the
    answer over every pair: the same tables as comparing given the condition, to the byte."""
    for text in ("record@divergence", "japan_strikes_south<1941-12-01"):
        given = parse_given(text, START, END)
        read = two.given_to(given)
        compared = compare_runs(two.scenarios, two.results, 60, 3, given)
        pd.testing.assert_frame_equal(read.table, compared.table, check_exact=True)
        pd.testing.assert_frame_equal(read.divergence, compared.divergence, check_exact=True)
        assert {k: (m.pairs, list(m.worlds)) for k, m in read.matches.items()} == {
            k: (m.pairs, list(m.worlds)) for k, m in compared.matches.items()}
        assert 0 < len(read.divergence) < len(two.divergence)
    with pytest.raises(ValueError, match="already read"):
        read.given_to(given)


def test_summary_given_a_condition_says_whose_pairs_each_baseline_block_reads(two, tmp_path, capsys):
    """Each what-if's pairs are its own: the baseline is summarised once on the twins of
    each what-if's matching pairs, and its title names that what-if."""
    two.save(tmp_path / "c", figures=False)
    assert main(["summary", str(tmp_path / "c"), "--given", "record@divergence"]) == 0
    out = capsys.readouterr().out
    conditioned = two.given_to(parse_given("record@divergence", START, END))
    pairs = {w: m.pairs for w, m in conditioned.matches.items()}
    assert len(set(pairs.values())) == 2  # the test needs what-ifs whose pairs differ
    for whatif, n in pairs.items():
        assert f", the twins of {whatif}'s matching pairs: {n} worlds" in out
    assert out.count(" worlds (shares with 95% Wilson intervals") == 4  # each what-if, and the baseline twice


@pytest.mark.slow
def test_without_a_condition_the_table_is_that_of_every_pair(comparison):
    base, whatif = (comparison.results[k].worlds for k in ("historical", "stalingrad_german_victory"))
    pd.testing.assert_frame_equal(comparison.table, paired_table(base, whatif, "historical",
                                                                 "stalingrad_german_victory"))
    assert comparison.matches == {} and "given" not in comparison.table


@pytest.mark.slow
def test_a_condition_no_pair_meets_is_refused_with_the_numbers(comparison):
    given = parse_given("moscow_falls==true & moscow_falls==false", START, END)
    with pytest.raises(GivenError, match="0 of 120 pairs match `moscow_falls==true & moscow_falls==false`"):
        compare_runs(comparison.scenarios, comparison.results, 120, 3, given)


@pytest.mark.slow
def test_few_matching_pairs_give_a_warning_that_says_how_many_worlds_to_run(comparison):
    given = parse_given("record", START, END)
    line = compare_runs(comparison.scenarios, comparison.results, 120, 3, given).matches[
        "stalingrad_german_victory"].line("stalingrad_german_victory")
    assert "pairs match" in line and "Run about" in line and "worlds for 200 of them" in line


@pytest.mark.slow
def test_the_record_table_counts_the_worlds_that_meet_each_fact(comparison):
    worlds = comparison.results["historical"].worlds
    table = record_table(worlds)
    assert len(table) == len(RECORD) + 1
    whole = table.iloc[-1]
    everything = np.logical_and.reduce([fact_holds(f, worlds) for f in RECORD])
    assert whole["matching"] == everything.sum() and whole["worlds"] == 120
    shares = table["all"].dropna().to_numpy()
    assert (np.diff(shares) <= 0).all()  # each later date only adds facts


def test_compare_given_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "c"
    code = main(["compare", "historical", "no_pact", "-n", "5", "--given", "record@1950-01-01", "-o", str(out)])
    assert code == 2 and not out.exists()
    assert "outside the scenario's period" in capsys.readouterr().err
    code = main(["compare", "historical", "no_pact", "-n", "5", "--given", "moscow_falls==true & moscow_falls==false",
                 "-o", str(out)])
    assert code == 2 and not out.exists()
    assert "0 of 5 pairs match" in capsys.readouterr().err


def test_given_needs_a_baseline(tmp_path, capsys):
    run = sim.run("historical", worlds=5, seed=1)
    run.save(tmp_path / "r")
    assert main(["summary", str(tmp_path / "r"), "--given", "record"]) == 2
    assert "is read on a baseline twin" in capsys.readouterr().err


@pytest.mark.slow
def test_a_comparison_saved_given_a_condition_is_read_again_with_it(comparison, tmp_path, capsys):
    given = parse_given("record@1942-11-01", START, END)
    conditioned = compare_runs(comparison.scenarios, comparison.results, 120, 3, given)
    conditioned.save(tmp_path / "c", figures=False)
    saved = json.loads((tmp_path / "c" / "comparison.json").read_text())["given"]["stalingrad_german_victory"]
    assert saved["given"] == "record@1942-11-01" and saved["of"] == 120
    again = load_comparison([tmp_path / "c"])
    pd.testing.assert_frame_equal(again.table, conditioned.table)
    assert main(["summary", str(tmp_path / "c")]) == 0
    assert f"{saved['pairs']} of 120 pairs match" in capsys.readouterr().out


@pytest.mark.slow
def test_the_same_seed_gives_the_same_bytes_given_a_condition_for_any_number_of_workers(tmp_path):
    for workers in (1, 2):
        assert main(["compare", "historical", "stalingrad_german_victory", "-n", "60", "-s", "4", "-w", str(workers),
                     "--given", "record@divergence", "--no-spread", "--no-figures",
                     "-o", str(tmp_path / f"w{workers}")]) == 0
    for name in ("comparison.csv", "comparison.parquet", "divergence.parquet", "comparison.json"):
        assert (tmp_path / "w1" / name).read_bytes() == (tmp_path / "w2" / name).read_bytes(), name


def test_plain_whatifs_prints_percentages_in_lines_a_terminal_shows_with_its_worlds_and_seed():
    from sim.analysis.whatifs import COLUMNS, headings, whatifs_text

    heads = headings(END)
    table = pd.DataFrame([[0.765, 0.04, 0.05, 23.108, 0.1, 0.7, 0.7, 1.0, 0.9, 0.7, 0.03]] * 2, columns=heads,
                         index=["historical", "stalingrad_german_victory"])
    text = whatifs_text(table, 2000, 7)
    assert len(COLUMNS) == len(heads)
    assert max(map(len, text.splitlines())) <= 100
    assert "76%" in text and "0.765" not in text and "23.1" in text and "23.108" not in text
    assert "2,000 worlds each, seed 7" in text


def test_a_date_column_is_read_by_the_end_of_the_scenarios_own_period():
    from sim.analysis.whatifs import by_end, headings, measure

    assert by_end(dt.date(1950, 1, 1)) == "by January 1950"
    assert "Japan attacks USSR by January 1950" in headings(dt.date(1950, 1, 1))
    m = measure("japan_attacks_ussr", dt.date(1950, 1, 1))
    assert (m.op, m.value) == ("<", dt.date(1950, 1, 2))


@pytest.mark.slow
def test_the_readme_given_table_is_the_commands_output(capsys):
    import re
    import shlex
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- given -->\n(.*?)\n<!-- /given -->", text, re.S).group(1)
    (command,) = [line for line in text.splitlines() if line.startswith("pactsim record --whatif")]
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out.rstrip("\n") == block


def test_the_judgement_the_record_selects_on_is_ranked_first_and_a_free_one_is_left_open():
    from sim.analysis.assumptions import assumption_table, format_assumptions, plot_assumptions

    rng = np.random.default_rng(5)
    n = 3000
    worlds = pd.DataFrame({"world": np.arange(n), "param:japan.w_german_success": rng.uniform(1, 2.5, n),
                           "param:ussr.fe_floor": rng.uniform(250, 450, n), "param:japan.w_us_war": np.full(n, 3.0)})
    matching = worlds["param:ussr.fe_floor"].to_numpy() > 350  # the scripted record keeps the upper half
    table = assumption_table(worlds, matching)
    assert table["assumption"].tolist() == ["ussr.fe_floor", "japan.w_german_success"]  # a pinned one is left out
    top, free = table.iloc[0], table.iloc[1]
    assert top["shift"] == pytest.approx((400 - 350) / 200, abs=0.02) and top["p"] < 1e-10
    assert free["p"] > 0.01 and abs(free["shift"]) < 0.03
    assert top["matching"] == matching.sum() and top["worlds"] == n
    text = format_assumptions(table, "a scripted record")
    assert max(map(len, text.splitlines())) <= 100 and "ussr.fe_floor" in text.splitlines()[4]
    fig = plot_assumptions(table, worlds, matching)
    assert [ax.get_title().split("\n")[0] for ax in fig.axes if ax.get_visible()] == table["assumption"].tolist()


@pytest.mark.slow
def test_compare_prints_lines_a_terminal_shows_with_no_empty_column(comparison):
    from sim.analysis.printed import comparison_text

    text = comparison_text(comparison)
    lines = text.splitlines()
    assert max(map(len, lines)) <= 100
    assert lines[0] == "stalingrad_german_victory against historical"
    assert lines[1].split() == ["statistic", "difference", "95%", "CI", "baseline", "what-if", "value", "pairs",
                                "flipped"]
    assert "note" not in text and all(line == line.rstrip() for line in lines)
    given = parse_given("record@1942-11-01", START, END)
    conditioned = comparison_text(compare_runs(comparison.scenarios, comparison.results, 120, 3, given))
    assert "of 120 pairs match" in conditioned.replace("\n  ", " ") and "Run about" in conditioned


@pytest.mark.slow
def test_the_report_sets_both_answers_side_by_side_only_when_given(comparison):
    from sim.analysis.report import render

    plain = render(comparison)
    assert 'id="given"' not in plain and "Given the record" not in plain
    given = parse_given("record@1942-11-01", START, END)
    conditioned = compare_runs(comparison.scenarios, comparison.results, 120, 3, given)
    html = render(comparison, conditioned=conditioned)
    pairs = conditioned.matches["stalingrad_german_victory"].pairs
    assert 'id="given"' in html and f"{pairs} of 120 pairs" in html
    assert "all worlds (120 pairs)" in html and f"worlds that lived our history ({pairs} pairs)" in html
    assert "What the record says about the assumptions" in html and "<svg" in html.split('id="given"')[1]


def test_report_given_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "historical", "no_pact", "-n", "5", "--given", "record@1950-01-01", "-o", str(out)]) == 2
    assert not out.exists() and "outside the scenario's period" in capsys.readouterr().err
    assert main(["report", "historical", "-n", "5", "--given", "record", "-o", str(out)]) == 2
    assert not out.exists() and "baseline twin" in capsys.readouterr().err


@pytest.mark.slow
def test_a_sensitivity_point_given_a_condition_is_read_on_its_matching_pairs_only():
    from sim.analysis.measure import parse
    from sim.analysis.sensitivity import evaluate_model
    from sim.world.model import simulate

    base, whatif = (sim.load_scenario(_bundled(n)) for n in ("historical", "stalingrad_german_victory"))
    cond = condition(parse_given("japan_strikes_south<1941-12-01", START, END), base, whatif)
    measure = parse("ussr_attacks_japan<1946-01-01")
    x = np.array([[1.2], [2.3]])
    got = evaluate_model(x, names=["japan.w_german_success"], whatif=whatif, baseline=base, measure=measure,
                         seed=2, worlds=40, given=cond)
    for row, (value,) in enumerate(x):
        values = {"japan.w_german_success": np.full(40, value)}
        b, w = (simulate(s, 2, np.arange(40), values=values, events=False).worlds for s in (base, whatif))
        keep = cond.holds(b)
        hb, hw = (measure.per_world(t, START, END)[keep] for t in (b, w))
        assert got.loc[row, "matching"] == keep.sum() > 0
        assert got.loc[row, "y"] == np.mean(hw - hb) and got.loc[row, "baseline"] == np.mean(hb)


def test_a_sensitivity_study_given_a_condition_needs_a_baseline(capsys):
    assert main(["sensitivity", "stalingrad_german_victory", "--outcome", "moscow_falls", "--given", "record",
                 "--params", "japan.w_german_success", "--samples", "2", "-k", "5"]) == 2
    assert "add --baseline" in capsys.readouterr().err


@pytest.mark.slow
def test_discover_given_keeps_the_worlds_whose_baseline_twin_meets_the_condition(tmp_path, capsys, monkeypatch):
    from sim.analysis import discovery

    seen = {}

    def boxes(x, y, threshold):  # PRIM itself is tested elsewhere: here, which worlds reach it
        seen["rows"] = len(x)
        return pd.DataFrame(), pd.DataFrame()

    monkeypatch.setattr(discovery, "find_boxes", boxes)
    monkeypatch.setattr(discovery, "format_boxes", lambda found: "boxes")
    found = discovery.discover("stalingrad_german_victory", "japan_attacks_ussr<1944-01-01", worlds=60, seed=2,
                               baseline="historical", given="japan_strikes_south<1941-12-01")
    twins = sim.run("historical", worlds=60, seed=2).worlds
    expected = int((twins["japan_strikes_south"] < pd.Timestamp("1941-12-01")).sum())
    assert seen["rows"] == found.manifest["matching"] == expected
    assert main(["discover", "stalingrad_german_victory", "--outcome", "moscow_falls", "--given", "record",
                 "-o", str(tmp_path / "d")]) == 2
    assert "add --baseline" in capsys.readouterr().err and not (tmp_path / "d").exists()
