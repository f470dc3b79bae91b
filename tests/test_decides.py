"""'What decides this what-if': sentences from a sensitivity table, and the report section."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.analysis.decides import share_words, what_decides


def table(**overrides):
    rows = pd.DataFrame({
        "parameter": ["japan.w_german_success", "japan.pact_breach_cost", "test.inert"],
        "meaning": ["weight of German success in the west on the northern option",
                    "cost of breaking the Neutrality Pact", "read by no rule"],
        "low": [0.5, 0.5, 0.0], "high": [4.0, 4.0, 1.0],
        "mu_star": [0.9, 0.3, 0.0], "mu_star_conf": [0.2, 0.1, 0.0],
        "y_lower": [0.10, 0.45, 0.5], "y_upper": [0.80, 0.55, 0.5],
        "whatif_lower": [0.18, 0.50, 0.6], "whatif_upper": [0.95, 0.60, 0.6],
        "outcome": "japan_attacks_ussr<1944-01-01", "unit": "share", "baseline": "historical",
    })
    for key, value in overrides.items():
        rows[key] = value
    return rows


@pytest.mark.parametrize("p, text", [
    (0.18, "about 1 world in 6 (18%)"), (0.2, "about 1 world in 5 (20%)"), (0.72, "about 7 worlds in 10 (72%)"),
    (0.95, "all but about 1 world in 20 (95%)"), (0.004, "almost no world (0.4%)"), (0.995, "almost every world (99.5%)"),
])
def test_shares_in_words(p, text):
    assert share_words(p) == text


def test_the_decisive_assumption_comes_first_with_its_thirds_and_the_flip():
    first, second = what_decides(table())
    assert first.startswith("Weight of German success in the west on the northern option (japan.w_german_success, mu* 0.9 +- 0.2)")
    assert ("If it lies in the lower third of its range (0.5 to 1.67), Japan attacks the USSR before 1 January 1944 "
            "in about 1 world in 6 (18%), +10 points on the baseline; in the upper third (2.83 to 4), "
            "in all but about 1 world in 20 (95%), +80 points on the baseline. Within this range the answer flips.") in first
    assert "flips" not in second  # 50% to 60%: it crosses one half, but by too little


def test_an_assumption_that_moves_nothing_is_not_said_to_decide():
    assert len(what_decides(table(), top=5)) == 2
    assert what_decides(table(mu_star=0.0)) == [
        "None of the 3 assumptions studied changes whether Japan attacks the USSR before 1 January 1944."]


def test_without_a_baseline_the_sentence_gives_the_scenario_alone():
    (first, *_) = what_decides(table(baseline=None))
    assert "in about 1 world in 10 (10%); in the upper third (2.83 to 4), in all but about 1 world in 5 (80%)." in first
    assert "baseline" not in first


@pytest.mark.slow
def test_the_report_says_what_decides_only_when_given_a_study(tmp_path):
    from sim.analysis.compare import compare
    from sim.analysis.report import render
    from sim.files.scenario import bundled_dir, load_scenario

    base = load_scenario(bundled_dir() / "historical.yaml")
    whatif = load_scenario(bundled_dir() / "stalingrad_german_victory.yaml")
    comparison = compare(base, [whatif], worlds=20, seed=0, series=True, progress=False)
    study = table(scenario="stalingrad_german_victory", method="morris", points=30, worlds_per_point=200, seed=0)
    with_study, without = render(comparison, sensitivity=[study]), render(comparison)
    assert "What decides this what-if" in with_study and "Morris study of 3 assumptions: 30 points" in with_study
    assert "Within this range the answer flips." in with_study
    assert "What decides this what-if" not in without


def test_a_median_date_is_told_as_a_date():
    rows = table(outcome="japan_strikes_south", unit="days", baseline=None, origin="1941-04-13",
                 y_lower=[217.0, 230.0, 0.0], y_upper=[247.0, 231.0, 0.0])
    first = what_decides(rows)[0]
    assert "Japan strikes south (war with the US) with a median date of 16 November 1941" in first
    assert "in the upper third (2.83 to 4), with a median date of 16 December 1941" in first


def test_the_readme_quotes_the_sentence_made_of_the_kept_study():
    """The README's example sentence is generated (``make readme``) from the study kept in
    docs/data/why-stalingrad/, never typed by hand: it and its study's size must be what
    :func:`what_decides` makes of that table."""
    import importlib.util
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("pactsim_tools_readme", root / "tools" / "readme.py")
    readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme)
    text = (root / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"<!-- decides -->\n(.*?)\n<!-- /decides -->", text, re.S)
    assert block == readme.decides_block()
    assert "mu*" in block and "paired worlds" in block


def test_one_point_and_one_day_are_singular():
    from sim.analysis.decides import _value

    assert _value("share", 0.05, 0.01).endswith("+1 point on the baseline")
    assert _value("share", 0.05, -0.02).endswith("-2 points on the baseline")
    assert _value("days", 100.0, 1.0).startswith("1 day later")
    assert _value("days", 100.0, -30.0).startswith("30 days earlier")
