"""Study commands of ``pactsim``: sensitivity, discover and sweep.

Thin wrappers around :func:`sim.analysis.sensitivity.sensitivity`,
:func:`sim.analysis.discovery.discover` and :func:`sim.analysis.sweep.sweep`; every check
is the library's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..text import echo
from .interrupted import resumable


def _default_out(kind: str, name: str, seed: int) -> Path:
    return Path("results") / f"{kind}-{name}-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}-s{seed}"


def _ranges(values) -> dict:
    out = {}
    for text in values:
        name, sep, span = text.partition("=")
        low, sep2, high = span.partition(":")
        try:
            if not (sep and sep2):
                raise ValueError
            out[name.strip()] = (float(low), float(high))
        except ValueError:
            raise click.BadParameter(f"{text!r}; expected NAME=LOW:HIGH, e.g. japan.w_german_success=1:3",
                                     param_hint="--range") from None
    return out


@click.command("sensitivity")
@click.argument("scenario")
@click.option("--outcome", required=True, help='COLUMN, COLUMN<DATE, COLUMN>DATE or COLUMN==VALUE, e.g. "japan_attacks_ussr<1944-01-01".')
@click.option("--baseline", default=None, help="Measure the paired difference against this scenario (e.g. historical).")
@click.option("--method", type=click.Choice(["morris", "sobol"]), default="morris", show_default=True)
@click.option("--params", "patterns", multiple=True, help="Parameters to vary: names or globs (japan.w_*); repeat or separate by commas. Default: every uncertain one.")
@click.option("--range", "ranges", multiple=True, metavar="NAME=LOW:HIGH", help="A range for a parameter, overriding the scenario's and the catalogue's.")
@click.option("--samples", type=int, default=None, help="Morris trajectories (default 10) or Sobol base samples (a power of two, default 256).")
@click.option("--worlds-per-point", "-k", type=click.IntRange(min=1), default=200, show_default=True, help="Worlds per sampled point (and per scenario).")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--dask", metavar="ADDRESS", default=None, help="Run chunks on a Dask scheduler, or 'local'.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None, help="Results folder (default: results/sensitivity-NAME-YYYYMMDD-HHMMSS-sSEED).")
@click.option("--resume", is_flag=True, help="Finish an interrupted study in --out.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--given", default=None, metavar="CONDITION",
              help="At each point read only the pairs whose baseline twin meets CONDITION (needs --baseline).")
def sensitivity_command(scenario, outcome, baseline, method, patterns, ranges, samples, worlds_per_point, seed,
                        workers, dask, out, resume, progress, given) -> None:
    """Which assumptions decide OUTCOME in SCENARIO: Morris or Sobol indices with SALib."""
    from ..analysis.sensitivity import format_table, sensitivity

    if out is None:
        if resume:
            raise click.UsageError("--resume needs the --out folder of the interrupted study")
        out = _default_out("sensitivity", Path(scenario).stem, seed)
    params = [p.strip() for text in patterns for p in text.split(",") if p.strip()] or None
    with resumable(out):
        table = sensitivity(scenario, outcome, baseline=baseline, method=method, params=params, samples=samples,
                            worlds_per_point=worlds_per_point, seed=seed, ranges=_ranges(ranges), out=out,
                            workers=workers, dask=dask, resume=resume, progress=progress, given=given)
    echo(format_table(table))
    echo(f"\nResults written to {out}/ (indices.parquet, indices.csv, points.parquet, sensitivity.png, manifest.json)")


@click.command("discover")
@click.argument("scenario")
@click.option("--outcome", required=True, help='The outcome whose worlds PRIM describes, e.g. "japan_attacks_ussr<1944-01-01".')
@click.option("--worlds", "-n", type=click.IntRange(min=1), default=4000, show_default=True)
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.8, show_default=True, help="Density the boxes must reach.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for the boxes and figure (default: results/discover-NAME-YYYYMMDD-HHMMSS-sSEED).")
@click.option("--progress/--no-progress", default=None)
@click.option("--baseline", default=None, help="With --given: the scenario whose twin worlds the condition is read on.")
@click.option("--given", default=None, metavar="CONDITION",
              help="Keep only the worlds whose --baseline twin meets CONDITION (as in `pactsim compare --given`).")
def discover_command(scenario, outcome, worlds, seed, threshold, workers, out, progress, baseline, given) -> None:
    """Scenario discovery with PRIM: the boxes of assumptions under which OUTCOME happens."""
    from ..analysis.discovery import discover, format_boxes

    if out is None:
        out = _default_out("discover", Path(scenario).stem, seed)
    found = discover(scenario, outcome, worlds=worlds, seed=seed, threshold=threshold, workers=workers,
                     out=out, progress=progress, baseline=baseline, given=given)
    if given is not None:
        echo(f"Given {given} on {baseline}: {found.manifest['matching']:,} of {worlds:,} worlds match.\n")
    echo(format_boxes(found))
    echo(f"\nResults written to {out}/ (boxes.csv, trajectory.csv, peeling.png, manifest.json)")


@click.command("sweep")
@click.argument("scenario")
@click.option("--vary", "vary", multiple=True, required=True, metavar="NAME=V1,V2,...|NAME=LOW:HIGH:STEPS",
              help="A parameter and its values; repeat to cross several into a grid.")
@click.option("--outcome", "outcomes", multiple=True, help="A measure to summarise (repeatable), as in sensitivity --outcome. "
              "Default: japan_attacks_ussr<1944-01-01 and ussr_attacks_japan<1946-01-01.")
@click.option("--baseline", default=None, help="Also run this scenario on the same worlds and give each point's paired difference.")
@click.option("--worlds", "-n", type=click.IntRange(min=1), default=1000, show_default=True, help="Worlds per point.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None, help="Results folder (default: results/sweep-NAME-YYYYMMDD-HHMMSS-sSEED).")
@click.option("--resume", is_flag=True, help="Finish an interrupted sweep in --out.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
def sweep_command(scenario, vary, outcomes, baseline, worlds, seed, workers, out, resume, progress) -> None:
    """Run SCENARIO at every point of a grid of parameter values (BehaviorSpace's sweep)."""
    from ..analysis.sweep import DEFAULT_OUTCOMES, format_summary, grid, sweep

    grid(vary)  # a malformed --vary fails before a folder is named
    if out is None:
        if resume:
            raise click.UsageError("--resume needs the --out folder of the interrupted sweep")
        out = _default_out("sweep", Path(scenario).stem, seed)
    with resumable(out):
        result = sweep(scenario, list(vary), outcomes=outcomes or DEFAULT_OUTCOMES, baseline=baseline,
                       worlds=worlds, seed=seed, out=out, workers=workers, resume=resume, progress=progress)
    echo(format_summary(result))
    echo(f"\nResults written to {out}/ (table.parquet, table.csv, summary.csv, sweep.png, runs/, manifest.json)")


COMMANDS = [sensitivity_command, discover_command, sweep_command]
