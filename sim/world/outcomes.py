"""The outcome table of a finished model: one row per world, one column per outcome.

The columns and their meaning are declared in :mod:`sim.world.vocabulary.outcomes`
(the README's table is generated from there). Dates are null (``NaT``) where the event
never happened in the period; the parties are ``"japan"``, ``"ussr"`` or ``"none"``, never
null, so that ``(worlds.pact_breached_by == "japan").mean()`` is the share it looks like.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .vocabulary import NO_PARTY, OUTCOMES, PARTIES, of_kind

PARAM = "param:"
"""The prefix of the columns that hold each world's draw of an uncertain parameter."""

DATE_OUTCOMES = of_kind("date")
BOOL_OUTCOMES = of_kind("bool")
PARTY_OUTCOMES = of_kind("party")
NUMBER_OUTCOMES = of_kind("number")
PARTY_VALUES = (*PARTIES, NO_PARTY)


def party_column(codes: np.ndarray) -> pd.Series:
    """Party codes (0 none, 1 + index in ``PARTIES``) as party names, never null."""
    return pd.Series(np.array(PARTY_VALUES)[np.where(codes == 0, len(PARTIES), codes - 1)], dtype="string")


def outcomes(model) -> pd.DataFrame:
    """The outcome table of a finished model, plus the per-world sampled parameters."""
    cal = model.calendar
    japan, ussr, germany, theater, pact = model.japan, model.ussr, model.germany, model.theater, model.pact
    steps = {
        "japan_strikes_south": japan.struck_south,
        "japan_attacks_ussr": japan.attacked_ussr,
        "ussr_attacks_japan": ussr.attacked_japan,
        "pact_denounced": pact.denounced,
        "germany_surrenders": germany.surrendered,
        "japan_surrenders": japan.surrendered,
        "japan_north_posture": japan.first_north,
        "japan_decides_south": japan.decided_south,
        "concessions_returned": japan.concessions_returned,
    }
    values = {
        **{name: cal.dates(step).astype("datetime64[s]") for name, step in steps.items()},
        "pact_denounced_by": party_column(pact.denounced_by),
        "pact_breached_by": party_column(pact.breached_by),
        "declaration_broken_by": party_column(pact.declaration_broken_by),
        "soviet_divisions_west_1941": ussr.net_west["1941"],
        "soviet_divisions_west_1942": ussr.net_west["1942"],
        "soviet_divisions_west_from_mid_1943": ussr.net_west["from_mid_1943"],
        "moscow_falls": germany.victories["moscow"],
        "stalingrad_german_victory": germany.victories["stalingrad"],
        "kursk_german_victory": germany.victories["kursk"],
        **{f"ussr_gains_{t}": theater.held(t) for t in ("manchuria", "korea_north", "sakhalin_south", "kurils")},
        "japan_gains_maritime_province": theater.held("maritime_province"),
        "soviet_japanese_armistice": theater.armistice,
        "pact_prolonged": model.pact.prolonged > 0,
    }
    if set(values) != set(OUTCOMES):  # the declaration and this table must agree
        raise RuntimeError(f"outcomes computed {sorted(set(values) ^ set(OUTCOMES))} differ from the vocabulary")
    data: dict[str, object] = {
        "scenario": model.scenario.name,
        "world": model.worlds,
        "seed": np.full(model.n, model.seed, dtype=np.int64),
        **{name: values[name] for name in OUTCOMES},
    }
    for name, sampled in model.sampled.items():
        data[PARAM + name] = sampled
    df = pd.DataFrame(data)
    df["scenario"] = df["scenario"].astype("string")
    return df
