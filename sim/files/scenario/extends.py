"""Inheritance: ``extends`` names a parent file whose keys the child overlays; every file
of a chain is validated as a scenario itself, and the line map follows the keys so that an
error in the merged data still names the file and line it came from."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..yamlfile import Where
from ..yamlfile import read as read_yaml
from .schema import build, show

MAX_EXTENDS = 16
"""Longest ``extends`` chain (the bundled what-ifs use one step)."""

_OWN = ("name", "title", "description")  # never inherited: each file names itself


def _overlay(base: dict, top: dict, path: tuple, replaced: list) -> dict:
    """Deep-merge mapping ``top`` over ``base``, noting the paths that ``top`` replaces whole."""
    out = dict(base)
    for key, value in top.items():
        # A parameter's value (a distribution too) is one thing: replace it, never mix two.
        if isinstance(value, dict) and isinstance(out.get(key), dict) and path != ("params",):
            out[key] = _overlay(out[key], value, path + (key,), replaced)
        else:
            out[key] = value
            replaced.append(path + (key,))
    return out


def _merge(parent: dict, plines: dict, child: dict, clines: dict) -> tuple[dict, dict]:
    """The child's data and line map overlaid on the parent's; interventions appended."""
    pl, cl = parent.get("interventions"), child.get("interventions")
    shift = len(pl) if isinstance(pl, list) and isinstance(cl, list) else 0
    replaced: list = []
    merged = _overlay({k: v for k, v in parent.items() if k not in _OWN}, child, (), replaced)
    if shift:
        merged["interventions"] = pl + cl
        replaced.remove(("interventions",))
    lines = {p: v for p, v in plines.items()
             if p and p[0] not in _OWN and not any(p[:len(r)] == r for r in replaced)}
    for p, v in clines.items():
        lines[p[:1] + (p[1] + shift,) + p[2:] if p[:1] == ("interventions",) and len(p) > 1 else p] = v
    return merged, lines


def resolve(data: Any, lines: dict, label: str, base: Path, chain: tuple[Path, ...]) -> tuple[Any, dict, tuple[str, ...]]:
    """Overlay ``data`` on its ``extends`` chain; returns data, line map and parent paths."""
    if not isinstance(data, dict) or data.get("extends") is None:
        return data, lines, ()
    where, parent = Where(label, lines), data["extends"]
    if not isinstance(parent, str) or not parent:
        where.fail(("extends",), f"got {show(parent)}; expected the path of a scenario file, relative to this one")
    if len(chain) > MAX_EXTENDS:
        where.fail(("extends",), f"a chain of more than {MAX_EXTENDS} extends; expected a shorter chain")
    try:
        target = (base / parent).resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        where.fail(("extends",), f"{parent!r} cannot be resolved ({e}); expected a scenario file relative to {base}")
    if target in chain:
        names = " -> ".join(p.name for p in chain + (target,))
        where.fail(("extends",), f"cyclic extends {names}; expected a chain of files that ends")
    if not target.is_file():
        where.fail(("extends",), f"{parent!r} not found ({target}); expected a scenario file relative to {base}")
    plabel = os.path.normpath(os.path.join(os.path.dirname(label), parent)) if chain else str(target)
    pdata, plines = read_yaml(target, plabel)
    pdata, plines, grand = resolve(pdata, plines, plabel, target.parent, chain + (target,))
    build(pdata, plines, plabel, str(target), grand)  # every file of a chain is a scenario itself
    child = {k: v for k, v in data.items() if k != "extends"}
    return *_merge(pdata, plines, child, lines), (str(target),) + grand
