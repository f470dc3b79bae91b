"""The ``pactsim`` command line: a thin layer that parses arguments and calls the library.

Bad input (a scenario file, a command-line value, an existing results folder) and faults
of the environment (a full disk, a missing permission) end with one message on stderr
and exit code 2, never a traceback; an interrupted run ends with code 130 (143 for
SIGTERM) and says how to resume it.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path

import click

from ..analysis.sources import cite
from ..analysis.spread import MOST, format_splits, main_splits
from ..analysis.summary import format_summary
from ..ensemble import run as run_ensemble
from ..errors import PactsimError, RunInterrupted
from ..files.outputs import os_error
from ..files.scenario import as_scenario, bundled_dir, list_bundled
from ..text import InertStream, echo, inert
from ..world.vocabulary import CATALOGUE, OUTCOMES
from . import interrupted
from .app_cli import app_command
from .docs import outcomes_markdown, parameters_markdown
from .export_cli import export_command
from .model_cli import COMMANDS as MODEL_COMMANDS
from .record_cli import COMMANDS as RECORD_COMMANDS
from .seminar_cli import COMMANDS
from .study_cli import COMMANDS as STUDY_COMMANDS
from .summary_cli import SPREAD, summary_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pactsim")
def cli() -> None:
    """Counterfactual simulation of the Soviet-Japanese Neutrality Pact, 1941-1946.

    Runs ensembles of simulated worlds for a scenario file and summarises, compares and
    reports their outcomes. SCENARIO is a YAML file or the name of a bundled scenario
    (see `pactsim scenarios`).
    """


@cli.command()
@click.argument("scenario")
@click.option("--worlds", "-n", type=click.IntRange(min=1), default=1000, show_default=True, help="Number of worlds.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True, help="Root seed; world k of seed S is the same in any run.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None, help="Results folder (default: results/NAME-YYYYMMDD-HHMMSS-sSEED-wWORLDS).")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True, help="Local processes.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None, help="Worlds per chunk (results do not depend on it).")
@click.option("--dask", metavar="ADDRESS", default=None, help="Run chunks on a Dask scheduler at ADDRESS, or 'local' for a local cluster.")
@click.option("--series", is_flag=True, help="Also keep forces by theater every four weeks (series.parquet).")
@click.option("--resume", is_flag=True, help="Finish an interrupted run in --out.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@SPREAD
def run(scenario, worlds, seed, out, workers, chunk_size, dask, series, resume, progress, spread) -> None:
    """Run an ensemble of SCENARIO and write its results folder."""
    spec = as_scenario(scenario)
    if out is None:
        if resume:
            raise click.UsageError("--resume needs the --out folder of the interrupted run")
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = Path("results") / f"{spec.name}-{stamp}-s{seed}-w{worlds}"
    result = run_ensemble(spec, worlds=worlds, seed=seed, out=out, workers=workers, chunk_size=chunk_size,
                          dask=dask, series=series, resume=resume, progress=progress)
    # The summary needs the outcomes only; the split, the assumptions of the worlds it splits.
    echo(format_summary(result.read("worlds", ["world", *OUTCOMES]), spec.title))
    if spread:
        echo("\n" + format_splits(main_splits(result.read("worlds", rows=MOST), total=worlds)))
    echo(f"\nResults written to {out}/ (manifest.json, worlds.parquet, events.parquet"
               + (", series.parquet" if series else "") + ")")


@cli.command()
@click.argument("scenarios", nargs=-1, required=True)
def check(scenarios) -> None:
    """Validate scenario files without running them."""
    for argument in scenarios:
        spec = as_scenario(argument)
        echo(f"ok  {spec.name}: {inert(spec.title, lines=False)}")


@cli.command()
def scenarios() -> None:
    """List the bundled scenarios with their titles."""
    for name, title, _ in list_bundled():
        echo(f"{name:<28} {title}")
    echo(f"\n(in {bundled_dir()})")


@cli.command()
@click.option("--markdown", is_flag=True, help="Print a Markdown table (docs/parameters.md is this output).")
def params(markdown) -> None:
    """Print the parameter catalogue: default, unit, meaning, source."""
    if markdown:
        echo(parameters_markdown())
        return
    for p in CATALOGUE.values():
        echo(f"{p.name:<32} {p.default:>10g} {p.unit:<16} {p.meaning}  [{cite(p.source)}]")


@cli.command()
@click.option("--markdown", is_flag=True, help="Print a Markdown table (the README's outcome table is this output).")
def outcomes(markdown) -> None:
    """Print the outcome columns of worlds.parquet: type, meaning, what happened in history."""
    if markdown:
        echo(outcomes_markdown())
        return
    for o in OUTCOMES.values():
        echo(f"{o.name:<32} {o.kind:<7} {o.meaning}")


for command in COMMANDS + MODEL_COMMANDS + STUDY_COMMANDS + RECORD_COMMANDS:
    cli.add_command(command)
cli.add_command(export_command)
cli.add_command(app_command)  # the seminar page (sim/interface/app.py)
cli.add_command(summary_command)  # a saved run's summary and which assumptions carry its spread


def script() -> int:
    """The ``pactsim`` command, in a process of its own: :func:`main`, with what is imported
    kept out of the garbage collector's way."""
    # Mesa, pandas, SciPy and pyarrow leave ~110,000 objects that live as long as the
    # process; every full collection traced them all again, and once more at exit. Frozen,
    # they are not: `pactsim run historical -n 10000` took 3.2 s instead of 3.85 s (median
    # of six), the same bytes. (Only here: a caller of main() keeps its own collector.)
    gc.freeze()
    return main()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``pactsim``: run the command, turn user errors into exit codes."""
    try:
        cli.main(args=argv, prog_name="pactsim", standalone_mode=False)
    except click.exceptions.Abort:
        echo("Interrupted.", err=True)
        return 130
    except click.ClickException as error:
        error.show(InertStream(sys.stderr))
        return error.exit_code
    except RunInterrupted as error:
        echo(f"pactsim: {interrupted.message(error, sys.argv[1:] if argv is None else list(argv))}", err=True)
        return error.exit_code
    except PactsimError as error:
        echo(f"pactsim: error: {error}", err=True)
        return 2
    except OSError as error:  # the environment (a disk, a permission) failed where no check foresaw it
        echo(f"pactsim: error: {os_error(error, 'read or write')}", err=True)
        return 2
    except MemoryError:
        echo("pactsim: error: out of memory; use fewer worlds or workers, or write to a folder (--out)",
                   err=True)
        return 2
    return 0
