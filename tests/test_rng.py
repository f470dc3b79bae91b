"""The addressed random numbers: world keys equal numpy's SeedSequence spawn words."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.world.rng import world_keys


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**160), worlds=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=20))
def test_world_keys_are_numpys_seed_sequence_words(seed, worlds):
    expected = [np.random.SeedSequence(seed, spawn_key=(k,)).generate_state(1, np.uint64)[0] for k in worlds]
    assert world_keys(seed, np.array(worlds)).tolist() == [int(x) for x in expected]
