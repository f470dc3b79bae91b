"""Reading scenarios: from a file, from inline data, or a bundled scenario by its name."""

from __future__ import annotations

import os
from pathlib import Path

from ..yamlfile import read as read_yaml
from .extends import resolve
from .objects import Scenario
from .schema import build


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Read, resolve and validate the scenario file at ``path``."""
    label = os.fspath(path)
    data, lines = read_yaml(Path(path), label)  # first: it refuses what cannot be resolved
    here = Path(path).resolve()
    data, lines, parents = resolve(data, lines, label, here.parent, (here,))
    return build(data, lines, label, str(here), parents)


def scenario_from_dict(data: dict, *, name: str = "inline", base_dir: str | os.PathLike | None = None) -> Scenario:
    """Validate scenario ``data`` as if read from a file.

    ``name`` labels the data in error messages; ``extends`` is resolved from ``base_dir``
    (default: the working directory).
    """
    base = Path(base_dir if base_dir is not None else os.getcwd()).resolve()
    data, lines, parents = resolve(data, {}, name, base, ())
    return build(data, lines, name, None, parents)


BUNDLED = ("historical", "stalingrad_german_victory", "moscow_falls_1941", "no_oil_embargo", "sorge_disbelieved",
           "japan_strikes_north_1941", "no_pact", "no_barbarossa", "no_yalta", "germany_surrenders_1944")
"""The names of the bundled scenarios, history first, in the README's order: the order of
the what-if table, and each one's colour and marker in every figure (a test checks that
they are the files of :func:`bundled_dir`)."""


def bundled_dir() -> Path:
    """The directory of the scenarios shipped with pactsim.

    The files live in the repository's top-level ``scenarios/``; a wheel ships them
    inside the package as ``sim/scenarios/`` (see ``pyproject.toml``).
    """
    package = Path(__file__).resolve().parents[2]  # sim/
    inside = package / "scenarios"
    return inside if inside.is_dir() else package.parent / "scenarios"


def locate(argument: str | os.PathLike) -> Path:
    """A scenario as a user names it: a file, or the name of a bundled scenario
    (``historical`` for ``scenarios/historical.yaml``) where no such file exists."""
    path = Path(argument)
    if path.exists() or path.suffix:
        return path
    bundled = bundled_dir() / f"{path}.yaml"
    return bundled if bundled.exists() else path


def as_scenario(scenario: Scenario | str | os.PathLike) -> Scenario:
    """A scenario object as it is, or a :class:`Scenario` loaded from a file or a bundled
    scenario's name."""
    if isinstance(scenario, (str, os.PathLike)):
        return load_scenario(locate(scenario))
    return scenario


def list_bundled() -> list[tuple[str, str, Path]]:
    """(name, title, path) of every bundled scenario, sorted by file name."""
    out = []
    for path in sorted(bundled_dir().glob("*.yaml")):
        s = load_scenario(path)
        out.append((s.name, s.title, path))
    return out
