"""Every module of the package imports: a name moved between modules is caught here, not
only by the test that happens to reach it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import sim

MODULES = sorted(m.name for m in pkgutil.walk_packages(sim.__path__, "sim.") if not m.name.endswith("__main__"))


def test_the_package_has_its_layers():
    assert {"sim.world.model", "sim.files.store", "sim.analysis.report", "sim.interface.cli", "sim.workers"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name):
    importlib.import_module(name)
