"""How much of the spread each assumption carries: the bias-corrected first-order split.

Scripted worlds tables (the outcome set by hand from chosen ``param:`` columns) pin the
estimate to known answers; a property checks that a parameter with no effect never
stands above the noise line; short runs check the commands and the pinned case.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis import spread
from sim.analysis.measure import MeasureError
from sim.files.scenario import bundled_dir
from sim.interface.cli import main
from sim.world.vocabulary import CATALOGUE

# Four catalogued judgements; a scripted world draws each uniformly from its plausible range.
ACTIVE, MOVER, *IDLE = "japan.w_us_war", "japan.ripe_ratio", "ussr.w_aims", "germany.bomb_loss"
NAMES = [ACTIVE, MOVER, *IDLE]
DAY0 = pd.Timestamp("1943-01-01")


def scripted(n: int = 2000, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """A worlds table with the four ``param:`` columns and ``u``, each parameter's place
    in its range (0 to 1)."""
    rng = np.random.default_rng(seed)
    u = {name: rng.random(n) for name in NAMES}
    worlds = pd.DataFrame({"scenario": "scripted", "world": np.arange(n), "seed": seed})
    for name in NAMES:
        lo, hi = CATALOGUE[name].plausible
        worlds[f"param:{name}"] = lo + (hi - lo) * u[name]
    return worlds, u


def test_a_step_in_one_parameter_carries_its_known_share_and_the_others_read_noise():
    worlds, u = scripted()
    rng = np.random.default_rng(1)
    flip = rng.random(len(worlds)) < 0.1
    # Moscow falls where the parameter is in the upper half of its range, but for 10% of
    # worlds flipped by the dice: E[y | x] is 0.1 or 0.9, so the share is (1 - 2 * 0.1)^2.
    worlds["moscow_falls"] = (u[ACTIVE] > 0.5) ^ flip
    table = spread.split(worlds, "moscow_falls").set_index("parameter")
    assert table.loc[ACTIVE, "share"] == pytest.approx(0.64, abs=0.04)
    assert table.loc[ACTIVE, "above"]
    for name in (MOVER, *IDLE):
        assert not table.loc[name, "above"]
        assert abs(table.loc[name, "share"]) < 0.01
    # the thirds: about 0.1 below and 0.9 above, with Wilson intervals around them
    row = table.loc[ACTIVE]
    assert row["lower_value"] == pytest.approx(0.1, abs=0.03) and row["upper_value"] == pytest.approx(0.9, abs=0.03)
    assert row["lower_ci_low"] < row["lower_value"] < row["lower_ci_high"]
    assert row["lower_n"] + row["upper_n"] == pytest.approx(2000 * 2 / 3, rel=0.08)
    assert (row["low"], row["high"]) == CATALOGUE[ACTIVE].plausible


def test_a_date_is_split_as_whether_and_when():
    worlds, u = scripted()
    rng = np.random.default_rng(2)
    days = 300 * u[ACTIVE] + rng.normal(0, 30, len(worlds))
    happens = u[MOVER] < 0.6  # whether depends on the other parameter only
    worlds["japan_attacks_ussr"] = (DAY0 + pd.to_timedelta(np.round(days), unit="D")).where(happens)
    whether, when = (spread.split(worlds, t).set_index("parameter") for t in spread.targets("japan_attacks_ussr"))
    assert whether.loc[MOVER, "share"] > 0.5 and not whether.loc[ACTIVE, "above"]
    assert when.loc[ACTIVE, "share"] > 0.8 and not when.loc[MOVER, "above"]
    assert when.loc[ACTIVE, "n"] == happens.sum()
    lower = spread.as_date(when.loc[ACTIVE, "lower_value"])
    assert abs((pd.Timestamp(lower) - (DAY0 + pd.Timedelta(days=50))).days) < 8  # mean of 300 u over u < 1/3


def test_a_date_is_split_when_it_happens_as_the_worlds_where_it_happens_alone():
    """The section sorts each assumption once over all worlds; the worlds where a date
    happens keep that order among themselves, and split exactly as they would alone."""
    worlds, u = scripted(1200)
    days = 300 * u[ACTIVE] + 100 * u[MOVER]
    happens = u[IDLE[0]] < 0.7  # most worlds, so the section splits when it happens
    worlds["japan_attacks_ussr"] = (DAY0 + pd.to_timedelta(np.round(days), unit="D")).where(happens)
    when = spread.Target("japan_attacks_ussr", "when")
    among_all, alone = spread.main_splits(worlds)[-1], spread.split(worlds[happens], when)
    assert among_all["target"].iloc[0] == when.words and among_all["n"].iloc[0] == happens.sum()
    columns = ["parameter", "share", "noise", "above", "lower_value", "upper_value"]
    pd.testing.assert_frame_equal(among_all[columns], alone[columns])


def test_the_bias_is_removed_and_the_noise_line_holds_its_level():
    """With no effect at all, shares average 0 (the naive ratio reads (m - 1) / (n - 1),
    about 0.009 here) and some assumption crosses the line in about 1% of tables."""
    rng = np.random.default_rng(3)
    means, crossed = [], 0
    for _ in range(300):
        y = (rng.random(1000) < 0.3).astype(float)
        share, line = spread.first_order(y, rng.random((1000, 20)))
        means.append(share.mean())
        crossed += bool((share > line).any())
    assert abs(np.mean(means)) < 0.0005
    assert crossed / 300 < 0.03


@settings(max_examples=40, deadline=None)
@given(n=st.integers(60, 1500), effect=st.floats(0, 3), p=st.floats(0.02, 0.98), binary=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_a_parameter_with_no_effect_is_never_above_the_noise_line(n, effect, p, binary, seed):
    rng = np.random.default_rng(seed)
    active = rng.random(n)
    y = effect * active + rng.logistic(size=n)
    y = (y > np.quantile(y, 1 - p)).astype(float) if binary else y
    # The idle parameter has no effect: its worlds are dealt out by rank of the outcome,
    # one to each bin in turn, so every bin of it holds the same spread of outcomes.
    m = spread.bins_for(n)
    dealt = np.empty(n)
    dealt[np.lexsort((rng.random(n), y))] = np.arange(n) % m
    idle = (dealt + rng.random(n)) / m
    share, line = spread.first_order(y, np.column_stack([active, idle, rng.random(n)]))
    assert share[1] <= line[1]


def test_the_effect_is_split_on_the_paired_difference():
    """The mover shifts baseline and what-if alike: it carries the baseline's spread and
    nothing of the effect; the active parameter carries the effect."""
    base, u = scripted(1500)
    rng = np.random.default_rng(4)
    days = 400 * u[MOVER] + rng.normal(0, 10, len(base))
    base["ussr_attacks_japan"] = DAY0 + pd.to_timedelta(np.round(days), unit="D")
    whatif = base.copy()
    whatif["ussr_attacks_japan"] = base["ussr_attacks_japan"] + pd.to_timedelta(np.round(60 * u[ACTIVE]), unit="D")
    alone = spread.split(base, spread.Target("ussr_attacks_japan", "when")).set_index("parameter")
    effect = spread.split_effect(base, whatif, spread.Target("ussr_attacks_japan", "when")).set_index("parameter")
    assert alone.loc[MOVER, "share"] > 0.9 and not alone.loc[ACTIVE, "above"]
    assert effect.loc[ACTIVE, "share"] > 0.9 and not effect.loc[MOVER, "above"]
    assert abs(effect.loc[MOVER, "share"]) < 0.01
    assert effect.loc[ACTIVE, "lower_value"] == pytest.approx(10, abs=1.5)  # 60 u over u < 1/3
    assert effect.loc[ACTIVE, "upper_value"] == pytest.approx(50, abs=1.5)
    assert bool(effect["effect"].iloc[0]) and not bool(alone["effect"].iloc[0])


def test_a_paired_share_third_is_newcombes_difference():
    base, u = scripted(1500)
    base["moscow_falls"] = np.zeros(len(base), bool)
    whatif = base.assign(moscow_falls=u[ACTIVE] > 0.5)
    table = spread.split_effect(base, whatif, "moscow_falls").set_index("parameter")
    assert table.loc[ACTIVE, "lower_value"] == 0 and table.loc[ACTIVE, "upper_value"] == 1
    assert table.loc[ACTIVE, "upper_ci_low"] < 1 and table.loc[ACTIVE, "share"] > 0.7


def test_without_param_columns_or_with_all_pinned_it_says_so_in_one_line():
    worlds, u = scripted(300)
    worlds["japan_attacks_ussr"] = (DAY0 + pd.to_timedelta(np.arange(300), unit="D")).where(u[ACTIVE] > 0.5)
    pinned = worlds.assign(**{f"param:{n}": 1.0 for n in NAMES})
    for frame in (pinned, worlds.drop(columns=[f"param:{n}" for n in NAMES])):
        text = spread.format_splits([spread.split(frame, t) for t in spread.targets("japan_attacks_ussr")])
        assert text == f"{spread.TITLE}: {spread.PINNED}."
    assert spread.split(pinned, "japan_attacks_ussr")["pinned"].empty  # no rows, nothing to rank


def test_targets_read_the_measures_of_the_other_commands():
    assert [t.aspect for t in spread.targets("ussr_attacks_japan")] == ["whether", "when"]
    (t,) = spread.targets("japan_attacks_ussr<1944-01-01")
    assert t.unit == "share" and t.words == "Japan attacks the USSR before 1 January 1944"
    with pytest.raises(MeasureError, match="'japan_atacks_ussr' is not an outcome column; did you mean"):
        spread.targets("japan_atacks_ussr")


@pytest.mark.slow
def test_run_and_summary_print_the_section(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", "historical", "-n", "200", "-s", "1", "-o", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "Which assumptions carry the spread: the share of the variance of each outcome" in printed
    from sim.analysis.sensitivity import select
    from sim.files.scenario import as_scenario

    sampled = len(select(as_scenario("historical")))  # the judgements with a plausible range
    assert f"{sampled} sampled per world, none pinned" in printed and "noise under" in printed
    assert main(["summary", str(out), "--outcome", "japan_strikes_south<1941-12-20", "--intervals"]) == 0
    printed = capsys.readouterr().out
    assert "Japan strikes south (war with the US) before 20 December 1941 (200 worlds: in " in printed
    assert main(["summary", str(out), "--outcome", "nope"]) == 2
    assert "'nope' is not an outcome column" in capsys.readouterr().err
    assert main(["run", "historical", "-n", "50", "-o", str(tmp_path / "quiet"), "--no-progress", "--no-spread"]) == 0
    assert "Which assumptions" not in capsys.readouterr().out


def test_a_pinned_run_prints_the_one_line_note(tmp_path, capsys):
    (tmp_path / "pinned.yaml").write_text("name: pinned\ntitle: History, judgements pinned\n"
                                          f"extends: {bundled_dir() / 'historical.yaml'}\njudgement: pinned\n"
                                          "params: {japan.oil_stock_months: 18, ussr.intelligence_trust: 0.7}\n")
    assert main(["run", str(tmp_path / "pinned.yaml"), "-n", "60", "-o", str(tmp_path / "r"), "--no-progress"]) == 0
    assert f"{spread.TITLE}: {spread.PINNED}." in capsys.readouterr().out.splitlines()


@pytest.mark.slow
def test_compare_prints_the_split_of_the_effect(tmp_path, capsys):
    assert main(["compare", "historical", "stalingrad_german_victory", "-n", "200", "-s", "2",
                 "--no-figures", "-o", str(tmp_path / "c")]) == 0
    printed = capsys.readouterr().out
    assert "stalingrad_german_victory against historical:" in printed
    assert "Which assumptions carry the spread of the effect: the share of the variance of the effect" in printed
    assert "The USSR attacks Japan: whether it happens (200 pairs: " in printed


def test_a_what_if_that_changes_nothing_has_no_effect_to_split():
    base, u = scripted(400)
    base["japan_attacks_ussr"] = (DAY0 + pd.to_timedelta(np.arange(400), unit="D")).where(u[ACTIVE] > 0.5)
    assert spread.main_effect_targets(base, base.copy()) == []
    assert spread.format_splits(spread.main_effect_splits(base, base.copy()), effect=True) == (
        f"{spread.TITLE} of the effect: the what-if changes no main outcome in enough pairs to split.")
    text = spread.format_splits(spread.main_splits(base))
    assert "Japan attacks the USSR: whether it happens (400 worlds: in about 5 worlds in 10 (" in text


def test_a_large_run_is_split_on_its_first_worlds_and_says_so(monkeypatch):
    worlds, u = scripted(500)
    worlds["japan_attacks_ussr"] = (DAY0 + pd.to_timedelta(np.arange(500), unit="D")).where(u[ACTIVE] > 0.5)
    monkeypatch.setattr(spread, "MOST", 200)
    splits = spread.main_splits(worlds)
    assert splits and all(t.attrs["of"] == 500 for t in splits)
    assert splits[0].equals(spread.main_splits(worlds.iloc[:200])[0])  # the first 200 worlds, nothing else
    assert "Split on the first 200 of the 500 worlds" in spread.format_splits(splits).replace("\n", " ")
    assert "Split on the first" not in spread.format_splits(spread.main_splits(worlds.iloc[:200]))
