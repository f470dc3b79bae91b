"""The chronicle of one world: its history in dated plain sentences, with reasons.

Each decision is told with its main reasons, read from the factor contributions the
model logged with it (the factors that pushed towards the choice, and the largest that
held it back); a decision drawn at under 5% chance is told as unlikely, without reasons
(the dice, not the factors, made it). A Soviet transfer programme is told when it
starts and stops, with the divisions it moves a week. Dates are the first day of the
simulated week.

:func:`typical_world` picks the world to tell: the one closest to the ensemble's centre.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..world import outcomes as oc
from ..world.vocabulary import DECISIONS, FACTORS, TERRITORIES, TOLD

PARTY_ADJECTIVE = {"ussr": "Soviet", "japan": "Japanese"}
UNLIKELY = 0.05
"""A decision drawn at under this chance is told as unlikely, not explained."""
MAIN_REASON = 0.25
"""A reason is told if its contribution is at least this share of the largest one."""


def when(day) -> str:
    """A date as '7 December 1941'."""
    d = pd.Timestamp(day)
    return f"{d.day} {d:%B %Y}"


def _span(a, b) -> str:
    a, b = pd.Timestamp(a), pd.Timestamp(b)
    if a.year == b.year:
        return f"{a.day} {a:%B} to {when(b)}"
    return f"{when(a)} to {when(b)}"


def _join(phrases: list[str]) -> str:
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def reasons(contributions: dict[str, float], most: int = 3) -> str:
    """', because of A and B, despite C' from factor contributions (name to log-odds)."""
    items = {f: v for f, v in contributions.items() if v is not None and not np.isnan(v)}
    if not items:
        return ""
    top = max((abs(v) for v in items.values()), default=0.0)
    if top == 0:
        return ""
    pushed = sorted((f for f, v in items.items() if v >= MAIN_REASON * top and v > 0), key=lambda f: -items[f])[:most]
    held = sorted((f for f, v in items.items() if -v >= MAIN_REASON * top and v < 0), key=lambda f: items[f])[:1]
    text = ""
    if pushed:
        text += ", because of " + _join([FACTORS[f].reason for f in pushed])
    if held:
        text += ", despite " + FACTORS[held[0]].reason
    return text


def _factors(row) -> dict[str, float]:
    return {k[2:]: float(v) for k, v in row.items() if k.startswith("f_") and pd.notna(v)}


def _text(value) -> str | None:
    """A categorical cell as text, None where it is null."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _decision_of(row):
    """The declared decision a log row records, or None."""
    return DECISIONS.get(f"{row['actor']}.{row['event']}")


def _decision(row) -> str:
    option = _text(row["option"])
    clause = _decision_of(row).told.get(option)
    if clause is None:
        clause = f"{_actor(row['actor'])} chose '{option}' in its {row['event'].replace('_', ' ')} decision"
    text = f"Week of {when(row['date'])}: {clause[0].upper() + clause[1:]}"
    if row["forced"]:
        return text + " (forced by the scenario)."
    amount = row.get("amount")
    if amount is not None and pd.notna(amount) and amount > 0:
        text += f", {amount:g} divisions a week"
    chance = row.get("p")
    if pd.notna(chance) and chance < UNLIKELY:
        return text + f", against the odds (a {_pct(chance)} chance that week)."
    if pd.notna(chance):
        text += f" (a {_pct(chance)} chance that week)"
    return text + reasons(_factors(row)) + "."


def _pct(p: float) -> str:
    return "<1%" if p < 0.01 else f"{100 * p:.0f}%"


def _actor(actor: str) -> str:
    return {"ussr": "the USSR", "japan": "Japan", "us": "the United States", "germany": "Germany"}.get(actor, actor)


def _event(row) -> str:
    actor, event, outcome = str(row["actor"]), str(row["event"]), _text(row["option"])
    if event.startswith("takes_"):
        text = f"{PARTY_ADJECTIVE[actor]} forces took {TERRITORIES[event[6:]].label}."
    elif event == "pact_breached":
        text = f"The {PARTY_ADJECTIVE[_text(row['party'])]} attack broke the Neutrality Pact."
    else:
        text = TOLD.get((actor, event, outcome)) or TOLD[(actor, event, None)]
    return f"Week of {when(row['date'])}: {text}"


def _events_of(result_or_events, scenario=None) -> pd.DataFrame:
    events = getattr(result_or_events, "events", result_or_events)
    if scenario is not None and "scenario" in events:
        events = events[(events["scenario"].astype(str) == scenario).to_numpy()]
    elif "scenario" in events and events["scenario"].nunique() > 1:
        raise ValueError(f"events of {events['scenario'].nunique()} scenarios; name one with scenario=")
    return events


def chronicle(result_or_events, world: int, scenario: str | None = None) -> list[str]:
    """World ``world``'s history as dated plain sentences, in order.

    ``result_or_events``: a run (anything with ``.events``) or an events table; where
    it holds several scenarios, ``scenario`` names the one to tell.
    """
    events = _events_of(result_or_events, scenario)
    mine = events[(events["world"] == world).to_numpy()].sort_values("date", kind="stable")
    if mine.empty:
        raise ValueError(f"world {world} has no events; expected one of the run's worlds")
    rows = mine.to_dict("records")
    denounce_weeks = {r["date"] for r in rows if r["event"] == "denounce"}
    sentences: list[tuple] = []  # (date, order, text)
    for r in rows:
        if r["event"] == "pact_denounced" and r["date"] in denounce_weeks:
            continue  # the decision's sentence already tells it, with reasons
        is_decision = _decision_of(r) is not None
        sentences.append((r["date"], len(sentences), _decision(r) if is_decision else _event(r)))
    sentences.sort(key=lambda s: (pd.Timestamp(s[0]), s[1]))
    return [s[2] for s in sentences]


# --- The typical world ---------------------------------------------------------------

def typical_world(worlds: pd.DataFrame) -> int:
    """The world closest to the ensemble's centre.

    Each date outcome counts twice: whether it happens (an indicator) and, where it
    does, its date in days; each boolean outcome counts once. Every feature is
    standardised (by its standard deviation; features that do not vary are dropped),
    dates are measured from their median, indicators and booleans from their mean, and
    a date that does not happen contributes nothing on the days feature. The world
    with the smallest sum of squares wins; ties go to the lowest world index.
    """
    if worlds.empty:
        raise ValueError("no worlds to choose from")
    distance = np.zeros(len(worlds))
    for name in oc.DATE_OUTCOMES:
        if name not in worlds:
            continue
        dates = pd.to_datetime(worlds[name])
        happens = dates.notna().to_numpy(dtype=float)
        distance += _standardised(happens, happens.mean())
        if happens.sum() >= 2:
            days = ((dates - pd.Timestamp("1941-01-01")).dt.days).to_numpy(dtype=float)
            z = _standardised(days[happens == 1], np.median(days[happens == 1]))
            distance[happens == 1] += z
    for name in oc.BOOL_OUTCOMES:
        if name in worlds:
            flags = worlds[name].fillna(False).to_numpy(dtype=float)
            distance += _standardised(flags, flags.mean())
    order = np.lexsort((worlds["world"].to_numpy(), distance))
    return int(worlds["world"].to_numpy()[order[0]])


def _standardised(x: np.ndarray, centre: float) -> np.ndarray:
    """Squared standardised deviations from ``centre`` (zero where ``x`` does not vary)."""
    sd = x.std()
    if sd == 0 or np.isnan(sd):
        return np.zeros_like(x, dtype=float)
    return ((x - centre) / sd) ** 2

