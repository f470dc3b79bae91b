"""Shared fixtures: the bundled scenarios, loaded once per session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from sim.files.scenario import bundled_dir, load_scenario  # noqa: E402

BUNDLED = sorted(bundled_dir().glob("*.yaml"))


@pytest.fixture(scope="session")
def historical():
    return load_scenario(bundled_dir() / "historical.yaml")


def shortened(scenario, weeks: int):
    """The scenario cut to its first ``weeks`` weeks (for quick runs)."""
    return dataclasses.replace(scenario, end=scenario.start + dt.timedelta(weeks=weeks))
