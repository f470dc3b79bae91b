"""The Manchurian theater: where Japan and the USSR fight, the fronts and the territory.

A war opens when either side attacks; the attack breaches the Neutrality Pact if it is
in force. Each week the two forces wear each other down by the Lanchester square law
(:mod:`sim.world.combat`), with the attacker's fire multiplied by surprise in the first
weeks and cut by winter (a smooth season, the same one Japan weighs before striking:
:func:`mean_winter`), and the main front moves with the log of the effective force
ratio, up to each side's objective (its halt line): a side that is pushed back loses
what it took (recapture).

The main front runs from -1 (Japan holds the Soviet Far East to Lake Baikal) to +1 (the
USSR holds Manchuria and Korea to the 38th parallel). Sakhalin is a land front across the
50th parallel (-1: Japan holds the whole island, +1: the USSR does): it moves with the
same balance, the attacker up to the far end of the island, the defender back to the
border (southern Sakhalin fell to a land offensive, 11-25 August 1945). The islands front
(the Kurils) is amphibious: it moves only as far as the attacker commands the sea (for
the USSR, as Japan's position in the Pacific war collapses; for Japan, while the US war
leaves it the northern waters). A territory changes hands when its front crosses the
territory's depth.

A war ends with Japan's surrender (the victor occupies unopposed for a few weeks, then
the fronts freeze) or with an armistice, more likely the longer a failed offensive
stands still (as at Nomonhan); a side that has not yet attacked may open a new war later.
"""

from __future__ import annotations

import numpy as np

from .calendar import NEVER
from .combat import square_law
from .decision import sigmoid
from .vocabulary import PARTIES, TERRITORIES

JAPAN, USSR = (1 + PARTIES.index(party) for party in ("japan", "ussr"))
"""The attacker's code: 0 where no war is open, else one more than the party's place in PARTIES."""

YEAR_DAYS = 365.25


def mean_winter(model, day, days, worlds: np.ndarray | None = None) -> np.ndarray:
    """Mean winter severity over ``days`` days from ``day``: 1 on the coldest day of the
    year (``season.coldest_day``), 0 half a year later, a cosine in between; in the worlds
    at local positions ``worlds`` (default all; ``days`` given for those)."""
    c = model.p_at("season.coldest_day", worlds)
    a = day.timetuple().tm_yday - c
    w = 2.0 * np.pi / YEAR_DAYS
    days = np.maximum(np.asarray(days, dtype=float), 1e-9)
    return 0.5 + (np.sin(w * (a + days)) - np.sin(w * a)) / (2.0 * w * days)


def winter(model, day, worlds: np.ndarray | None = None):
    """Winter severity on ``day`` (0 to 1), in the worlds at local positions ``worlds`` (or all)."""
    c = model.p_at("season.coldest_day", worlds)
    return 0.5 * (1.0 + np.cos(2.0 * np.pi * (day.timetuple().tm_yday - c) / YEAR_DAYS))


class Theater:
    """The Soviet-Japanese war, one entry per world."""

    def __init__(self, model) -> None:
        self.model = model
        n = model.n
        self.at_war = np.zeros(n, dtype=bool)
        self.started = np.full(n, NEVER, dtype=np.int64)
        self.attacker = np.zeros(n, dtype=np.int8)  # 0, JAPAN or USSR
        self.ended = np.full(n, NEVER, dtype=np.int64)  # the week the last war ended
        self.armistice = np.zeros(n, dtype=bool)  # the war ended by armistice
        self.stalled = np.zeros(n)  # consecutive weeks the main front has stood still
        self.fronts = {"main": np.zeros(n), "sakhalin": np.zeros(n), "islands": np.zeros(n)}
        self.taken = {name: np.full(n, NEVER, dtype=np.int64) for name in TERRITORIES}
        self.retaken = {name: np.full(n, NEVER, dtype=np.int64) for name in TERRITORIES}  # by the side that lost it

    def open(self, mask: np.ndarray, attacker: str) -> None:
        """``attacker`` ("japan" or "ussr") attacks in the worlds of ``mask`` (a war ended by
        armistice may open again; the fronts stand where the armistice left them)."""
        m = self.model
        mask = mask & ~self.at_war & (m.japan.surrendered == NEVER)
        self.at_war |= mask
        self.started[mask] = m.t
        self.attacker[mask] = 1 + PARTIES.index(attacker)
        self.stalled[mask] = 0
        breached = m.pact.breach(mask, attacker, m.t)
        m.log.add(m.t, "treaty", "pact_breached", breached, party=attacker)

    def step(self) -> None:
        """A week of war, computed for the worlds at war only (a few in most weeks)."""
        m = self.model
        w = np.flatnonzero(self.at_war)
        if w.size == 0:
            return

        def p(name):
            return m.p_at(name, w)

        japan, ussr = m.japan, m.ussr
        attacker = self.attacker[w]
        weeks = m.t - self.started[w]
        attacker_mult = np.where(weeks < p("combat.surprise_weeks"), p("combat.surprise"), 1.0)
        attacker_mult = attacker_mult * (1.0 - (1.0 - p("combat.winter")) * winter(m, m.day, w))
        # Supply lines lengthen as the attacker advances (one railway in the Soviet Far East).
        depth = np.abs(self.fronts["main"][w])
        attacker_mult = attacker_mult * (1.0 - p("combat.logistics") * depth)
        japan_mult = np.where(attacker == JAPAN, attacker_mult, 1.0)
        soviet_mult = np.where(attacker == USSR, attacker_mult, 1.0)
        surrendered = japan.surrendered[w] != NEVER
        down = np.where(surrendered, 0.0, 1.0)  # a surrendered army does not fight
        j_eff = japan.quality[w] * japan_mult * down
        s_eff = p("combat.soviet_quality") * soviet_mult
        lethality = p("combat.lethality")
        # The square law for a week, day by day; each side's losses scale with the other's fire.
        jx, sx = square_law(japan.manchuria[w], ussr.fe[w], lethality * s_eff, lethality * j_eff, days=7)
        japan.fight(w, jx[-1])
        ussr.fight(w, sx[-1])
        balance = np.tanh(np.log((sx[-1] * s_eff + 1e-6) / (jx[-1] * j_eff + 1e-6)))
        self._advance(w, balance)
        self._territory(w)
        self._declaration(w)
        occupied = surrendered & (m.t - japan.surrendered[w] >= p("combat.occupation_weeks"))
        self._end(w[occupied])
        self._armistice(w[~occupied & ~surrendered])

    def _advance(self, w: np.ndarray, balance: np.ndarray) -> None:
        """Move the fronts of the worlds ``w`` by the week's balance of force (positive:
        towards the USSR's objective): Sakhalin's by land, the attacker to the island's far
        end and the defender back to the border; the islands only as far as the side
        advancing commands the sea."""
        m = self.model

        def p(name):
            return m.p_at(name, w)

        attacker = self.attacker[w]
        # Each side's halt line: its objective when it attacked, a counteroffensive's when it defends.
        counter = p("combat.counter_objective")
        lower = -np.where(attacker == JAPAN, p("combat.japan_objective"), counter)
        upper = np.where(attacker == USSR, p("combat.ussr_objective"), counter)
        move = p("combat.front_speed") * balance
        main = self.fronts["main"][w]
        moved = np.clip(main + move, np.minimum(lower, main), np.maximum(upper, main))
        self.fronts["main"][w] = moved
        # A front that stands still short of the attacker's objective is a failed offensive.
        short = np.where(attacker == JAPAN, moved > lower, moved < upper)
        still = np.abs(moved - main) < p("combat.stall_speed")
        self.stalled[w] = np.where(still & short, self.stalled[w] + 1, 0)
        sakhalin = self.fronts["sakhalin"][w]
        far_end = np.where(attacker == USSR, 1.0, -1.0)
        border_or_held = np.where(attacker == USSR, np.minimum(sakhalin, 0.0), np.maximum(sakhalin, 0.0))
        self.fronts["sakhalin"][w] = np.clip(sakhalin + p("combat.sakhalin_speed") * balance,
                                             np.minimum(far_end, border_or_held), np.maximum(far_end, border_or_held))
        position, us_at_war = m.us.position[w], m.us.at_war[w]
        japan_lost_the_sea = np.where(m.japan.surrendered[w] != NEVER, 1.0,
                                      np.clip(1.0 - position / p("combat.naval_level"), 0.0, 1.0) * us_at_war)
        japan_holds_the_sea = 1.0 - us_at_war * np.clip(1.0 - position, 0.0, 1.0)
        sea = np.where(balance > 0, japan_lost_the_sea, japan_holds_the_sea)
        step = p("combat.islands_speed") * balance * sea
        self.fronts["islands"][w] = np.clip(self.fronts["islands"][w] + step, -1.0, 1.0)

    def _end(self, done: np.ndarray) -> None:
        """The wars of the worlds ``done`` (a mask or positions) end this week."""
        self.at_war[done] = False
        self.ended[done] = self.model.t

    def _armistice(self, w: np.ndarray) -> None:
        """A war whose front stands still may end by armistice, without Japan's surrender
        (``w``: the worlds still fighting)."""
        m = self.model

        def p(name):
            return m.p_at(name, w)

        stalled = self.stalled[w]
        logit = p("combat.armistice_logit") + p("combat.w_stalemate") * np.minimum(stalled / p("combat.stalemate_weeks"), 1.0)
        draw = m.streams.uniform(m.t, "theater.armistice", worlds=w)
        agreed = w[(stalled > 0) & (draw < sigmoid(logit))]
        if agreed.size:
            self._end(agreed)
            self.armistice[agreed] = True
            m.log.add(m.t, "treaty", "armistice", agreed)

    def _territory(self, w: np.ndarray) -> None:
        """Record, in the worlds ``w``, the first time the front carries each territory to
        its captor, and the first time the other side retakes it."""
        m = self.model
        for name, territory in TERRITORIES.items():
            past = self._past(territory, w)
            new = w[past & (self.taken[name][w] == NEVER)]
            if new.size:
                self.taken[name][new] = m.t
                m.log.add(m.t, territory.gained_by, "takes_" + name, new)
            lost = w[~past & (self.taken[name][w] != NEVER) & (self.retaken[name][w] == NEVER)]
            if lost.size:
                self.retaken[name][lost] = m.t
                m.log.add(m.t, territory.lost_by, "retakes_" + name, lost)

    def _declaration(self, w: np.ndarray) -> None:
        """Soviet forces entering Manchukuo (the main front past its start, towards the
        USSR's objective) break the declaration signed with the pact, unless Japan broke
        the pact first (:meth:`~sim.world.pact.Treaty.break_declaration`)."""
        m = self.model
        entered = np.zeros(m.n, dtype=bool)
        entered[w[self.fronts["main"][w] > 0]] = True
        broken = m.pact.break_declaration(entered, "ussr")
        m.log.add(m.t, "treaty", "declaration_broken", broken, party="ussr")

    def _past(self, territory, w: np.ndarray | None = None) -> np.ndarray:
        """Whether the front of ``territory`` stands past its depth, on the captor's side
        (in the worlds ``w``, or in all)."""
        f = self.fronts[territory.front] if w is None else self.fronts[territory.front][w]
        return (f >= territory.depth) if territory.depth > 0 else (f <= territory.depth)

    def held(self, name: str) -> np.ndarray:
        """Whether the territory's captor holds it at the end (the front still past it)."""
        return (self.taken[name] != NEVER) & self._past(TERRITORIES[name])
