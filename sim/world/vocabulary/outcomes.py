"""The outcomes of a world (the columns of ``worlds.parquet``), their dated windows and the
territories.

An :class:`Outcome` declares a column's kind (``date``, ``bool``, ``party`` or
``number``), its unit, its label for a chart or a table, its meaning for the README, and
what happened in history, so that a figure can mark it and a table can set the
simulated worlds beside it. :func:`sim.world.outcomes.outcomes` fills the columns from a
finished model; the README's outcome table is generated from this declaration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NEVER_HAPPENED = "never"
"""The historical value of a date outcome that did not happen in history."""


@dataclass(frozen=True)
class Outcome:
    """One outcome column."""

    name: str
    kind: str  # "date", "bool", "party" or "number"
    label: str
    meaning: str
    historical: object = None
    """What happened: a date (or :data:`NEVER_HAPPENED`), a bool, a party, a number; None if
    the record gives no single value."""
    source: str = ""
    unit: str = ""

    def __post_init__(self) -> None:
        if self.kind not in ("date", "bool", "party", "number"):
            raise ValueError(f"outcome {self.name}: unknown kind {self.kind!r}")

    @property
    def statistic(self) -> str:
        """How an ensemble summarises it: a share of worlds, or a number's median."""
        return "median" if self.kind == "number" else "share"


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in [
        Outcome("japan_strikes_south", "date", "Japan strikes south (war with the US)",
                "first Japanese attack on US, British or Dutch territory", _d("1941-12-07"), "1b: Pearl Harbor"),
        Outcome("japan_attacks_ussr", "date", "Japan attacks the USSR", "Japanese attack on the USSR",
                NEVER_HAPPENED, "1b-1d: Kantokuen cancelled; the 1943 refusal"),
        Outcome("ussr_attacks_japan", "date", "The USSR attacks Japan", "Soviet attack on Japan",
                _d("1945-08-09"), "1a, 1d: the Manchurian operation"),
        Outcome("pact_denounced", "date", "The pact is denounced", "denunciation of the Neutrality Pact",
                _d("1945-04-05"), "1a: Molotov's note to Sato"),
        Outcome("germany_surrenders", "date", "Germany surrenders", "German surrender", _d("1945-05-08"), "1d"),
        Outcome("japan_surrenders", "date", "Japan surrenders", "Japanese surrender", _d("1945-08-15"),
                "1d: the Emperor's broadcast"),
        Outcome("japan_north_posture", "date", "Japan first turns north",
                "first week Japan's posture is north (mobilisation in Manchuria)", _d("1941-07-07"),
                "1b: Kantokuen sanctioned"),
        Outcome("japan_decides_south", "date", "Japan decides for war in the south",
                "Japan's decision for war in the south", _d("1941-09-06"), "1b: Imperial Conference"),
        Outcome("concessions_returned", "date", "Japan returns the North Sakhalin concessions",
                "Japan's return of its North Sakhalin oil and coal concessions to the USSR", _d("1944-03-30"),
                "1d, 3: returned for 5 million rubles"),
        Outcome("pact_denounced_by", "party", "Who denounces the pact",
                "who denounced the pact: \"japan\", \"ussr\" or \"none\"", "ussr", "1a"),
        Outcome("pact_breached_by", "party", "Who breaks the pact",
                "who broke the pact by attacking while it was in force: \"japan\", \"ussr\" or \"none\"", "ussr",
                "1a: the Soviet attack of 9 Aug 1945, before expiry in April 1946"),
        Outcome("declaration_broken_by", "party", "Who breaks the Manchukuo-Mongolia declaration",
                "who broke the declaration signed with the pact by entering the territory it protects "
                "(only a Soviet advance into Manchukuo is on the map)", "ussr",
                "1a: the joint declaration of 13 Apr 1941; Soviet forces entered Manchukuo on 9 Aug 1945"),
        Outcome("soviet_divisions_west_1941", "number", "Soviet divisions sent west, 22 Jun-31 Dec 1941 (net)",
                "net divisions moved from the Far East to the German front, 22 June to 31 December 1941",
                18, "2b: 18 divisions, 22 Jun - 5 Dec 1941", unit="divisions"),
        Outcome("soviet_divisions_west_1942", "number", "Soviet divisions sent west in 1942 (net)",
                "net divisions moved from the Far East to the German front in 1942",
                None, "2b: at least 7 rifle divisions and 3 brigades, 10-19 Jul 1942", unit="divisions"),
        Outcome("soviet_divisions_west_from_mid_1943", "number", "Soviet divisions sent west from July 1943",
                "divisions moved from the Far East to the German front from 1 July 1943",
                None, "2a: no large transfers west after mid-1943 (Hayashi)", unit="divisions"),
        Outcome("moscow_falls", "bool", "Moscow falls", "Moscow falls to Germany", False, "1b"),
        Outcome("stalingrad_german_victory", "bool", "German victory at Stalingrad",
                "Germany wins the decisive week at Stalingrad", False, "1d"),
        Outcome("kursk_german_victory", "bool", "German victory at Kursk", "Germany wins at Kursk", False, "1d"),
        Outcome("ussr_gains_manchuria", "bool", "USSR holds Manchuria", "held by the USSR at the end", True, "2e"),
        Outcome("ussr_gains_korea_north", "bool", "USSR holds northern Korea", "held by the USSR at the end", True, "2e"),
        Outcome("ussr_gains_sakhalin_south", "bool", "USSR holds southern Sakhalin", "held by the USSR at the end",
                True, "1d"),
        Outcome("ussr_gains_kurils", "bool", "USSR holds the Kurils", "held by the USSR at the end", True, "1d"),
        Outcome("japan_gains_maritime_province", "bool", "Japan holds the Maritime Province",
                "held by Japan at the end", False, "1b"),
        Outcome("soviet_japanese_armistice", "bool", "Soviet-Japanese armistice",
                "a Soviet-Japanese war ended by armistice, not by Japan's surrender", False, "1a, 1d"),
        Outcome("pact_prolonged", "bool", "Pact prolonged to 1951", "prolonged automatically at least once",
                False, "1a"),
    ]
}
"""Every outcome column, in the order of ``worlds.parquet``."""

TRANSFER_WINDOWS = {
    "1941": (dt.date(1941, 6, 22), dt.date(1941, 12, 31)),
    "1942": (dt.date(1942, 1, 1), dt.date(1942, 12, 31)),
    "from_mid_1943": (dt.date(1943, 7, 1), dt.date(1946, 12, 31)),
}
"""The dated windows (inclusive) of the outcomes ``soviet_divisions_west_<window>``: the
divisions sent west, net of those sent east in 1941 and 1942; from mid-1943 only those sent
west (the build-up east of 1945 is another matter)."""

PARTIES = ("japan", "ussr")
"""The parties to the pact; a ``party`` outcome holds one of these or ``"none"``."""


def other_party(party: str) -> str:
    """The other party of the pact."""
    return PARTIES[1 - PARTIES.index(party)]


NO_PARTY = "none"


def of_kind(kind: str) -> tuple[str, ...]:
    """The names of the outcomes of ``kind``."""
    return tuple(name for name, o in OUTCOMES.items() if o.kind == kind)


@dataclass(frozen=True)
class Territory:
    """A territory that changes hands when its front passes ``depth`` (positive: a
    Soviet gain, negative: a Japanese one)."""

    name: str
    label: str
    front: str  # "main", "sakhalin" (a land front across the 50th parallel) or "islands" (the Kurils)
    depth: float
    gained_by: str

    @property
    def lost_by(self) -> str:
        """The party it is taken from (and that may retake it)."""
        return other_party(self.gained_by)


TERRITORIES: dict[str, Territory] = {
    t.name: t
    for t in [
        Territory("mengjiang", "Mengjiang (Inner Mongolia)", "main", 0.3, "ussr"),
        Territory("manchuria", "Manchuria", "main", 0.5, "ussr"),
        Territory("korea_north", "northern Korea", "main", 0.75, "ussr"),
        Territory("sakhalin_south", "southern Sakhalin", "sakhalin", 1.0, "ussr"),
        Territory("kurils", "the Kuril Islands", "islands", 0.85, "ussr"),
        Territory("maritime_province", "the Maritime Province", "main", -0.4, "japan"),
        Territory("transbaikalia", "Transbaikalia", "main", -0.85, "japan"),
        Territory("sakhalin_north", "northern Sakhalin", "sakhalin", -1.0, "japan"),
    ]
}
"""Every territory by name."""

FORCES = {
    "soviet_far_east": "Soviet Far East",
    "soviet_west": "Soviet forces facing Germany",
    "japan_manchuria": "Japan in Manchuria",
    "japan_south": "Japan in the Pacific south",
}
"""The weekly force series (``series.parquet``), with their labels."""

FORCE_UNITS = {
    "soviet_far_east": "thousands of men",
    "soviet_west": "divisions",  # Germany's war counts divisions; the Manchurian theater counts men
    "japan_manchuria": "thousands of men",
    "japan_south": "thousands of men",
}
"""The unit of each force series."""
