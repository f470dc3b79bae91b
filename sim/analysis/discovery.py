"""Scenario discovery: the boxes of assumptions under which an outcome happens.

A scenario samples its uncertain parameters once per world (the ``param:<name>``
columns of ``worlds.parquet``). PRIM, the Patient Rule Induction Method (Friedman and
Fisher 1999), as implemented in EMA Workbench (``ema_workbench.analysis.prim``, the
reference implementation of scenario discovery, Kwakkel 2017), peels those parameters
down to boxes where the outcome is dense:

* **coverage**: the share of all worlds with the outcome that fall in the box;
* **density**: the share of worlds in the box that have the outcome;
* **mass**: the share of all worlds in the box.

Each peel trades coverage for density; the *peeling trajectory* shows the trade. A peel
is pruned of the restrictions whose quasi-p-value says they could be chance (above 0.05),
until none is left, and the box chosen is the pruned peel of highest coverage whose
density still reaches the threshold.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..engine import versions
from ..ensemble import run
from ..errors import PactsimError, require_extra
from ..files import recorded
from ..files.outputs import check_empty, write_atomic, write_json
from ..files.scenario import as_scenario
from .given import GivenError, condition, match, parse_given
from .measure import parse
from .plots.common import OKABE_ITO, file_metadata, new_ax, styled

MAX_BOXES = 3
QP_MAX = 0.05
"""Restrictions of a chosen box whose quasi-p-value is above this are dropped: with many
sampled parameters, PRIM also peels on noise, and such a restriction is no better than chance."""


def _qp(values: dict) -> dict[str, float]:
    """The quasi-p-value of each restricted parameter (the smaller of its two sides; -1
    marks a side that is not restricted)."""
    out = {}
    for name, sides in values.items():
        kept = [v for v in sides if v is not None and v >= 0]
        if kept:
            out[name] = float(min(kept))
    return out


class DiscoveryError(PactsimError):
    """Scenario discovery cannot run on this input; says why and what to do."""


@dataclass
class Discovery:
    """What PRIM found: the chosen boxes, each box's peeling trajectory, and the setting."""

    boxes: pd.DataFrame
    """One row per (box, restricted parameter): ``box, parameter, low, high, full_low,
    full_high, qp, coverage, density, mass, worlds``."""
    trajectory: pd.DataFrame
    """One row per (box, peel): ``box, step, coverage, density, mass, res_dim, chosen``."""
    manifest: dict


def _prim():
    with warnings.catch_warnings():  # "ipyparallel not installed": not needed here
        warnings.simplefilter("ignore")
        prim = require_extra("discover", "ema_workbench.analysis.prim", "discover")
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim


def _significant(box, i: int) -> int:
    """Select peel ``i`` of PRIM's ``box`` and drop its restrictions that chance would give as
    often (quasi-p-value above :data:`QP_MAX`, EMA Workbench's advice), again on the wider
    box (its quasi-p-values are recomputed) until every restriction left is below it.
    Returns the index of the box so found on the box's trajectory, and selects it."""
    box.select(i)
    while chance := [name for name, p in _qp(box.qp[i]).items() if p > QP_MAX]:
        limits = box.box_lims[i].copy()
        limits.loc[:, chance] = box.box_lims[0].loc[:, chance]  # EMA's drop_restriction, for all at once
        x = box.prim.x.loc[box.prim.yi_remaining, :]  # the parameters are numbers: a box is its bounds
        inside = box.prim.yi_remaining[((x >= limits.iloc[0]) & (x <= limits.iloc[1])).all(axis=1).to_numpy()]
        box.update(limits, inside)  # appends the wider box to the trajectory and selects it
        i = len(box.peeling_trajectory) - 1
    return i


def find_boxes(x: pd.DataFrame, y: np.ndarray, threshold: float = 0.8, max_boxes: int = MAX_BOXES):
    """PRIM on parameters ``x`` (one column each) and outcome ``y`` (bool per row).

    Returns ``(boxes, trajectory)`` as in :class:`Discovery`; boxes that PRIM cannot
    make dense enough are left out.
    """
    prim = _prim()
    full = pd.DataFrame({"low": x.min(), "high": x.max()})
    with warnings.catch_warnings():  # EMA Workbench 2.5 uses drop(inplace=True), deprecated by pandas 3.1
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        algorithm = prim.Prim(x.reset_index(drop=True), np.asarray(y, dtype=bool), threshold=threshold)
    boxes, steps = [], []
    for number in range(1, max_boxes + 1):
        box = algorithm.find_box()
        if box is None:
            break
        path = box.peeling_trajectory.reset_index(drop=True)
        dense = path[(path["density"] >= threshold) & (path["res_dim"] > 0)]
        chosen = final = -1
        for peel in dense.sort_values("coverage", ascending=False, kind="stable").index:
            final = _significant(box, int(peel))
            if box.peeling_trajectory["density"].iloc[final] >= threshold:
                chosen = int(peel)
                break
        if chosen < 0 and steps:
            break  # a later box that is not dense enough says nothing
        steps.append(path.assign(box=number, step=path.index, chosen=path.index == chosen)[
            ["box", "step", "coverage", "density", "mass", "res_dim", "chosen"]])
        if chosen < 0:
            break  # no peel stays dense once pruned: the trajectory is kept, the box is not
        last = box.peeling_trajectory.iloc[final]
        limits, qp = box.box_lims[final], _qp(box.qp[final])
        for name in limits.columns:
            low, high = float(limits[name].iloc[0]), float(limits[name].iloc[1])
            if low <= full.loc[name, "low"] and high >= full.loc[name, "high"]:
                continue  # not restricted
            boxes.append({"box": number, "parameter": name, "low": low, "high": high,
                          "full_low": float(full.loc[name, "low"]), "full_high": float(full.loc[name, "high"]),
                          "qp": qp.get(name, np.nan), "coverage": float(last["coverage"]),
                          "density": float(last["density"]), "mass": float(last["mass"]), "worlds": int(last["n"])})
    columns = ["box", "parameter", "low", "high", "full_low", "full_high", "qp", "coverage", "density", "mass", "worlds"]
    trajectory = (pd.concat(steps, ignore_index=True) if steps else
                  pd.DataFrame(columns=["box", "step", "coverage", "density", "mass", "res_dim", "chosen"]))
    return pd.DataFrame(boxes, columns=columns), trajectory


def discover(scenario, outcome: str, worlds: int = 4000, seed: int = 0, threshold: float = 0.8,
             workers: int = 1, out: str | os.PathLike | None = None, progress: bool | None = None,
             baseline=None, given: str | None = None) -> Discovery:
    """Run ``worlds`` worlds of ``scenario`` and find the boxes of per-world sampled
    parameters in which ``outcome`` (a share: ``COLUMN<DATE``, a boolean column,
    ``COLUMN==VALUE``) happens with density at least ``threshold``.

    ``given`` (a condition, :mod:`sim.analysis.given`) keeps only the worlds whose twin in
    ``baseline`` (run on the same worlds and seed) meets it; it needs the baseline.

    With ``out`` (a folder that must not exist or be empty) writes ``boxes.csv``,
    ``trajectory.csv``, ``peeling.png``/``.svg`` and ``manifest.json``.
    """
    spec, measure = as_scenario(scenario), parse(outcome)
    if measure.unit != "share":
        raise DiscoveryError(f"outcome {outcome!r} is a {measure.unit}, not something that happens or not; "
                             f"PRIM needs a yes/no outcome such as {measure.column}<DATE or a boolean column")
    if not 0 < threshold <= 1:
        raise DiscoveryError(f"threshold {threshold!r}; expected a density in (0, 1]")
    if out is not None:
        check_empty(out, "the discovery")
    if (given is None) != (baseline is None):
        raise GivenError(f"--given {given!r} is read on a baseline twin: add --baseline" if given is not None
                         else "--baseline goes with --given: the baseline is where the condition is read")
    base = None if baseline is None else as_scenario(baseline)
    parsed = None if given is None else parse_given(given, base.start, base.end)
    _prim()  # fail before running anything
    result = run(spec, worlds=worlds, seed=seed, workers=workers, progress=progress)
    table = result.worlds
    if parsed is not None:
        twins = run(base, worlds=worlds, seed=seed, workers=workers, progress=progress).worlds
        table = table[table["world"].isin(match(condition(parsed, base, spec), twins).worlds)]
    columns = [c for c in table.columns if c.startswith("param:")]
    varying = [c for c in columns if table[c].nunique() > 1]
    if not varying:
        raise DiscoveryError(f"{spec.name} samples no parameter per world, so there is nothing to discover; "
                             f"give some parameters a distribution in the scenario file")
    x = table[varying].rename(columns=lambda c: c.removeprefix("param:")).astype(float)
    y = measure.per_world(table, spec.start, spec.end) > 0.5
    boxes, trajectory = find_boxes(x, y, threshold)
    manifest = {"kind": "discover", "scenario": spec.to_dict(), "outcome": outcome, "worlds": int(worlds),
                "seed": int(seed), "threshold": threshold, "share": float(y.mean()),
                "parameters": list(x.columns), "versions": versions()} | (
                    {} if given is None else {"baseline": base.name, "given": given, "matching": len(table)})
    found = Discovery(boxes, trajectory, manifest)
    if out is not None:
        _write(found, Path(out))
    return found


def _write(found: Discovery, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "boxes.csv", lambda tmp: found.boxes.to_csv(tmp, index=False, float_format="%.6g"))
    write_atomic(out / "trajectory.csv", lambda tmp: found.trajectory.to_csv(tmp, index=False, float_format="%.6g"))
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from .plots.common import STYLE

    m = found.manifest
    ax = plot_trajectory(found.trajectory, title=f"{m['outcome']} in {m['scenario']['name']}", threshold=m["threshold"],
                         boxes=found.boxes)
    try:
        for fmt in ("png", "svg"):
            with mpl.rc_context(STYLE):
                write_atomic(out / f"peeling.{fmt}",
                             lambda tmp: ax.figure.savefig(tmp, format=fmt, metadata=file_metadata(fmt)))
    finally:
        plt.close(ax.figure)
    found.manifest[recorded.KEY] = recorded.record(out, {"boxes.csv": len(found.boxes),
                                                          "trajectory.csv": len(found.trajectory)})
    write_json(out / "manifest.json", found.manifest)


@styled
def plot_trajectory(data: pd.DataFrame, ax=None, title: str | None = None, threshold: float | None = None,
                    boxes: pd.DataFrame | None = None):
    """PRIM's peeling trajectory: coverage against density for each peel, one colour per
    box, the number of restricted parameters written at each point, the chosen peel ringed,
    and with ``boxes`` (:attr:`Discovery.boxes`) each printed box, the chosen peel pruned,
    as a star joined to its peel."""
    ax = new_ax(ax, size=(10, 7))
    for i, (number, path) in enumerate(data.groupby("box", sort=True)):
        colour = OKABE_ITO[(i + 2) % len(OKABE_ITO)]
        ax.plot(path["coverage"], path["density"], "o-", color=colour, markersize=5, linewidth=1.2,
                label=f"box {number}")
        # A later box peels the worlds the earlier ones left, along much the same curve: its
        # numbers go below the line where the first box's go above, so the two never overlap.
        above = i % 2 == 0
        for _, row in path.iloc[::max(1, len(path) // 12)].iterrows():
            ax.annotate(str(int(row["res_dim"])), (row["coverage"], row["density"]), fontsize=10,
                        xytext=(4, 4) if above else (-4, -6), textcoords="offset points", color=colour,
                        ha="left" if above else "right", va="bottom" if above else "top")
        chosen = path[path["chosen"]]
        ax.scatter(chosen["coverage"], chosen["density"], s=260, facecolors="none", edgecolors="black",
                   linewidths=2, zorder=3, label="chosen peel" if i == 0 else None)
    for i, (number, rows) in enumerate(() if boxes is None else boxes.groupby("box", sort=True)):
        peel = data[(data["box"] == number) & data["chosen"]]
        first = rows.iloc[0]
        ax.plot([peel["coverage"].iloc[0], first["coverage"]], [peel["density"].iloc[0], first["density"]],
                ":", color="black", linewidth=1)
        ax.scatter([first["coverage"]], [first["density"]], marker="*", s=320, color="black", zorder=4,
                   label="printed box (the chosen peel, pruned)" if i == 0 else None)
        ax.annotate(f"box {number}, {len(rows)} restricted", (first["coverage"], first["density"]), fontsize=11,
                    xytext=(-10, -34 - 22 * i), textcoords="offset points", ha="right",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    if threshold is not None:
        ax.axhline(threshold, color="grey", linestyle="--", linewidth=1.2, label=f"threshold {threshold:g}")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("coverage: share of the outcome's worlds inside the box")
    ax.set_ylabel("density: share of the box's worlds with the outcome")
    ax.text(0.99, 0.01, "numbers: parameters restricted", transform=ax.transAxes, ha="right", va="bottom",
            fontsize=10, color="grey")
    if title:
        ax.set_title(title, loc="left", fontsize=13)
    if len(data):
        ax.legend(loc="lower left")
    return ax


def format_boxes(found: Discovery) -> str:
    """The boxes in words and numbers, for the terminal."""
    m = found.manifest
    lines = [f"{m['outcome']} in {m['scenario']['name']}: {m['share']:.1%} of {m['worlds']:,} worlds "
             f"(seed {m['seed']}); PRIM over {len(m['parameters'])} sampled parameters, density threshold {m['threshold']:g}"]
    if found.boxes.empty:
        lines.append("No box of parameters reaches the threshold: the outcome does not concentrate in "
                     "any region of the sampled assumptions.")
    for number, rows in found.boxes.groupby("box", sort=True):
        first = rows.iloc[0]
        lines.append(f"\nbox {number}: coverage {first['coverage']:.0%}, density {first['density']:.0%}, "
                     f"mass {first['mass']:.0%} ({first['worlds']:,} worlds)")
        for _, r in rows.iterrows():
            lines.append(f"  {r['parameter']:<32} {r['low']:.3g} to {r['high']:.3g}   "
                         f"(sampled {r['full_low']:.3g} to {r['full_high']:.3g}; qp {r['qp']:.2g})")
    return "\n".join(lines)
