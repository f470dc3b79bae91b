"""Global sensitivity of a what-if to its assumptions: which parameters decide the answer.

A *study* samples the uncertain parameters of a scenario over their ranges with SALib
(Morris elementary effects or Sobol indices), runs every sampled *point* as a small
paired ensemble, and analyses the outcome measure (:mod:`sim.analysis.measure`) with
SALib. With a baseline, each point runs the what-if and the baseline on the same worlds
and seed, so the measure is the paired difference what-if minus baseline and the noise
of the dice cancels (common random numbers). Every point uses the same worlds
``0..K-1``, so points differ only by their parameter values, not by their dice.

All points of a chunk run in one model call: the model takes explicit per-world values
(:class:`sim.world.model.PactModel`), and point ``j`` of a chunk is the block of worlds
``j*K .. j*K+K-1`` holding global world indices ``0..K-1`` with that point's values.

The range of a parameter, in order of preference: the one given by the caller
(``ranges=``), the scenario's own distribution (uniform low-high, triangular low-high,
normal mean +- 2 sd, choice min-max), the catalogue's ``plausible`` range, the
catalogue's bounds when both are finite. Points are drawn uniformly over the ranges.
"""

from __future__ import annotations

import difflib
import fnmatch
import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine import Job, execute, world_table
from ..files import recorded
from ..files.outputs import MANIFEST, digest, read_json, write_atomic
from ..files.runfolder import FORMAT, read_plan
from ..files.scenario import Distribution, as_scenario
from ..files.store import read_table
from ..limits import positive
from ..world.vocabulary import CATALOGUE
from . import measure as measures
from .design import (  # noqa: F401 (Design, Factor and SensitivityError are part of this module's API)
    Design,
    Factor,
    SensitivityError,
    indices,
)
from .given import GivenError, condition, parse_given

POINTS = "points"
"""The table of a study's folder: one row per point."""

WORLDS_PER_CALL = 5000
"""Worlds per model call when chunking points: the model's cost per week is mostly fixed
overhead below a few thousand worlds."""


# --- Which parameters, over which ranges ----------------------------------------------------

def _range(name: str, scenario, given: dict) -> Factor | None:
    spec = CATALOGUE[name]
    if name in given:
        low, high = map(float, given[name])
        return Factor(name, low, high, "given")
    value = scenario.params.get(name)
    if isinstance(value, Distribution):
        a = value.args
        if value.kind in ("uniform", "triangular"):
            low, high = a[0], a[-1]
        elif value.kind == "normal":
            low, high = a[0] - 2 * a[1], a[0] + 2 * a[1]
        else:
            low, high = min(a[0]), max(a[0])
        low, high = max(low, spec.low), min(high, spec.high)
        return Factor(name, low, high, f"scenario {value.kind}" + (" +-2 sd" if value.kind == "normal" else ""))
    if spec.plausible is not None:
        return Factor(name, *map(float, spec.plausible), "catalogue plausible")
    if math.isfinite(spec.low) and math.isfinite(spec.high):
        return Factor(name, spec.low, spec.high, "catalogue bounds")
    return None


def select(scenario, patterns=None, ranges=None) -> tuple[Factor, ...]:
    """The parameters a study varies, in catalogue order.

    Without ``patterns``: every parameter the scenario makes uncertain (a distribution
    in the scenario, or a ``plausible`` range in the catalogue) and every one in
    ``ranges``. With ``patterns`` (names or globs such as ``japan.w_*``): the matching
    parameters that have a range. Raises :class:`SensitivityError` for a name or glob
    that matches nothing, a named parameter without a range, or an empty selection.
    """
    given = dict(ranges or {})
    for name, bounds in given.items():
        if name not in CATALOGUE:
            raise SensitivityError(_unknown_parameter(name))
        if len(bounds) != 2 or not float(bounds[0]) < float(bounds[1]):
            raise SensitivityError(f"range of {name}: got {bounds!r}; expected (low, high) with low < high")
    if patterns is None:
        chosen = [n for n in CATALOGUE if n in given or isinstance(scenario.params.get(n), Distribution)
                  or CATALOGUE[n].plausible is not None]
        factors = [_range(n, scenario, given) for n in chosen]
        if not factors:
            raise SensitivityError(f"{scenario.name} has no uncertain parameters; name some with --params and "
                                   f"give them a range (a distribution in the scenario file)")
        return tuple(factors)
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    chosen: dict[str, Factor] = {}
    for pattern in patterns:
        matched = [n for n in CATALOGUE if fnmatch.fnmatchcase(n, pattern)]
        if not matched:
            raise SensitivityError(_unknown_parameter(pattern) if not _is_glob(pattern)
                                   else f"--params {pattern!r} matches no parameter; see `pactsim params`")
        ranged = {n: f for n in matched if (f := _range(n, scenario, given)) is not None}
        if not ranged:
            what = (f"parameter {pattern} has" if not _is_glob(pattern)
                    else f"none of the {len(matched)} parameters matching {pattern!r} has")
            raise SensitivityError(f"{what} no range: no distribution in {scenario.name}, no plausible "
                                   f"range in the catalogue and no finite bounds; give it one with --range "
                                   f"NAME=LOW:HIGH (ranges= in Python) or a distribution in the scenario file")
        chosen.update(ranged)
    return tuple(chosen[n] for n in CATALOGUE if n in chosen)


def _is_glob(pattern: str) -> bool:
    return any(c in pattern for c in "*?[")


def _unknown_parameter(name: str) -> str:
    close = difflib.get_close_matches(name, list(CATALOGUE), n=1)
    return f"unknown parameter {name!r}" + (f"; did you mean {close[0]!r}?" if close else "; see `pactsim params`")


# --- Evaluating points on the model -----------------------------------------------------

def evaluate_model(x: np.ndarray, *, names, whatif, baseline, measure, seed: int, worlds: int,
                   given=None) -> pd.DataFrame:
    """The measure at each point of ``x`` (rows), on worlds ``0..worlds-1`` of ``seed``.

    Returns ``whatif`` (and ``baseline``) per point and ``y``, the value analysed: the
    paired difference with a baseline, else the what-if's own measure. ``given`` (a
    :class:`~sim.analysis.given.Condition`) reads every number on the pairs whose baseline
    twin meets it at that point, and adds their number, ``matching``.
    """
    n = len(x)
    ids = np.tile(np.arange(worlds, dtype=np.int64), n)
    batched = all(CATALOGUE[name].per_world for name in names)
    out = {}
    per_world = {}
    for label, scenario in (("whatif", whatif), ("baseline", baseline)):
        if scenario is None:
            continue
        if batched:
            values = {name: np.repeat(x[:, j], worlds) for j, name in enumerate(names)}
            table = world_table(scenario, seed, ids, values)
        else:  # a parameter that must be one number per run: one call per point
            table = pd.concat([world_table(scenario, seed, ids[:worlds], dict(zip(names, map(float, row))))
                               for row in x], ignore_index=True)
        v = measure.per_world(table, whatif.start, whatif.end).reshape(n, worlds)
        if given is not None and label == "baseline":
            keep = given.holds(table).reshape(n, worlds)
        per_world[label] = v
    if given is not None:  # the pairs whose baseline twin does not meet it drop out of every number
        per_world = {k: np.where(keep, v, np.nan) for k, v in per_world.items()}
        summarise = _nan_summarise(measure)
    else:
        summarise = measure.summarise
    out = {label: summarise(v, axis=1) for label, v in per_world.items()}
    out["y"] = (summarise(per_world["whatif"] - per_world["baseline"], axis=1)
                if baseline is not None else out["whatif"])
    if given is not None:
        out["matching"] = keep.sum(axis=1)
    return pd.DataFrame(out)


def _nan_summarise(measure):
    """The measure's summary over the values that are not NaN (a point with none: NaN)."""
    def summarise(values: np.ndarray, axis: int = -1) -> np.ndarray:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "mean of empty slice": told after the study
            return np.nanmedian(values, axis=axis) if measure.unit == "days" else np.nanmean(values, axis=axis)
    return summarise


# --- The study ------------------------------------------------------------------------------

def _condition(given: str | None, whatif, base):
    """``given`` made concrete for the pair (``base``, ``whatif``); refused without a baseline."""
    if given is None:
        return None
    if base is None:
        raise GivenError(f"--given {given!r} is read on a baseline twin: add --baseline")
    return condition(parse_given(given, base.start, base.end), base, whatif)


def sensitivity(scenario, outcome: str, baseline=None, method: str = "morris", params=None,
                samples: int | None = None, worlds_per_point: int = 200, seed: int = 0,
                ranges: dict | None = None, out: str | os.PathLike | None = None, workers: int = 1,
                dask: str | None = None, chunk_points: int | None = None, resume: bool = False,
                progress: bool | None = None, given: str | None = None) -> pd.DataFrame:
    """Which assumptions decide ``outcome`` in ``scenario`` (against ``baseline``).

    Parameters
    ----------
    scenario, baseline:
        Scenarios, paths or bundled names; with a baseline the measure is the paired
        difference what-if minus baseline on the same worlds.
    outcome:
        ``COLUMN``, ``COLUMN<DATE``, ``COLUMN>DATE`` or ``COLUMN==VALUE``
        (:mod:`sim.analysis.measure`).
    method, samples:
        ``morris`` (``samples`` trajectories, default 10: ``samples * (d + 1)`` points)
        or ``sobol`` (``samples`` base samples, a power of two, default 256:
        ``samples * (d + 2)`` points) for ``d`` parameters.
    params, ranges:
        Names or globs of the parameters to vary (see :func:`select`), and ranges
        ``{name: (low, high)}`` that take precedence over the scenario's and catalogue's.
    worlds_per_point, seed:
        Each point runs worlds ``0..worlds_per_point-1`` of ``seed``.
    out, resume, workers, dask, chunk_points, progress:
        As for :func:`sim.run`: with ``out`` the points are written chunk by chunk and the
        study can resume; the results do not depend on workers or chunking.
    given:
        A condition (:mod:`sim.analysis.given`): at each point, only the pairs whose
        baseline twin meets it are read (it needs a baseline).

    Returns
    -------
    The table of indices, one row per parameter, ranked by mu* (Morris) or ST (Sobol);
    ``table.attrs["manifest"]`` describes the study. With ``out`` the folder holds
    ``indices.parquet``/``.csv``, ``points.parquet``, ``sensitivity.png`` and ``manifest.json``.
    """
    whatif, base = as_scenario(scenario), None if baseline is None else as_scenario(baseline)
    measure = measures.parse(outcome)
    if isinstance(worlds_per_point, bool) or not isinstance(worlds_per_point, (int, np.integer)) or worlds_per_point < 1:
        raise SensitivityError(f"worlds per point must be a positive whole number, got {worlds_per_point!r}")
    cond = _condition(given, whatif, base)
    design = Design(select(whatif, params, ranges), method, samples, seed)
    names = [f.name for f in design.factors]
    evaluate = partial(evaluate_model, names=names, whatif=whatif, baseline=base, measure=measure,
                       seed=int(seed), worlds=int(worlds_per_point), **({} if cond is None else {"given": cond}))
    request = {
        "kind": "sensitivity", "scenario": whatif.to_dict(), "baseline": None if base is None else base.to_dict(),
        "outcome": outcome, "unit": measure.unit, "method": design.method, "samples": design.samples,
        "factors": [vars(f) for f in design.factors], "worlds_per_point": int(worlds_per_point),
    } | ({} if given is None else {"given": given})
    labels = {"scenario": whatif.name, "baseline": None if base is None else base.name, "outcome": outcome,
              "unit": measure.unit, "method": design.method, "points": design.n_points,
              "worlds_per_point": int(worlds_per_point), "seed": int(seed), "origin": whatif.start.isoformat()} | (
                  {} if given is None else {"given": given})
    options = {"--outcome": outcome, "--baseline": labels["baseline"], "--method": design.method,
               "--samples": design.samples, "--worlds-per-point": int(worlds_per_point), "--params": names,
               "--range": {f.name: [f.low, f.high] for f in design.factors}, "--given": given}
    return run_study(design, evaluate, request, labels, out=out, workers=workers, dask=dask,
                     chunk_points=chunk_points, resume=resume, progress=progress, title=whatif.name,
                     worlds=int(worlds_per_point), options=options)


def run_study(design: Design, evaluate, request: dict, labels: dict, out=None, workers: int = 1,
              dask: str | None = None, chunk_points: int | None = None, resume: bool = False,
              progress: bool | None = None, title: str = "study", worlds: int = 1,
              options: dict | None = None) -> pd.DataFrame:
    """Sample ``design``, evaluate its points with ``evaluate`` (points -> frame with a
    ``y`` column) chunk by chunk on the engine, analyse, and write the outputs to ``out``.
    ``options`` (the command's options as given) go into the plan, so that a refused
    resume names the option that differs.

    ``evaluate`` is the model (:func:`evaluate_model`) or, in tests, a function with a
    known answer; it must be picklable to run in worker processes.
    """
    x = design.points()
    names = [f.name for f in design.factors]
    if chunk_points is None:  # about WORLDS_PER_CALL worlds per model call, work for every worker
        chunk_points = max(1, min(-(-WORLDS_PER_CALL // worlds), -(-len(x) // max(workers, 1))))
    chunk_points = positive("chunk_points", chunk_points)
    plan = {"format": _format(out, resume), "kind": "sensitivity", "scenario_name": title,
            "scenario_digest": digest(request), "seed": design.seed, "worlds": len(x), "chunk_size": chunk_points,
            "chunks": -(-len(x) // chunk_points), "series": False} | ({"options": options} if options else {})
    job = Job.cut(len(x), chunk_points, name=f"{title} ({design.method})", chunk=PointChunk(evaluate, names, x),
                  tables=(POINTS,), plan=plan, unit="points", what="study", keep=True)

    analysed = {}

    def finish(execution, path) -> dict:
        points = execution.tables[POINTS]
        if "matching" in points and (points["matching"] == 0).any():
            empty = int((points["matching"] == 0).sum())
            raise GivenError(f"at {empty} of {len(points)} sampled points no pair of {worlds} matches "
                             f"`{request['given']}`: run more worlds per point (-k) or relax the condition")
        analysed["table"] = table = indices(design, points, labels)
        manifest = {"request": request, "labels": labels, "rank_by": design.key}
        if path is not None:
            manifest[recorded.KEY] = _write(path, table, manifest)
        return manifest

    execution = execute(job, finish, out=out, workers=workers, dask=dask, resume=resume, progress=progress)
    if execution is None:  # resuming a study that had finished
        return load(out)
    analysed["table"].attrs["manifest"] = execution.manifest
    return analysed["table"]


@dataclass(frozen=True)
class PointChunk:
    """The chunk function of a study: rows ``lo..hi-1`` of the points table (``point``,
    the parameter values, and what ``evaluate`` gives at each)."""

    evaluate: Callable[[np.ndarray], pd.DataFrame]
    names: list[str]
    x: np.ndarray

    def __call__(self, lo: int, hi: int) -> dict[str, pd.DataFrame]:
        head = pd.DataFrame(self.x[lo:hi], columns=list(self.names))
        head.insert(0, "point", np.arange(lo, hi, dtype=np.int64))
        return {POINTS: pd.concat([head, self.evaluate(self.x[lo:hi]).reset_index(drop=True)], axis=1)}


def _format(out, resume: bool) -> int:
    """The folder format of a study: :data:`FORMAT`, or that of the study being resumed
    when an older pactsim began it. Format 1 and 2 differ only in a run's ``worlds``
    table, which a study has not, so a study of format 1 resumes as one."""
    if not resume or out is None:
        return FORMAT
    found = read_plan(out) or (read_json(Path(out) / MANIFEST) if (Path(out) / MANIFEST).is_file() else {})
    return 1 if found.get("kind") == "sensitivity" and found.get("format") == 1 else FORMAT


def _write(path: Path, table: pd.DataFrame, manifest: dict) -> dict:
    """The outputs of a finished study, each atomically (the engine writes the manifest
    last); return what the manifest records of its tables (:func:`sim.files.recorded.record`)."""
    from .sensitivity_plot import bar_data, save

    plain = table.copy(deep=False)
    plain.attrs = {}  # pandas would store them in the file: the manifest has its own
    write_atomic(path / "indices.parquet", lambda tmp: plain.to_parquet(tmp, index=False))
    write_atomic(path / "indices.csv", lambda tmp: table.to_csv(tmp, index=False, float_format="%.6g"))
    data = bar_data(table, manifest["rank_by"])
    shown = f"; the {len(data)} largest of {len(table)} parameters" if len(data) < len(table) else ""
    save(data, path / "sensitivity", title=_title(manifest["labels"]) + shown)
    return recorded.record(path, {"indices.parquet": len(table), "indices.csv": len(table)})


def format_table(table: pd.DataFrame, top: int = 10) -> str:
    """The ``top`` parameters of ``table`` as text, with what the numbers mean."""
    m = table.attrs.get("manifest", {})
    labels, key = m.get("labels", {}), m.get("rank_by", "mu_star" if "mu_star" in table else "ST")
    cols = ["parameter", key, f"{key}_conf", "sigma" if key == "mu_star" else "S1", "low", "high", "range_source"]
    text = table[cols].head(top).to_string(index=False, float_format=lambda v: f"{v:.3g}")
    what = {"share": "a share of worlds", "days": "days", "mean": "the mean"}.get(labels.get("unit"), "the output")
    against = " (the paired difference)" if labels.get("baseline") else ""
    return (f"{_title(labels)}, seed {labels.get('seed')}\nmeasured as {what}{against}; ranked by {key} "
            f"(+- 95% bootstrap half-width)\n{text}")


def _title(labels: dict) -> str:
    where = f" in {labels['scenario']}" if labels.get("scenario") else ""
    against = f" vs {labels['baseline']}" if labels.get("baseline") else ""
    size = (f" ({labels['points']} points x {labels['worlds_per_point']} {'paired ' if against else ''}worlds)"
            if "points" in labels else "")
    given = f", given {labels['given']}" if labels.get("given") else ""
    return f"{labels.get('outcome', 'y')}{where}{against}{size}{given}"


def load(path) -> pd.DataFrame:
    """The table of indices of the finished study in folder ``path`` (manifest in ``attrs``)."""
    path = Path(path)
    if not (path / "indices.parquet").is_file() or not (path / "manifest.json").is_file():
        raise SensitivityError(f"{path} is not a finished sensitivity study (it needs indices.parquet and "
                               f"manifest.json); finish it with `pactsim sensitivity ... -o {path} --resume`")
    manifest = read_json(path / MANIFEST)
    table = read_table(recorded.checked(path, "indices.parquet", manifest.get(recorded.KEY), path / MANIFEST))
    table.attrs["manifest"] = manifest
    return table


def points_table(path) -> pd.DataFrame:
    """The points of the finished study in ``path``: values, what-if, baseline, ``y``."""
    path = Path(path)
    manifest = read_json(path / MANIFEST)
    return read_table(recorded.checked(path, f"{POINTS}.parquet", recorded.run_record(manifest, POINTS), path / MANIFEST))
