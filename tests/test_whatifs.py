"""The direction of the bundled what-ifs against history, on the same seed (paired worlds),
and the README's what-if table as the command's output.

Directions only: by how much a what-if moves an outcome is the model's answer, which these
tests must not pin (they would then pass or fail with every recalibration); what a
scenario fixes (a date, a forced decision) is the instrument, and is checked exactly."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis.whatifs import split_rows, whatif_rows, whatifs_markdown
from sim.files.scenario import BUNDLED, bundled_dir, load_scenario
from sim.interface.model_cli import whatif_runs
from sim.world.model import simulate

N = 1000

pytestmark = pytest.mark.slow  # ten scenarios of 1,000 worlds, shared by every test here
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def runs():
    return {n: simulate(load_scenario(bundled_dir() / f"{n}.yaml"), 2024, np.arange(N)).worlds for n in BUNDLED}


def _before(w, col, day):
    return float((w[col] < pd.Timestamp(day)).mean())


def test_a_german_victory_turns_japan_north_more_often_without_making_an_attack_certain(runs):
    # the attack itself is rare with the record's armies, too rare to compare on these worlds
    for name in ("stalingrad_german_victory", "moscow_falls_1941"):
        north = _before(runs[name], "japan_north_posture", "1944-01-01")
        assert _before(runs["historical"], "japan_north_posture", "1944-01-01") < north, (name, north)
        assert _before(runs[name], "japan_attacks_ussr", "1944-01-01") < 1, name


def test_germany_still_falls_after_a_german_victory(runs):
    h, s = runs["historical"]["germany_surrenders"], runs["stalingrad_german_victory"]["germany_surrenders"]
    assert s.notna().any()
    assert s.median() > h.median()


def test_disbelieving_sorge_keeps_divisions_east_and_endangers_moscow(runs):
    h, s = runs["historical"], runs["sorge_disbelieved"]
    assert s["soviet_divisions_west_1941"].mean() < h["soviet_divisions_west_1941"].mean()
    assert s["moscow_falls"].mean() > h["moscow_falls"].mean()


def test_without_the_embargo_japan_does_not_rush_south(runs):
    assert _before(runs["no_oil_embargo"], "japan_strikes_south", "1942-02-01") < _before(runs["historical"], "japan_strikes_south", "1942-02-01")


def test_without_the_pact_japan_turns_north_more_often(runs):
    assert runs["no_pact"]["japan_attacks_ussr"].notna().mean() > runs["historical"]["japan_attacks_ussr"].notna().mean()
    assert runs["no_pact"]["pact_denounced"].isna().all()


def test_without_yalta_the_ussr_enters_less_often(runs):
    assert runs["no_yalta"]["ussr_attacks_japan"].notna().mean() < runs["historical"]["ussr_attacks_japan"].notna().mean()


def test_kantokuen_forced_means_war_in_the_north(runs):
    attacks = runs["japan_strikes_north_1941"]["japan_attacks_ussr"]
    assert (attacks <= pd.Timestamp("1941-09-07")).all()  # on the forced date, or on its own before it
    assert (attacks == pd.Timestamp("1941-09-07")).any()


def test_without_barbarossa_japan_attacks_the_ussr_less_often(runs):
    assert runs["no_barbarossa"]["japan_attacks_ussr"].notna().mean() < runs["historical"]["japan_attacks_ussr"].notna().mean()


def test_after_an_early_german_surrender_there_is_no_yalta_and_fewer_soviet_entries(runs):
    """Yalta's promise was given by a USSR still at war with Germany (its precondition): with
    Germany beaten in November 1944 it is never given, so fewer worlds see the USSR enter."""
    early, h = runs["germany_surrenders_1944"], runs["historical"]
    # on the set date, or earlier where Germany's capacity gave out first
    assert (early["germany_surrenders"] <= pd.Timestamp("1944-11-12")).all()
    assert early["ussr_attacks_japan"].notna().mean() < h["ussr_attacks_japan"].notna().mean()


def test_readme_whatif_table_is_the_commands_output():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- whatifs -->\n(.*?)\n<!-- /whatifs -->", text, re.S).group(1)
    runs = whatif_runs(2000, 0)
    assert whatifs_markdown(whatif_rows(runs), split_rows(runs), 2000, 0) == block
