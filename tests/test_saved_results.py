"""Saved results read back without simulating, in four languages, and exported.

``report`` and ``chronicle`` on a results folder must tell the very numbers that were
saved; an output file is never overwritten without ``--force``; the text is translated
(Italian, Dutch, Arabic right to left); outcome columns behave in plain pandas; the
manifest says which model wrote the results.
"""

from __future__ import annotations

import dataclasses
import re
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from babel.messages.pofile import read_po

import sim
from sim.analysis import compare as compare_module
from sim.analysis.compare import MIN_PAIRS, format_table, paired_table, signed
from sim.analysis.report import report
from sim.analysis.saved import load_comparison
from sim.i18n import gettext
from sim.interface.cli import main
from sim.world.vocabulary import CATALOGUE

WORLDS = 200


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A comparison of history and the Stalingrad what-if, saved as `pactsim compare` saves it
    (enough pairs that an assumption stands out from chance in the report's spread section,
    whose translations the language tests read)."""
    folder = tmp_path_factory.mktemp("saved") / "cmp"
    comparison = sim.compare("historical", ["stalingrad_german_victory"], worlds=WORLDS, seed=3, series=True)
    comparison.save(folder)
    return comparison, folder


@pytest.fixture
def no_simulation(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a saved folder was given; nothing may be simulated")

    monkeypatch.setattr(compare_module, "run_ensemble", refuse)
    monkeypatch.setattr("sim.engine.simulate", refuse)


@pytest.mark.slow
def test_a_saved_comparison_comes_back_as_it_was(saved, no_simulation):
    comparison, folder = saved
    again = load_comparison([folder])
    assert (again.base, again.whatifs, again.worlds, again.seed) == ("historical", ("stalingrad_german_victory",), WORLDS, 3)
    pd.testing.assert_frame_equal(again.table, comparison.table)
    pd.testing.assert_frame_equal(again.divergence.reset_index(drop=True), comparison.divergence)
    assert again.scenarios["stalingrad_german_victory"].title == "Germany wins at Stalingrad (November 1942)"


@pytest.mark.slow
def test_run_folders_are_paired_like_a_comparison(saved, tmp_path, no_simulation):
    comparison, folder = saved
    again = load_comparison([folder / "runs" / "historical", folder / "runs" / "stalingrad_german_victory"])
    pd.testing.assert_frame_equal(again.table, comparison.table)


@pytest.mark.slow
def test_runs_of_different_seeds_are_refused(saved, tmp_path):
    comparison, folder = saved
    other = sim.run("no_pact", worlds=5, seed=4).save(tmp_path / "other")
    with pytest.raises(sim.errors.PactsimError, match=r"different seeds \(3, 4\); worlds are twins only under the same seed"):
        load_comparison([folder / "runs" / "historical", other.path])


@pytest.mark.slow
def test_report_of_a_saved_folder_simulates_nothing_and_keeps_existing_files(saved, tmp_path, no_simulation, capsys):
    comparison, folder = saved
    out = tmp_path / "report.html"
    assert main(["report", str(folder), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert f"{WORLDS} worlds per scenario · seed 3" in html
    row = comparison.table.query("outcome == 'ussr_attacks_japan' and statistic == 'happens'").iloc[0]
    assert signed(100 * row.difference, "en", 1) + " pts" in html
    out.write_text(html.replace("seed 3", "seed 4"), encoding="utf-8")
    assert main(["report", str(folder), "--out", str(out), "--force"]) == 0  # a report: replaced
    assert out.read_text(encoding="utf-8") == html
    out.write_text("keep me", encoding="utf-8")
    assert main(["report", str(folder), "--out", str(out)]) == 2
    assert "report.html exists; choose another name, or add --force to replace it" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["report", str(folder), "--out", str(out), "--force"]) == 2  # not a report pactsim wrote
    assert "is not a finished pactsim output" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.slow
def test_chronicle_of_a_saved_folder_tells_its_typical_world(saved, no_simulation, capsys):
    comparison, folder = saved
    k = sim.typical_world(comparison.results["stalingrad_german_victory"].worlds)
    assert main(["chronicle", str(folder), "--scenario", "stalingrad_german_victory"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Germany wins at Stalingrad (November 1942): world {k} (the typical world of {WORLDS}), seed 3")
    assert "Germany won at Stalingrad." in out
    assert main(["chronicle", str(folder), "--scenario", "nope"]) == 2


def spread_rows(html: str) -> list[tuple[str, str, str]]:
    """The assumptions of the report's spread section: (parameter, attributes of its
    meaning's span, meaning)."""
    section = html[html.index('id="spread"'):]
    section = section[:section.index("<h2")]
    return re.findall(r'<span class="setting" dir="ltr">([^<]*)</span><br><span class="muted"([^>]*)>([^<]*)</span>', section)


@pytest.mark.parametrize("lang, phrases", [
    ("en", ["How to read this report", "Paired comparison", "Week of 22 June 1941: Germany invaded the USSR."]),
    ("it", ["Come leggere questo rapporto", "Confronto appaiato", "Settimana del 22 giugno 1941: La Germania invase l'URSS.",
            "La Germania vince a Stalingrado (novembre 1942)"]),
    ("nl", ["Hoe dit rapport te lezen", "Gepaarde vergelijking",
            "Week van 22 juni 1941: Duitsland viel de Sovjet-Unie binnen.", "Duitsland wint bij Stalingrad"]),
    ("ar", ["كيف يُقرأ هذا التقرير", "المقارنة الزوجية", "أسبوع 22 يونيو 1941: غزت ألمانيا الاتحاد السوفيتي.",
            "ألمانيا تنتصر في ستالينغراد"]),
])
@pytest.mark.slow
def test_the_report_speaks_each_language(saved, tmp_path, no_simulation, one_small_figure, lang, phrases):
    comparison, folder = saved
    html = report([folder], tmp_path / f"{lang}.html", lang=lang).read_text(encoding="utf-8")
    head = re.search(r"<html[^>]*>", html).group(0)
    assert f'lang="{lang}"' in head
    assert ('dir="rtl"' in head) == (lang == "ar")
    for phrase in phrases:
        assert phrase.replace("'", "&#39;") in html, phrase
    rows = spread_rows(html)
    assert rows, "the saved comparison should have assumptions above the noise line"
    for parameter, attributes, meaning in rows:  # each in the page's language: no lang="en" dir="ltr"
        english = CATALOGUE[parameter].meaning
        assert (attributes, meaning) == ("", escape(gettext(lang)(english))), parameter
        assert (meaning != escape(english)) == (lang != "en"), parameter
    assert gettext(lang)("Some meanings of the assumptions are given in English.") not in html


@pytest.mark.parametrize("lang, first", [
    ("it", "Settimana del "), ("nl", "Week van "), ("ar", "أسبوع "),
])
@pytest.mark.slow
def test_the_chronicle_speaks_each_language(saved, lang, first):
    comparison, folder = saved
    result = comparison.results["historical"]
    sentences = sim.chronicle(result, sim.typical_world(result.worlds), lang=lang)
    assert all(s.startswith((first, {"it": "Settimane ", "nl": "Weken van ", "ar": "الأسابيع "}[lang])) for s in sentences)
    assert not [s for s in sentences if "because of" in s or "Week of" in s]


@pytest.mark.slow
def test_an_untranslated_meaning_stays_english_left_to_right_and_says_so(saved, tmp_path, no_simulation, one_small_figure,
                                                                           monkeypatch):
    comparison, folder = saved
    for name, parameter in CATALOGUE.items():
        monkeypatch.setitem(CATALOGUE, name, dataclasses.replace(parameter, meaning=f"what {name} means"))
    html = report([folder], tmp_path / "it.html", lang="it").read_text(encoding="utf-8")
    rows = spread_rows(html)
    assert rows
    for parameter, attributes, meaning in rows:
        assert (attributes, meaning) == (' lang="en" dir="ltr"', f"what {parameter} means")
    assert "Alcuni significati delle ipotesi sono dati in inglese." in html


def test_every_meaning_of_the_catalogue_is_translated_with_its_numbers():
    for lang in ("it", "nl", "ar"):
        with (Path(sim.__file__).parent / "locale" / lang / "LC_MESSAGES" / "pactsim.po").open("rb") as f:
            catalog = read_po(f)
        for name, parameter in CATALOGUE.items():
            message = catalog.get(parameter.meaning)
            assert message is not None and message.string and not message.fuzzy, (lang, name)
            assert message.string != message.id, (lang, name)
            # the same numbers, whatever the decimal sign ("0.4" is "0,4" in Italian)
            assert sorted(re.findall(r"\d+", message.string)) == sorted(re.findall(r"\d+", message.id)), (lang, name)


def test_names_of_places_are_those_the_seeds_use():
    from sim.analysis import chronicle
    row = {"date": pd.Timestamp("1945-08-16"), "actor": "ussr", "event": "takes_manchuria", "option": None, "party": None}
    told = {lang: chronicle._Teller(lang).event(row) for lang in ("it", "nl", "ar")}
    assert "Manciuria" in told["it"] and "Mantsjoerije" in told["nl"] and "منشوريا" in told["ar"]
    row["event"] = "takes_kurils"
    assert "Koerilen" in chronicle._Teller("nl").event(row)


def test_shares_computed_the_natural_way_are_right_and_survive_parquet(tmp_path):
    result = sim.run("historical", worlds=300, seed=11)
    worlds = result.worlds
    truth = sum(v == "japan" for v in worlds["pact_breached_by"]) / len(worlds)
    assert 0 < truth < 1 and (worlds["pact_breached_by"] == "none").any()  # some worlds where nobody broke it
    assert (worlds.pact_breached_by == "japan").mean() == pytest.approx(truth)
    assert worlds["pact_breached_by"].notna().all()
    again = result.save(tmp_path / "run").worlds
    assert (again.pact_breached_by == "japan").mean() == pytest.approx(truth)
    assert again["pact_breached_by"].tolist() == worlds["pact_breached_by"].tolist()


def test_date_shifts_need_enough_pairs_where_both_happen():
    n = 100
    base = pd.DataFrame({"world": np.arange(n), "seed": 0,
                         "japan_attacks_ussr": pd.to_datetime(["1942-04-12"] * 10 + [None] * 90).astype("datetime64[s]")})
    what = base.copy()
    what["japan_attacks_ussr"] = pd.to_datetime(["1942-05-10"] * 40 + [None] * 60).astype("datetime64[s]")
    shown = format_table(paired_table(base, what)).set_index("statistic")
    assert shown.loc["happens", "difference"] == "+30.0 pts"
    assert shown.loc["median pair shift", "difference"] == "-"
    assert shown.loc["median pair shift", "note"] == f"only 10 pairs where it happens in both (fewer than {MIN_PAIRS})"
    assert list(shown.columns[2:4]) == ["difference", "95% CI"]


@pytest.mark.slow
def test_export_writes_csv_and_excel_and_overwrites_nothing(saved, tmp_path, capsys):
    comparison, folder = saved
    out = tmp_path / "x.xlsx"
    assert main(["export", str(folder), "--to", "xlsx", "--out", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"comparison", "divergence", "worlds"}
    assert len(sheets["worlds"]) == 2 * WORLDS and set(sheets["worlds"]["scenario"]) == {"historical", "stalingrad_german_victory"}
    assert main(["export", str(folder), "--to", "xlsx", "--out", str(out)]) == 2
    assert "x.xlsx exists" in capsys.readouterr().err
    assert main(["export", str(folder / "runs" / "historical"), "--to", "csv", "--out", str(tmp_path / "csv"),
                 "--events"]) == 0
    worlds = pd.read_csv(tmp_path / "csv" / "worlds.csv")
    assert len(worlds) == WORLDS and (tmp_path / "csv" / "events.csv").is_file()
    assert main(["export", str(folder / "runs" / "historical"), "--to", "csv", "--out", str(tmp_path / "csv")]) == 2


@pytest.mark.slow
def test_the_manifest_says_which_model_wrote_the_results(saved):
    comparison, folder = saved
    versions = comparison.results["historical"].manifest["versions"]
    assert versions["pactsim"] == sim.__version__
    assert re.fullmatch(r"[0-9a-f]{40}(\+changes)?", versions["model_commit"])


@pytest.mark.slow
def test_the_notebook_way_in(saved):
    comparison, folder = saved
    assert len(repr(comparison)) < 200 and repr(comparison).startswith("<Comparison historical vs stalingrad")
    assert sim.run("historical", worlds=3, seed=0).worlds["scenario"].iloc[0] == "historical"
    assert callable(sim.plots.plot_ecdf) and callable(sim.chronicle)
