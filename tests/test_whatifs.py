"""The direction of the bundled what-ifs against history, on the same seed (paired worlds),
and the README's what-if table as the command's output."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis.whatifs import split_rows, whatif_rows, whatifs_markdown
from sim.files.scenario import bundled_dir, load_scenario
from sim.interface.model_cli import whatif_runs
from sim.world.model import simulate

N = 1000
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def runs():
    names = ["historical", "stalingrad_german_victory", "moscow_falls_1941", "sorge_disbelieved", "no_oil_embargo",
             "no_pact", "no_yalta", "japan_strikes_north_1941", "no_barbarossa", "germany_surrenders_1944"]
    return {n: simulate(load_scenario(bundled_dir() / f"{n}.yaml"), 2024, np.arange(N)).worlds for n in names}


def _before(w, col, day):
    return float((w[col] < pd.Timestamp(day)).mean())


def test_a_german_victory_raises_japanese_attacks_without_making_them_certain(runs):
    for name in ("stalingrad_german_victory", "moscow_falls_1941"):
        rise = _before(runs[name], "japan_attacks_ussr", "1944-01-01") - _before(runs["historical"], "japan_attacks_ussr", "1944-01-01")
        assert 0.0 < rise < 0.9, (name, rise)


def test_germany_still_falls_after_a_german_victory(runs):
    assert runs["stalingrad_german_victory"]["germany_surrenders"].notna().mean() > 0.5
    h, s = runs["historical"]["germany_surrenders"], runs["stalingrad_german_victory"]["germany_surrenders"]
    assert s.median() > h.median()


def test_disbelieving_sorge_keeps_divisions_east_and_endangers_moscow(runs):
    h, s = runs["historical"], runs["sorge_disbelieved"]
    assert s["soviet_divisions_west_1941"].mean() < h["soviet_divisions_west_1941"].mean() - 2
    assert s["moscow_falls"].mean() > h["moscow_falls"].mean()


def test_without_the_embargo_japan_does_not_rush_south(runs):
    assert _before(runs["no_oil_embargo"], "japan_strikes_south", "1942-02-01") < _before(runs["historical"], "japan_strikes_south", "1942-02-01") - 0.3


def test_without_the_pact_japan_turns_north_more_often(runs):
    assert runs["no_pact"]["japan_attacks_ussr"].notna().mean() > runs["historical"]["japan_attacks_ussr"].notna().mean() + 0.1
    assert runs["no_pact"]["pact_denounced"].isna().all()


def test_without_yalta_the_ussr_rarely_enters(runs):
    assert runs["no_yalta"]["ussr_attacks_japan"].notna().mean() < runs["historical"]["ussr_attacks_japan"].notna().mean() - 0.3


def test_kantokuen_forced_means_war_in_the_north(runs):
    attacks = runs["japan_strikes_north_1941"]["japan_attacks_ussr"]
    assert (attacks <= pd.Timestamp("1941-09-07")).all()  # on the forced date, or on its own before it
    assert (attacks == pd.Timestamp("1941-09-07")).mean() > 0.9


def test_without_barbarossa_japan_almost_never_attacks_the_ussr(runs):
    assert runs["no_barbarossa"]["japan_attacks_ussr"].notna().mean() < 0.01
    assert runs["historical"]["japan_attacks_ussr"].notna().mean() > 0.01


def test_after_an_early_german_surrender_the_ussr_does_not_wait_for_yalta(runs):
    early, h = runs["germany_surrenders_1944"], runs["historical"]
    assert (early["germany_surrenders"] == pd.Timestamp("1944-11-12")).all()
    entered = early["ussr_attacks_japan"].notna()
    assert entered.mean() > h["ussr_attacks_japan"].notna().mean()
    assert (early["ussr_attacks_japan"].median() < h["ussr_attacks_japan"].median())


@pytest.mark.slow
def test_readme_whatif_table_is_the_commands_output():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- whatifs -->\n(.*?)\n<!-- /whatifs -->", text, re.S).group(1)
    runs = whatif_runs(2000, 0)
    assert whatifs_markdown(whatif_rows(runs), split_rows(runs), 2000, 0) == block
