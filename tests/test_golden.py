"""A pinned golden run: a small ensemble's outcome table, checked exactly.

Any change to the model's behaviour shows here. When a change is meant, regenerate the
file deliberately and say why in the commit::

    PACTSIM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from sim.files.scenario import bundled_dir, load_scenario
from sim.world.model import simulate

GOLDEN = Path(__file__).parent / "golden"
CASES = {"historical": 11, "stalingrad_german_victory": 11}
"""Scenario -> seed; 200 worlds each."""


def _table(name: str, seed: int) -> str:
    worlds = simulate(load_scenario(bundled_dir() / f"{name}.yaml"), seed, np.arange(200)).worlds
    return worlds.to_csv(index=False, float_format="%.10g", date_format="%Y-%m-%d", lineterminator="\n")


def test_golden_outcome_tables_are_unchanged():
    changed = []
    for name, seed in CASES.items():
        path = GOLDEN / f"{name}-s{seed}-w200.csv"
        table = _table(name, seed)
        if os.environ.get("PACTSIM_UPDATE_GOLDEN"):
            path.write_text(table)
        elif path.read_text() != table:
            changed.append(path.name)
    assert not changed, f"the model's outcomes changed for {changed}; if meant, regenerate (see this module's docstring)"
