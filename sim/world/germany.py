"""Germany: an environment agent whose war follows the exogenous calendar.

Barbarossa, the offensives and the decisive weeks of Moscow, Stalingrad and Kursk come
from the scenario's dated events; the *outcome* of each battle depends on the Soviet
divisions the USSR brought from the Far East since the offensive began (DESIGN: Siberian
divisions that reach Moscow change the odds at Moscow), unless the scenario fixes it.

Germany's war capacity wears down in proportion to the Soviet force facing it, and from
their dates with the western front and the oil campaign; a decisive victory restores
some capacity but stops none of these, so a German victory delays the end rather than
freezing the war. Germany surrenders when its capacity is spent, or on the date a
scenario sets (the ``german_surrender`` event with outcome ``surrenders``). If Germany
is still in the war when the atomic bomb is ready, it may be its target (facts 5; the
United States choose, :mod:`.usa`), and the bomb costs it ``germany.bomb_loss``.

``success`` is the index of German fortunes that Japan and the USSR read: it rises while
an offensive advances and jumps with each decisive battle.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import sigmoid

VICTORY = {"moscow": "falls", "stalingrad": "german_victory", "kursk": "german_victory"}
DEFEAT = {"moscow": "holds", "stalingrad": "soviet_victory", "kursk": "soviet_victory"}
OWN_OFFENSIVE = ("kursk",)
"""Battles that open their own offensive; Moscow's began with Barbarossa, Stalingrad's with Case Blue."""


class Germany(mesa.Agent):
    """Germany's war in the east and west, one entry per world."""

    def __init__(self, model) -> None:
        super().__init__(model)
        n = model.n
        self.at_war = np.zeros(n, dtype=bool)
        self.offensive = np.zeros(n, dtype=bool)
        self.success = np.zeros(n)
        self.capacity = np.zeros(n) + model.p("germany.endurance")
        self.surrendered = np.full(n, NEVER, dtype=np.int64)
        self.victories = {battle: np.zeros(n, dtype=bool) for battle in VICTORY}
        self.arrivals_at_start = np.zeros(n)  # Soviet FE arrivals when the offensive began

    @property
    def fighting(self) -> np.ndarray:
        """Worlds where Germany is at war with the USSR and has not surrendered."""
        return self.at_war & (self.surrendered == NEVER)

    @property
    def in_the_war(self) -> np.ndarray:
        """Worlds where Germany has not surrendered and fights the USSR or a western front."""
        return (self.surrendered == NEVER) & (self.at_war | self.model.passed("d_day"))

    def bombed(self, where: np.ndarray) -> None:
        """An atomic bomb falls on Germany in the worlds of ``where``; it surrenders this
        week where its capacity is spent."""
        self.capacity -= self.model.p("germany.bomb_loss") * where
        self.surrender(where & (self.capacity <= 0))

    def step(self) -> None:
        m = self.model
        invaded = m.happens("barbarossa")
        if invaded.any():
            self.at_war |= invaded
            self.success = np.where(invaded, m.p("germany.success_barbarossa"), self.success)
            self._begin_offensive(invaded)
            m.log.add(m.t, "germany", "barbarossa", invaded)
        self._begin_offensive(self.fighting & m.happens("case_blue"))
        self.success += m.p("germany.advance_per_week") * (self.offensive & self.fighting)
        for battle in VICTORY:
            if m.happens(battle).any():
                self._battle(battle)
        self._attrition()
        if m.events["german_surrender"].outcome == "surrenders":
            self.surrender(m.happens("german_surrender"))

    def surrender(self, where: np.ndarray) -> None:
        """Germany surrenders this week in the worlds of ``where``."""
        m = self.model
        where = where & (self.surrendered == NEVER)
        if where.any():
            self.surrendered[where] = m.t
            self.success = np.where(where, -m.p("germany.success_defeat") * len(VICTORY), self.success)
            m.log.add(m.t, "germany", "surrenders", where)

    def _begin_offensive(self, mask: np.ndarray) -> None:
        self.offensive |= mask
        self.arrivals_at_start = np.where(mask, self.model.ussr.arrived_west, self.arrivals_at_start)

    def _battle(self, battle: str) -> None:
        m = self.model
        if battle in OWN_OFFENSIVE:
            self._begin_offensive(self.fighting & m.happens(battle))
        fighting = self.fighting & m.happens(battle)
        outcome = m.events[battle].outcome
        if outcome == "model":
            reinforcement = m.ussr.arrived_west - self.arrivals_at_start
            momentum = np.zeros(m.n, dtype=bool)
            for earlier in self.victories.values():
                momentum |= earlier
            logit = (
                m.p(f"germany.{battle}_logit")
                + m.p("germany.per_division") * reinforcement
                + m.p("germany.momentum") * momentum
            )
            won = m.streams.uniform(m.t, f"germany.{battle}") < sigmoid(logit)
        else:
            won = np.full(m.n, outcome == VICTORY[battle])
        won &= fighting
        lost = fighting & ~won
        weight = m.p("germany.kursk_weight") if battle == "kursk" else 1.0
        self.victories[battle] |= won
        self.success += weight * (np.where(won, m.p("germany.success_victory"), 0.0)
                                  - np.where(lost, m.p("germany.success_defeat"), 0.0))
        self.capacity += weight * (np.where(won, m.p("germany.victory_gain"), 0.0)
                                   - np.where(lost, m.p("germany.defeat_loss"), 0.0))
        m.ussr.lose_west(won, weight * m.p("germany.soviet_loss"))
        self.offensive &= ~fighting
        m.log.add(m.t, "germany", battle, won, option=VICTORY[battle])
        m.log.add(m.t, "germany", battle, lost, option=DEFEAT[battle])

    def _attrition(self) -> None:
        """The week's loss of war capacity: the eastern front (the Soviet force facing
        Germany against its strength at the start), the western front and the oil
        campaign from their dates, and noise."""
        m = self.model
        p = m.p
        fighting = self.fighting
        east = p("germany.east_attrition") * m.ussr.west / np.maximum(p("ussr.west_divisions"), 1.0) * fighting
        west = p("germany.west_attrition") * m.passed("d_day") + p("germany.oil_attrition") * m.passed("oil_campaign")
        noise = p("germany.attrition_sd") * m.streams.normal(m.t, "germany.attrition")
        alive = self.surrendered == NEVER
        self.capacity -= (east + west + noise) * self.in_the_war
        self.surrender(alive & (self.capacity <= 0))
