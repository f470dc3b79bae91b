"""What the page computes on a lever release: the numbers of `pactsim compare`, its figures,
reading URLs without raising, and giving up when superseded."""

from __future__ import annotations

import dataclasses
import io
import re

import pandas as pd
import pytest
import yaml
from matplotlib.image import imread

from sim.analysis.compare import compare
from sim.files.scenario import load_scenario
from sim.interface import answer as ans
from sim.interface import levers as lv
from sim.interface.app import dates_html, read_url, shares_html
from sim.interface.cli import main
from sim.world.vocabulary import CATALOGUE

WORLDS = 150


QUERY = "event.stalingrad.outcome=german_victory&param.ussr.intelligence_trust=0.55&seed=5"


def sim_run(scenario, worlds, seed=0):
    return ans.run_ensemble(scenario, worlds=worlds, seed=seed, series=True, progress=False)


@pytest.fixture(scope="module")
def page_answer(historical):
    state, whatif, error = read_url(historical, QUERY)
    assert error is None
    return state, whatif, ans.answer(historical, whatif, WORLDS, 5)


@pytest.mark.slow
def test_page_numbers_equal_pactsim_compare_of_the_saved_file(historical, page_answer, tmp_path, capsys):
    state, whatif, a = page_answer
    saved = tmp_path / "whatif.yaml"
    saved.write_text(yaml.safe_dump(lv.scenario_data(historical, state), sort_keys=False))
    out = tmp_path / "cmp"
    assert main(["compare", "historical", str(saved), "-n", str(WORLDS), "-s", "5", "--no-figures", "-o", str(out)]) == 0
    capsys.readouterr()
    cli = pd.read_parquet(out / "comparison.parquet")
    cli[["base_date", "whatif_date"]] = cli[["base_date", "whatif_date"]].astype("datetime64[s]")  # Parquet keeps ms
    assert len(cli) == len(a.comparison.table) > 30
    pd.testing.assert_frame_equal(a.comparison.table.reset_index(drop=True), cli, check_dtype=False)
    direct = compare(historical, [load_scenario(saved)], worlds=WORLDS, seed=5)
    pd.testing.assert_frame_equal(a.comparison.divergence.reset_index(drop=True),
                                  direct.divergence.reset_index(drop=True))


@pytest.mark.slow
def test_page_tables_show_the_comparison(page_answer):
    _, _, a = page_answer
    row = a.shares.set_index("outcome").loc["stalingrad_german_victory"]
    assert row["whatif"] == 1.0 and row["base"] < 0.2 and row["ci_low"] > 0.5
    assert row["base_low"] <= row["base"] <= row["base_high"]
    html = shares_html(a)
    assert 'data-outcome="stalingrad_german_victory"' in html and "100.0%" in html
    assert "median shift" in dates_html(a)
    assert a.chronicle and a.twin and a.divergence["parted"] > 0


@pytest.mark.slow
def test_figures_are_pngs_of_the_expected_size(page_answer):
    _, _, a = page_answer
    assert set(a.figures) == {"dates", "forces", "divergence"}
    for name, png in a.figures.items():
        image = imread(io.BytesIO(png))
        assert image.shape[1] == 15 * ans.DPI, name
        assert image[..., :3].std() > 0.05, name  # not blank


@pytest.mark.slow
def test_baseline_is_run_once_and_kept_and_so_is_a_finished_answer(historical):
    ans.BASELINES.clear()
    first = ans.answer(historical, lv.whatif(historical, lv.parse_query(historical, "pact.on=off")), 60, 0)
    second = ans.answer(historical, lv.whatif(historical, lv.parse_query(historical, "pact.term_years=4")), 60, 0)
    assert len(ans.BASELINES) == 1
    assert first.seconds["baseline"] > 10 * second.seconds["baseline"]
    again = ans.answer(historical, lv.whatif(historical, lv.parse_query(historical, "pact.on=off")), 60, 0)
    assert again is first
    assert ans.answer(historical, lv.whatif(historical, lv.parse_query(historical, "pact.on=off")), 60, 1) is not first


def test_a_superseded_computation_stops_between_stages(historical):
    whatif = lv.whatif(historical, lv.parse_query(historical, "pact.on=off&seed=9"))
    calls = []

    def wanted():
        calls.append(1)
        return len(calls) < 4  # superseded after the what-if run

    with pytest.raises(ans.Superseded):
        ans.answer(historical, whatif, 61, 0, wanted=wanted)
    assert len(calls) == 4


@pytest.mark.slow
def test_numbers_come_before_figures(historical):
    whatif = lv.whatif(historical, lv.parse_query(historical, "event.oil_embargo.on=off"))
    stages = [len(a.figures) for a in ans.answers(historical, whatif, 62, 0)]
    assert stages == [0, 1, 2, 3]


@pytest.mark.parametrize("query, message", [
    ("seed=abc", r"^The link's lever state cannot be used: lever 'seed': 'abc' is not valid"),
    ("pact.notice_years=9", r"^These levers do not make a valid scenario: the page's levers: treaties.neutrality_pact: "
                            r"notice_years must not exceed term_years"),
    ("%ZZ=%", r"^The link's lever state cannot be used: the link sets an unknown lever"),
])
def test_read_url_turns_bad_state_into_a_message(historical, query, message):
    state, whatif, error = read_url(historical, query)
    assert whatif is None
    assert error is not None and re.search(message, error), error


def test_app_binds_loopback_unless_told(monkeypatch):
    from sim.interface import app_cli

    calls = []
    monkeypatch.setattr(app_cli, "serve", lambda base, **kw: calls.append((base.name, kw)))
    assert main(["app"]) == 0
    assert main(["app", "no_pact", "--host", "0.0.0.0", "--port", "9000", "--worlds", "500"]) == 0
    assert calls == [("historical", {"worlds": 5000, "host": "127.0.0.1", "port": 8765}),
                     ("no_pact", {"worlds": 500, "host": "0.0.0.0", "port": 9000})]


def test_app_refuses_a_bad_scenario_file_before_serving(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: Bad\nparams:\n  ussr.intelligence_trust: 3\n")
    assert main(["app", str(bad)]) == 2
    assert "bad.yaml:4: params.ussr.intelligence_trust: 3 is out of range" in capsys.readouterr().err


def test_fan_data_is_the_plots_module_s_computed_faster(historical):
    from sim.analysis import plots

    series = sim_run(historical, 40).series
    framed = series.copy()
    framed.insert(0, "scenario", "historical")
    pd.testing.assert_frame_equal(plots.fan_data_of("historical", series), plots.fan_data(framed), check_dtype=False)
    ragged = series.iloc[1:]  # world 0 lacks its first date: the pandas road, same answer
    framed = ragged.copy()
    framed.insert(0, "scenario", "historical")
    pd.testing.assert_frame_equal(plots.fan_data_of("historical", ragged), plots.fan_data(framed), check_dtype=False)


@pytest.mark.slow
def test_a_kept_baseline_never_answers_for_a_changed_scenario_or_catalogue(historical, monkeypatch):
    ans.BASELINES.clear()
    kept = ans.baseline(historical, 40, 3)
    moved = dataclasses.replace(historical, path="/elsewhere/historical.yaml")
    assert ans.baseline(moved, 40, 3) is kept  # the same content from another file
    assert ans.baseline(dataclasses.replace(historical, judgement="pinned"), 40, 3) is not kept
    spec = CATALOGUE["japan.north_strike_min"]
    monkeypatch.setitem(CATALOGUE, spec.name, dataclasses.replace(spec, plausible=(10.0, 12.0)))
    assert ans.baseline(historical, 40, 3) is not kept  # a catalogue changed under a kept run


@pytest.mark.slow
def test_answers_leave_the_kept_baseline_as_a_fresh_run_makes_it(historical):
    ans.BASELINES.clear()
    ans.answer(historical, lv.whatif(historical, lv.parse_query(historical, "event.yalta.on=off")), 40, 4)
    kept = ans.BASELINES[next(iter(ans.BASELINES))]
    fresh = sim_run(historical, 40, seed=4)
    for table in ("worlds", "events", "series"):
        pd.testing.assert_frame_equal(getattr(kept, table), getattr(fresh, table))


@pytest.mark.slow
def test_a_kept_figure_drawn_again_is_the_new_figure_s_png(historical, page_answer):
    other = ans.answer(historical, lv.whatif(historical, lv.parse_query(historical, "pact.on=off")), 40, 1)
    for name, data in ans.FIGURE_DATA.items():
        first, then = data(other.comparison), data(page_answer[2].comparison)
        ans._KEPT.clear()
        new = ans.draw(name, then)
        ans.draw(name, first)
        again = ans.draw(name, then)  # the kept figure, drawn over
        assert ans._KEPT and again == new, name


@pytest.mark.slow
def test_the_divergence_is_told_in_sentences_not_log_rows(page_answer):
    from sim.interface.app import divergence_text

    _, _, a = page_answer
    first = a.divergence["first"]
    told = [first["base"], first["whatif"]]
    assert any(told)
    for sentence in filter(None, told):
        assert not re.search(r"\d{4}-\d\d-\d\d \w+ \w+", sentence), sentence  # "1942-11-15 germany stalingrad: ..."
        assert sentence[0].isupper() and sentence.endswith(".")
    assert "germany stalingrad" not in divergence_text(a)


def test_the_heading_says_what_the_levers_rewrite_once_one_moved(historical):
    from sim.interface.app import heading

    assert historical.title in heading(historical, [])
    moved = heading(historical, lv.describe(historical, lv.parse_query(historical, QUERY)))
    assert historical.title not in moved and "Stalingrad" in moved


@pytest.mark.slow
def test_the_figures_name_the_what_if_in_words_not_by_its_identifier(page_answer):
    _, _, a = page_answer
    data = ans.dates_data(a.comparison)
    assert data["labels"] == ["historical", "what-if"]
    assert {str(s) for frame in data["ecdfs"].values() for s in frame["scenario"]} <= {"historical", "what-if"}
    assert set(ans.forces_data(a.comparison)["fans"]["scenario"]) == {"historical", "what-if"}
    assert set(ans.divergence_data(a.comparison)["divergence"]["whatif"]) == {"what-if"}
    assert "whatif" not in shares_html(a).replace('class="whatif"', "")


@pytest.mark.slow
def test_the_share_rows_end_with_the_scenarios_own_period(page_answer, historical):
    import datetime as dt

    from sim.analysis.answer_rows import share_rows

    _, _, a = page_answer
    assert "Japan attacks the USSR (by April 1946)" in set(a.shares["label"])
    shorter = dataclasses.replace(a.comparison, scenarios={
        a.comparison.base: dataclasses.replace(historical, end=dt.date(1945, 12, 31)),
        a.comparison.whatifs[0]: a.comparison.scenarios[a.comparison.whatifs[0]]})
    assert "Japan attacks the USSR (by December 1945)" in set(share_rows(shorter)["label"])


@pytest.mark.slow
def test_sigterm_stops_the_page_without_leaking_semaphores(tmp_path):
    import time

    from sim.interface.app_process import served

    log = tmp_path / "server.log"
    with open(log, "w") as out, served("historical", worlds=50, log=out):
        time.sleep(3)  # the drawing processes start with the server
    text = log.read_text()
    assert "Serving the seminar page" in text and "leaked semaphore" not in text, text


def test_the_switch_lives_in_the_url_beside_the_levers():
    from sim.interface.app import RECORD, split_given, with_given

    levers = "event.stalingrad.outcome=german_victory&seed=5"
    query = with_given(levers, RECORD)
    assert query == levers + "&given=record@divergence"
    assert split_given("?" + query) == (levers, RECORD)
    assert split_given(levers) == (levers, None) and with_given(levers, None) == levers
    assert split_given("given=record") == ("", "record")


def test_the_page_writes_a_difference_that_rounds_to_zero_as_0_with_no_sign():
    """The project's one rounding rule (compare.signed): the page showed "-0.0" and "+0"."""
    from sim.interface.app import _days, _pts

    assert [_pts(x) for x in (-0.0004, 0.0, 0.0004, -0.5334, 0.953)] == ["0.0", "0.0", "0.0", "-53.3", "+95.3"]
    assert [_days(x) for x in (-0.4, 0.0, 0.4, -12.0, 7.6)] == ["0", "0", "0", "-12", "+8"]


@pytest.mark.slow
def test_the_page_given_the_record_shows_the_numbers_of_compare_given(historical):
    from sim.analysis.compare import compare_runs
    from sim.analysis.given import parse_given
    from sim.interface.app import given_html

    whatif = lv.whatif(historical, lv.parse_query(historical, "event.stalingrad.outcome=german_victory&seed=5"))
    a = ans.answer(historical, whatif, WORLDS, 5)
    both = ans.answer(historical, whatif, WORLDS, 5, given="record@divergence")
    direct = compare_runs(a.comparison.scenarios, a.comparison.results, WORLDS, 5,
                          parse_given("record@divergence", historical.start, historical.end))
    pd.testing.assert_frame_equal(both.given.table, direct.table)
    pd.testing.assert_frame_equal(both.comparison.table, a.comparison.table)  # the answer on all worlds stays
    matched = direct.matches[direct.whatifs[0]]
    text = given_html(both)
    assert f"all worlds ({WORLDS} pairs)" in text and f"worlds that lived our history ({matched.pairs} pairs)" in text
    assert "19 November 1942" in text and "Run about" in text  # fewer than 200 pairs: say how many worlds to run
    assert a.given is None
