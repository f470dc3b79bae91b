"""Shared fixtures: the bundled scenarios, loaded once per session."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys

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


@pytest.fixture(autouse=True)
def _a_rule_test_takes_its_decision(request, monkeypatch):
    """A test marked ``rule("actor.decision")`` counts as that decision's rule test
    (tests/test_vocabulary.py wants one for every declared decision) only if the rule it
    drives takes the decision in some world: ``choose`` is watched while the test runs."""
    marker = request.node.get_closest_marker("rule")
    if marker is None:
        yield
        return
    import numpy as np

    from sim.world import decision as decision_module

    original, taken = decision_module.choose, set()

    def watched(model, decision, utilities, eligible, *args, **kwargs):
        if np.any(eligible):
            taken.add(decision.name)
        return original(model, decision, utilities, eligible, *args, **kwargs)

    for name, module in list(sys.modules.items()):  # the rules hold their own reference to choose
        if name.startswith("sim.world.") and getattr(module, "choose", None) is original:
            monkeypatch.setattr(module, "choose", watched)
    yield
    assert marker.args[0] in taken, f"marked rule({marker.args[0]!r}) but took only {sorted(taken)}"


@pytest.fixture(scope="session")
def historical():
    return load_scenario(bundled_dir() / "historical.yaml")


def shortened(scenario, weeks: int):
    """The scenario cut to its first ``weeks`` weeks (for quick runs)."""
    return dataclasses.replace(scenario, end=scenario.start + dt.timedelta(weeks=weeks))


@pytest.fixture
def one_small_figure(monkeypatch):
    """Commands and reports draw one small figure instead of their sixteen: for tests of
    where outputs go, what they replace and what a report says, not of what the figures
    show (tests/test_plots.py, tests/test_report.py)."""
    from matplotlib.figure import Figure

    def figures(*args, **kwargs):
        fig = Figure(figsize=(2, 1))
        fig.add_subplot().plot([0, 1])
        return {"shares": fig}

    monkeypatch.setattr("sim.analysis.plots.figureset.figures", figures)
    monkeypatch.setattr("sim.analysis.plots.figures", figures)
