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

from .. import i18n
from ..i18n import N_
from ..world import outcomes as oc
from ..world.vocabulary import DECISIONS, FACTORS, TERRITORIES, TOLD

TAKES = {"ussr": N_("Soviet forces took {place}."), "japan": N_("Japanese forces took {place}.")}
RETAKES = {"ussr": N_("Soviet forces retook {place}."), "japan": N_("Japanese forces retook {place}.")}
BREACH = {"ussr": N_("The Soviet attack broke the Neutrality Pact."),
          "japan": N_("The Japanese attack broke the Neutrality Pact.")}
ACTORS = {"ussr": N_("the USSR"), "japan": N_("Japan"), "us": N_("the United States"), "germany": N_("Germany")}
UNLIKELY = 0.05
"""A decision drawn at under this chance is told as unlikely, not explained."""
MAIN_REASON = 0.25
"""A reason is told if its contribution is at least this share of the largest one."""


def when(day, lang: str = "en") -> str:
    """A date as '7 December 1941' (in ``lang``)."""
    return i18n.date(day, lang)


QUIET = N_("Nothing happened in this world in the scenario's period: no decision changed and no event took place.")
"""What the chronicle of a world without events says."""


class _Teller:
    """The sentences of one language: every English text, from here or from the declared
    vocabulary, goes through the language's catalogue."""

    def __init__(self, lang: str) -> None:
        self.lang = i18n.check(lang)
        self._ = i18n.gettext(lang)
        self.ngettext = i18n.ngettext(lang)

    def week(self, day, text: str) -> str:
        return self._("Week of {date}: {text}").format(date=when(day, self.lang), text=_capital(text))

    def reasons(self, contributions: dict[str, float], most: int = 3) -> str:
        items = {f: v for f, v in contributions.items() if v is not None and not np.isnan(v)}
        top = max((abs(v) for v in items.values()), default=0.0)
        if top == 0:
            return ""
        pushed = sorted((f for f, v in items.items() if v >= MAIN_REASON * top and v > 0), key=lambda f: -items[f])[:most]
        held = sorted((f for f, v in items.items() if -v >= MAIN_REASON * top and v < 0), key=lambda f: items[f])[:1]
        text = ""
        if pushed:
            text += self._(", because of {reasons}").format(reasons=i18n.join([self.reason(f) for f in pushed],
                                                                              self.lang))
        if held:
            text += self._(", despite {reason}").format(reason=self.reason(held[0]))
        return text

    def reason(self, factor: str) -> str:
        return self._(FACTORS[factor].reason) if factor in FACTORS else factor.replace("_", " ")

    def actor(self, actor: str) -> str:
        return self._(ACTORS[actor]) if actor in ACTORS else actor

    def pct(self, p: float) -> str:
        # A drawn decision's chance is never 0 or 1: what rounds to either is told as a bound.
        if p < 0.01:
            return "<" + i18n.percent(0.01, self.lang)
        return ">" + i18n.percent(0.99, self.lang) if p >= 0.995 else i18n.percent(p, self.lang)

    def divisions(self, amount: float) -> str:
        # The plural form of the count (Arabic has a dual, 'فرقتان'); a fraction takes the
        # form CLDR gives decimals ("other"), which in every catalogue is that of 100.
        n = int(amount) if amount % 1 == 0 else 100
        return self.ngettext(", {amount} division a week", ", {amount} divisions a week", n).format(
            amount=i18n.number(amount, self.lang, 1 if amount % 1 else 0))

    def decision(self, row) -> str:
        option = _text(row["option"])
        clause = _decision_of(row).told.get(option)
        if clause is None:
            clause = self._("{actor} chose '{option}' in its {decision} decision").format(
                actor=self.actor(row["actor"]), option=option, decision=row["event"].replace("_", " "))
        else:
            clause = self._(clause)
        if row["forced"]:
            return self.week(row["date"], clause + self._(" (forced by the scenario)."))
        amount = row.get("amount")
        if amount is not None and pd.notna(amount) and amount > 0:
            clause += self.divisions(amount)
        chance = row.get("p")
        if pd.notna(chance) and chance < UNLIKELY:
            return self.week(row["date"], clause + self._(", against the odds (a chance of {chance} that week).").format(
                chance=self.pct(chance)))
        if pd.notna(chance):
            clause += self._(" (a chance of {chance} that week)").format(chance=self.pct(chance))
        return self.week(row["date"], clause + self.reasons(_factors(row)) + self._("."))

    def event(self, row) -> str:
        actor, event, outcome = str(row["actor"]), str(row["event"]), _text(row["option"])
        verb, _, place = event.partition("_")
        if verb in ("takes", "retakes") and place in TERRITORIES:
            text = self._((TAKES if verb == "takes" else RETAKES)[actor]).format(place=self._(TERRITORIES[place].label))
        elif event == "pact_breached":
            text = self._(BREACH[_text(row["party"])])
        else:
            text = self._(TOLD.get((actor, event, outcome)) or TOLD[(actor, event, None)])
        return self.week(row["date"], text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def reasons(contributions: dict[str, float], most: int = 3, lang: str = "en") -> str:
    """', because of A and B, despite C' from factor contributions (name to log-odds)."""
    return _Teller(lang).reasons(contributions, most)


def _factors(row) -> dict[str, float]:
    return {k[2:]: float(v) for k, v in row.items() if k.startswith("f_") and pd.notna(v)}


def _text(value) -> str | None:
    """A categorical cell as text, None where it is null."""
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _decision_of(row):
    """The declared decision a log row records, or None."""
    return DECISIONS.get(f"{row['actor']}.{row['event']}")


def _events_of(result_or_events, scenario=None) -> pd.DataFrame:
    events = getattr(result_or_events, "events", result_or_events)
    if scenario is not None and "scenario" in events:
        events = events[(events["scenario"].astype(str) == scenario).to_numpy()]
    elif "scenario" in events and events["scenario"].nunique() > 1:
        raise ValueError(f"events of {events['scenario'].nunique()} scenarios; name one with scenario=")
    return events


def chronicle(result_or_events, world: int, scenario: str | None = None, lang: str = "en") -> list[str]:
    """World ``world``'s history as dated plain sentences, in order, in language ``lang``
    (``en``, ``it``, ``nl``, ``ar``).

    ``result_or_events``: a run (anything with ``.events``) or an events table; where
    it holds several scenarios, ``scenario`` names the one to tell.
    """
    tell = _Teller(lang)
    worlds = getattr(result_or_events, "worlds", None)
    if worlds is not None and not (worlds["world"] == world).any():
        raise ValueError(f"world {world} is not in this run; expected one of its {len(worlds):,} worlds")
    events = _events_of(result_or_events, scenario)
    mine = events[(events["world"] == world).to_numpy()].sort_values("date", kind="stable")
    if mine.empty:
        return [tell._(QUIET)]
    rows = mine.to_dict("records")
    denounce_weeks = {r["date"] for r in rows if r["event"] == "denounce"}
    sentences: list[tuple] = []  # (date, order, text)
    for r in rows:
        if r["event"] == "pact_denounced" and r["date"] in denounce_weeks:
            continue  # the decision's sentence already tells it, with reasons
        is_decision = _decision_of(r) is not None
        sentences.append((r["date"], len(sentences), tell.decision(r) if is_decision else tell.event(r)))
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

