"""Decisions: choices among named options, scored by named factors, drawn by a logit rule.

A decision is data plus one function, in the manner of an Axelrod strategy: the
:class:`Decision` names its options; the agent supplies, for each option, a mapping of
factor name to its contribution to the option's utility (one value per world); and
:func:`choose` draws the option from the quantal-response (logit) probabilities with
the world's addressed random number. Every decision that changes something is written
to the event log with the factor contributions that made it: the difference between
the chosen option's utility and that of the option it replaced, factor by factor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .vocabulary import Decision

if TYPE_CHECKING:
    from .model import PactModel


Factors = dict[str, np.ndarray | float]


def sigmoid(x):
    """Probability from log-odds."""
    return 1.0 / (1.0 + np.exp(-x))


def logit(p):
    """Log-odds from a probability."""
    return np.log(p / (1.0 - p))


def choose(
    model: PactModel,
    decision: Decision,
    utilities: dict[str, Factors],
    eligible: np.ndarray,
    current: np.ndarray,
    feasible: dict[str, np.ndarray] | None = None,
    amounts: dict[str, np.ndarray] | None = None,
    worlds: np.ndarray | None = None,
) -> np.ndarray:
    """Draw ``decision`` in every eligible world and record the changes.

    Parameters
    ----------
    utilities:
        For each non-baseline option, its factors (name to contribution). The
        baseline option has utility 0.
    eligible:
        Worlds in which the decision is taken this week.
    current:
        The option index each world holds now; a world that draws it again changes
        nothing and records nothing.
    feasible:
        For some options, the worlds in which they may be chosen (treaty law,
        readiness, season). An intervention that forces an option overrides this.
    amounts:
        For some options, how much the option moves in each world (divisions on the
        railway), recorded with the decision in the log's ``amount`` column.
    worlds:
        Local positions of the worlds that every other argument (and the result)
        describes, when a rule weighs the decision in those only (default: all).

    Returns
    -------
    The option index per world after the decision (``current`` where not eligible).
    """
    k = len(decision.options)
    for option, factors in utilities.items():
        if set(factors) != set(decision.factors.get(option, ())):
            raise KeyError(f"{decision.name}.{option} scored by {sorted(factors)}; the vocabulary declares "
                           f"{sorted(decision.factors.get(option, ()))} (sim/world/vocabulary/decisions.py)")
    # Only the worlds that take the decision this week are scored and drawn: most
    # decisions are considered in few worlds a week, and each world's draw is addressed
    # by its own key, so leaving the others out changes no number.
    where = np.flatnonzero(eligible)
    if where.size == 0:
        return current
    deciding = where if worlds is None else worlds[where]  # local positions in the model

    def at(value):
        return value[where] if np.ndim(value) else value

    scored = {option: {f: at(value) for f, value in factors.items()} for option, factors in utilities.items()}
    totals = np.zeros((k, where.size))
    for i, option in enumerate(decision.options[1:], start=1):
        for value in scored.get(option, {}).values():
            totals[i] += value
    allowed = np.ones((k, where.size), dtype=bool)
    for option, mask in (feasible or {}).items():
        allowed[decision.index(option)] &= at(mask)
    logits = np.where(allowed, totals, -np.inf)
    logits -= logits.max(axis=0)
    probs = np.exp(logits)
    probs /= probs.sum(axis=0)
    u = model.streams.uniform(model.t, decision.name, worlds=deciding)
    # The option whose slice of [0, 1) holds u: count the cumulative bounds below u
    # (row by row, which for two or three options is much faster than cumsum on axis 0).
    bound = probs[0].copy()
    drawn = (u > bound).astype(np.int64)
    for i in range(1, k):
        bound += probs[i]
        drawn += u > bound
    drawn = np.minimum(drawn, k - 1)

    forced = model.forced(decision)
    if forced is not None:
        drawn = np.full(where.size, decision.index(forced))
    changed = drawn != current[where]
    if changed.any():
        _record(model, decision, scored, probs[:, changed], deciding[changed], drawn[changed], current[where][changed], changed,
                forced is not None, {o: at(a) for o, a in (amounts or {}).items()})
    chosen = current.copy()
    chosen[where] = drawn
    return chosen


def _record(model, decision, utilities, probs, worlds, chosen, replaced, changed, forced, amounts) -> None:
    """Log each change with the factor contributions of chosen minus replaced option.

    ``utilities`` and ``amounts`` hold values for the deciding worlds, of which ``changed``
    selects the ones logged; ``probs``, ``worlds``, ``chosen`` and ``replaced`` are already
    for those alone.
    """
    names = sorted({f for fs in utilities.values() for f in fs})
    per_option = np.zeros((len(names), len(decision.options), worlds.size))  # factor, option, world
    for j, f in enumerate(names):
        for i, option in enumerate(decision.options[1:], start=1):
            if f in utilities.get(option, {}):
                value = utilities[option][f]
                per_option[j, i] = value[changed] if np.ndim(value) else value
    columns = np.arange(worlds.size)
    contributions = per_option[:, chosen, columns] - per_option[:, replaced, columns]  # factor, world
    for i, option in enumerate(decision.options):
        sel = chosen == i
        if not sel.any():
            continue
        amount = amounts.get(option)
        model.log.add(
            model.t,
            decision.actor,
            decision.event,
            worlds[sel],
            option=option,
            forced=forced,
            amount=None if amount is None else (amount[changed][sel] if np.ndim(amount) else amount),
            p=probs[i, sel],
            factors=dict(zip(names, contributions[:, sel])),
        )
