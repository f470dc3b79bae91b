"""The United States: an environment agent for the embargo and the Pacific war.

The oil embargo comes from the scenario's calendar. The Pacific war begins when Japan
strikes south (Japan's decision, not a date). Japan's position in it is an index that
holds through the months of conquest and then falls under a US pressure that grows
with every week of war (the US mobilisation), more slowly the more divisions Japan
commits to the south. Two battles from the calendar mark its course, in the worlds
where the war has begun (their declared precondition, :mod:`.exogenous`): Midway (the
carriers lost) and Guadalcanal (months of shipping and divisions fed into the
Solomons); a scenario can fix their outcomes, as it can Stalingrad's. The US effort
follows them: a battle Japan wins sets the US counteroffensive back by
``us.setback_weeks`` (the pressure's clock starts that much later). Japan's *burden* in the Pacific, which
weighs on any northern plan, follows that course.

Japan's surrender is Japan's decision (``japan.surrender``, :mod:`.japan`); the siege it
reads is this agent's.

The atomic bomb is ready from its date in the calendar. It is one weapon: from then on,
one bomb a week falls on one enemy still at war, each enemy once (the first bomb's shock
stands for the campaign). Where Germany and Japan both still fight, a world's draw against
``us.bomb_on_germany`` says which is first; the other is bombed the week after.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import sigmoid

PACIFIC_BATTLES = {"midway": "us_victory", "guadalcanal": "us_victory"}
"""The Pacific battles from the calendar, and their historical outcome."""


class UnitedStates(mesa.Agent):
    """The embargo and the Pacific war, one entry per world."""

    def __init__(self, model) -> None:
        super().__init__(model)
        n = model.n
        self.embargo = np.zeros(n, dtype=bool)
        self.war_start = np.full(n, NEVER, dtype=np.int64)
        self.position = np.ones(n)  # Japan's position in the Pacific war
        self.bombed = np.full(n, NEVER, dtype=np.int64)  # the week Japan was bombed
        self.bombed_germany = np.full(n, NEVER, dtype=np.int64)
        self.solomons = np.zeros(n, dtype=bool)  # a Guadalcanal-like campaign under way
        self.solomons_start = np.full(n, NEVER, dtype=np.int64)
        self.setback = np.zeros(n)  # weeks the US counteroffensive lost to battles Japan won

    @property
    def at_war(self) -> np.ndarray:
        """Worlds where the US is at war with an unsurrendered Japan."""
        return (self.war_start != NEVER) & (self.model.japan.surrendered == NEVER)

    @property
    def siege(self) -> np.ndarray:
        """How far below the siege level Japan's position has fallen, in [0, 1]."""
        level = self.model.p("us.siege_level")
        return np.clip((level - self.position) / level, 0.0, 1.0) * self.at_war

    def burden(self) -> np.ndarray:
        """Japan's burden in the Pacific: 1 for a war with the US in hand, more as its
        position falls and while a Guadalcanal-like campaign drains ships and divisions."""
        p = self.model.p
        lost = np.clip(1.0 - self.position, 0.0, 1.0)
        return self.at_war * (1.0 + p("us.burden_per_loss") * lost + p("us.solomons_burden") * self.solomons)

    def step(self) -> None:
        m = self.model
        banned = m.happens("oil_embargo")
        if banned.any():
            self.embargo |= banned
            m.log.add(m.t, "us", "oil_embargo", banned)
        # Japan strikes after the US has moved in its week, so the war starts the week after.
        started = (m.japan.struck_south != NEVER) & (self.war_start == NEVER)
        self.war_start[started] = m.japan.struck_south[started]
        self.embargo |= started
        at_war = self.at_war
        ready = m.passed("atomic_bomb")
        if ready.any():
            self._atomic_bomb(at_war & ready, m.germany.in_the_war & ready)
        self._battles(at_war)
        self._pacific(at_war)

    def _atomic_bomb(self, at_war: np.ndarray, germany: np.ndarray) -> None:
        """This week's bomb, on one enemy not yet bombed: Japan at war with the US
        (``at_war``), or Germany still in the war (``germany``), in the worlds where the
        bomb is ready; where both are, the draw decides."""
        m = self.model
        japan = at_war & (self.bombed == NEVER)
        on_germany = germany & (self.bombed_germany == NEVER)
        both = np.flatnonzero(japan & on_germany)
        if both.size:
            spared = m.streams.uniform(m.t, "us.bomb_target", worlds=both) >= m.p_at("us.bomb_on_germany", both)
            on_germany[both[spared]] = False
        on_japan = japan & ~on_germany
        self.bombed[on_japan] = m.t
        self.bombed_germany[on_germany] = m.t
        m.log.add(m.t, "us", "atomic_bomb", on_japan, option="japan")
        m.log.add(m.t, "us", "atomic_bomb", on_germany, option="germany")
        m.germany.bombed(on_germany)

    def _won(self, battle: str) -> np.ndarray:
        """Where the US wins ``battle`` this week: as the scenario fixes it, or drawn."""
        m = self.model
        outcome = m.events[battle].outcome
        if outcome == "model":
            return m.streams.uniform(m.t, f"us.{battle}") < sigmoid(m.p(f"us.{battle}_logit"))
        return np.full(m.n, outcome == PACIFIC_BATTLES[battle])

    def _battles(self, at_war: np.ndarray) -> None:
        """Midway and the Solomons, in the worlds where they happen (a Pacific war has
        begun: their declared precondition)."""
        m = self.model
        p = m.p
        fought = m.happens("midway")
        if fought.any():
            won = self._won("midway") & fought
            self.position -= p("us.midway_loss") * won
            m.log.add(m.t, "us", "midway", won, option="us_victory")
            m.log.add(m.t, "us", "midway", fought & ~won, option="japanese_victory")
            self.setback += p("us.setback_weeks") * (fought & ~won)
        begun = m.happens("guadalcanal")
        if begun.any():
            self.solomons |= begun
            self.solomons_start[begun] = m.t
        self.solomons &= at_war
        decided = self.solomons & (m.t - self.solomons_start >= np.round(p("us.solomons_weeks")))
        if decided.any():
            won = self._won("guadalcanal") & decided
            self.position -= p("us.solomons_loss") * won
            m.log.add(m.t, "us", "guadalcanal", won, option="us_victory")
            m.log.add(m.t, "us", "guadalcanal", decided & ~won, option="japanese_victory")
            self.setback += p("us.setback_weeks") * (decided & ~won)
            self.solomons &= ~decided

    def _pacific(self, at_war: np.ndarray) -> None:
        m = self.model
        weeks = np.where(at_war, m.t - self.war_start, 0)
        pressing = np.maximum(weeks - m.p("us.conquest_weeks") - self.setback, 0)
        # Japanese divisions in the south slow the US advance; an empty oil tank speeds it.
        commitment = np.sqrt(m.japan.southern_offensive() / np.maximum(m.japan.south, m.p("japan.division_men")))
        dry = 1.0 + (m.japan.oil <= 0)
        decline = m.p("us.pressure_growth") * pressing * commitment * dry
        noise = m.p("us.pressure_sd") * m.streams.normal(m.t, "us.pacific") * (pressing > 0)
        self.position = np.where(at_war, np.minimum(self.position - decline - noise, 1.0), self.position)
