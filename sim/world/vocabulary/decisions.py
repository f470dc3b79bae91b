"""The decisions of Japan and the USSR, their options, and the factors that score them.

A :class:`Decision` names its options (the first is the baseline, utility 0) and, for
every other option, the factors that score it; a :class:`Factor` carries the words the
analysis uses for it: a short label for a chart and the reason a chronicle gives. The
agents score exactly these factors (:func:`sim.world.decision.choose` refuses any other),
and the event log has one ``f_<factor>`` column for each.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Factor:
    """A named driver of decisions."""

    name: str
    label: str
    """Short label for a chart."""
    reason: str
    """Noun phrase for a sentence: 'because of <reason>'."""


FACTORS: dict[str, Factor] = {
    f.name: f
    for f in [
        Factor("faction", "Army's case for the north", "the Army's standing case for a war in the north"),
        Factor("navy", "Navy's caution about the US", "the Navy's caution about a war with the United States"),
        Factor("tripartite", "Tripartite Pact", "Germany's pressure under the Tripartite Pact"),
        Factor("persimmon", "Balance in Manchuria", "the balance of forces in Manchuria (the 'ripe persimmon')"),
        Factor("german", "German fortunes", "Germany's fortunes in its war on the USSR"),
        Factor("pact", "Neutrality Pact", "the Neutrality Pact"),
        Factor("us_war", "Burden of the Pacific war", "the burden of the war in the Pacific"),
        Factor("oil", "Oil running out", "the oil running out under embargo"),
        Factor("embargo", "US oil embargo", "the US oil embargo"),
        Factor("inertia", "Course already set", "the weight of the course already set"),
        Factor("season", "Campaign season", "the campaigning season"),
        Factor("bias", "Standing caution", "the leadership's standing caution"),
        Factor("crisis", "German threat", "the German threat on the main front"),
        Factor("threat", "Believed Japanese threat", "the Japanese threat it believed in"),
        Factor("margin", "Far East margin", "the Far East's margin over the Kwantung Army"),
        Factor("yalta", "Tehran/Yalta commitments", "the commitments given to the Allies at Tehran and Yalta"),
        Factor("aims", "Far Eastern aims", "the Soviet aims in the Far East (southern Sakhalin, the Kurils, Port Arthur)"),
        Factor("deadline", "Denunciation deadline", "the closing window for denouncing the pact"),
        Factor("ratio", "Force ratio in Manchuria", "the balance of forces in Manchuria"),
        Factor("collapse", "Japan collapsing", "a collapsing Japan about to surrender to others"),
        Factor("two_front", "War with Germany", "the war still going on against Germany"),
        Factor("resolve", "Will to fight on", "the will to fight on"),
        Factor("siege", "US siege and blockade", "the US siege and blockade"),
        Factor("bomb", "Atomic bombing", "the atomic bombing"),
        Factor("soviet_entry", "Soviet entry", "the Soviet entry into the war"),
        Factor("manchuria_lost", "Manchuria lost", "the loss of Manchuria"),
    ]
}
"""Every decision factor; each is a column ``f_<name>`` of the event log."""


@dataclass(frozen=True)
class Decision:
    """A named decision: its options (the first is the baseline, utility 0), the factors
    that score each other option, and the clause a chronicle tells for an option."""

    name: str
    options: tuple[str, ...]
    factors: Mapping[str, tuple[str, ...]]
    told: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for option, names in self.factors.items():
            if option not in self.options[1:]:
                raise ValueError(f"{self.name}: factors for {option!r}, which is not a non-baseline option")
            unknown = set(names) - set(FACTORS)
            if unknown:
                raise ValueError(f"{self.name}.{option}: undeclared factors {sorted(unknown)}")

    @property
    def actor(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def event(self) -> str:
        """The event name of this decision in the event log."""
        return self.name.split(".", 1)[1]

    def index(self, option: str) -> int:
        return self.options.index(option)


DECISIONS: dict[str, Decision] = {
    d.name: d
    for d in [
        Decision(
            "japan.posture", ("hold", "north", "south"),
            {"north": ("faction", "persimmon", "german", "tripartite", "pact", "us_war", "oil", "inertia"),
             "south": ("navy", "oil", "embargo", "german", "pact", "inertia")},
            {"south": "Japan decided for war in the south",
             "north": "Japan turned north and began to mobilise in Manchuria",
             "hold": "Japan went back to holding its positions"},
        ),
        Decision(
            "japan.attack_ussr", ("wait", "attack"),
            {"attack": ("faction", "persimmon", "german", "tripartite", "pact", "us_war", "season")},
            {"attack": "Japan attacked the Soviet Far East"},
        ),
        Decision(
            "japan.denounce", ("keep", "denounce"),
            {"denounce": ("faction", "german", "us_war")},
            {"denounce": "Japan denounced the Neutrality Pact"},
        ),
        Decision(
            "japan.return_concessions", ("keep", "return"),
            {"return": ("bias", "us_war", "german")},
            {"return": "Japan returned its North Sakhalin oil and coal concessions to the USSR"},
        ),
        Decision(
            "japan.surrender", ("fight_on", "surrender"),
            {"surrender": ("resolve", "siege", "bomb", "soviet_entry", "manchuria_lost")},
            {"surrender": "Japan surrendered"},
        ),
        Decision(
            "ussr.transfer", ("hold", "west", "east"),
            {"west": ("bias", "crisis", "threat", "margin"),
             "east": ("bias", "crisis", "threat", "margin", "aims", "yalta")},
            {"west": "the USSR began moving divisions west", "east": "the USSR began moving divisions east",
             "hold": "the USSR stopped moving divisions"},
        ),
        Decision(
            "ussr.denounce", ("keep", "denounce"),
            {"denounce": ("bias", "yalta", "aims", "deadline")},
            {"denounce": "the USSR denounced the Neutrality Pact"},
        ),
        Decision(
            "ussr.attack_japan", ("wait", "attack"),
            {"attack": ("bias", "aims", "yalta", "ratio", "collapse", "pact", "two_front")},
            {"attack": "the USSR attacked Japan in Manchuria"},
        ),
    ]
}
"""Every decision of the deciding agents; interventions name one of these."""
