"""Japan: the deciding agent between Strike North, Strike South and holding.

Two decisions each week (see :mod:`sim.decision`):

* ``japan.posture`` (hold / north / south). *North* mobilises in Manchuria (Kantokuen);
  *south* is the decision for war with the US, Britain and the Netherlands, carried
  out once the preparation time has passed. Its factors: the factions' standing pulls,
  the oil runway under embargo, the "ripe persimmon" force ratio in Manchuria, German
  success, the Neutrality Pact (a breach priced for the north, a secure border valued
  for the south), the war with the US, and the pull of the posture already held.
* ``japan.attack_ussr`` (wait / attack), possible once mobilised in the north: the
  force ratio now, German success, the pact, the US war and the campaigning season.

Nothing here reads a calendar date: the season is a rule about months, and everything
else comes from the state of the world.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import choose
from .vocabulary import DECISIONS

HOLD, NORTH, SOUTH = 0, 1, 2
CAMPAIGN_MONTHS = (4, 5, 6, 7, 8)
"""Months in which a northern campaign can start and finish before winter (facts 1b)."""
WEEKS_PER_MONTH = 4.35
DOMESTIC_OIL = 0.1
"""Share of oil use met at home (facts 3: 90% imported)."""


class Japan(mesa.Agent):
    """Japan's posture, forces and oil, one entry per world."""

    def __init__(self, model) -> None:
        super().__init__(model)
        n = model.n
        p = model.p
        self.posture = np.zeros(n, dtype=np.int64)
        self.decided_south = np.full(n, NEVER, dtype=np.int64)
        self.struck_south = np.full(n, NEVER, dtype=np.int64)
        self.attacked_ussr = np.full(n, NEVER, dtype=np.int64)
        self.surrendered = np.full(n, NEVER, dtype=np.int64)
        self.first_north = np.full(n, NEVER, dtype=np.int64)  # first week with a northern posture
        self.manchuria = np.zeros(n) + p("japan.manchuria_divisions")
        self.quality = np.zeros(n) + p("combat.japan_quality")
        self.south = np.zeros(n)
        self.oil = np.zeros(n) + p("japan.oil_stock_months")

    # --- what Japan sees ----------------------------------------------------------
    def oil_balance(self) -> np.ndarray:
        """Net months of oil gained per month (negative: the stock is burning)."""
        m = self.model
        us = m.us
        use = 1.0 + (m.p("japan.oil_war_burn") - 1.0) * (us.at_war | m.theater.at_war)
        imports = (1.0 - DOMESTIC_OIL) * ~us.embargo
        weeks = np.where(us.war_start != NEVER, m.t - us.war_start, 0)
        conquered = np.clip(weeks / m.p("us.conquest_weeks"), 0.0, 1.0)
        southern = m.p("japan.south_oil_recovery") * conquered * np.clip(us.position, 0.0, 1.0) * us.at_war
        return DOMESTIC_OIL + imports + southern - use

    def oil_urgency(self, balance: np.ndarray) -> np.ndarray:
        """0 while the stock is not burning; towards 1 as the runway at ``balance``
        (from :meth:`oil_balance`) shortens."""
        burn = np.maximum(-balance, 1e-9)
        runway = self.oil / burn
        return np.clip(1.0 - runway / self.model.p("japan.oil_horizon_months"), 0.0, 1.0)

    def persimmon(self, divisions: np.ndarray) -> np.ndarray:
        """Log of the perceived ratio in Manchuria against the 'ripe persimmon' ratio."""
        m = self.model
        soviet = m.p("japan.soviet_division_rating") * np.maximum(m.ussr.fe, 0.1)
        return np.log(np.maximum(divisions * self.quality, 0.1) / soviet / m.p("japan.ripe_ratio"))

    def german_fortune(self) -> np.ndarray:
        """German success as Japan reads it: zero until Germany is at war with the USSR."""
        g = self.model.germany
        return g.at_war * (1.0 + g.success)

    # --- what others may ask of Japan ----------------------------------------------
    def surrender(self, where: np.ndarray) -> None:
        """Japan surrenders this week in the worlds of ``where``."""
        m = self.model
        where = where & (self.surrendered == NEVER)
        if where.any():
            self.surrendered[where] = m.t
            m.log.add(m.t, "japan", "surrenders", where)

    def fight(self, where: np.ndarray, remaining: np.ndarray) -> None:
        """The Kwantung Army is down to ``remaining`` divisions after a week's combat."""
        self.manchuria = np.where(where, remaining, self.manchuria)

    # --- the week -----------------------------------------------------------------
    def step(self) -> None:
        m = self.model
        active = (self.surrendered == NEVER) & ~m.theater.at_war
        balance = self.oil_balance()
        self.oil = np.maximum(self.oil + balance / WEEKS_PER_MONTH, 0.0)
        self._posture(active, self.oil_urgency(balance))
        self._strike_south()
        self._attack(active)
        self._forces()

    def _posture(self, active: np.ndarray, urgency: np.ndarray) -> None:
        m = self.model
        p = m.p
        preparing = (self.decided_south != NEVER) & (self.struck_south == NEVER)
        pact = m.pact.in_force
        german = p("japan.w_german_success") * self.german_fortune()
        inertia = p("japan.inertia")
        held = {o: (self.posture == o) * inertia - (self.posture == HOLD) * inertia for o in (NORTH, SOUTH)}
        utilities = {
            "north": {
                "faction": p("japan.north_bias"),
                "persimmon": p("japan.w_persimmon") * self.persimmon(np.maximum(self.manchuria, p("japan.north_strike_min"))),
                "german": german,
                "pact": -p("japan.pact_breach_cost") * pact,
                "us_war": -p("japan.w_us_war") * m.us.at_war,
                "oil": -p("japan.w_oil_north") * urgency,
                "inertia": held[NORTH],
            },
            "south": {
                "faction": p("japan.south_bias"),
                "oil": p("japan.w_oil") * urgency,
                "embargo": p("japan.w_embargo") * m.us.embargo,
                "german": 0.25 * german,
                "pact": p("japan.pact_security") * pact,
                "inertia": held[SOUTH],
            },
        }
        feasible = {"south": self.decided_south == NEVER}
        new = choose(m, DECISIONS["japan.posture"], utilities, active & ~preparing, self.posture, feasible)
        self.decided_south[(new == SOUTH) & (self.posture != SOUTH)] = m.t
        self.first_north[(new == NORTH) & (self.first_north == NEVER)] = m.t
        self.posture = new

    def _strike_south(self) -> None:
        m = self.model
        ready = (
            (self.decided_south != NEVER)
            & (self.struck_south == NEVER)
            & (m.t - self.decided_south >= m.p("japan.south_prep_weeks"))
            & (self.surrendered == NEVER)
        )
        if ready.any():
            self.struck_south[ready] = m.t
            self.south = np.where(ready, m.p("japan.south_divisions"), self.south)
            self.posture[ready] = HOLD
            m.log.add(m.t, "japan", "strikes_south", ready)

    def _attack(self, active: np.ndarray) -> None:
        m = self.model
        p = m.p
        month = m.day.month
        utilities = {
            "attack": {
                "faction": p("japan.attack_bias"),
                "persimmon": p("japan.w_persimmon") * self.persimmon(self.manchuria),
                "german": p("japan.w_german_success") * self.german_fortune(),
                "pact": -p("japan.pact_breach_cost") * m.pact.in_force,
                "us_war": -p("japan.w_us_war") * m.us.at_war,
                "season": -p("japan.winter_cost") * (month not in CAMPAIGN_MONTHS),
            }
        }
        ready = (self.posture == NORTH) & (self.manchuria >= p("japan.north_strike_min"))
        attack = choose(m, DECISIONS["japan.attack_ussr"], utilities, active, np.zeros(m.n, dtype=np.int64), {"attack": ready}) == 1
        if attack.any():
            self.attacked_ussr[attack] = m.t
            m.theater.open(attack, attacker="japan")

    def _forces(self) -> None:
        m = self.model
        p = m.p
        peace = ~m.theater.at_war & (self.surrendered == NEVER)
        garrison = p("japan.manchuria_divisions")
        north = peace & (self.posture == NORTH)
        self.manchuria = np.where(north, np.minimum(self.manchuria + p("japan.mobilisation_per_week"), p("japan.manchuria_max")), self.manchuria)
        easing = peace & ~north & (self.manchuria > garrison)
        self.manchuria = np.where(easing, np.maximum(self.manchuria - p("japan.demobilisation_per_week"), garrison), self.manchuria)
        # The losing Pacific war draws veteran divisions out of Manchuria ...
        drain = p("japan.pacific_drain_per_week") * np.clip(1.0 - m.us.position, 0.0, 1.0) * m.us.at_war * peace
        drain = np.minimum(drain, np.maximum(self.manchuria - 3.0, 0.0))
        self.manchuria -= drain
        self.south += drain
        # ... and conscript divisions refill it once the Soviet danger is plain.
        danger = (m.germany.surrendered != NEVER) | (m.pact.denounced != NEVER)
        refill = p("japan.refill_per_week") * (peace & danger & (self.manchuria < p("japan.manchuria_max")))
        total = self.manchuria + refill
        self.quality = np.where(total > 0, (self.quality * self.manchuria + p("japan.conscript_quality") * refill) / np.maximum(total, 1e-9), self.quality)
        self.manchuria = total
