"""The model: one Mesa ``Model`` that steps every world of an ensemble at once.

Each agent keeps its state as numpy arrays with one entry per world, and its rules are
array operations, so one call of :meth:`PactModel.step` advances every world by a week.
A single world is an ensemble of one. The week reads in the order it is simulated:
environment (Germany, the United States), the deciding agents (Japan, the USSR),
combat, treaty law, record; the exogenous events that fall in the week are resolved,
world by world, as the rules first ask about them (:mod:`.exogenous`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType

import mesa
import numpy as np
import pandas as pd
import pyarrow as pa

from .calendar import Calendar
from .eventlog import EventLog
from .exogenous import Exogenous
from .germany import Germany
from .japan import Japan
from .outcomes import outcomes
from .pact import Treaty
from .rng import Streams
from .theaters import Theater
from .usa import UnitedStates
from .ussr import USSR
from .vocabulary import CATALOGUE

SERIES_EVERY = 4
"""Weekly series are kept every this many weeks, to keep them compact."""


class PactModel(mesa.Model):
    """The Neutrality Pact world, for the ensemble ``worlds`` of root ``seed``.

    Parameters
    ----------
    scenario:
        A validated :class:`sim.files.scenario.Scenario`.
    seed:
        Root seed of the run; world ``k`` draws from the stream addressed by
        ``(seed, k)`` whatever else runs beside it.
    worlds:
        Global indices of the worlds to simulate (default: ``0..n-1``).
    series:
        Keep forces by theater every four weeks (for fan charts).
    values:
        Parameter values given explicitly, overriding the scenario: a float, or an array
        with one value per world (sensitivity studies give each block of worlds its own
        point). Per-world arrays are recorded as ``param:<name>`` columns.
    """

    def __init__(self, scenario, seed: int = 0, worlds=None, n: int = 1, series: bool = False,
                 values=None) -> None:
        super().__init__(rng=seed)
        # Mesa's own generators are one stream for all worlds: a rule drawing from them
        # would make a world depend on the worlds beside it. Every draw goes through
        # self.streams, addressed by (world, week, site), so these refuse to be used.
        self.rng = self.random = _SharedStream()
        self.scenario = scenario
        self.seed = int(seed)
        self.worlds = np.arange(n, dtype=np.int64) if worlds is None else np.asarray(worlds, dtype=np.int64)
        self.n = self.worlds.size
        self.calendar = Calendar(scenario.start, scenario.end)
        self.streams = Streams(self.seed, self.worlds)
        self.events = scenario.events
        self.sampled: dict[str, np.ndarray] = {}
        self._values = _explicit(values or {}, self.n)
        self.params = MappingProxyType({name: self._resolve(name) for name in CATALOGUE})
        """Every parameter, resolved once: a float, or one value per world where sampled."""
        self.used: set[str] = set()
        """The parameters the rules have read (the vocabulary test checks it is all of them)."""
        self._forced: dict[int, dict[str, str]] = {}
        for iv in scenario.interventions:
            self._forced.setdefault(self.calendar.step_of(iv.date), {})[iv.decision] = iv.option
        self.day = scenario.start
        self.log = EventLog(self.worlds, self.calendar)
        self.pact = Treaty(scenario.neutrality_pact, self.n, scenario.start)
        self.theater = Theater(self)
        self.germany = Germany(self)
        self.us = UnitedStates(self)
        self.japan = Japan(self)
        self.ussr = USSR(self)
        self.exogenous = Exogenous(self)
        self.keep_series = series
        self._series: list[tuple[int, np.ndarray]] = []

    # --- inputs -------------------------------------------------------------------
    def _resolve(self, name: str):
        if name in self._values:
            value = self._values[name]
            if isinstance(value, np.ndarray):
                self.sampled[name] = value
            return value
        value = _draw(self.scenario.param, self.streams, name)
        if isinstance(value, np.ndarray):
            self.sampled[name] = value
        return value

    def p(self, name: str):
        """Parameter ``name``: a float, or one value per world where it is uncertain."""
        self.used.add(name)
        return self.params[name]

    def p_at(self, name: str, worlds: np.ndarray | None):
        """Parameter ``name`` for the worlds at local positions ``worlds`` only (None: all)."""
        value = self.p(name)
        return value[worlds] if isinstance(value, np.ndarray) and worlds is not None else value

    @property
    def t(self) -> int:
        """The week being simulated, from 0 (Mesa's step counter, less the step under way)."""
        return self.steps - 1

    @property
    def week_end(self) -> dt.date:
        return self.day + dt.timedelta(days=6)

    def happens(self, event: str) -> np.ndarray:
        """Where exogenous ``event`` happens in the current week, one value per world (its
        date falls in the week and its preconditions hold; read only)."""
        return self.exogenous.happens(event)

    def passed(self, event: str) -> np.ndarray:
        """Where exogenous ``event`` has happened by the end of the current week."""
        return self.exogenous.passed(event)

    def forced(self, decision) -> str | None:
        """The option an intervention forces on ``decision`` this week, if any."""
        return self._forced.get(self.t, {}).get(decision.name)

    # --- the week -----------------------------------------------------------------
    def step(self) -> None:
        """Advance every world by one week (Mesa has already counted the step)."""
        self.day = self.calendar.date(self.t)
        self.germany.step()
        self.us.step()
        self.japan.step()
        self.ussr.step()
        self.theater.step()
        self._treaties()
        self._record()

    def run(self) -> None:
        """Step to the end of the period."""
        while self.steps < self.calendar.n_steps:
            self.step()

    def _treaties(self) -> None:
        acts = self.pact.advance(self.week_end)
        for act in ("in_force", "prolonged", "lapsed"):
            self.log.add(self.t, "treaty", f"pact_{act}", acts[act])

    def _record(self) -> None:
        if self.keep_series and self.t % SERIES_EVERY == 0:
            forces = np.stack([self.ussr.fe, self.ussr.west, self.japan.manchuria, self.japan.south]).astype(np.float32)
            self._series.append((self.t, forces))

    # --- outputs ------------------------------------------------------------------
    def series(self) -> pd.DataFrame | None:
        """Forces by theater every four weeks, world by world (the order that does not
        depend on how worlds are chunked): ``world, date, soviet_far_east, soviet_west,
        japan_manchuria, japan_south``."""
        if not self.keep_series:
            return None
        steps = np.array([s for s, _ in self._series])
        forces = np.stack([f for _, f in self._series], axis=2)  # (force, world, week)
        return pd.DataFrame(
            {
                "world": np.repeat(self.worlds, steps.size),
                "date": np.tile(self.calendar.dates(steps).astype("datetime64[s]"), self.n),
                "soviet_far_east": forces[0].ravel(),
                "soviet_west": forces[1].ravel(),
                "japan_manchuria": forces[2].ravel(),
                "japan_south": forces[3].ravel(),
            }
        )


def _draw(param, streams: Streams, name: str):
    """Parameter ``name`` as ``param`` (a scenario's :meth:`~sim.files.scenario.Scenario.param`)
    sets it: a float, or one draw per world of ``streams`` within the catalogue's bounds
    where it gives a distribution."""
    value = param(name)
    if isinstance(value, (int, float)):
        return float(value)
    spec = CATALOGUE[name]
    return value.sample(streams, f"param:{name}", spec.low, spec.high)


def sampled_params(param, seed: int, worlds, names=None) -> dict[str, np.ndarray]:
    """The values the worlds ``worlds`` (global indices) of root ``seed`` draw for every
    parameter a scenario leaves uncertain (or for those of ``names``), in catalogue order:
    the ``param:`` columns of their outcome table, without simulating them. ``param`` is
    the scenario's :meth:`~sim.files.scenario.Scenario.param` (or
    :func:`~sim.files.scenario.recorded_params` of a manifest).

    A draw is a pure function of (seed, world, parameter), so these equal the values the
    worlds were simulated with; results folders store them this way rather than as data.
    """
    streams = Streams(seed, np.asarray(worlds, dtype=np.int64))
    out = {}
    for name in CATALOGUE:
        if names is None or name in names:
            value = _draw(param, streams, name)
            if isinstance(value, np.ndarray):
                out[name] = value
    return out


def _explicit(values, n: int) -> dict:
    """Explicit parameter values checked against the catalogue: floats or (n,) arrays."""
    out = {}
    for name, value in values.items():
        if name not in CATALOGUE:
            raise KeyError(f"unknown parameter {name!r}")
        if np.ndim(value) == 0:
            out[name] = float(value)
            continue
        array = np.asarray(value, dtype=float)
        if array.shape != (n,):
            raise ValueError(f"values[{name!r}] has shape {array.shape}; expected one value per world ({n},)")
        if not CATALOGUE[name].per_world:
            raise ValueError(f"parameter {name!r} may not differ between worlds; give one float")
        out[name] = array
    return out


class _SharedStream:
    """Stands in for Mesa's ``model.rng`` and ``model.random``, which no rule may use."""

    def __getattr__(self, name):
        raise RuntimeError("pactsim rules never draw from Mesa's model.rng/model.random (one stream shared by "
                           "all worlds); draw from model.streams at a site declared in sim/world/vocabulary/sites.py")


@dataclass
class Chunk:
    """The tables one simulated set of worlds produces."""

    worlds: pd.DataFrame
    events: pd.DataFrame | None
    series: pd.DataFrame | None = None


def simulate(scenario, seed: int, worlds, series: bool = False, values=None, events: bool = True) -> Chunk:
    """Run ``worlds`` (global indices) of ``scenario`` with root ``seed`` to the end.

    ``values`` pins parameters explicitly (see :class:`PactModel`); a world index may
    then appear more than once, each time with its own values and the same dice.
    ``events=False`` skips assembling the event table (``Chunk.events`` is None), which
    costs more than the simulation when only outcomes are wanted.
    """
    model = PactModel(scenario, seed=seed, worlds=worlds, series=series, values=values)
    model.run()
    log = None
    if events:
        log = model.log.frame()
        name = pa.repeat(pa.scalar(scenario.name, pa.string()), len(log))
        log.insert(0, "scenario", pd.Series(pd.arrays.ArrowStringArray(name), dtype="string"))
    chunk = Chunk(outcomes(model), log, model.series())
    # Mesa 3.3 keeps every model alive in the class attribute Agent._ids (mesa#3179,
    # fixed by mesa#3180), so a worker running chunk after chunk would grow ~20 MB a chunk.
    getattr(mesa.Agent, "_ids", {}).pop(model, None)
    return chunk
