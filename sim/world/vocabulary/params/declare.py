"""What a catalogue parameter is, and the one way to declare it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

INF = float("inf")
"""No bound."""


@dataclass(frozen=True)
class Param:
    """One model parameter."""

    name: str
    default: float
    unit: str
    meaning: str
    source: str
    low: float = -INF
    high: float = INF
    plausible: tuple[float, float] | None = None
    """For a judgement: the range of values the record cannot tell apart, sampled per
    world by default (None: a figure from the record, or a normalisation)."""
    why: str = ""
    """The reasoning behind ``plausible``."""
    per_world: bool = True
    """Whether the value may differ between worlds (a distribution); False refuses one."""
    calibrated_to: tuple[str, ...] = ()
    """Keys of the calibration targets (``sim.analysis.calibration.TARGETS``) this value
    was tuned to reproduce; those targets are fitted, not tested, by the historical run."""

    @property
    def group(self) -> str:
        """The part of the model the parameter belongs to (text before the first dot)."""
        return self.name.split(".", 1)[0]


def define(name: str, default: float, unit: str, *, meaning: str, source: str,
           low: float = -INF, high: float = INF, plausible: tuple[float, float] | None = None,
           why: str = "", per_world: bool = True, calibrated_to: tuple[str, ...] = ()) -> Param:
    """Declare one parameter; every field but name, default and unit is named.

    Raises ``ValueError`` for a declaration that contradicts itself, so that a slip is
    caught where it is written, not when a world first samples the value."""
    problems = []
    if "." not in name:
        problems.append("its name must be '<part>.<name>'")
    if not low <= default <= high:
        problems.append(f"default {default:g} lies outside [{low:g}, {high:g}]")
    if plausible is not None:
        lo, hi = plausible
        if not low <= lo <= hi <= high:
            problems.append(f"plausible range {plausible} is not ordered inside [{low:g}, {high:g}]")
        if not why:
            problems.append("a plausible range needs its why")
    if not isinstance(calibrated_to, tuple) or not all(isinstance(t, str) for t in calibrated_to):
        problems.append("calibrated_to must be a tuple of target keys")
    if not meaning or not source:
        problems.append("meaning and source must be given")
    if problems:
        raise ValueError(f"parameter {name!r}: " + "; ".join(problems))
    return Param(name, default, unit, meaning, source,
                 low, high, plausible, why, per_world, calibrated_to)


def catalogue(*parts: Iterable[Param]) -> dict[str, Param]:
    """The parameters of every part by name; a name declared twice is refused."""
    out: dict[str, Param] = {}
    for p in (p for part in parts for p in part):
        if p.name in out:
            raise ValueError(f"parameter {p.name!r} is declared twice")
        out[p.name] = p
    return out
