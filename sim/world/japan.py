"""Japan: the deciding agent between Strike North, Strike South and holding.

Five decisions (see :mod:`sim.world.decision`), the first four considered when their
situation changes (:mod:`sim.world.deliberation`), the surrender every week a driver holds:

* ``japan.posture`` (hold / north / south), weighed in 1941 only at the Imperial
  Conferences a scenario dates (2 July and 6 September), then whenever the situation
  moves. *North* mobilises in Manchuria (Kantokuen);
  *south* is the decision for war with the US, Britain and the Netherlands, carried
  out once the preparation time has passed. Its factors: the Army's standing case for
  the north and the Navy's caution about a war with the US, the oil runway under
  embargo, the "ripe persimmon" force ratio in Manchuria, German success read through a
  bounded, saturating lens, Germany's pressure under the Tripartite Pact, the Neutrality
  Pact (a breach priced for the north, a secure border valued for the south), the
  burden of the Pacific war, and the pull of the posture already held.
* ``japan.attack_ussr`` (wait / attack), possible once mobilised in the north: the
  force ratio now, German success, the Tripartite pull, the pact, the Pacific burden
  and the season (the winter the campaign would run into).
* ``japan.denounce`` (keep / denounce), offered while the pact allows it: German success
  against a strong standing reluctance (no Japanese move to denounce is recorded).
* ``japan.return_concessions`` (keep / return) the North Sakhalin concessions, weighed
  at peace under the pact: the Pacific war lost and Germany's fortune against a standing
  reluctance.
* ``japan.surrender`` (fight on / surrender), weighed weekly once a driver has come: the
  US siege, the atomic bomb, the Soviet entry and the loss of Manchuria.

Nothing here reads a calendar date: the season is a rule about the time of year, and
everything else comes from the state of the world.
"""

from __future__ import annotations

import mesa
import numpy as np

from .calendar import NEVER
from .decision import choose
from .deliberation import Deliberation, situation
from .theaters import USSR, mean_winter
from .vocabulary import DECISIONS, TERRITORIES

HOLD, NORTH, SOUTH = (DECISIONS["japan.posture"].index(o) for o in ("hold", "north", "south"))
CONFERENCES = ("conference_july_1941", "conference_september_1941")
"""The Imperial Conferences at which Japan's national policy was weighed in 1941 (facts 1b)."""
WEEKS_PER_MONTH = 4.35


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
        self.concessions_returned = np.full(n, NEVER, dtype=np.int64)
        self.manchuria = np.zeros(n) + p("japan.manchuria_men")  # thousands of men, as every force in the theater
        self.quality = np.zeros(n) + p("combat.japan_quality")
        self.south = np.zeros(n)
        self.oil = np.zeros(n) + p("japan.oil_stock_months")
        self.deliberations = {name: Deliberation(model, DECISIONS[name])
                              for name in ("japan.posture", "japan.attack_ussr", "japan.denounce",
                                           "japan.return_concessions")}

    # --- what Japan sees ----------------------------------------------------------
    def oil_balance(self) -> np.ndarray:
        """Net months of oil gained per month (negative: the stock is burning)."""
        m = self.model
        p = m.p
        us = m.us
        use = 1.0 + (p("japan.oil_war_burn") - 1.0) * (us.at_war | m.theater.at_war)
        domestic = p("japan.domestic_oil") + p("japan.sakhalin_oil") * (self.concessions_returned == NEVER)
        imports = (1.0 - domestic) * ~us.embargo
        weeks = np.where(us.war_start != NEVER, m.t - us.war_start, 0)
        conquered = np.clip(weeks / p("us.conquest_weeks"), 0.0, 1.0)
        southern = p("japan.south_oil_recovery") * conquered * np.clip(us.position, 0.0, 1.0) * us.at_war
        return domestic + imports + southern - use

    def oil_urgency(self, balance: np.ndarray) -> np.ndarray:
        """0 while the stock is not burning; towards 1 as the runway at ``balance``
        (from :meth:`oil_balance`) shortens."""
        burn = np.maximum(-balance, 1e-9)
        runway = self.oil / burn
        return np.clip(1.0 - runway / self.model.p("japan.oil_horizon_months"), 0.0, 1.0)

    def persimmon(self, men: np.ndarray, worlds: np.ndarray | None = None) -> np.ndarray:
        """Log of the perceived ratio in Manchuria against the 'ripe persimmon' ratio, in the
        worlds at local positions ``worlds`` (default all; ``men``, thousands, given for those).

        The Army counted divisions (facts 2c), so both forces are read as divisions of the
        size the record gives each side, a Soviet one worth ``japan.soviet_division_rating``
        of a Japanese one."""
        m = self.model
        at = slice(None) if worlds is None else worlds
        ours = men * self.quality[at] / m.p_at("japan.division_men", worlds)
        theirs = m.p_at("japan.soviet_division_rating", worlds) * m.ussr.fe[at] / m.p_at("ussr.division_men", worlds)
        return np.log(np.maximum(ours, 0.1) / np.maximum(theirs, 0.1) / m.p_at("japan.ripe_ratio", worlds))

    def german_fortune(self) -> np.ndarray:
        """German success as Japan reads it: zero until Germany is at war with the USSR,
        then bounded: it saturates at ``japan.german_saturation`` (a Soviet collapse can be
        believed only so far from Tokyo), and turns negative as Germany is beaten."""
        g = self.model.germany
        s = self.model.p("japan.german_saturation")
        return g.at_war * s * np.tanh((1.0 + g.success) / s)

    def available(self) -> np.ndarray:
        """Men the army could put in Manchuria: the Kantokuen plan's strength less what the
        Pacific war has drawn out of Manchuria since the strike south."""
        p = self.model.p
        return p("japan.manchuria_max") - np.maximum(self.south - self.southern_offensive(), 0.0)

    def southern_offensive(self) -> float:
        """Men sent south at the strike: ``japan.south_divisions`` of ``japan.division_men``."""
        p = self.model.p
        return p("japan.south_divisions") * p("japan.division_men")

    def season_cost(self, worlds: np.ndarray | None = None) -> np.ndarray:
        """How much winter a northern campaign starting now would run into: the mean
        winter severity over its ``japan.campaign_weeks`` (0 high summer, 1 deep winter),
        in the worlds at local positions ``worlds`` (default all)."""
        m = self.model
        return mean_winter(m, m.day, 7.0 * m.p_at("japan.campaign_weeks", worlds), worlds)

    # --- what others may ask of Japan ----------------------------------------------
    def _surrender(self) -> None:
        """Japan weighs surrender, weekly, where it is at war and a driver has come: a US
        siege (its position below the siege level), an atomic bombing, or a Soviet
        offensive inside Manchukuo. The log-odds add the siege's depth, the bomb's shock,
        the Soviet entry's shock and the loss of Manchuria (the Soviet front's depth
        against Manchuria's), so it can come without a US siege and comes fast when the
        shocks fall together, as in August 1945 (facts 1d, 4). A Japanese offensive thrown
        back is no driver: it ends, as at Nomonhan, by armistice unless another comes."""
        m = self.model
        siege = m.us.siege
        entered = m.theater.at_war & (m.theater.attacker == USSR)
        manchuria = np.clip(m.theater.fronts["main"] / TERRITORIES["manchuria"].depth, 0.0, 1.0) * entered
        bombed = m.us.bombed != NEVER
        w = np.flatnonzero((m.us.at_war | m.theater.at_war) & (self.surrendered == NEVER)
                           & ((siege > 0) | bombed | (manchuria > 0)))

        def p(name):
            return m.p_at(name, w)

        utilities = {
            "surrender": {
                "resolve": p("us.surrender_logit"),
                "siege": p("us.w_siege") * siege[w],
                "bomb": p("us.bomb_shock") * bombed[w],
                "soviet_entry": p("us.soviet_entry_shock") * entered[w],
                "manchuria_lost": p("us.w_manchuria_lost") * manchuria[w],
            }
        }
        decision = DECISIONS["japan.surrender"]
        chosen = choose(m, decision, utilities, np.ones(w.size, dtype=bool), np.zeros(w.size, dtype=np.int64), worlds=w)
        self.surrendered[w[chosen == decision.index("surrender")]] = m.t

    def fight(self, worlds: np.ndarray, remaining: np.ndarray) -> None:
        """The Kwantung Army is down to ``remaining`` divisions after a week's combat in ``worlds``
        (local positions, one value each)."""
        self.manchuria[worlds] = remaining

    # --- the week -----------------------------------------------------------------
    def step(self) -> None:
        m = self.model
        self._surrender()
        active = (self.surrendered == NEVER) & ~m.theater.at_war
        balance = self.oil_balance()
        self.oil = np.maximum(self.oil + balance / WEEKS_PER_MONTH, 0.0)
        # How Japan reads the two wars this week; all three decisions weigh it, and none moves it.
        fortune, burden = self.german_fortune(), m.us.burden()
        self._posture(active, self.oil_urgency(balance), fortune, burden)
        self._strike_south()
        self._denounce(active, fortune, burden)
        self._attack(active, fortune, burden)
        self._return_concessions(active, fortune)
        self._forces()

    def _pact_cost(self, worlds: np.ndarray | None = None) -> np.ndarray:
        """The price of breaking the pact: full while in force, reduced once denounced (in
        the worlds at local positions ``worlds``, default all)."""
        m = self.model
        at = slice(None) if worlds is None else worlds
        share = np.where(m.pact.denounced[at] != NEVER, m.p_at("treaty.denounced_breach_share", worlds), 1.0)
        return m.p_at("japan.pact_breach_cost", worlds) * m.pact.binding[at] * share

    def _posture(self, active: np.ndarray, urgency: np.ndarray, fortune: np.ndarray, us_burden: np.ndarray) -> None:
        """``fortune`` and ``us_burden``: :meth:`german_fortune` and the US war's
        :meth:`~sim.world.usa.UnitedStates.burden` this week."""
        m = self.model
        p = m.p
        preparing = (self.decided_south != NEVER) & (self.struck_south == NEVER)
        german = p("japan.w_german_success") * fortune
        tripartite = p("japan.w_tripartite") * m.germany.fighting
        burden = p("japan.w_us_war") * us_burden
        inertia = p("japan.inertia")
        held = {o: (self.posture == o) * inertia - (self.posture == HOLD) * inertia for o in (NORTH, SOUTH)}
        prospect = np.maximum(self.manchuria, np.minimum(p("japan.north_strike_min"), self.available()))
        utilities = {
            "north": {
                "faction": p("japan.north_bias"),
                "persimmon": p("japan.w_persimmon") * self.persimmon(prospect),
                "german": german,
                "tripartite": tripartite,
                "pact": -self._pact_cost(),
                "us_war": -burden,
                "oil": -p("japan.w_oil_north") * urgency,
                "inertia": held[NORTH],
            },
            "south": {
                "navy": p("japan.south_bias"),
                "oil": p("japan.w_oil") * urgency,
                "embargo": p("japan.w_embargo") * m.us.embargo,
                "german": p("japan.w_german_south") * german,
                "pact": p("japan.pact_security") * m.pact.binding,
                "inertia": held[SOUTH],
            },
        }
        decision = DECISIONS["japan.posture"]
        open_, convened = active & ~preparing, self.conference()
        if convened is not None and m.forced(decision) is None:
            open_ &= convened
        due = self.deliberations[decision.name].due(
            situation(utilities, decision.options, m.n, without=("inertia",)), open_, convened=convened)
        feasible = {"south": self.decided_south == NEVER}
        new = choose(m, decision, utilities, due, self.posture, feasible)
        self.decided_south[(new == SOUTH) & (self.posture != SOUTH)] = m.t
        self.first_north[(new == NORTH) & (self.first_north == NEVER)] = m.t
        self.posture = new

    def conference(self) -> np.ndarray | None:
        """Where an Imperial Conference sits this week, while the scenario has one still to
        come or sitting (national policy then changes only at a conference); None after
        the last, when the posture is weighed whenever the situation moves (the Liaison
        Conferences of the war years)."""
        m = self.model
        held = [c for c in CONFERENCES if c in m.events and m.events[c].enabled]
        if not held:
            return None
        sitting = np.logical_or.reduce([m.happens(c) for c in held])
        if not sitting.any() and all(m.passed(c).all() for c in held):
            return None
        return sitting

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
            self.south = np.where(ready, self.southern_offensive(), self.south)
            self.posture[ready] = HOLD
            m.log.add(m.t, "japan", "strikes_south", ready)

    def _denounce(self, active: np.ndarray, fortune: np.ndarray, burden: np.ndarray) -> None:
        m = self.model
        p = m.p
        utilities = {
            "denounce": {
                "faction": p("japan.denounce_bias"),
                "german": p("japan.w_german_success") * fortune,
                "us_war": -p("japan.w_us_war") * burden,
            }
        }
        decision = DECISIONS["japan.denounce"]
        due = self.deliberations[decision.name].due(situation(utilities, decision.options, m.n),
                                                    active & m.pact.may_denounce(m.week_end))
        chosen = choose(m, decision, utilities, due, np.zeros(m.n, dtype=np.int64)) == decision.index("denounce")
        if chosen.any():
            done = m.pact.denounce(chosen, "japan", m.t, m.week_end)
            m.log.add(m.t, "treaty", "pact_denounced", done, party="japan")

    def _return_concessions(self, active: np.ndarray, fortune: np.ndarray) -> None:
        """Japan promised with the pact to give up its North Sakhalin concessions and kept
        them until 30 Mar 1944, when, losing in the Pacific and seeing Germany beaten in
        the east, it was "very scared" and wanted Soviet neutrality (facts 1a, 1d;
        facts-2 §3). Weighed while the pact, signed and unbroken, holds the two at peace."""
        m = self.model
        p = m.p
        losing = np.clip(1.0 - m.us.position, 0.0, 1.0) * m.us.at_war
        utilities = {
            "return": {
                "bias": p("japan.concessions_bias"),
                "us_war": p("japan.w_concessions_pacific") * losing,
                "german": -p("japan.w_concessions_german") * fortune,
            }
        }
        decision = DECISIONS["japan.return_concessions"]
        at_peace = active & (self.attacked_ussr == NEVER) & (m.ussr.attacked_japan == NEVER)
        open_ = at_peace & m.pact.signed & (m.pact.breached == NEVER) & (self.concessions_returned == NEVER)
        due = self.deliberations[decision.name].due(situation(utilities, decision.options, m.n), open_)
        chosen = choose(m, decision, utilities, due, np.zeros(m.n, dtype=np.int64)) == decision.index("return")
        self.concessions_returned[chosen] = m.t

    def _attack(self, active: np.ndarray, fortune: np.ndarray, burden: np.ndarray) -> None:
        m = self.model
        decision = DECISIONS["japan.attack_ussr"]
        open_ = active & (self.attacked_ussr == NEVER)
        ready = (self.posture == NORTH) & (self.manchuria >= m.p("japan.north_strike_min"))
        forced = m.forced(decision) is not None  # an intervention overrides readiness, not the war's state
        # Only the worlds that could attack are weighed: a few hundred in 10,000 most weeks.
        w = np.flatnonzero(open_ if forced else open_ & ready)

        def p(name):
            return m.p_at(name, w)

        utilities = {
            "attack": {
                "faction": p("japan.attack_bias"),
                "persimmon": p("japan.w_persimmon") * self.persimmon(self.manchuria[w], w),
                "german": p("japan.w_german_success") * fortune[w],
                "tripartite": p("japan.w_tripartite") * m.germany.fighting[w],
                "pact": -self._pact_cost(w),
                "us_war": -p("japan.w_us_war") * burden[w],
                "season": -p("japan.winter_cost") * self.season_cost(w),
            }
        }
        due = self.deliberations[decision.name].due(situation(utilities, decision.options, w.size), ready[w], w)
        if forced:
            due = np.ones(w.size, dtype=bool)
        chosen = choose(m, decision, utilities, due, np.zeros(w.size, dtype=np.int64), {"attack": ready[w]}, worlds=w)
        attack = np.zeros(m.n, dtype=bool)
        attack[w[chosen == decision.index("attack")]] = True
        if attack.any():
            self.attacked_ussr[attack] = m.t
            m.theater.open(attack, attacker="japan")

    def _forces(self) -> None:
        m = self.model
        p = m.p
        peace = ~m.theater.at_war & (self.surrendered == NEVER)
        north = peace & (self.posture == NORTH)
        # Kantokuen: while Germany fights the USSR and Japan is at peace, the Army builds
        # up in Manchuria as a precaution, whatever the posture (facts 1b: sanctioned
        # 7 Jul 1941), and keeps that strength while Germany fights (facts 2d: about 700k
        # until 1944); a northern posture builds further, to what the plan and the
        # Pacific war leave.
        start, kantokuen = p("japan.manchuria_men"), p("japan.kantokuen_men")
        kept = np.where(m.germany.fighting, np.maximum(kantokuen, start), start)
        target = np.where(north, np.maximum(self.available(), kept), kept)
        building = peace & (north | ~m.us.at_war) & (self.manchuria < target)
        grown = np.minimum(self.manchuria + p("japan.mobilisation_per_week"), target)
        self.manchuria = np.where(building, grown, self.manchuria)
        easing = peace & ~north & (self.manchuria > kept)
        self.manchuria = np.where(easing, np.maximum(self.manchuria - p("japan.demobilisation_per_week"), kept), self.manchuria)
        # The losing Pacific war draws veteran divisions out of Manchuria until the Soviet
        # danger is plain; then conscripts refill it instead (facts 2d, 2e).
        danger = (m.germany.surrendered != NEVER) | (m.pact.denounced != NEVER)
        drain = p("japan.pacific_drain_per_week") * np.clip(1.0 - m.us.position, 0.0, 1.0) * m.us.at_war * peace * ~danger
        drain = np.minimum(drain, np.maximum(self.manchuria - p("japan.manchuria_floor"), 0.0))
        self.manchuria -= drain
        self.south += drain
        refill = p("japan.refill_per_week") * (peace & danger & (self.manchuria < p("japan.manchuria_max")))
        total = self.manchuria + refill
        self.quality = np.where(total > 0, (self.quality * self.manchuria + p("japan.conscript_quality") * refill) / np.maximum(total, 1e-9), self.quality)
        self.manchuria = total
