"""When a decision is taken: the first time it is open, and again when its situation changes.

A weekly logit draw on an unchanged situation is a coin flipped every week: over four
years even a 0.1% chance becomes a 15% certainty with no cause behind it. A government
does not re-decide what nothing has changed. So a decision is *considered* in a world
the first week it is open there and then only once its situation has moved: once some
option's utility (without the pull of the course already held, which changes only
because the decision did) differs by more than ``decision.reconsider_logit`` from what
it was when last considered. What a decision chose stays chosen in between: a transfer
programme runs until it is reconsidered, not a train-load at a time.
"""

from __future__ import annotations

import numpy as np

from .decision import Factors


def situation(utilities: dict[str, Factors], options: tuple[str, ...], n: int, without: tuple[str, ...] = ()) -> np.ndarray:
    """The utility of each non-baseline option (rows, in ``options`` order) summed over
    its factors except ``without``, one column per world."""
    out = np.zeros((len(options) - 1, n))
    for i, option in enumerate(options[1:]):
        for name, value in utilities.get(option, {}).items():
            if name not in without:
                out[i] += value
    return out


class Deliberation:
    """The situation each world last considered a decision in.

    Parameters
    ----------
    model:
        The model (for ``decision.reconsider_logit`` and the number of worlds).
    decision:
        The declared decision.
    """

    def __init__(self, model, decision) -> None:
        self.model = model
        self.decision = decision
        self.last = np.full((len(decision.options) - 1, model.n), np.nan)

    def due(self, now: np.ndarray, open_: np.ndarray, worlds: np.ndarray | None = None,
            convened: np.ndarray | None = None) -> np.ndarray:
        """Worlds among ``open_`` that consider the decision this week, given the
        situation ``now`` (from :func:`situation`); remembers it for them. A decision a
        scenario forces this week is considered wherever it is open, and so is one in the
        worlds ``convened`` to weigh it (a conference), whatever has moved.

        ``worlds`` (local positions) says which worlds ``now``, ``open_`` and the result
        describe, when a rule weighs the decision in those only (default: all)."""
        last = self.last if worlds is None else self.last[:, worlds]
        if self.model.forced(self.decision) is not None:
            due = open_
            last[:, open_] = now[:, open_]
        else:
            moved = np.abs(now - last).max(axis=0)
            due = open_ & ~(moved <= self.model.p_at("decision.reconsider_logit", worlds))  # NaN (never considered) is due
            if convened is not None:
                due |= open_ & convened
            np.copyto(last, now, where=due)
        if worlds is not None:
            self.last[:, worlds] = last
        return due
