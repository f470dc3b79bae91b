"""The Manchurian theater: where Japan and the USSR fight, the fronts and the territory.

A war opens when either side attacks; the attack breaches the Neutrality Pact if it is
in force. Each week the two forces wear each other down by the Lanchester square law
(:mod:`sim.world.combat`), with the attacker's fire multiplied by surprise in the first
weeks and cut by winter (a smooth season, the same one Japan weighs before striking:
:func:`mean_winter`), and the main front moves with the log of the effective force
ratio, up to each side's objective (its halt line): a side that is pushed back loses
what it took (recapture).

The main front runs from -1 (Japan holds the Soviet Far East to Lake Baikal) to +1 (the
USSR holds Manchuria and Korea to the 38th parallel). The islands front (Sakhalin, the
Kurils) is a front of its own: amphibious, it moves with the same balance only as far
as the attacker commands the sea (for the USSR, as Japan's position in the Pacific war
collapses; for Japan, while the US war leaves it the northern waters). A territory
changes hands when its front crosses the territory's depth.

A war ends with Japan's surrender (the victor occupies unopposed for a few weeks, then
the fronts freeze) or with an armistice, more likely the longer a failed offensive
stands still (as at Nomonhan); a side that has not yet attacked may open a new war later.
"""

from __future__ import annotations

import numpy as np

from .calendar import NEVER
from .combat import square_law
from .decision import sigmoid
from .vocabulary import TERRITORIES

YEAR_DAYS = 365.25


def mean_winter(model, day, days) -> np.ndarray:
    """Mean winter severity over ``days`` days from ``day``: 1 on the coldest day of the
    year (``season.coldest_day``), 0 half a year later, a cosine in between."""
    c = model.p("season.coldest_day")
    a = day.timetuple().tm_yday - c
    w = 2.0 * np.pi / YEAR_DAYS
    days = np.maximum(np.asarray(days, dtype=float), 1e-9)
    return 0.5 + (np.sin(w * (a + days)) - np.sin(w * a)) / (2.0 * w * days)


def winter(model, day) -> float:
    """Winter severity on ``day`` (0 to 1)."""
    c = model.p("season.coldest_day")
    return 0.5 * (1.0 + np.cos(2.0 * np.pi * (day.timetuple().tm_yday - c) / YEAR_DAYS))


class Theater:
    """The Soviet-Japanese war, one entry per world."""

    def __init__(self, model) -> None:
        self.model = model
        n = model.n
        self.at_war = np.zeros(n, dtype=bool)
        self.started = np.full(n, NEVER, dtype=np.int64)
        self.attacker = np.zeros(n, dtype=np.int8)  # 1 Japan, 2 USSR
        self.ended = np.full(n, NEVER, dtype=np.int64)
        self.armistice = np.zeros(n, dtype=bool)  # the war ended by armistice
        self.stalled = np.zeros(n)  # consecutive weeks the main front has stood still
        self.fronts = {"main": np.zeros(n), "islands": np.zeros(n)}
        self.taken = {name: np.full(n, NEVER, dtype=np.int64) for name in TERRITORIES}

    def open(self, mask: np.ndarray, attacker: str) -> None:
        """``attacker`` ("japan" or "ussr") attacks in the worlds of ``mask`` (a war ended by
        armistice may open again; the fronts stand where the armistice left them)."""
        m = self.model
        mask = mask & ~self.at_war & (m.japan.surrendered == NEVER)
        self.at_war |= mask
        self.started[mask] = m.t
        self.attacker[mask] = 1 if attacker == "japan" else 2
        self.stalled[mask] = 0
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
        attacker_mult = attacker_mult * (1.0 - (1.0 - p("combat.winter")) * winter(m, m.day))
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
        balance = np.tanh(np.log((ussr.fe * s_eff + 1e-6) / (japan.manchuria * j_eff + 1e-6)))
        self._advance(war, balance)
        self._territory(war)
        occupied = war & (japan.surrendered != NEVER) & (m.t - japan.surrendered >= p("combat.occupation_weeks"))
        self._end(occupied)
        self._armistice(war & ~occupied & (japan.surrendered == NEVER))

    def _advance(self, war: np.ndarray, balance: np.ndarray) -> None:
        """Move the fronts by the week's balance of force (positive: towards the USSR's
        objective), the islands only as far as the side advancing commands the sea."""
        m = self.model
        p = m.p
        # Each side's halt line: its objective when it attacked, a counteroffensive's when it defends.
        counter = p("combat.counter_objective")
        lower = -np.where(self.attacker == 1, p("combat.japan_objective"), counter)
        upper = np.where(self.attacker == 2, p("combat.ussr_objective"), counter)
        move = p("combat.front_speed") * balance
        main = self.fronts["main"]
        self.fronts["main"] = np.where(war, np.clip(main + move, np.minimum(lower, main), np.maximum(upper, main)), main)
        # A front that stands still short of the attacker's objective is a failed offensive.
        short = np.where(self.attacker == 1, self.fronts["main"] > lower, self.fronts["main"] < upper)
        still = np.abs(self.fronts["main"] - main) < p("combat.stall_speed")
        self.stalled = np.where(war & still & short, self.stalled + 1, 0)
        us = m.us
        japan_lost_the_sea = np.where(m.japan.surrendered != NEVER, 1.0,
                                      np.clip(1.0 - us.position / p("combat.naval_level"), 0.0, 1.0) * us.at_war)
        japan_holds_the_sea = 1.0 - us.at_war * np.clip(1.0 - us.position, 0.0, 1.0)
        sea = np.where(balance > 0, japan_lost_the_sea, japan_holds_the_sea)
        islands = self.fronts["islands"]
        step = p("combat.islands_speed") * balance * sea
        self.fronts["islands"] = np.where(war, np.clip(islands + step, -1.0, 1.0), islands)

    def _end(self, done: np.ndarray) -> None:
        self.at_war &= ~done
        self.ended[done] = self.model.t

    def _armistice(self, fighting: np.ndarray) -> None:
        """A war whose front stands still may end by armistice, without Japan's surrender."""
        m = self.model
        p = m.p
        logit = p("combat.armistice_logit") + p("combat.w_stalemate") * np.minimum(self.stalled / p("combat.stalemate_weeks"), 1.0)
        agreed = fighting & (self.stalled > 0) & (m.streams.uniform(m.t, "theater.armistice") < sigmoid(logit))
        if agreed.any():
            self._end(agreed)
            self.armistice |= agreed
            m.log.add(m.t, "treaty", "armistice", agreed)

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
