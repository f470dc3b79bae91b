"""The outcome columns of ``worlds.parquet``: one row per world.

This vocabulary is the contract with users' notebooks; the README documents each column.
Dates are null where the event never happened in the period.

Text columns (``scenario``, ``pact_denounced_by``, ``pact_breached_by``) have pandas'
default text type (``str`` in pandas 3, ``object`` in pandas 2), the same in memory and
read back from Parquet, with a missing value where nobody denounced or broke the pact: a
comparison such as ``worlds.pact_breached_by == "japan"`` is then ``False`` in those
worlds, so its ``.mean()`` is the share of all worlds. (Pandas' nullable ``"string"``
type would give ``<NA>`` there, and ``.mean()`` would silently skip those worlds.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pact import PARTIES

DATE_OUTCOMES = (
    "japan_strikes_south",
    "japan_attacks_ussr",
    "ussr_attacks_japan",
    "pact_denounced",
    "germany_surrenders",
    "japan_surrenders",
    "japan_north_posture",
    "japan_decides_south",
)
BOOL_OUTCOMES = (
    "moscow_falls",
    "stalingrad_german_victory",
    "kursk_german_victory",
    "ussr_gains_manchuria",
    "ussr_gains_korea_north",
    "ussr_gains_sakhalin_south",
    "ussr_gains_kurils",
    "japan_gains_maritime_province",
    "pact_prolonged",
)
PARTY_OUTCOMES = ("pact_denounced_by", "pact_breached_by")
NUMBER_OUTCOMES = ("soviet_divisions_west_1941",)


def _party(codes: np.ndarray) -> pd.Series:
    names = np.array([None, *PARTIES], dtype=object)
    return pd.Series(list(names[codes]))  # pandas' default text type, not "string"


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
    }
    data: dict[str, object] = {
        "scenario": model.scenario.name,
        "world": model.worlds,
        "seed": np.full(model.n, model.seed, dtype=np.int64),
    }
    for name in DATE_OUTCOMES:
        data[name] = cal.dates(steps[name]).astype("datetime64[s]")
    data["pact_denounced_by"] = _party(pact.denounced_by)
    data["pact_breached_by"] = _party(pact.breached_by)
    data["soviet_divisions_west_1941"] = ussr.net_west_1941
    data["moscow_falls"] = germany.victories["moscow"]
    data["stalingrad_german_victory"] = germany.victories["stalingrad"]
    data["kursk_german_victory"] = germany.victories["kursk"]
    for name in ("manchuria", "korea_north", "sakhalin_south", "kurils"):
        data[f"ussr_gains_{name}"] = theater.held(name)
    data["japan_gains_maritime_province"] = theater.held("maritime_province")
    data["pact_prolonged"] = pact.prolonged > 0
    for name, values in model.sampled.items():
        data[f"param:{name}"] = values
    return pd.DataFrame(data)
