"""The Manchurian theater: where Japan and the USSR fight, the front and the territory.

A war opens when either side attacks; the attack breaches the Neutrality Pact if it is
in force. Each week the two forces wear each other down by the Lanchester square law
(:mod:`sim.combat`), with the attacker's fire multiplied by surprise in the first weeks
and cut in winter, and the front moves with the log of the effective force ratio.

The front runs from -1 (Japan holds the Soviet Far East to Lake Baikal) to +1 (the USSR
holds Manchuria and Korea to the 38th parallel); the islands front (Sakhalin, Kurils)
moves with the same ratio. A territory changes hands when its front crosses the
territory's depth. After one side surrenders, the other occupies unopposed for a few
weeks, then the front freezes.
"""

from __future__ import annotations

import numpy as np

from .calendar import NEVER
from .combat import square_law
from .vocabulary import TERRITORIES

WINTER_MONTHS = (12, 1, 2, 3)


class Theater:
    """The Soviet-Japanese war, one entry per world."""

    def __init__(self, model) -> None:
        self.model = model
        n = model.n
        self.at_war = np.zeros(n, dtype=bool)
        self.started = np.full(n, NEVER, dtype=np.int64)
        self.attacker = np.zeros(n, dtype=np.int8)  # 1 Japan, 2 USSR
        self.ended = np.full(n, NEVER, dtype=np.int64)
        self.fronts = {"main": np.zeros(n), "islands": np.zeros(n)}
        self.taken = {name: np.full(n, NEVER, dtype=np.int64) for name in TERRITORIES}

    def open(self, mask: np.ndarray, attacker: str) -> None:
        """``attacker`` ("japan" or "ussr") attacks in the worlds of ``mask``."""
        m = self.model
        mask = mask & ~self.at_war & (self.ended == NEVER)
        self.at_war |= mask
        self.started[mask] = m.t
        self.attacker[mask] = 1 if attacker == "japan" else 2
        breached = m.pact.breach(mask, attacker, m.t)
        m.log.add(m.t, "treaty", "pact_breached", breached, party=attacker)

    def step(self) -> None:
        m = self.model
        war = self.at_war
        if not war.any():
            return
        p = m.p
        japan, ussr = m.japan, m.ussr
        weeks = m.t - self.started
        attacker_mult = np.where(weeks < p("combat.surprise_weeks"), p("combat.surprise"), 1.0)
        if m.day.month in WINTER_MONTHS:
            attacker_mult = attacker_mult * p("combat.winter")
        # Supply lines lengthen as the attacker advances (one railway in the Soviet Far East).
        depth = np.abs(self.fronts["main"])
        attacker_mult = attacker_mult * (1.0 - p("combat.logistics") * depth)
        japan_mult = np.where(self.attacker == 1, attacker_mult, 1.0)
        soviet_mult = np.where(self.attacker == 2, attacker_mult, 1.0)
        down = np.where(japan.surrendered != NEVER, 0.0, 1.0)  # a surrendered army does not fight
        j_eff = japan.quality * japan_mult * down
        s_eff = p("combat.soviet_quality") * soviet_mult
        lethality = p("combat.lethality")
        # The square law for a week, day by day; each side's losses scale with the other's fire.
        jx, sx = square_law(japan.manchuria, ussr.fe, lethality * s_eff, lethality * j_eff, days=7)
        japan.fight(war, jx[-1])
        ussr.fight(war, sx[-1])
        ratio = (ussr.fe * s_eff + 1e-6) / (japan.manchuria * j_eff + 1e-6)
        move = p("combat.front_speed") * np.tanh(np.log(ratio))
        for name in self.fronts:
            self.fronts[name] = np.where(war, np.clip(self.fronts[name] + move, -1.0, 1.0), self.fronts[name])
        self._territory(war)
        done = war & (japan.surrendered != NEVER) & (m.t - japan.surrendered >= p("combat.occupation_weeks"))
        self.at_war &= ~done
        self.ended[done] = m.t

    def _territory(self, war: np.ndarray) -> None:
        m = self.model
        for name, territory in TERRITORIES.items():
            new = war & self._past(territory) & (self.taken[name] == NEVER)
            if new.any():
                self.taken[name][new] = m.t
                m.log.add(m.t, territory.gained_by, "takes_" + name, new)

    def _past(self, territory) -> np.ndarray:
        """Whether the front of ``territory`` stands past its depth, on the captor's side."""
        f = self.fronts[territory.front]
        return (f >= territory.depth) if territory.depth > 0 else (f <= territory.depth)

    def held(self, name: str) -> np.ndarray:
        """Whether the territory's captor holds it at the end (the front still past it)."""
        return (self.taken[name] != NEVER) & self._past(TERRITORIES[name])
