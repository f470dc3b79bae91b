"""The chronicle of a world: sentences, reasons, condensed transfers, the typical world."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.chronicle import chronicle, reasons, typical_world
from sim.ensemble import run
from sim.files.scenario import bundled_dir, load_scenario
from sim.world.vocabulary import FACTORS

F = [f"f_{f}" for f in FACTORS]


def log(rows):
    """Events from (date, actor, event, option, p, {factor: value}[, {column: value}]) rows of world 0."""
    out = []
    for date, actor, event, option, p, factors, *extra in rows:
        row = {"world": 0, "date": pd.Timestamp(date), "actor": actor, "event": event, "option": option,
               "forced": False, "party": None, "amount": np.nan, "p": p, **(extra[0] if extra else {})}
        row.update({c: np.nan for c in F})
        row.update({f"f_{k}": v for k, v in factors.items()})
        out.append(row)
    return pd.DataFrame(out)


def transfer(date, direction, **factors):
    base = {"bias": -2.0, "crisis": 1.5, "threat": -0.3, "margin": 0.5}
    return (date, "ussr", "transfer", direction, 0.5, {**base, **factors})


@pytest.fixture(scope="module")
def historical_run():
    return run(load_scenario(bundled_dir() / "historical.yaml"), worlds=100, seed=11)


def test_every_factor_has_words_and_a_label():
    assert all(f.reason and f.label for f in FACTORS.values())
    assert FACTORS["oil"].reason == "the oil running out under embargo"
    assert "Manchuria" in FACTORS["persimmon"].reason


def test_reasons_name_the_main_pushes_and_the_main_brake():
    text = reasons({"oil": 2.0, "embargo": 1.5, "pact": 1.0, "german": 0.1, "navy": -3.5})
    assert text == (", because of the oil running out under embargo, the US oil embargo and the Neutrality Pact,"
                    " despite the Navy's caution about a war with the United States")
    assert reasons({"oil": 2.0, "german": 0.2}) == ", because of the oil running out under embargo"
    assert reasons({"oil": np.nan}) == "" and reasons({}) == ""


def test_decision_sentence_gives_the_date_chance_and_reasons():
    events = log([("1941-08-03", "japan", "posture", "south", 0.213,
                   {"navy": -3.5, "oil": 2.0, "embargo": 1.5, "pact": 1.0, "inertia": -2.0})])
    (sentence,) = chronicle(events, 0)
    assert sentence.startswith("Week of 3 August 1941: Japan decided for war in the south (a chance of 21% that week)")
    assert "because of the oil running out under embargo, the US oil embargo and the Neutrality Pact" in sentence
    assert sentence.endswith("despite the Navy's caution about a war with the United States.")


def test_an_unlikely_decision_is_told_as_unlikely_without_reasons():
    events = log([("1941-05-04", "ussr", "attack_japan", "attack", 0.004, {"bias": -6.0, "ratio": 1.0})])
    assert chronicle(events, 0) == [
        "Week of 4 May 1941: The USSR attacked Japan in Manchuria, against the odds (a chance of <1% that week)."]


def test_forced_decisions_say_so():
    events = log([("1941-08-03", "ussr", "attack_japan", "attack", 0.01, {"bias": -6.0}, {"forced": True})])
    assert chronicle(events, 0) == ["Week of 3 August 1941: The USSR attacked Japan in Manchuria (forced by the scenario)."]


def test_transfer_programmes_are_told_when_they_start_and_stop():
    events = log([
        transfer("1941-06-29", "west"),
        ("1941-07-27", "us", "oil_embargo", None, np.nan, {}),
        transfer("1941-10-05", "hold", bias=2.0, crisis=-1.0, threat=0.6, margin=0.0),
    ])
    events["amount"] = [2.0, np.nan, 0.0]
    assert chronicle(events, 0) == [
        "Week of 29 June 1941: The USSR began moving divisions west, 2 divisions a week (a chance of 50% that week), "
        "because of the German threat on the main front and the Far East's margin over the Kwantung Army, despite "
        "the leadership's standing caution.",
        "Week of 27 July 1941: The United States banned oil exports to Japan.",
        "Week of 5 October 1941: The USSR stopped moving divisions (a chance of 50% that week), because of the "
        "leadership's standing caution and the Japanese threat it believed in, despite the German threat on the "
        "main front.",
    ]


def test_treaty_battles_territory_and_merged_denunciation():
    events = log([
        ("1941-04-20", "treaty", "pact_in_force", None, np.nan, {}),
        ("1942-11-15", "germany", "stalingrad", "german_victory", np.nan, {}),
        ("1945-02-25", "ussr", "denounce", "denounce", 0.16, {"bias": -7.0, "yalta": 5.0, "deadline": 1.0}),
        ("1945-02-25", "treaty", "pact_denounced", None, np.nan, {}, {"party": "ussr"}),
        ("1945-08-05", "treaty", "pact_breached", None, np.nan, {}, {"party": "ussr"}),
        ("1945-08-19", "ussr", "takes_kurils", None, np.nan, {}),
    ])
    assert chronicle(events, 0) == [
        "Week of 20 April 1941: The Neutrality Pact entered into force.",
        "Week of 15 November 1942: Germany won at Stalingrad.",
        "Week of 25 February 1945: The USSR denounced the Neutrality Pact (a chance of 16% that week), because of the "
        "commitments given to the Allies at Tehran and Yalta, despite the leadership's standing caution.",
        "Week of 5 August 1945: The Soviet attack broke the Neutrality Pact.",
        "Week of 19 August 1945: Soviet forces took the Kuril Islands.",
    ]


def start_of(sentence: str) -> pd.Timestamp:
    """The first date of a sentence's 'Week of D' or 'Weeks of A to B' header."""
    head = sentence.split(":")[0]
    if head.startswith("Week of "):
        return pd.Timestamp(head[len("Week of "):])
    first, last = head[len("Weeks of "):].split(" to ")
    return pd.Timestamp(first if first[-4:].isdigit() else f"{first} {last[-4:]}")


def test_chronicle_of_a_real_world_is_dated_and_in_order(historical_run):
    k = typical_world(historical_run.worlds)
    text = chronicle(historical_run, k)
    assert len(text) > 5 and all(s.startswith("Week") and s.endswith(".") for s in text)
    starts = [start_of(s) for s in text]
    assert starts == sorted(starts)
    mine = historical_run.events[historical_run.events["world"] == k]
    decisions = mine[mine["p"].notna() & ~mine["forced"]]  # every decision, transfer programmes included
    assert sum("a chance of " in s for s in text) == len(decisions)


def test_chronicle_needs_a_known_world_and_one_scenario(historical_run):
    with pytest.raises(ValueError, match="world 10000 is not in this run"):
        chronicle(historical_run, 10_000)
    two = pd.concat([historical_run.events, historical_run.events.assign(scenario="other")])
    with pytest.raises(ValueError, match="name one with scenario="):
        chronicle(two, 0)
    assert chronicle(two, 0, scenario="other") == chronicle(historical_run, 0)


def test_typical_world_is_the_one_at_the_centre():
    d = pd.to_datetime
    worlds = pd.DataFrame({
        "world": [10, 11, 12, 13, 14],
        "japan_strikes_south": d(["1941-11-02", "1941-12-07", "1941-12-07", "1942-03-01", None]),
        "ussr_attacks_japan": d(["1945-08-05", "1945-08-05", None, "1945-08-05", "1945-08-05"]),
        "moscow_falls": [False, False, False, True, False],
    })
    assert typical_world(worlds) == 11
    assert typical_world(worlds.iloc[[0, 0, 0]].assign(world=[7, 5, 6])) == 5  # ties: the lowest index
    with pytest.raises(ValueError):
        typical_world(worlds.iloc[:0])


@pytest.mark.parametrize(("p", "told"), [(0.08, "(a chance of 8% that week)"), (0.81, "(a chance of 81% that week)"),
                                         (0.996, "(a chance of >99% that week)"),
                                         (0.034, "against the odds (a chance of 3% that week).")])
def test_a_chance_reads_as_english_whatever_its_number(p, told):
    events = log([("1941-08-03", "japan", "posture", "south", p, {"oil": 2.0})])
    (sentence,) = chronicle(events, 0)
    assert told in sentence
    assert "100%" not in sentence and " a 8" not in sentence and " a 81" not in sentence


@pytest.mark.parametrize(("amount", "told"), [(1.0, "فرقة واحدة"), (2.0, "فرقتان"), (3.0, "3 فرق"), (1.5, "1.5 فرقة")])
def test_arabic_counts_divisions_with_its_plural_forms(amount, told):
    events = log([transfer("1941-06-29", "west")])
    events["amount"] = [amount]
    (sentence,) = chronicle(events, 0, lang="ar")
    assert told in sentence and "2 فرقة" not in sentence, sentence
    english = chronicle(events, 0)[0]
    assert ("1 division a week" in english) == (amount == 1.0)
