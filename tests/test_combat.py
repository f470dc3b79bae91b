"""Lanchester's square law against its closed form and against Engel's Iwo Jima fit."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from sim.world.combat import square_law, square_law_exact


def test_integrator_matches_closed_form():
    a, b = 0.02, 0.01
    xs, ys = square_law(100.0, 80.0, a, b, days=30, substeps=200)
    x, y = square_law_exact(100.0, 80.0, a, b, np.arange(1, 31))
    assert_allclose(xs, x, rtol=2e-3)
    assert_allclose(ys, y, rtol=2e-3)


def test_square_law_invariant_is_conserved():
    a, b = 0.03, 0.012
    x, y = square_law_exact(50.0, 40.0, a, b, np.linspace(0, 10, 11))
    assert_allclose(b * x**2 - a * y**2, b * 50.0**2 - a * 40.0**2, rtol=1e-10)


def test_stronger_side_wins_by_the_square_law():
    # Equal effectiveness: the survivor keeps sqrt(x0^2 - y0^2).
    xs, ys = square_law(100.0, 60.0, 0.01, 0.01, days=2000, substeps=20)
    assert ys[-1] == 0.0
    assert_allclose(xs[-1], np.sqrt(100.0**2 - 60.0**2), rtol=1e-2)


def test_vectorised_battles_are_independent():
    xs, ys = square_law(np.array([100.0, 50.0]), np.array([80.0, 80.0]), 0.02, 0.01, days=5)
    x1, y1 = square_law(50.0, 80.0, 0.02, 0.01, days=5)
    assert_allclose(xs[:, 1], x1)
    assert_allclose(ys[:, 1], y1)


def test_engel_iwo_jima():
    """Engel (1954), facts 5a: a = 0.0544, b = 0.0106 per day, Japanese 21,500, US
    reinforcements 54,000 (day 1), 6,000 (day 3), 13,000 (day 6). The US active force
    ends near 54k and the Japanese garrison is destroyed by day 36."""
    schedule = {1: 54_000.0, 3: 6_000.0, 6: 13_000.0}
    us, japan = square_law(0.0, 21_500.0, 0.0544, 0.0106, days=36, reinforce_x=lambda d: schedule.get(d, 0.0), substeps=10)
    assert_allclose(us[-1], 54_000, rtol=0.05)
    assert japan[-1] < 0.02 * 21_500
    # Engel's digitised curve: about 66k active on days 7-9, 58.5k on days 12-19.
    assert_allclose(us[7], 66_000, rtol=0.05)
    assert_allclose(us[15], 58_500, rtol=0.05)
