"""The engine of exogenous events: which of the scenario's dated events happen in which world.

Each event is resolved once, world by world, when a rule first asks about it in the week
of its date: it happens where each of its declared preconditions
(:data:`~sim.world.vocabulary.events.PRECONDITIONS`) holds in the state of the world at
that moment (the order of the week fixes it), and nowhere else, ever (a promise not
given at Tehran is not given later). A world
where a precondition fails logs the event with the failed precondition as its option, so
the chronicle tells why it did not happen; an event the agents do not log themselves
(Tehran, Yalta) is logged where it happens. The agents ask :meth:`Exogenous.happens` and
:meth:`Exogenous.passed`, which answer world by world.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .vocabulary import EVENTS, TOLD


def _pacific_war(model) -> np.ndarray:
    # the US war begins only with Japan's strike south (UnitedStates.step), never by date
    return model.us.at_war


def _eastern_front(model) -> np.ndarray:
    return model.germany.fighting


CHECKS: dict[str, Callable[[object], np.ndarray]] = {
    "pacific_war": _pacific_war,
    "eastern_front": _eastern_front,
}
"""How each declared precondition is read from the model, one value per world."""


class Exogenous:
    """The scenario's exogenous events, resolved world by world."""

    def __init__(self, model) -> None:
        self.model = model
        n = model.n
        self.pending = {name: e.date for name, e in model.scenario.events.items() if e.date is not None}
        self.held = {name: np.zeros(n, dtype=bool) for name in model.scenario.events}
        """Where each event has happened, once resolved."""
        self.resolved: dict[str, int] = {}
        """The week each event was resolved in."""
        self._none = np.zeros(n, dtype=bool)
        self._none.flags.writeable = False

    def _resolve(self, name: str) -> None:
        """Resolve ``name`` if its date has come: it happens where every precondition holds
        in the state of the world when it is first asked about in the week of its date."""
        m = self.model
        date = self.pending.get(name)
        if date is None or date > m.week_end:
            return
        del self.pending[name]
        spec = EVENTS[name]
        happens = np.ones(m.n, dtype=bool)
        for condition in spec.requires:
            failed = happens & ~CHECKS[condition](m)
            m.log.add(m.t, spec.actor, name, failed, option=condition)
            happens &= ~failed
        if (spec.actor, name, None) in TOLD:
            m.log.add(m.t, spec.actor, name, happens)
        self.held[name] = happens
        self.resolved[name] = m.t

    def happens(self, event: str) -> np.ndarray:
        """Where ``event`` happens this week: its date falls in the week and its
        preconditions hold (read only)."""
        self._resolve(event)
        m = self.model
        date = self.model.events[event].date
        if self.resolved.get(event) != m.t or not m.day <= date <= m.week_end:
            return self._none
        return self.held[event]

    def passed(self, event: str) -> np.ndarray:
        """Where ``event`` has happened by the end of this week (read only)."""
        self._resolve(event)
        return self.held[event]
