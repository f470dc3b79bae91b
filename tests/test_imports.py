"""Every module of the package imports: a name moved between modules is caught here, not
only by the test that happens to reach it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import sim

MODULES = sorted(m.name for m in pkgutil.walk_packages(sim.__path__, "sim.") if not m.name.endswith("__main__"))


def test_the_package_has_its_layers():
    assert {"sim.world.model", "sim.files.store", "sim.analysis.report", "sim.interface.cli", "sim.workers"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name):
    importlib.import_module(name)


# --- The direction of imports -----------------------------------------------------------

LAYERS = {"world": 0, "errors": 0, "i18n": 0, "text": 0, "files": 1, "workers": 2, "engine": 2, "limits": 2, "ensemble": 2,
          "analysis": 3, "interface": 4}
"""interface > analysis > engine (engine, limits, ensemble, workers) > files > world; errors, text and
i18n are used everywhere. A module may import only from its own layer or below."""

SIM = Path(sim.__file__).resolve().parent


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """The ``sim`` modules ``path`` imports (anywhere in it, functions too), each with the names it takes."""
    module = ".".join(path.relative_to(SIM.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join(base + ([node.module] if node.module else []))
            found.append((name, [alias.name for alias in node.names]))
    return [(name, names) for name, names in found if name == "sim" or name.startswith("sim.")]


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


SOURCES = sorted(p for p in SIM.rglob("*.py") if p.parent != SIM or p.name not in ("__init__.py", "__main__.py"))
"""Every module of the package but its entry points (``sim/__init__.py`` gathers the API from every layer)."""


def test_every_module_is_in_a_layer():
    assert all(layer(".".join(p.relative_to(SIM.parent).with_suffix("").parts)) is not None for p in SOURCES)


def test_no_module_imports_from_a_layer_above_it():
    upward = []
    for path in SOURCES:
        own = layer(".".join(path.relative_to(SIM.parent).with_suffix("").parts))
        for name, names in imports(path):
            targets = [name] if layer(name) is not None else [f"{name}.{n}" for n in names]
            upward += [f"{path.relative_to(SIM.parent)} imports {t}" for t in targets
                       if layer(t) is not None and layer(t) > own]
    assert not upward, upward


def test_no_private_name_crosses_modules():
    crossing = [f"{path.relative_to(SIM.parent)} imports {name}.{n}" for path in SOURCES
                for name, names in imports(path) for n in names if n.startswith("_")]
    assert not crossing, crossing


def test_only_the_engine_simulates_but_the_chronicle_s_replay_of_one_world():
    callers = set()
    for path in SOURCES:
        for name, names in imports(path):
            if "simulate" in names and name == "sim.world.model":
                callers.add(str(path.relative_to(SIM.parent)))
    assert callers == {"sim/engine.py", "sim/interface/seminar_cli.py"}, callers
    replay = (SIM / "interface" / "seminar_cli.py").read_text(encoding="utf-8")
    assert replay.count("simulate(") == 1 and "np.array([world]" in replay


def test_the_command_line_starts_without_the_model_scipy_or_matplotlib():
    """Every command pays for what the command line imports (2.9 s with all of these):
    the model and Mesa, SciPy and matplotlib are imported by the commands that use them."""
    code = ("import sys, sim.interface.cli; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'mesa', 'scipy', 'matplotlib'}), "
            "'sim.world.model' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=SIM.parent)
    assert done.stdout.split() == ["[]", "False"], done.stdout
