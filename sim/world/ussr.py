"""The USSR: the deciding agent between the German front and the Far East.

Three decisions (see :mod:`sim.world.decision`), each considered when its situation
changes (:mod:`sim.world.deliberation`):

* ``ussr.transfer`` (hold / west / east): a transfer *programme* along the
  Trans-Siberian railway, which loads a train-load of divisions a week until it is
  reconsidered. Factors: the German crisis, the believed Japanese threat, the Far
  East's margin over the Kwantung Army (a margin too thin holds divisions east; a wide
  one does not by itself send them west), and, once Germany is beaten, the Soviet aims
  in the Far East and the commitments given at Tehran and Yalta.
* ``ussr.denounce`` (keep / denounce), offered only while the pact allows it: the
  commitments to the Allies, the aims in the Far East and the closing of the window.
* ``ussr.attack_japan`` (wait / attack): the aims in the Far East (Yalta's territorial
  price: southern Sakhalin, the Kurils, Port Arthur and the railways; facts 1d), the
  promise to enter two to three months after Germany's surrender, the force ratio in
  Manchuria, the race to enter before a collapsing Japan surrenders to others, the
  pact still in force (a breach, even after denunciation) and the war with Germany.

The USSR's belief that Japan will strike north is updated each week by an intelligence
signal (Sorge's ring, until it is broken up) weighted by how far the USSR trusts it,
and drifts towards what can be seen: Japanese mobilisation in Manchuria, Japan's war
with the US. While the pact keeps the Pacific route open, Lend-Lease through
Vladivostok adds to the Soviet force facing Germany.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import choose, logit
from .deliberation import Deliberation, situation
from .japan import NORTH
from .pact import COMMITMENTS
from .vocabulary import DECISIONS, TRANSFER_WINDOWS

HOLD, WEST, EAST = (DECISIONS["ussr.transfer"].index(o) for o in ("hold", "west", "east"))
"""The transfer programmes as the declared options' codes."""


class USSR(mesa.Agent):
    """Soviet forces, beliefs and treaty acts, one entry per world."""

    def __init__(self, model) -> None:
        super().__init__(model)
        n = model.n
        p = model.p
        self.fe = np.zeros(n) + p("ussr.fe_men")  # thousands of men, as every force in the theater
        self.west = np.zeros(n) + p("ussr.west_divisions")  # divisions: Germany's war counts them
        # Each world's own transit time (it may be sampled per world): a division loaded
        # this week enters the buffer at row transit - 1 and arrives when it reaches row 0.
        self.transit = np.maximum(np.zeros(n, dtype=np.int64) + np.asarray(p("ussr.rail_transit_weeks")).astype(np.int64), 1)
        self.to_west = np.zeros((int(self.transit.max()), n))  # divisions on the railway, by weeks left
        self.to_east = np.zeros_like(self.to_west)
        # Where each world's loads enter the buffers, as one flat index a world (much
        # faster than indexing rows and columns by a pair of arrays every week); the
        # buffers are only ever changed in place, so their flat views stay views.
        self._entry = np.ravel_multi_index((self.transit - 1, np.arange(n)), self.to_west.shape)
        self.arrived_west = np.zeros(n)  # Far Eastern divisions arrived in the west, cumulative
        self.net_west = {window: np.zeros(n) for window in TRANSFER_WINDOWS}
        self.programme = np.full(n, HOLD, dtype=np.int64)  # the transfer programme: HOLD, WEST or EAST
        self.belief = np.zeros(n) + logit(0.5)  # log-odds that Japan will strike north
        self.attacked_japan = np.full(n, NEVER, dtype=np.int64)
        self.deliberations = {name: Deliberation(model, DECISIONS[name])
                              for name in ("ussr.transfer", "ussr.denounce", "ussr.attack_japan")}

    @property
    def threat(self) -> np.ndarray:
        """Believed probability of a Japanese attack (1 once at war)."""
        return np.where(self.model.theater.at_war, 1.0, 1.0 / (1.0 + np.exp(-self.belief)))

    # --- what others may ask of the USSR ---------------------------------------------
    def lose_west(self, where: np.ndarray, divisions: float | np.ndarray) -> None:
        """The front facing Germany loses ``divisions`` in the worlds of ``where``."""
        self.west = np.where(where, np.maximum(self.west - divisions, 0.0), self.west)

    def fight(self, worlds: np.ndarray, remaining: np.ndarray) -> None:
        """The Far East is down to ``remaining`` divisions after a week's combat in ``worlds``
        (local positions, one value each)."""
        self.fe[worlds] = remaining

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
        self.fe += self.to_east[0] * self.model.p("ussr.east_division_men")
        for railway in (self.to_west, self.to_east):  # every train moves up a week
            railway[:-1] = railway[1:]
            railway[-1] = 0.0

    def _mobilise(self) -> None:
        m = self.model
        p = m.p
        at_war = m.germany.fighting | m.theater.at_war
        pacific_route = m.passed("lend_lease") & ~m.theater.at_war & m.pact.started
        self.west += (p("ussr.west_growth_per_week") + p("ussr.lend_lease_per_week") * pacific_route) * m.germany.fighting
        grow = p("ussr.fe_mobilisation_per_week") * at_war * (self.fe < p("ussr.fe_max"))
        self.fe += grow

    def _intelligence(self) -> None:
        m = self.model
        p = m.p
        japan = m.japan
        # What can be seen without spies: a mobilised Kwantung Army, a Japan at war in the south.
        # Kantokuen's strength is the Kwantung Army's usual state while Germany fights (facts 2d);
        # what alarms is a build-up beyond it.
        mobilised = japan.manchuria > np.maximum(p("japan.manchuria_men"), p("japan.kantokuen_men")) + p("ussr.seen_mobilised_men")
        seen = p("ussr.seen_base") + p("ussr.seen_mobilised") * mobilised - p("ussr.seen_us_war") * m.us.at_war
        memory = p("ussr.belief_memory")
        self.belief = memory * self.belief + (1.0 - memory) * logit(np.clip(seen, 0.01, 0.99))
        listening = ~m.passed("sorge_arrested")
        if listening.any():
            r = p("ussr.intelligence_reliability")
            truth = japan.posture == NORTH
            true_report = m.streams.uniform(m.t, "ussr.intelligence") < r
            says_north = np.where(true_report, truth, ~truth)
            llr = np.log(r / (1.0 - r + 1e-12))
            self.belief += p("ussr.intelligence_trust") * np.where(says_north, llr, -llr) * listening
        bound = p("ussr.belief_bound")
        self.belief = np.clip(self.belief, -bound, bound)

    def margin(self) -> np.ndarray:
        """Log of the Far East's divisions (with those on their way east) over the Kwantung
        Army's, each side's men counted in divisions of the size the record gives it, as the
        staffs counted them (``ussr.division_men``, ``japan.division_men``)."""
        p = self.model.p
        coming = self.to_east.sum(axis=0) * p("ussr.east_division_men")
        ours = (self.fe + coming) / p("ussr.division_men")
        theirs = self.model.japan.manchuria / p("japan.division_men")
        return np.log(np.maximum(ours, 0.1) / np.maximum(theirs, 0.1))

    def free_east(self) -> np.ndarray:
        """Worlds where Germany is beaten and Japan is not yet: the USSR is free to
        pursue its aims in the Far East."""
        m = self.model
        return (m.germany.surrendered != NEVER) & (self.attacked_japan == NEVER) & (m.japan.surrendered == NEVER)

    def readiness(self) -> np.ndarray:
        """How far the build-up for a Far Eastern war has gone since Germany's surrender,
        0 to 1 over ``ussr.buildup_weeks`` (Antonov: 2.5-3 months, facts-2 §3)."""
        m = self.model
        weeks = np.where(m.germany.surrendered != NEVER, m.t - m.germany.surrendered, 0)
        return np.clip(weeks / m.p("ussr.buildup_weeks"), 0.0, 1.0)

    def _transfer(self) -> None:
        m = self.model
        p = m.p
        germany = m.germany
        crisis = np.maximum(germany.success, 0.0) * germany.fighting
        threat = self.threat
        margin = self.margin()
        free = self.free_east()
        utilities = {
            "west": {
                "bias": p("ussr.transfer_bias"),
                "crisis": p("ussr.w_crisis") * crisis,
                "threat": -p("ussr.w_threat") * threat,
                "margin": p("ussr.w_margin") * np.minimum(margin, 0.0),
            },
            "east": {
                "bias": p("ussr.transfer_bias"),
                "crisis": -p("ussr.w_crisis") * crisis,
                "threat": p("ussr.w_threat") * (threat - 0.5),
                "margin": -p("ussr.w_margin") * margin,
                "aims": p("ussr.w_aims") * free,
                "yalta": sum(c.pull(m) for c in COMMITMENTS) * free,
            },
        }
        decision = DECISIONS["ussr.transfer"]
        open_ = germany.at_war | m.theater.at_war
        self.programme = np.where(open_, self.programme, HOLD)
        due = self.deliberations[decision.name].due(situation(utilities, decision.options, m.n), open_)
        floor, size = p("ussr.fe_floor"), p("ussr.west_division_men")
        feasible = {"west": germany.fighting & (self.fe > floor), "east": self.west > 0}
        capacity = np.zeros(m.n) + p("ussr.rail_capacity_per_week")
        self.programme = choose(m, decision, utilities, due, self.programme, feasible,
                                amounts={"hold": np.zeros(m.n), "west": capacity, "east": capacity})
        west = np.where(self.programme == WEST, np.minimum(capacity, np.maximum(self.fe - floor, 0.0) / size) * germany.fighting, 0.0)
        east = np.where(self.programme == EAST, np.minimum(capacity, self.west), 0.0)
        self.fe -= west * size
        self.west -= east
        self.to_west.reshape(-1)[self._entry] += west
        self.to_east.reshape(-1)[self._entry] += east
        for window, (start, end) in TRANSFER_WINDOWS.items():
            if start <= m.day <= end:
                self.net_west[window] += west - (east if window != "from_mid_1943" else 0.0)

    def _denounce(self) -> None:
        m = self.model
        p = m.p
        lawful = m.pact.may_denounce(m.week_end)
        deadline = np.exp(-np.maximum(m.pact.weeks_left_to_denounce(m.day), 0.0) / p("ussr.deadline_weeks"))
        utilities = {
            "denounce": {
                "bias": p("ussr.denounce_bias"),
                "yalta": p("ussr.w_yalta_denounce") * m.passed("yalta"),
                "aims": p("ussr.w_aims") * self.free_east(),
                "deadline": p("ussr.w_deadline") * deadline,
            }
        }
        decision = DECISIONS["ussr.denounce"]
        open_ = lawful & ~m.theater.at_war
        due = self.deliberations[decision.name].due(situation(utilities, decision.options, m.n), open_)
        chosen = choose(m, decision, utilities, due, np.zeros(m.n, dtype=np.int64)) == decision.index("denounce")
        if chosen.any():
            done = m.pact.denounce(chosen, "ussr", m.t, m.week_end)
            m.log.add(m.t, "treaty", "pact_denounced", done, party="ussr")

    def _attack(self) -> None:
        m = self.model
        p = m.p
        germany = m.germany
        japan = m.japan
        decision = DECISIONS["ussr.attack_japan"]
        # The USSR went to war through the law: it denounced the pact (5 Apr 1945) before
        # it declared war (8 Aug). While the pact binds undenounced no attack is weighed,
        # unless a scenario forces one: in most weeks of the war, in no world at all.
        lawful = ~m.pact.binding | (m.pact.denounced != NEVER) | (m.forced(decision) is not None)
        open_ = lawful & ~m.theater.at_war & (japan.surrendered == NEVER) & (self.attacked_japan == NEVER)
        if not open_.any():
            return
        free = self.free_east()
        readiness = self.readiness()
        weeks = np.where(germany.surrendered != NEVER, m.t - germany.surrendered, 0)
        promised = sum(c.pull(m) * c.due(m, weeks, readiness) for c in COMMITMENTS) * free
        ratio = np.log(np.maximum(self.fe, 0.1) / np.maximum(japan.manchuria, 0.1) / p("ussr.attack_ratio"))
        share = np.where(m.pact.denounced != NEVER, p("treaty.denounced_breach_share"), 1.0)
        utilities = {
            "attack": {
                "bias": p("ussr.attack_bias"),
                "aims": p("ussr.w_aims") * free * readiness,
                "yalta": promised,
                "ratio": p("ussr.w_ratio") * np.tanh(ratio),
                "collapse": p("ussr.w_japan_collapse") * np.maximum(m.us.siege, (m.us.bombed != NEVER) * 1.0),
                "pact": -p("ussr.pact_breach_cost") * m.pact.binding * share,
                "two_front": -p("ussr.two_front_cost") * germany.fighting,
            }
        }
        due = self.deliberations[decision.name].due(situation(utilities, decision.options, m.n), open_)
        attack = choose(m, decision, utilities, due, np.zeros(m.n, dtype=np.int64)) == decision.index("attack")
        if attack.any():
            self.attacked_japan[attack] = m.t
            m.theater.open(attack, attacker="ussr")
