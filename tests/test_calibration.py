"""Calibration: the table flags a miss, and the README's table is the command's output."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

from sim.analysis.calibration import TARGETS, calibration_markdown, calibration_table, fitted_by, kind, run_calibration
from sim.world.vocabulary import CATALOGUE

README = Path(__file__).resolve().parents[1] / "README.md"


def _block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    return re.search(rf"<!-- {name} -->\n(.*?)\n<!-- /{name} -->", text, re.S).group(1)


def test_table_flags_a_miss():
    worlds = pd.DataFrame({
        "world": range(4),
        "japan_strikes_south": pd.to_datetime(["1943-01-01"] * 4),
        "japan_decides_south": pd.to_datetime(["1942-09-01"] * 4),
        "concessions_returned": pd.to_datetime([None] * 4),
        "japan_attacks_ussr": pd.to_datetime(["1943-04-01"] * 4),
        "soviet_divisions_west_1941": [0.0] * 4,
        "soviet_divisions_west_1942": [0.0] * 4,
        "soviet_divisions_west_from_mid_1943": [20.0] * 4,
        "moscow_falls": [True] * 4,
        "pact_denounced": pd.to_datetime([None] * 4),
        "ussr_attacks_japan": pd.to_datetime([None] * 4),
        "germany_surrenders": pd.to_datetime([None] * 4),
        "japan_surrenders": pd.to_datetime([None] * 4),
        "ussr_gains_manchuria": [False] * 4,
        "ussr_gains_sakhalin_south": [False] * 4,
    })
    dates = pd.to_datetime(["1941-06-22", "1942-06-01", "1944-01-01", "1944-12-31"])
    series = pd.DataFrame({"world": [w for w in range(4) for _ in dates], "date": list(dates) * 4,
                           "soviet_far_east": 30.0, "soviet_west": 170.0, "japan_manchuria": 13.0, "japan_south": 0.0})
    table = calibration_table(worlds, series)
    assert len(table) == len(TARGETS)
    assert not table["ok"].any(), table[table["ok"]]["target"].tolist()


@pytest.mark.slow
def test_readme_calibration_table_is_the_commands_output_and_every_target_holds():
    tables = {s: run_calibration(worlds=2000, seed=s) for s in (1, 2, 3)}
    assert calibration_markdown(tables, 2000) == _block("calibration")
    for seed, table in tables.items():
        assert table["ok"].all(), (seed, table[~table["ok"]][["target", "value", "range"]].to_string())


def test_every_calibrated_to_names_a_target_and_keys_are_unique():
    keys = [t.key for t in TARGETS]
    assert len(set(keys)) == len(keys)
    named = {k for p in CATALOGUE.values() for k in p.calibrated_to}
    assert named <= set(keys), named - set(keys)


@pytest.mark.parametrize("param, key", [
    ("germany.east_attrition", "germany_surrenders"),
    ("us.pressure_growth", "japan_surrenders"),
    ("japan.w_oil", "strike_south"),
])
def test_a_target_a_parameter_was_tuned_to_is_fitted(param, key):
    assert key in CATALOGUE[param].calibrated_to
    assert param in fitted_by(key)
    assert kind(key) == "fitted"


def test_a_target_no_parameter_was_tuned_to_is_tested(monkeypatch):
    assert kind("moscow_falls") == "tested"
    spec = CATALOGUE["germany.moscow_logit"]
    monkeypatch.setitem(CATALOGUE, spec.name, dataclasses.replace(spec, calibrated_to=("moscow_falls",)))
    assert kind("moscow_falls") == "fitted"


def test_the_table_says_each_targets_kind():
    worlds = pd.DataFrame({"world": range(10), "moscow_falls": [False] * 9 + [True]})
    only = [t for t in TARGETS if t.key in ("moscow_falls", "germany_surrenders")]
    table = calibration_table(worlds.assign(germany_surrenders=pd.to_datetime(["1945-05-08"] * 10)), None, only)
    assert table[["kind", "value", "verdict"]].values.tolist() == [
        ["tested", "10.0%", "ok"], ["fitted", "1945-05-08", "ok"]]


def test_calibrate_also_checks_two_seeds_drawn_at_random_and_says_how_to_repeat_them(monkeypatch, capsys):
    import sim.interface.model_cli as model_cli
    from sim.interface.cli import main

    checked = []

    def fake(worlds, seed):
        checked.append(seed)
        return pd.DataFrame({"target": ["t"], "kind": ["tested"], "value": ["1"], "range": ["0-2"],
                             "verdict": ["met"], "ok": [True]})

    monkeypatch.setattr(model_cli, "run_calibration", fake)
    assert main(["calibrate", "--worlds", "10", "--seeds", "1,2,3"]) == 0
    err = capsys.readouterr().err
    assert checked[:3] == [1, 2, 3] and len(checked) == 5, checked
    drawn = checked[3:]
    assert f"seeds drawn at random: {drawn[0]}, {drawn[1]}" in err
    assert f"--seeds 1,2,3,{drawn[0]},{drawn[1]} --random-seeds 0" in err
    checked.clear()
    assert main(["calibrate", "--worlds", "10", "--seeds", "1", "--random-seeds", "0"]) == 0
    assert checked == [1] and "drawn at random" not in capsys.readouterr().err


ORDER_OF_BATTLE = ("kwantung_1941", "far_east_1941", "far_east_1944", "kwantung_1944", "far_east_1945", "kwantung_1945")


def test_the_order_of_battle_targets_hold_the_records_figures():
    """Each dated strength of the record (thousands of men) lies inside its target's range."""
    record = {"kwantung_1941": 700, "far_east_1941": 703.714, "far_east_1944": 1162.991, "kwantung_1944": 300,
              "far_east_1945": 1577.725, "kwantung_1945": 713.729}
    targets = {t.key: t for t in TARGETS}
    for key, men in record.items():
        assert targets[key].unit == "k men" and targets[key].low <= men <= targets[key].high, key


@pytest.mark.slow
def test_the_typical_historical_worlds_order_of_battle_lies_in_the_sourced_ranges():
    table = run_calibration(worlds=300, seed=7).set_index("target")
    names = {t.key: t.name for t in TARGETS}
    rows = table.loc[[names[k] for k in ORDER_OF_BATTLE]]
    assert rows["ok"].all(), rows[["value", "range"]].to_string()
