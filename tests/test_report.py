"""The HTML report: self-contained, escaped, and saying what each what-if rewrites."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types

import pytest

from sim.analysis.report import inline_svg, report, rewrites, shown_path
from sim.files.scenario import bundled_dir, load_scenario
from sim.world.vocabulary.events import Event, historical

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def scenarios():
    base = load_scenario(bundled_dir() / "historical.yaml")
    whatif = load_scenario(bundled_dir() / "stalingrad_german_victory.yaml")
    return base, whatif


@pytest.fixture(scope="module")
def html(scenarios, tmp_path_factory):
    base, whatif = scenarios
    hostile = dataclasses.replace(whatif, title=BREAKOUT, description=SCRIPT + " and " + BREAKOUT)
    path = report([base, hostile], tmp_path_factory.mktemp("report") / "seminar.html", worlds=40, seed=2)
    assert path.name == "seminar.html"
    return path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_report_fetches_nothing_from_elsewhere(html):
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?//""", html)
    for tag in re.findall(r"<img\b[^>]*>", html, flags=re.I):
        assert re.search(r"""src=["']data:""", tag), tag
    for attribute in re.findall(r"""\b(?:src|href|xlink:href)\s*=\s*["']([^"']*)""", html):
        assert attribute.startswith(("#", "data:")), attribute
    lowered = html.lower()
    assert "<script" not in lowered and "<link" not in lowered and "@import" not in lowered
    assert re.findall(r"url\((?!#)", html) == []


@pytest.mark.slow
def test_report_shows_where_a_scenario_is_without_an_absolute_path(html):
    assert "scenarios/historical.yaml" in html and "scenarios/stalingrad_german_victory.yaml" in html
    assert str(bundled_dir().resolve()) not in html


def test_a_scenario_file_is_shown_relative_to_the_current_folder_or_by_its_name(tmp_path, monkeypatch):
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(tmp_path / "mine")
    assert shown_path(tmp_path / "mine" / "cases" / "a.yaml") == "cases/a.yaml"
    assert shown_path(tmp_path / "elsewhere.yaml") == "elsewhere.yaml"
    assert shown_path(bundled_dir() / "no_pact.yaml") == "scenarios/no_pact.yaml"
    assert shown_path(None) is None


@pytest.mark.slow
def test_report_escapes_text_from_scenario_files(html):
    assert SCRIPT not in html and BREAKOUT not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.slow
def test_report_holds_every_part(html):
    for heading in ("The scenarios", "What each what-if rewrites", "Paired comparison", "Figures",
                    "A typical world, told", "How to read this report", "Which assumptions carry the spread"):
        assert heading in html
    assert "events › stalingrad › outcome" in html and "german_victory" in html
    assert html.count("<svg") >= 12 and html.count("<figure") == html.count("<svg")
    assert "40 worlds per scenario" in html and "seed 2" in html
    assert "Newcombe" in html and "What the model leaves out" in html
    assert "Week of " in html  # the chronicles
    assert "@media print" in html


@pytest.mark.slow
def test_figure_ids_do_not_collide(html):
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for ref in set(re.findall(r'href="#([^"]+)"', html)) | set(re.findall(r"url\(#([^)]+)\)", html)):
        assert ref in ids, ref


def test_inline_svg_drops_prolog_metadata_and_comments():
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1], label="--><b>x</b>")
    svg = str(inline_svg(fig, "f9", 'a "title"'))
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<!--" not in svg and "metadata" not in svg
    assert 'aria-label="a &#34;title&#34;"' in svg and 'id="f9-' in svg


def test_rewrites_list_only_what_changes(scenarios):
    base, whatif = scenarios
    assert rewrites(base, whatif) == [
        {"setting": "events › stalingrad › outcome", "baseline": "model", "whatif": "german_victory"}]
    assert rewrites(base, base) == []
    sorge = load_scenario(bundled_dir() / "sorge_disbelieved.yaml")
    (row,) = rewrites(base, sorge)
    assert row["setting"] == "params › ussr.intelligence_trust" and row["whatif"] == "0.0"
    assert '"dist": "uniform"' in row["baseline"]


def test_rewrites_of_stand_in_scenarios():
    def stand_in(name, events=None):
        ev = historical()
        ev.update({k: Event(k, *v) for k, v in (events or {}).items()})
        return types.SimpleNamespace(name=name, events=ev, params={}, interventions=(), to_dict=lambda: {"name": name})

    rows = rewrites(stand_in("historical"), stand_in("w", {"stalingrad": (dt.date(1942, 11, 19), "german_victory")}))
    assert rows == [{"setting": "events › stalingrad › outcome", "baseline": "model", "whatif": "german_victory"}]


@pytest.mark.slow
def test_cli_report_and_chronicle(tmp_path, capsys):
    from sim.interface.cli import main

    out = tmp_path / "r.html"
    assert main(["report", "historical", "--worlds", "20", "--out", str(out)]) == 0
    assert out.is_file() and "Report written to" in capsys.readouterr().out
    assert main(["chronicle", "stalingrad_german_victory", "--world", "3", "--seed", "1"]) == 0
    told = capsys.readouterr().out
    assert told.startswith("Germany wins at Stalingrad") and "world 3" in told and "Week of 22 June 1941" in told
    assert main(["chronicle", "historical", "--worlds", "30"]) == 0
    assert "the typical world of 30" in capsys.readouterr().out
    assert main(["chronicle", "historical", "--world", "1", "--typical"]) == 2
