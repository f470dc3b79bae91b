"""Shared fixtures: the bundled scenarios, loaded once per session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from sim.files.scenario import bundled_dir, load_scenario  # noqa: E402

BUNDLED = sorted(bundled_dir().glob("*.yaml"))

REPORTED_VERSIONS = ("mesa", "numpy", "pandas", "pyarrow", "scipy", "matplotlib", "pydantic", "babel", "solara",
                  "SALib", "ema_workbench", "openpyxl", "dask", "playwright", "hypothesis")


def pytest_terminal_summary(terminalreporter):
    """The versions this run was made with (printed under ``-q`` too): the pins let them
    float, so a failure on a fresh machine starts from here."""
    import importlib.metadata
    import platform

    def version(dist):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "absent"

    terminalreporter.write_line("versions: " + ", ".join([f"python {platform.python_version()}"] +
                                                         [f"{dist} {version(dist)}" for dist in REPORTED_VERSIONS]))


@pytest.fixture(scope="session")
def historical():
    return load_scenario(bundled_dir() / "historical.yaml")


def shortened(scenario, weeks: int):
    """The scenario cut to its first ``weeks`` weeks (for quick runs)."""
    return dataclasses.replace(scenario, end=scenario.start + dt.timedelta(weeks=weeks))
