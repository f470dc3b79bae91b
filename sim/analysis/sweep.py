"""Parameter sweeps: outcomes against the values of one or more parameters.

What users of NetLogo's BehaviorSpace and Mesa's ``batch_run`` expect: vary parameters
over values (several crossed into a grid), run every point of the grid, and get one tidy
table with a row per world and point and the values as columns ("table" output), with a
summary per point. A sensitivity study answers another question (which of many
assumptions carry an answer, over their whole ranges); a sweep shows how one answer
moves with one or two of them, value by value.

Every point is an ordinary run of the scenario with the swept parameters fixed to the
point's values, on the same worlds ``0..worlds-1`` and seed: points differ by their
values, never by their dice (common random numbers), and a baseline run on the same
worlds pairs with every point. Runs go through :func:`sim.ensemble.run`, so a sweep
streams, resumes (``resume=True`` finishes only the missing points and chunks) and gives
the same bytes for the same seed whatever the number of workers.

A sweep's folder::

    sweep.json        what is swept (written first: resume checks it)
    runs/point-000/   one results folder per point, and runs/baseline/
    table.parquet     one row per world and point (and table.csv)
    summary.csv       one row per point and outcome: value and 95% interval,
                      and the paired difference from the baseline
    sweep.png         the outcomes against the first swept parameter
    manifest.json     written last: the sweep is finished
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import math
import os
import sys
import types
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine import interactive, versions
from ..ensemble import run as run_ensemble
from ..errors import PactsimError
from ..files import recorded
from ..files.outputs import MANIFEST, check_output, digest, read_json, write_atomic, write_json
from ..files.runfolder import FORMAT, option_value
from ..files.scenario import as_scenario
from ..files.store import read_table
from ..limits import check_request
from ..world.vocabulary import CATALOGUE, OUTCOMES
from . import measure as measures
from .compare import signed
from .paired import mean_ci, median_ci, paired_share
from .plots.common import file_metadata
from .summary import wilson

MAX_POINTS = 200
"""A larger grid is a study of many assumptions: `pactsim sensitivity` samples them better."""
MAX_WORLD_RUNS = 2_000_000
"""Points times worlds (with the baseline): about 15 minutes on one core, 1 GB on disk."""
DEFAULT_OUTCOMES = ("japan_attacks_ussr<1944-01-01", "ussr_attacks_japan<1946-01-01")
PLAN, TABLE, SUMMARY, FIGURE = "sweep.json", "table.parquet", "summary.csv", "sweep.png"
BASELINE = "baseline"


class SweepError(PactsimError, ValueError):
    """A sweep asked for something it cannot do; the message names the part."""


# --- The grid -------------------------------------------------------------------------------

def parse_vary(text: str) -> tuple[str, tuple[float, ...]]:
    """``NAME=V1,V2,...`` or ``NAME=LOW:HIGH:STEPS`` as ``(name, values)``."""
    name, sep, spec = (part.strip() for part in str(text).partition("="))
    form = "expected NAME=V1,V2,... or NAME=LOW:HIGH:STEPS, e.g. japan.w_german_success=1:3:5"
    if not sep or not name or not spec:
        raise SweepError(f"--vary {text!r}: {form}")
    parts = spec.split(":")
    if len(parts) == 3 and not (parts[2].strip().isdigit() and int(parts[2]) >= 2):
        raise SweepError(f"--vary {text!r}: STEPS must be a whole number of at least 2, got {parts[2]!r}")
    try:
        if len(parts) == 3:
            values = tuple(np.linspace(float(parts[0]), float(parts[1]), int(parts[2])).round(12).tolist())
        elif len(parts) == 1:
            values = tuple(float(v) for v in spec.split(","))
        else:
            raise ValueError
    except ValueError:
        raise SweepError(f"--vary {text!r}: {form}") from None
    return name, values


def grid(vary: Mapping[str, Sequence[float]] | Sequence[str]) -> pd.DataFrame:
    """The crossed grid of ``vary`` (a mapping of names to values, or ``--vary`` texts):
    one row per point, one column per parameter, checked against the catalogue."""
    if not isinstance(vary, Mapping):
        pairs = [parse_vary(text) for text in vary]
        if len({name for name, _ in pairs}) < len(pairs):
            raise SweepError("a parameter is given twice in --vary; give each one once with all its values")
        vary = dict(pairs)
    if not vary:
        raise SweepError("nothing to sweep: give at least one --vary NAME=VALUES")
    axes = {}
    for name, values in vary.items():
        if name not in CATALOGUE:
            close = difflib.get_close_matches(name, CATALOGUE, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "see `pactsim params`"
            raise SweepError(f"--vary {name}: not a parameter of the catalogue; {hint}")
        values = tuple(float(v) for v in values)
        spec = CATALOGUE[name]
        bad = [v for v in values if not (math.isfinite(v) and spec.low <= v <= spec.high)]
        if not values or bad:
            raise SweepError(f"--vary {name}: {bad[0] if bad else 'no value'} is outside the catalogue's bounds "
                             f"[{spec.low:g}, {spec.high:g}] ({spec.unit})")
        if len(set(values)) < len(values):
            raise SweepError(f"--vary {name}: a value is given twice")
        axes[name] = values
    points = math.prod(len(v) for v in axes.values())
    if points > MAX_POINTS:
        raise SweepError(f"the grid has {points:,} points; at most {MAX_POINTS} (a larger grid is a study of many "
                         f"assumptions: `pactsim sensitivity` samples it better)")
    rows = list(itertools.product(*axes.values()))
    return pd.DataFrame(rows, columns=list(axes)).rename_axis("point")


# --- Running it -----------------------------------------------------------------------------

@dataclasses.dataclass
class Sweep:
    """A finished sweep: the grid, the tidy table, the summary and, with a baseline, the
    baseline's own values (``baseline``, one row per outcome)."""

    manifest: dict
    grid: pd.DataFrame
    table: pd.DataFrame
    summary: pd.DataFrame
    baseline: pd.DataFrame | None
    path: Path | None = None

    def plot(self, axes=None):
        """The outcomes against the first swept parameter; the list of axes (see
        :func:`sim.analysis.plots.sweep.plot_sweep`)."""
        from .plots.sweep import plot_sweep

        return plot_sweep(self, axes=axes)

    def __repr__(self) -> str:
        m = self.manifest
        where = f" at {self.path}" if self.path else " in memory"
        return f"<Sweep {m['scenario']} over {', '.join(m['vary'])}: {len(self.grid)} points x {m['worlds']} worlds{where}>"


def _point_scenario(scenario, values: Mapping[str, float]):
    """``scenario`` with the swept parameters fixed (in every world) to ``values``."""
    return dataclasses.replace(scenario, params=types.MappingProxyType({**scenario.params, **values}))


def sweep(scenario, vary, outcomes: Sequence[str] = DEFAULT_OUTCOMES, baseline=None, worlds: int = 1000,
          seed: int = 0, out: str | os.PathLike | None = None, workers: int = 1, resume: bool = False,
          progress: bool | None = None) -> Sweep:
    """Run ``scenario`` at every point of the grid ``vary`` on worlds ``0..worlds-1``.

    ``vary`` maps parameter names to values (``{"japan.w_german_success": [1, 2, 3]}``)
    or is a list of ``--vary`` texts; several parameters are crossed. ``outcomes`` are
    measures of :mod:`sim.analysis.measure`. With ``baseline`` (a scenario), the summary
    also gives each point's paired difference from it. ``out`` writes a folder (see the
    module's docstring) that ``resume`` finishes after an interruption.
    """
    spec = as_scenario(scenario)
    base = None if baseline is None else as_scenario(baseline)
    points = grid(vary)
    parsed = [measures.parse(text) for text in outcomes]
    if not parsed:
        raise SweepError("no outcome to summarise: give at least one --outcome")
    runs = len(points) + (base is not None)
    worlds, seed, workers = check_request(worlds, seed, workers, in_memory=out is None, runs=runs)
    if runs * worlds > MAX_WORLD_RUNS:
        raise SweepError(f"{len(points)} points x {worlds:,} worlds is {runs * worlds:,} worlds to run; at most "
                         f"{MAX_WORLD_RUNS:,} (about 15 minutes on one core and 1 GB on disk): use fewer points or worlds")
    plan = {"kind": "sweep", "scenario": spec.name, "scenario_digest": digest(spec.to_dict()),
            "origin": spec.start.isoformat(),
            "baseline": None if base is None else base.name,
            "baseline_digest": None if base is None else digest(base.to_dict()),
            "vary": {name: points[name].drop_duplicates().tolist() for name in points.columns},
            "outcomes": [m.text for m in parsed], "worlds": worlds, "seed": seed}
    out = None if out is None else _open(Path(out), plan, resume)
    if out is not None and (out / MANIFEST).exists():
        return load_sweep(out)

    def one(label: str, scenario_) -> pd.DataFrame:
        folder = None if out is None else out / "runs" / label
        result = run_ensemble(scenario_, worlds=worlds, seed=seed, out=folder, workers=workers,
                              resume=folder is not None and folder.exists(), progress=progress)
        return result.read("worlds", ["world", "seed", *OUTCOMES])

    frames = []
    for i, values in enumerate(points.to_dict("records")):
        if progress or (progress is None and interactive()):
            print(f"point {i + 1} of {len(points)}: " + ", ".join(f"{k}={v:g}" for k, v in values.items()),
                  file=sys.stderr)
        worlds_ = one(f"point-{i:03d}", _point_scenario(spec, values))
        frames.append(pd.concat([pd.DataFrame({"point": i, **values}, index=worlds_.index), worlds_], axis=1))
    table = pd.concat(frames, ignore_index=True)
    table.insert(len(points.columns) + 1, "scenario", spec.name)
    base_worlds = None if base is None else one(BASELINE, base)
    summary, base_summary = summarise(table, points, parsed, spec, base_worlds)
    manifest = {**plan, "format": FORMAT, "points": len(points), "versions": versions(),
                "rows": {"table": len(table), "summary": len(summary)}}
    result = Sweep(manifest, points, table, summary, base_summary, out)
    if out is not None:
        _save(result)
    return result


_OPTION = {"worlds": "--worlds", "seed": "--seed", "outcomes": "--outcome", "baseline": "--baseline",
           "vary": "--vary", "scenario": "the scenario"}
"""The command-line option that sets each key of a sweep's plan."""


def _differs(key: str, here, there) -> str:
    """How ``key`` of the plan differs, as the command line gives it: '--worlds is 200 here,
    100 in the folder'; a digest says whose content changed."""
    if key.endswith("_digest"):
        return f"the {key.removesuffix('_digest')} file's content differs from the one the folder was begun with"
    return f"{_OPTION.get(key, key)} is {option_value(here)} here, {option_value(there)} in the folder"


def _open(out: Path, plan: dict, resume: bool) -> Path:
    """The sweep's folder: new (empty or absent), or, with ``resume``, the same sweep's."""
    if resume and (out / PLAN).exists():
        found = read_json(out / PLAN)
        differ = [key for key in plan if found.get(key) != plan[key]]
        if differ:
            said = "; ".join(_differs(key, plan.get(key), found.get(key)) for key in differ)
            raise SweepError(f"cannot resume {out}: {said}; run the same command as before with --resume, "
                             f"or choose another folder")
        return out
    check_output(out, what="the sweep")
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / PLAN, plan)
    return out


def summarise(table: pd.DataFrame, points: pd.DataFrame, parsed, scenario, base_worlds=None):
    """One row per point and outcome (value, 95% interval, worlds; with a baseline the
    paired difference and its interval), and the baseline's own rows (or None)."""
    def level(m, values: np.ndarray) -> tuple[float, float, float]:
        if m.unit == "share":
            low, high = wilson(values.sum(), len(values))
            return float(values.mean()), float(low), float(high)
        return median_ci(values) if m.unit == "days" else mean_ci(values)

    def paired(m, b: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
        if m.unit == "share":
            row = paired_share(b.astype(bool), w.astype(bool))
            return row["difference"], row["ci_low"], row["ci_high"]
        return median_ci(w - b) if m.unit == "days" else mean_ci(w - b)

    origin, end = scenario.start, scenario.end
    rows, base_rows = [], []
    base_sorted = None if base_worlds is None else base_worlds.sort_values("world")
    for point, group in table.groupby("point", sort=True):
        group = group.sort_values("world")
        for m in parsed:
            w = m.per_world(group, origin, end)
            row = {"point": point, **points.loc[point].to_dict(), "outcome": m.text, "unit": m.unit,
                   "worlds": len(w), **dict(zip(("value", "low", "high"), level(m, w)))}
            if base_sorted is not None:
                b = m.per_world(base_sorted, origin, end)
                row |= dict(zip(("difference", "difference_low", "difference_high"), paired(m, b, w)))
            rows.append(row)
    if base_sorted is not None:
        for m in parsed:
            b = m.per_world(base_sorted, origin, end)
            base_rows.append({"outcome": m.text, "unit": m.unit, "worlds": len(b),
                              **dict(zip(("value", "low", "high"), level(m, b)))})
    return pd.DataFrame(rows), (pd.DataFrame(base_rows) if base_sorted is not None else None)


def _save(result: Sweep) -> None:
    out = result.path
    write_atomic(out / TABLE, lambda p: result.table.to_parquet(p, index=False, compression="zstd"))
    write_atomic(out / "table.csv", lambda p: result.table.to_csv(p, index=False, date_format="%Y-%m-%d"))
    summary = result.summary if result.baseline is None else pd.concat(
        [result.summary, result.baseline.assign(point=BASELINE)], ignore_index=True)
    write_atomic(out / SUMMARY, lambda p: summary.to_csv(p, index=False, float_format="%.6g"))
    result.manifest[recorded.KEY] = recorded.record(out, {TABLE: len(result.table), "table.csv": len(result.table),
                                                         SUMMARY: len(summary)})
    import matplotlib.pyplot as plt

    figure = result.plot()[0].figure
    write_atomic(out / FIGURE, lambda p: figure.savefig(p, format="png", metadata=file_metadata("png")))
    plt.close(figure)
    write_json(out / MANIFEST, result.manifest)


def load_sweep(path: str | os.PathLike) -> Sweep:
    """The finished sweep in folder ``path``."""
    path = Path(path)
    manifest = read_json(path / MANIFEST)
    if manifest.get("kind") != "sweep":
        raise SweepError(f"{path} is not a sweep's folder (its manifest has no kind 'sweep')")
    table = read_table(recorded.checked(path, TABLE, manifest.get(recorded.KEY), path / MANIFEST))
    summary = pd.read_csv(recorded.checked(path, SUMMARY, manifest.get(recorded.KEY), path / MANIFEST),
                          dtype={"point": str})
    is_base = summary["point"].eq(BASELINE)
    base = summary[is_base].drop(columns=["point"]).dropna(axis=1, how="all").reset_index(drop=True)
    summary = summary[~is_base].astype({"point": int}).reset_index(drop=True)
    points = table.drop_duplicates("point").set_index("point")[list(manifest["vary"])]
    return Sweep(manifest, points, table, summary, base if is_base.any() else None, path)


def format_summary(result: Sweep) -> str:
    """The summary as text for the terminal: one block per outcome, one line per point."""
    m = result.manifest
    lines = [f"{m['scenario']}: {len(result.grid)} points x {m['worlds']:,} worlds, seed {m['seed']} "
             f"(the same worlds at every point; 95% intervals)"]
    names = list(result.grid.columns)
    for text, rows in result.summary.groupby("outcome", sort=False):
        measure = measures.parse(text)
        lines.append(f"\n{measures.words(measure)} ({text})")
        if result.baseline is not None:
            b = result.baseline.set_index("outcome").loc[text]
            lines.append(f"  baseline {m['baseline']}: {_value(measure, b.value, b.low, b.high, m['origin'])}")
        for r in rows.to_dict("records"):
            at = ", ".join(f"{k}={r[k]:g}" for k in names)
            line = f"  {at:<40} {_value(measure, r['value'], r['low'], r['high'], m['origin'])}"
            if result.baseline is not None:
                line += f"   vs baseline: {_difference(measure, r['difference'], r['difference_low'], r['difference_high'])}"
            lines.append(line)
    return "\n".join(lines)


def sentences(result: Sweep) -> list[str]:
    """One sentence per outcome: where its value is lowest and highest over the grid, with
    95% intervals, and the baseline's value (the report's and the README's words)."""
    m, names = result.manifest, list(result.grid.columns)
    span = "; ".join(f"{k} from {min(v):g} to {max(v):g}" for k, v in m["vary"].items())
    out = []
    for text, rows in result.summary.groupby("outcome", sort=False):
        measure = measures.parse(text)
        rows = rows.reset_index(drop=True)
        ends = [rows.loc[rows["value"].idxmin()], rows.loc[rows["value"].idxmax()]]
        at = [", ".join(f"{k} = {r[k]:g}" for k in names) for r in ends]
        said = [_value(measure, r["value"], r["low"], r["high"], m["origin"]).strip() for r in ends]
        sentence = (f"{measures.words(measure)}: {said[0]} at {at[0]} and {said[1]} at {at[1]} "
                    f"({span}; {m['worlds']:,} worlds a point, seed {m['seed']})")
        if result.baseline is not None:
            b = result.baseline.set_index("outcome").loc[text]
            sentence += f", against {_value(measure, b['value'], b['low'], b['high'], m['origin']).strip()} in {m['baseline']}"
        out.append(sentence + ".")
    return out


def _value(measure, value, low, high, origin: str) -> str:
    if measure.unit == "share":
        return f"{100 * value:5.1f}% [{100 * low:4.1f}, {100 * high:4.1f}]"
    if measure.unit == "days":
        day = [_day(x, origin) for x in (value, low, high)]
        return f"median {day[0]} [{day[1]}, {day[2]}]"
    return f"mean {value:.2f} [{low:.2f}, {high:.2f}]"


def _difference(measure, value, low, high) -> str:
    if measure.unit == "share":
        return f"{_signed(100 * value, 1)} pp [{_signed(100 * low, 1)}, {_signed(100 * high, 1)}]"
    if measure.unit == "days":  # the median of the pairs' shifts, not the shift of the medians
        return f"median paired shift {_signed(value, 0)} d [{_signed(low, 0)}, {_signed(high, 0)}]"
    return f"{_signed(value, 2)} [{_signed(low, 2)}, {_signed(high, 2)}]"


def _signed(x: float, digits: int) -> str:
    """``x`` with its sign by the project's one rounding rule (:func:`compare.signed`), "-" where undefined."""
    return "-" if not math.isfinite(x) else signed(x, "en", digits)


def _day(days: float, origin: str) -> str:
    return "-" if not math.isfinite(days) else f"{pd.Timestamp(origin) + pd.Timedelta(days=days):%Y-%m-%d}"
