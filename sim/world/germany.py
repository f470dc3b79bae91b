"""Germany: an environment agent whose war follows the exogenous calendar.

Barbarossa, the offensives and the decisive weeks of Moscow, Stalingrad and Kursk come
from the scenario's dated events; the *outcome* of each battle depends on the Soviet
divisions the USSR brought from the Far East since the offensive began (DESIGN: Siberian
divisions that reach Moscow change the odds at Moscow), unless the scenario fixes it.
Germany's war capacity wears down in proportion to the Soviet force facing it and, once
a western front opens, to that front; it surrenders when the capacity is spent.

``success`` is the index of German fortunes that Japan and the USSR read: it rises while
an offensive advances and jumps with each decisive battle.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import sigmoid

# Battle -> (German success change on victory, on defeat). Moscow held meant a winter
# counteroffensive; Kursk was a smaller swing than the two great reversals.
SWINGS = {"moscow": (1.0, -0.8), "stalingrad": (1.0, -1.0), "kursk": (0.5, -0.5)}
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
        self.victories = {battle: np.zeros(n, dtype=bool) for battle in SWINGS}
        self.arrivals_at_start = np.zeros(n)  # Soviet FE arrivals when the offensive began

    @property
    def fighting(self) -> np.ndarray:
        """Worlds where Germany is at war with the USSR and has not surrendered."""
        return self.at_war & (self.surrendered == NEVER)

    def step(self) -> None:
        m = self.model
        if m.happens("barbarossa"):
            self.at_war[:] = True
            self.success[:] = m.p("germany.success_barbarossa")
            self._begin_offensive(np.ones(m.n, dtype=bool))
            m.log.add(m.t, "germany", "barbarossa", self.at_war)
        if m.happens("case_blue"):
            self._begin_offensive(self.fighting)
        self.success += m.p("germany.advance_per_week") * (self.offensive & self.fighting)
        for battle in SWINGS:
            if m.happens(battle):
                self._battle(battle)
        self._attrition()

    def _begin_offensive(self, mask: np.ndarray) -> None:
        self.offensive |= mask
        self.arrivals_at_start = np.where(mask, self.model.ussr.arrived_west, self.arrivals_at_start)

    def _battle(self, battle: str) -> None:
        m = self.model
        if battle in OWN_OFFENSIVE:
            self._begin_offensive(self.fighting)
        fighting = self.fighting
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
        gain, loss = SWINGS[battle]
        self.victories[battle] |= won
        self.success += np.where(won, gain, 0.0) + np.where(lost, loss, 0.0)
        self.capacity += np.where(won, m.p("germany.victory_gain"), 0.0) - np.where(lost, m.p("germany.defeat_loss"), 0.0)
        m.ussr.lose_west(won, m.p("germany.soviet_loss"))
        self.offensive &= ~fighting
        m.log.add(m.t, "germany", battle, won, option=VICTORY[battle])
        m.log.add(m.t, "germany", battle, lost, option=DEFEAT[battle])

    def _attrition(self) -> None:
        m = self.model
        fighting = self.fighting
        east = m.p("germany.east_attrition") * m.ussr.west / 170.0 * fighting
        west = m.p("germany.west_attrition") * m.passed("d_day")
        noise = m.p("germany.attrition_sd") * m.streams.normal(m.t, "germany.attrition")
        alive = self.surrendered == NEVER
        self.capacity -= (east + west + noise) * (alive & (self.at_war | m.passed("d_day")))
        done = alive & (self.capacity <= 0)
        if done.any():
            self.surrendered[done] = m.t
            self.success[done] = -3.0
            m.log.add(m.t, "germany", "surrenders", done)
