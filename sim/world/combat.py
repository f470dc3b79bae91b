"""Lanchester attrition: the law that wears down forces where Japan and the USSR fight.

Aimed fire (the square law): ``dx/dt = -a * y + P(t)``, ``dy/dt = -b * x``, where ``a``
is the per-day effectiveness of one ``y`` unit against ``x`` and ``b`` of one ``x``
unit against ``y``; ``P`` is a reinforcement schedule. :func:`square_law` integrates it
for arrays of battles at once (one per world); :func:`square_law_exact` is the
closed form without reinforcements, against which the integrator is tested, and
Engel's (1954) fit of Iwo Jima is pinned in the tests (sources §5a).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def square_law(
    x0,
    y0,
    a,
    b,
    days: int,
    reinforce_x: Callable[[int], float] | None = None,
    substeps: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate the square law over ``days``, returning ``(x, y)`` after each day.

    Integration is explicit Euler with ``substeps`` per day; forces never go below 0.
    ``reinforce_x(day)`` adds to ``x`` at the start of day ``day`` (1-based, as in
    Engel's schedule). Arrays broadcast, so each world fights its own battle.
    """
    x = np.asarray(x0, dtype=float) * 1.0
    y = np.asarray(y0, dtype=float) * 1.0
    h = 1.0 / substeps
    xs, ys = [], []
    for day in range(1, days + 1):
        if reinforce_x is not None:
            x = x + reinforce_x(day)
        for _ in range(substeps):
            x, y = np.maximum(x - h * a * y, 0.0), np.maximum(y - h * b * x, 0.0)
        xs.append(x)
        ys.append(y)
    return np.array(xs), np.array(ys)


def square_law_exact(x0, y0, a, b, t) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form square law (no reinforcement), valid while both sides are positive.

    ``x(t) = x0 cosh(k t) - sqrt(a/b) y0 sinh(k t)`` with ``k = sqrt(a b)``, and the
    symmetric expression for ``y``; ``b x^2 - a y^2`` is conserved.
    """
    k = np.sqrt(a * b)
    t = np.asarray(t, dtype=float)
    x = x0 * np.cosh(k * t) - np.sqrt(a / b) * y0 * np.sinh(k * t)
    y = y0 * np.cosh(k * t) - np.sqrt(b / a) * x0 * np.sinh(k * t)
    return x, y
