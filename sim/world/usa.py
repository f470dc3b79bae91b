"""The United States: an environment agent for the embargo and the Pacific war.

The oil embargo comes from the scenario's calendar. The Pacific war begins when Japan
strikes south (Japan's decision, not a date). Japan's position in it is an index that
holds through the months of conquest and then falls under a US pressure that grows
with every week of war, more slowly the more divisions Japan commits to the south.
Below a siege level Japan may surrender each week, more readily after an atomic bombing
(available from its scenario date) and once the USSR is at war with it.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import sigmoid


class UnitedStates(mesa.Agent):
    """The embargo and the Pacific war, one entry per world."""

    def __init__(self, model) -> None:
        super().__init__(model)
        n = model.n
        self.embargo = np.zeros(n, dtype=bool)
        self.war_start = np.full(n, NEVER, dtype=np.int64)
        self.position = np.ones(n)  # Japan's position in the Pacific war
        self.bombed = np.full(n, NEVER, dtype=np.int64)

    @property
    def at_war(self) -> np.ndarray:
        """Worlds where the US is at war with an unsurrendered Japan."""
        return (self.war_start != NEVER) & (self.model.japan.surrendered == NEVER)

    @property
    def siege(self) -> np.ndarray:
        """How far below the siege level Japan's position has fallen, in [0, 1]."""
        level = self.model.p("us.siege_level")
        return np.clip((level - self.position) / level, 0.0, 1.0) * self.at_war

    def step(self) -> None:
        m = self.model
        if m.happens("oil_embargo"):
            self.embargo[:] = True
            m.log.add(m.t, "us", "oil_embargo", self.embargo)
        # Japan strikes after the US has moved in its week, so the war starts the week after.
        started = (m.japan.struck_south != NEVER) & (self.war_start == NEVER)
        self.war_start[started] = m.japan.struck_south[started]
        self.embargo |= started
        at_war = self.at_war
        if m.happens("atomic_bomb"):
            drop = at_war & (self.bombed == NEVER)
            self.bombed[drop] = m.t
            m.log.add(m.t, "us", "atomic_bomb", drop)
        self._pacific(at_war)
        self._surrender(at_war)

    def _pacific(self, at_war: np.ndarray) -> None:
        m = self.model
        weeks = np.where(at_war, m.t - self.war_start, 0)
        pressing = np.maximum(weeks - m.p("us.conquest_weeks"), 0)
        # Japanese divisions in the south slow the US advance; an empty oil tank speeds it.
        commitment = np.sqrt(m.p("japan.south_divisions") / np.maximum(m.japan.south, 1.0))
        dry = 1.0 + (m.japan.oil <= 0)
        decline = m.p("us.pressure_growth") * pressing * commitment * dry
        noise = m.p("us.pressure_sd") * m.streams.normal(m.t, "us.pacific") * (pressing > 0)
        self.position = np.where(at_war, np.minimum(self.position - decline - noise, 1.0), self.position)

    def _surrender(self, at_war: np.ndarray) -> None:
        m = self.model
        siege = self.siege
        logit = (
            m.p("us.surrender_logit")
            + 3.0 * siege
            + m.p("us.bomb_shock") * (self.bombed != NEVER)
            + m.p("us.soviet_entry_shock") * m.theater.at_war
        )
        yields = at_war & (siege > 0) & (m.streams.uniform(m.t, "us.surrender") < sigmoid(logit))
        m.japan.surrender(yields)
