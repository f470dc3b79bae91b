"""The plain per-world Mesa loop: the yardstick the ensemble is measured against.

This is how the model would be written the ordinary Mesa way: one ``mesa.Model`` per
world, four ``mesa.Agent`` objects with scalar state, Python arithmetic, and draws from
the model's own ``rng``, stepped week by week for the same 261 weeks. Each week it does
the work of the real model's week at the same grain (two Japanese and three Soviet logit
decisions over their factors, the oil clock, German and Pacific attrition, a day-by-day
Lanchester week where the two fight) but none of its bookkeeping (no event log, no
addressed randomness, no outcome table). It is therefore a generous lower bound on a
per-world implementation's cost; it computes nothing the product uses.
"""

from __future__ import annotations

import math

import mesa

WEEKS = 261


def _choose(rng, utilities: list[float]) -> int:
    top = max(utilities)
    weights = [math.exp(u - top) for u in utilities]
    u, total = rng.random() * sum(weights), 0.0
    for i, w in enumerate(weights):
        total += w
        if u < total:
            return i
    return len(weights) - 1


class _Japan(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.posture, self.manchuria, self.oil, self.south = 0, 13.0, 18.0, 0.0

    def step(self):
        m = self.model
        embargo = m.week >= 16
        self.oil = max(self.oil + (-1.0 if embargo else 0.0) / 4.35, 0.0)
        urgency = min(max(1 - self.oil / 24, 0.0), 1.0) if embargo else 0.0
        ratio = math.log(max(self.manchuria, 0.1) / (0.75 * max(m.ussr.fe, 0.1)) / 2.0)
        german = m.germany.success if m.germany.at_war else 0.0
        north = 2.1 + 4.0 * ratio + 2.0 * german - 2.0 - 3.0 * m.us.at_war - 1.5 * urgency + 2.0 * (self.posture == 1)
        south = -5.0 + 6.0 * urgency + 2.5 * embargo + 0.5 * german + 1.0 + 2.0 * (self.posture == 2)
        self.posture = _choose(m.rng, [0.0, north, south])
        attack = -2.0 + 4.0 * ratio + 2.0 * german - 2.0 - 3.0 * m.us.at_war
        if self.posture == 1 and self.manchuria >= 20 and _choose(m.rng, [0.0, attack]):
            m.at_war = True
        if self.posture == 1:
            self.manchuria = min(self.manchuria + 1.0, 30.0)


class _USSR(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.fe, self.west, self.belief, self.rail = 30.0, 170.0, 0.0, [0.0, 0.0, 0.0]

    def step(self):
        m = self.model
        self.west += self.rail.pop(0)
        self.rail.append(0.0)
        self.belief = 0.8 * self.belief + 0.2 * (1.0 if m.japan.posture == 1 else -1.0) + 0.7 * (m.rng.random() - 0.5)
        threat = 1 / (1 + math.exp(-self.belief))
        margin = math.log(max(self.fe, 0.1) / max(m.japan.manchuria, 0.1))
        crisis = max(m.germany.success, 0.0) * m.germany.at_war
        move = _choose(m.rng, [0.0, -2.0 + 3.0 * crisis - 3.0 * threat + 1.5 * margin,
                               -2.0 - 3.0 * crisis + 3.0 * (threat - 0.5) - 1.5 * margin])
        if move == 1 and self.fe > 12:
            self.fe -= 2.0
            self.rail[-1] += 2.0
        _choose(m.rng, [0.0, -7.0 + 5.0 * (m.week > 200)])
        if _choose(m.rng, [0.0, -8.0 + 3.0 * math.log(max(self.fe, 0.1) / max(m.japan.manchuria, 0.1))]):
            m.at_war = True


class _Germany(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.at_war, self.success, self.capacity = False, 0.0, 1.0

    def step(self):
        m = self.model
        if m.week == 10:
            self.at_war, self.success = True, 0.3
        if self.at_war:
            self.success += 0.02
            self.capacity -= 0.0016 * m.ussr.west / 170 + 0.002 * m.rng.normal()


class _US(mesa.Agent):
    def __init__(self, model):
        super().__init__(model)
        self.at_war, self.position = False, 1.0

    def step(self):
        m = self.model
        self.at_war = self.at_war or m.japan.posture == 2
        if self.at_war:
            self.position -= 0.00003 * m.week + 0.004 * m.rng.normal()


class PlainWorld(mesa.Model):
    """One world, the ordinary Mesa way."""

    def __init__(self, seed: int) -> None:
        super().__init__(rng=seed)
        self.week, self.at_war = 0, False
        self.germany, self.us, self.japan, self.ussr = _Germany(self), _US(self), _Japan(self), _USSR(self)

    def step(self) -> None:
        for agent in (self.germany, self.us, self.japan, self.ussr):
            agent.step()
        if self.at_war:  # a Lanchester week, day by day
            for _ in range(7):
                j, s = self.japan.manchuria, self.ussr.fe
                self.japan.manchuria, self.ussr.fe = max(j - 0.012 * s, 0.0), max(s - 0.012 * j, 0.0)
        self.week += 1


def run_worlds(n: int) -> None:
    """Run ``n`` plain worlds to the end of the period, one after another."""
    for k in range(n):
        world = PlainWorld(seed=k)
        for _ in range(WEEKS):
            world.step()
        getattr(mesa.Agent, "_ids", {}).pop(world, None)  # mesa#3179, as in sim.world.model.simulate
