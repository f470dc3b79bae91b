"""The USSR: the deciding agent between the German front and the Far East.

Three decisions each week (see :mod:`sim.decision`):

* ``ussr.transfer`` (hold / west / east): move a train-load of divisions along the
  Trans-Siberian railway. Factors: the German crisis, the believed Japanese threat,
  the Far East's margin over the Kwantung Army, and, once Germany is beaten, the
  build-up for a promised war on Japan.
* ``ussr.denounce`` (keep / denounce), offered only while the pact allows it (in force,
  not yet denounced, a year or more before expiry): a Yalta-like promise and the
  closing of the window push towards it.
* ``ussr.attack_japan`` (wait / attack): the promise to enter two to three months after
  Germany's surrender, the force ratio in Manchuria, a collapsing Japan, the pact still
  in force (a breach, even after denunciation) and the war with Germany.

The USSR's belief that Japan will strike north is updated each week by an intelligence
signal (Sorge's ring, until it is broken up) weighted by how far the USSR trusts it,
and drifts towards what can be seen: Japanese mobilisation in Manchuria, Japan's war
with the US.
"""

from __future__ import annotations

import datetime as dt

import mesa
import numpy as np

from .calendar import NEVER
from .decision import choose, logit
from .japan import NORTH
from .vocabulary import DECISIONS

# The window in which net transfers count towards ``soviet_divisions_west_1941``.
WINDOW_1941 = (dt.date(1941, 6, 22), dt.date(1941, 12, 31))


class USSR(mesa.Agent):
    """Soviet forces, beliefs and treaty acts, one entry per world."""

    def __init__(self, model) -> None:
        super().__init__(model)
        n = model.n
        p = model.p
        self.fe = np.zeros(n) + p("ussr.fe_divisions")
        self.west = np.zeros(n) + p("ussr.west_divisions")
        # Each world's own transit time (it may be sampled per world): a division loaded
        # this week enters the buffer at row transit - 1 and arrives when it reaches row 0.
        self.transit = np.maximum(np.zeros(n, dtype=np.int64) + np.asarray(p("ussr.rail_transit_weeks")).astype(np.int64), 1)
        self._worlds = np.arange(n)
        self.to_west = np.zeros((int(self.transit.max()), n))  # divisions on the railway, by weeks left
        self.to_east = np.zeros_like(self.to_west)
        self.arrived_west = np.zeros(n)  # Far Eastern divisions arrived in the west, cumulative
        self.net_west_1941 = np.zeros(n)
        self.belief = np.zeros(n) + logit(0.5)  # log-odds that Japan will strike north
        self.attacked_japan = np.full(n, NEVER, dtype=np.int64)

    @property
    def threat(self) -> np.ndarray:
        """Believed probability of a Japanese attack (1 once at war)."""
        return np.where(self.model.theater.at_war, 1.0, 1.0 / (1.0 + np.exp(-self.belief)))

    # --- what others may ask of the USSR ---------------------------------------------
    def lose_west(self, where: np.ndarray, divisions: float | np.ndarray) -> None:
        """The front facing Germany loses ``divisions`` in the worlds of ``where``."""
        self.west = np.where(where, np.maximum(self.west - divisions, 0.0), self.west)

    def fight(self, where: np.ndarray, remaining: np.ndarray) -> None:
        """The Far East is down to ``remaining`` divisions after a week's combat."""
        self.fe = np.where(where, remaining, self.fe)

    # --- the week -----------------------------------------------------------------
    def step(self) -> None:
        self._arrivals()
        self._mobilise()
        self._intelligence()
        self._transfer()
        self._denounce()
        self._attack()

    def _arrivals(self) -> None:
        self.west += self.to_west[0]
        self.arrived_west += self.to_west[0]
        self.fe += self.to_east[0]
        self.to_west = np.roll(self.to_west, -1, axis=0)
        self.to_east = np.roll(self.to_east, -1, axis=0)
        self.to_west[-1] = 0.0
        self.to_east[-1] = 0.0

    def _mobilise(self) -> None:
        m = self.model
        at_war = m.germany.fighting | m.theater.at_war
        self.west += m.p("ussr.west_growth_per_week") * m.germany.fighting
        grow = m.p("ussr.fe_mobilisation_per_week") * at_war * (self.fe < m.p("ussr.fe_max"))
        self.fe += grow

    def _intelligence(self) -> None:
        m = self.model
        japan = m.japan
        # What can be seen without spies: a mobilised Kwantung Army, a Japan at war in the south.
        mobilised = japan.manchuria > m.p("japan.manchuria_divisions") + 3.0
        seen = 0.5 + 0.3 * mobilised - 0.35 * m.us.at_war
        self.belief = 0.8 * self.belief + 0.2 * logit(seen)
        if m.passed("sorge_arrested"):
            return
        r = m.p("ussr.intelligence_reliability")
        truth = japan.posture == NORTH
        true_report = m.streams.uniform(m.t, "ussr.intelligence") < r
        says_north = np.where(true_report, truth, ~truth)
        llr = np.log(r / (1.0 - r + 1e-12))
        self.belief += m.p("ussr.intelligence_trust") * np.where(says_north, llr, -llr)
        self.belief = np.clip(self.belief, -6.0, 6.0)

    def margin(self) -> np.ndarray:
        """Log of the Far East's strength over the Kwantung Army's, as the USSR counts."""
        return np.log(np.maximum(self.fe + self.to_east.sum(axis=0), 0.1) / np.maximum(self.model.japan.manchuria, 0.1))

    def _transfer(self) -> None:
        m = self.model
        p = m.p
        germany = m.germany
        crisis = np.maximum(germany.success, 0.0) * germany.fighting
        threat = self.threat
        margin = self.margin()
        promised = m.passed("yalta") & (germany.surrendered != NEVER) & (self.attacked_japan == NEVER) & (m.japan.surrendered == NEVER)
        utilities = {
            "west": {
                "bias": p("ussr.transfer_bias"),
                "crisis": p("ussr.w_crisis") * crisis,
                "threat": -p("ussr.w_threat") * threat,
                "margin": p("ussr.w_margin") * margin,
            },
            "east": {
                "bias": p("ussr.transfer_bias"),
                "crisis": -p("ussr.w_crisis") * crisis,
                "threat": p("ussr.w_threat") * (threat - 0.5),
                "margin": -p("ussr.w_margin") * margin,
                "yalta": p("ussr.w_yalta_timing") * promised,
            },
        }
        eligible = germany.at_war | m.theater.at_war
        feasible = {"west": germany.fighting & (self.fe > p("ussr.fe_floor")), "east": self.west > 0}
        capacity = p("ussr.rail_capacity_per_week")
        loads = {"west": np.minimum(capacity, np.maximum(self.fe - p("ussr.fe_floor"), 0.0)),
                 "east": np.minimum(capacity, self.west)}
        move = choose(m, DECISIONS["ussr.transfer"], utilities, eligible, np.zeros(m.n, dtype=np.int64), feasible, loads)
        west = np.where(move == 1, loads["west"], 0.0)
        east = np.where(move == 2, loads["east"], 0.0)
        self.fe -= west
        self.west -= east
        self.to_west[self.transit - 1, self._worlds] += west
        self.to_east[self.transit - 1, self._worlds] += east
        if WINDOW_1941[0] <= m.day <= WINDOW_1941[1]:
            self.net_west_1941 += west - east

    def _denounce(self) -> None:
        m = self.model
        p = m.p
        lawful = m.pact.may_denounce(m.week_end)
        promised = m.passed("yalta")
        deadline = np.exp(-np.maximum(m.pact.weeks_left_to_denounce(m.day), 0.0) / p("ussr.deadline_weeks"))
        utilities = {
            "denounce": {
                "bias": p("ussr.denounce_bias"),
                "yalta": p("ussr.w_yalta_denounce") * promised,
                "deadline": p("ussr.w_deadline") * promised * deadline,
            }
        }
        eligible = lawful & ~m.theater.at_war
        chosen = choose(m, DECISIONS["ussr.denounce"], utilities, eligible, np.zeros(m.n, dtype=np.int64)) == 1
        if chosen.any():
            done = m.pact.denounce(chosen, "ussr", m.t, m.week_end)
            m.log.add(m.t, "treaty", "pact_denounced", done, party="ussr")

    def _attack(self) -> None:
        m = self.model
        p = m.p
        germany = m.germany
        japan = m.japan
        weeks_since = np.where(germany.surrendered != NEVER, m.t - germany.surrendered, 0)
        promise = m.passed("yalta") * np.clip(weeks_since / p("ussr.yalta_weeks"), 0.0, 1.0) ** 3
        ratio = np.log(np.maximum(self.fe, 0.1) / np.maximum(japan.manchuria, 0.1) / p("ussr.attack_ratio"))
        cost = p("ussr.pact_breach_cost") * m.pact.in_force * np.where(m.pact.denounced != NEVER, 0.5, 1.0)
        utilities = {
            "attack": {
                "bias": p("ussr.attack_bias"),
                "yalta": p("ussr.w_yalta_timing") * promise,
                "ratio": p("ussr.w_ratio") * np.clip(ratio, -2.0, 0.5),
                "collapse": p("ussr.w_japan_collapse") * np.maximum(m.us.siege, (m.us.bombed != NEVER) * 1.0),
                "pact": -cost,
                "two_front": -p("ussr.two_front_cost") * germany.fighting,
            }
        }
        eligible = ~m.theater.at_war & (japan.surrendered == NEVER)
        attack = choose(m, DECISIONS["ussr.attack_japan"], utilities, eligible, np.zeros(m.n, dtype=np.int64)) == 1
        if attack.any():
            self.attacked_japan[attack] = m.t
            m.theater.open(attack, attacker="ussr")
