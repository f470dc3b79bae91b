"""The chronicle of one world: its history in dated plain sentences, with reasons.

Each decision is told with its main reasons, read from the factor contributions the
model logged with it (the factors that pushed towards the choice, and the largest that
held it back). The weekly train-loads of Soviet divisions are told as one sentence per
run of transfers in the same direction. Dates are the first day of the simulated week.

:func:`typical_world` picks the world to tell: the one closest to the ensemble's centre.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import i18n
from ..i18n import N_
from ..world import outcomes as oc

FACTOR_REASONS = {
    "faction": N_("the standing views of the Army and Navy factions"),
    "persimmon": N_("the balance of forces in Manchuria (the 'ripe persimmon')"),
    "german": N_("Germany's fortunes in its war on the USSR"),
    "pact": N_("the Neutrality Pact"),
    "us_war": N_("the war with the United States"),
    "oil": N_("the oil running out under embargo"),
    "embargo": N_("the US oil embargo"),
    "inertia": N_("the weight of the course already set"),
    "season": N_("the campaigning season"),
    "bias": N_("the leadership's standing caution"),
    "crisis": N_("the German threat on the main front"),
    "threat": N_("the Japanese threat it believed in"),
    "margin": N_("the Far East's margin over the Kwantung Army"),
    "yalta": N_("the promise given to the Allies at Yalta"),
    "deadline": N_("the closing window for denouncing the pact"),
    "ratio": N_("the balance of forces in Manchuria"),
    "collapse": N_("a collapsing Japan about to surrender to others"),
    "two_front": N_("the war still going on against Germany"),
}
"""Every decision factor (``f_<name>`` in the event log) as a noun phrase for a sentence."""

FACTOR_LABELS = {
    "faction": N_("Army/Navy factions"),
    "persimmon": N_("Balance in Manchuria"),
    "german": N_("German fortunes"),
    "pact": N_("Neutrality Pact"),
    "us_war": N_("War with the US"),
    "oil": N_("Oil running out"),
    "embargo": N_("US oil embargo"),
    "inertia": N_("Course already set"),
    "season": N_("Campaign season"),
    "bias": N_("Standing caution"),
    "crisis": N_("German threat"),
    "threat": N_("Believed Japanese threat"),
    "margin": N_("Far East margin"),
    "yalta": N_("Yalta promise"),
    "deadline": N_("Denunciation deadline"),
    "ratio": N_("Force ratio in Manchuria"),
    "collapse": N_("Japan collapsing"),
    "two_front": N_("War with Germany"),
}
"""Every decision factor as a short label for a chart."""

DECISIONS = {
    ("japan", "posture", "south"): N_("Japan decided for war in the south"),
    ("japan", "posture", "north"): N_("Japan turned north and began to mobilise in Manchuria"),
    ("japan", "posture", "hold"): N_("Japan went back to holding its positions"),
    ("japan", "attack_ussr", "attack"): N_("Japan attacked the Soviet Far East"),
    ("ussr", "denounce", "denounce"): N_("the USSR denounced the Neutrality Pact"),
    ("ussr", "attack_japan", "attack"): N_("the USSR attacked Japan in Manchuria"),
}
"""Decision (actor, event, option) to the clause that tells it."""

EVENTS = {
    ("treaty", "pact_in_force", None): N_("The Neutrality Pact entered into force."),
    ("treaty", "pact_prolonged", None): N_("The Neutrality Pact was prolonged for five years."),
    ("treaty", "pact_lapsed", None): N_("The denounced Neutrality Pact expired."),
    ("treaty", "pact_denounced", None): N_("The Neutrality Pact was denounced."),
    ("germany", "barbarossa", None): N_("Germany invaded the USSR."),
    ("germany", "moscow", "falls"): N_("Moscow fell to the Germans."),
    ("germany", "moscow", "holds"): N_("Moscow held."),
    ("germany", "stalingrad", "german victory"): N_("Germany won at Stalingrad."),
    ("germany", "stalingrad", "soviet victory"): N_("The Red Army won at Stalingrad."),
    ("germany", "kursk", "german victory"): N_("Germany won at Kursk."),
    ("germany", "kursk", "soviet victory"): N_("The Red Army won at Kursk."),
    ("germany", "surrenders", None): N_("Germany surrendered."),
    ("us", "oil_embargo", None): N_("The United States banned oil exports to Japan."),
    ("us", "atomic_bomb", None): N_("An atomic bomb was dropped on Japan."),
    ("japan", "strikes_south", None): N_("Japan attacked US, British and Dutch territory: the Pacific war began."),
    ("japan", "surrenders", None): N_("Japan surrendered."),
}
"""Other events (actor, event, detail or None for any) to a sentence."""

TERRITORIES = {
    "mengjiang": N_("Mengjiang (Inner Mongolia)"), "manchuria": N_("Manchuria"), "korea_north": N_("northern Korea"),
    "sakhalin_south": N_("southern Sakhalin"), "kurils": N_("the Kuril Islands"),
    "maritime_province": N_("the Maritime Province"), "transbaikalia": N_("Transbaikalia"),
    "sakhalin_north": N_("northern Sakhalin"),
}
TAKES = {"ussr": N_("Soviet forces took {place}."), "japan": N_("Japanese forces took {place}.")}
BREACH = {"ussr": N_("The Soviet attack broke the Neutrality Pact."),
          "japan": N_("The Japanese attack broke the Neutrality Pact.")}
ACTORS = {"ussr": N_("the USSR"), "japan": N_("Japan"), "us": N_("the United States"), "germany": N_("Germany")}
DIRECTIONS = {"west": N_("west"), "east": N_("east"), "hold": N_("nowhere")}
TRANSFER_GAP_WEEKS = 8
"""A pause longer than this ends a run of transfers in one direction."""
MAIN_REASON = 0.25
"""A reason is told if its contribution is at least this share of the largest one."""


def when(day, lang: str = "en") -> str:
    """A date as '7 December 1941' (in ``lang``)."""
    return i18n.date(day, lang)


class _Teller:
    """The sentences of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = i18n.check(lang)
        self._ = i18n.gettext(lang)

    def join(self, phrases: list[str]) -> str:
        return i18n.join(phrases, self.lang)

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
            text += self._(", because of {reasons}").format(reasons=self.join([self.reason(f) for f in pushed]))
        if held:
            text += self._(", despite {reason}").format(reason=self.reason(held[0]))
        return text

    def reason(self, factor: str) -> str:
        return self._(FACTOR_REASONS.get(factor, factor.replace("_", " ")))

    def actor(self, actor: str) -> str:
        return self._(ACTORS[actor]) if actor in ACTORS else actor

    def decision(self, row) -> str:
        option, forced = _option(str(row["detail"]))
        clause = DECISIONS.get((row["actor"], row["event"], option))
        if clause is None:
            clause = self._("{actor} chose '{option}' in its {decision} decision").format(
                actor=self.actor(row["actor"]), option=option, decision=row["event"].replace("_", " "))
        else:
            clause = self._(clause)
        if forced:
            return self.week(row["date"], clause + self._(" (forced by the scenario)."))
        chance = row.get("p")
        if pd.notna(chance):
            clause += self._(" (a {chance} chance that week)").format(chance=self.pct(chance))
        return self.week(row["date"], clause + self.reasons(_factors(row)) + self._("."))

    def pct(self, p: float) -> str:
        return "<" + i18n.percent(0.01, self.lang) if p < 0.01 else i18n.percent(p, self.lang)

    def event(self, row) -> str:
        actor, event, detail = str(row["actor"]), str(row["event"]), str(row["detail"] or "")
        text = EVENTS.get((actor, event, detail)) or EVENTS.get((actor, event, None))
        if text is not None:
            text = self._(text)
        elif event.startswith("takes_") and actor in TAKES:
            place = TERRITORIES.get(event[6:])
            place = self._(place) if place else event[6:].replace("_", " ")
            text = self._(TAKES[actor]).format(place=place)
        elif event == "pact_breached" and detail.rsplit(" ", 1)[-1] in BREACH:
            text = self._(BREACH[detail.rsplit(" ", 1)[-1]])
        else:
            text = f"{_capital(self.actor(actor))}: {event.replace('_', ' ')}" + (f" ({detail})" if detail else "") + "."
        return self.week(row["date"], text)

    def transfers(self, run: list) -> str:
        first, last = run[0]["date"], run[-1]["date"]
        direction = _option(str(run[0]["detail"]))[0]
        where = self._(DIRECTIONS[direction]) if direction in DIRECTIONS else direction
        weeks = (pd.Timestamp(last) - pd.Timestamp(first)).days // 7 + 1
        amounts = [r.get("amount") for r in run]
        known = all(a is not None and pd.notna(a) for a in amounts)
        # Only what pushed: the standing caution held back every transfer alike.
        mean = pd.DataFrame([_factors(r) for r in run]).mean().to_dict()
        because = self.reasons({f: v for f, v in mean.items() if v > 0}, most=2)
        n = i18n.number(sum(amounts), self.lang) if known else None
        if len(run) == 1:
            text = (self._("The USSR sent {n} divisions {direction} by rail").format(n=n, direction=where) if known
                    else self._("The USSR sent divisions {direction} by rail").format(direction=where))
            return self.week(first, text + because + self._("."))
        if weeks == 2 == len(run):
            often = self._("in both weeks")
        elif weeks == len(run):
            often = self._("every week")
        else:
            often = self._("in {k} of the {weeks} weeks").format(k=i18n.number(len(run), self.lang),
                                                                 weeks=i18n.number(weeks, self.lang))
        text = (self._("The USSR sent {n} divisions {direction} {often}").format(n=n, direction=where, often=often)
                if known else self._("The USSR sent divisions {direction} {often}").format(direction=where, often=often))
        a, b = pd.Timestamp(first), pd.Timestamp(last)
        start = i18n.date(a, self.lang, "day" if a.year == b.year else "long")
        span = self._("{start} to {end}").format(start=start, end=when(b, self.lang))
        return self._("Weeks of {dates}: {text}").format(dates=span, text=text + because + self._("."))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def reasons(contributions: dict[str, float], most: int = 3, lang: str = "en") -> str:
    """', because of A and B, despite C' from factor contributions (name to log-odds)."""
    return _Teller(lang).reasons(contributions, most)


def _factors(row) -> dict[str, float]:
    return {k[2:]: float(v) for k, v in row.items() if k.startswith("f_") and pd.notna(v)}


def _option(detail: str) -> tuple[str, bool]:
    forced = detail.endswith(" (forced)")
    return (detail[: -len(" (forced)")] if forced else detail), forced


def _events_of(result_or_events, scenario=None) -> pd.DataFrame:
    events = getattr(result_or_events, "events", result_or_events)
    if scenario is not None and "scenario" in events:
        events = events[(events["scenario"].astype(str) == scenario).to_numpy()]
    elif "scenario" in events and events["scenario"].nunique() > 1:
        raise ValueError(f"events of {events['scenario'].nunique()} scenarios; name one with scenario=")
    return events


def chronicle(result_or_events, world: int, scenario: str | None = None, lang: str = "en") -> list[str]:
    """World ``world``'s history as dated plain sentences, in order, in language ``lang``.

    ``result_or_events``: a run (anything with ``.events``) or an events table; where
    it holds several scenarios, ``scenario`` names the one to tell.
    """
    tell = _Teller(lang)
    events = _events_of(result_or_events, scenario)
    mine = events[(events["world"] == world).to_numpy()].sort_values("date", kind="stable")
    if mine.empty:
        raise ValueError(f"world {world} has no events; expected one of the run's worlds")
    rows = mine.to_dict("records")
    denounce_weeks = {r["date"] for r in rows if r["event"] == "denounce"}
    sentences: list[tuple] = []  # (date, order, text)
    run: list = []

    def close_run():
        if run:
            sentences.append((run[0]["date"], len(sentences), tell.transfers(run)))
            run.clear()

    for r in rows:
        if r["event"] == "transfer" and r["actor"] == "ussr":
            same = run and _option(str(run[-1]["detail"]))[0] == _option(str(r["detail"]))[0]
            near = run and (pd.Timestamp(r["date"]) - pd.Timestamp(run[-1]["date"])).days <= 7 * TRANSFER_GAP_WEEKS
            if not (same and near):
                close_run()
            run.append(r)
            continue
        if r["event"] == "pact_denounced" and r["date"] in denounce_weeks:
            continue  # the decision's sentence already tells it, with reasons
        is_decision = any(str(k).startswith("f_") and pd.notna(v) for k, v in r.items()) or \
            (r["actor"], r["event"], _option(str(r["detail"]))[0]) in DECISIONS
        sentences.append((r["date"], len(sentences), tell.decision(r) if is_decision else tell.event(r)))
    close_run()
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

