"""The exogenous history (dated events outside the two deciding agents' control) and
the other events the log records, with the sentence a chronicle tells for each.

A scenario may move an event, remove it (``enabled: false``) or, for a battle, fix its
outcome (an exogenous what-if such as a German victory at Stalingrad). Where the outcome
is ``model`` the battle is decided by the forces committed, so the deciding agents still
shape it.

Some events presuppose a state of the world the record implies (:data:`PRECONDITIONS`):
a Pacific battle needs a Pacific war, the Soviet promises of Tehran and Yalta a USSR
still at war with Germany. On its date such an event happens only in the worlds where
every precondition holds; elsewhere it does not happen at all, and the log and the
chronicle say why (:mod:`sim.world.exogenous` checks them, in one place).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class EventSpec:
    """A catalogued exogenous event and its historical default."""

    name: str
    date: dt.date
    meaning: str
    source: str
    outcomes: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    """Names of :data:`PRECONDITIONS` that must all hold on its date for it to happen."""
    actor: str | None = None
    """Who the event belongs to in the log: needed where it can fail a precondition, and
    where the engine logs the event itself (a sentence keyed (actor, name, None) in
    :data:`TOLD`)."""

    def __post_init__(self) -> None:
        unknown = set(self.requires) - set(PRECONDITIONS)
        if unknown:
            raise ValueError(f"event {self.name}: undeclared preconditions {sorted(unknown)}")
        if self.requires and self.actor is None:
            raise ValueError(f"event {self.name}: an event with preconditions needs the actor it is logged under")


@dataclass(frozen=True)
class Precondition:
    """A state of the world an exogenous event presupposes, checked in each world on the
    event's date."""

    name: str
    meaning: str
    source: str


PRECONDITIONS: dict[str, Precondition] = {
    c.name: c
    for c in [
        Precondition("pacific_war", "Japan has struck south and is at war with the United States, not yet surrendered",
                     "facts-2 §1a: Midway and Guadalcanal were battles of the war Pearl Harbor began"),
        Precondition("eastern_front", "the USSR is at war with a Germany that has not surrendered",
                     "facts-2 §3, facts 1d: Stalin gave both promises as an ally against Germany, "
                     "for its defeat ('after Germany's defeat'; 'two or three months after')"),
    ]
}
"""Every precondition an event may declare; its check is in :mod:`sim.world.exogenous`."""


@dataclass(frozen=True)
class Event:
    """An exogenous event as a scenario resolves it."""

    name: str
    date: dt.date | None  # None: it does not happen
    outcome: str = "model"

    @property
    def enabled(self) -> bool:
        return self.date is not None


EVENTS: dict[str, EventSpec] = {
    e.name: e
    for e in [
        EventSpec("barbarossa", dt.date(1941, 6, 22), "Germany invades the USSR", "facts 1b"),
        EventSpec("conference_july_1941", dt.date(1941, 7, 2), "an Imperial Conference weighs Japan's course after Barbarossa; until a scenario's last conference of 1941, Japan's posture changes only at one", "facts 1b: 2 Jul 1941, 'Outline of National Policy'", actor="japan"),
        EventSpec("conference_september_1941", dt.date(1941, 9, 6), "an Imperial Conference weighs war with the United States, Britain and the Netherlands against further negotiation", "facts 1b: 6 Sep 1941, preparations to be complete by late October", actor="japan"),
        EventSpec("oil_embargo", dt.date(1941, 8, 1), "US ban on oil exports to Japan", "facts 1b (freeze 25-26 Jul, oil ban 1 Aug)"),
        EventSpec("sorge_arrested", dt.date(1941, 10, 18), "the Soviet spy ring in Tokyo is broken; the intelligence signal stops", "facts 1b"),
        EventSpec("lend_lease", dt.date(1941, 10, 1), "the first Lend-Lease protocol: US supplies to the USSR, about half of them by the Pacific route to Vladivostok that the pact kept open", "facts-2 §2: protocol from 1 Oct 1941; 8.2M t via the Far East"),
        EventSpec("moscow", dt.date(1941, 12, 5), "decisive week of the battle of Moscow", "facts 1b (counteroffensive 5 Dec)", ("falls", "holds")),
        EventSpec("midway", dt.date(1942, 6, 4), "battle of Midway (in worlds where the Pacific war has begun)", "facts-2 §1a: 4-7 Jun 1942, four fleet carriers lost", ("us_victory", "japanese_victory"),
                  requires=("pacific_war",), actor="us"),
        EventSpec("guadalcanal", dt.date(1942, 8, 7), "a Guadalcanal-like campaign in the Solomons begins; its outcome is decided when it ends (us.solomons_weeks later)", "facts-2 §1a: 7 Aug 1942 - 9 Feb 1943", ("us_victory", "japanese_victory"),
                  requires=("pacific_war",), actor="us"),
        EventSpec("case_blue", dt.date(1942, 6, 28), "German summer offensive towards Stalingrad begins", "facts 1d"),
        EventSpec("stalingrad", dt.date(1942, 11, 19), "decisive week at Stalingrad (Operation Uranus)", "facts 1d", ("german_victory", "soviet_victory")),
        EventSpec("kursk", dt.date(1943, 7, 5), "battle of Kursk", "facts 1d", ("german_victory", "soviet_victory")),
        EventSpec("tehran", dt.date(1943, 11, 28), "Tehran: the USSR agrees in principle to declare war on Japan after Germany's defeat", "facts-2 §3: 28 Nov - 1 Dec 1943",
                  requires=("eastern_front",), actor="ussr"),
        EventSpec("oil_campaign", dt.date(1944, 5, 12), "the Allied bombing of German synthetic-oil plants begins", "facts 5: USSBS, attacks began 12 May 1944"),
        EventSpec("d_day", dt.date(1944, 6, 6), "a western front opens in France", "judgement (not in facts.md)"),
        EventSpec("yalta", dt.date(1945, 2, 11), "Yalta-like agreement: the USSR promises war on Japan 2-3 months after Germany's surrender (its Far Eastern clauses presuppose a US-Japanese war)", "facts 1d",
                  requires=("eastern_front", "pacific_war"), actor="ussr"),
        EventSpec("german_surrender", dt.date(1945, 5, 8), "Germany's surrender: decided by the model (its war capacity spent) unless a scenario sets outcome 'surrenders' on a date", "facts 1d: 8 May 1945", ("surrenders",)),
        EventSpec("atomic_bomb", dt.date(1945, 8, 6), "the first atomic bomb is ready; from then on one bomb a week falls on one enemy still at war with the US (Japan or Germany, once each)", "judgement (the date is not in facts.md); its target: facts 5"),
    ]
}
"""All exogenous events by name, with their historical dates."""


def historical() -> dict[str, Event]:
    """Every catalogued event at its historical date, outcome decided by the model."""
    return {name: Event(name, spec.date) for name, spec in EVENTS.items()}


TOLD: dict[tuple[str, str, str | None], str] = {
    ("treaty", "pact_in_force", None): "The Neutrality Pact entered into force.",
    ("treaty", "pact_prolonged", None): "The Neutrality Pact was prolonged for five years.",
    ("treaty", "pact_lapsed", None): "The denounced Neutrality Pact expired.",
    ("treaty", "pact_denounced", None): "The Neutrality Pact was denounced.",
    ("treaty", "pact_breached", None): "The Neutrality Pact was broken.",
    ("treaty", "declaration_broken", None): "Soviet forces entered Manchukuo, breaking the declaration signed with the pact.",
    ("germany", "barbarossa", None): "Germany invaded the USSR.",
    ("germany", "moscow", "falls"): "Moscow fell to the Germans.",
    ("germany", "moscow", "holds"): "Moscow held.",
    ("germany", "stalingrad", "german_victory"): "Germany won at Stalingrad.",
    ("germany", "stalingrad", "soviet_victory"): "The Red Army won at Stalingrad.",
    ("germany", "kursk", "german_victory"): "Germany won at Kursk.",
    ("germany", "kursk", "soviet_victory"): "The Red Army won at Kursk.",
    ("germany", "surrenders", None): "Germany surrendered.",
    ("us", "midway", "us_victory"): "The US Navy won at Midway.",
    ("us", "midway", "pacific_war"): "There was no battle of Midway: Japan was not at war with the United States.",
    ("us", "guadalcanal", "pacific_war"): "There was no campaign in the Solomons: Japan was not at war with the United States.",
    ("japan", "conference_july_1941", None): "An Imperial Conference weighed Japan's course after the German invasion of the USSR.",
    ("japan", "conference_september_1941", None): "An Imperial Conference weighed war with the United States against further negotiation.",
    ("ussr", "tehran", None): "At Tehran the USSR promised the Allies to enter the war on Japan after Germany's defeat.",
    ("ussr", "tehran", "eastern_front"): "No promise of war on Japan was given at Tehran: the USSR was no longer at war with Germany.",
    ("ussr", "yalta", None): "At Yalta the USSR promised to enter the war on Japan two or three months after Germany's surrender.",
    ("ussr", "yalta", "eastern_front"): "No Far Eastern agreement was made at Yalta: the USSR was no longer at war with Germany.",
    ("ussr", "yalta", "pacific_war"): "No Far Eastern agreement was made at Yalta: there was no war between the United States and Japan.",
    ("us", "midway", "japanese_victory"): "The Japanese Navy won at Midway.",
    ("us", "guadalcanal", "us_victory"): "Japan lost the Solomons campaign.",
    ("us", "guadalcanal", "japanese_victory"): "Japan held the Solomons.",
    ("treaty", "armistice", None): "Japan and the USSR agreed an armistice.",
    ("us", "oil_embargo", None): "The United States banned oil exports to Japan.",
    ("us", "atomic_bomb", "japan"): "An atomic bomb was dropped on Japan.",
    ("us", "atomic_bomb", "germany"): "An atomic bomb was dropped on Germany.",
    ("japan", "strikes_south", None): "Japan attacked US, British and Dutch territory: the Pacific war began.",
}
"""Every recorded event that is not a decision, (actor, event, outcome or None), told as a
sentence; territories taken are told from :data:`~sim.world.vocabulary.outcomes.TERRITORIES`."""
