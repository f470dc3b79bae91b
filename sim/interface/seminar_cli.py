"""Seminar commands of ``pactsim``: compare, plot, chronicle, report.

A thin layer (STYLE lesson 11): each command parses its arguments and calls the library
(:mod:`sim.analysis.compare`, :mod:`sim.analysis.plots`, :mod:`sim.analysis.chronicle`,
:mod:`sim.analysis.report`), which works the same from a notebook. :mod:`sim.interface.cli`
adds every command of :data:`COMMANDS` to its group; scenario errors propagate to its
handler, which prints them and exits 2.

SCENARIO arguments are paths of scenario files or names of bundled scenarios.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from ..limits import MAX_WORLDS
from ..text import echo
from .summary_cli import SPREAD, TRUST, format_spread

WORLDS = click.option("--worlds", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
                      help="Worlds per scenario.")
SEED = click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True,
                    help="Root seed; world k of seed S is the same in every scenario.")
LANG = click.option("--lang", type=click.Choice(["en", "it", "nl", "ar"]), default="en", show_default=True,
                    help="Language of the text: English, Italian, Dutch or Arabic.")
WORKERS = click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
                       help="Local processes per run.")
FORCE = click.option("--force", is_flag=True,
                     help="Replace the output if it exists (only an output pactsim made).")
GIVEN = click.option("--given", default=None, metavar="CONDITION",
                     help="Read only the pairs whose baseline twin meets CONDITION: record, record@DATE, "
                          "record@divergence, or outcomes such as \"japan_attacks_ussr<1944-01-01\", joined by &.")


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


@click.command("compare")
@click.argument("base")
@click.argument("whatifs", nargs=-1, required=True)
@WORLDS
@SEED
@WORKERS
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write (default: results/compare-BASE-WHATIF...-YYYYMMDD-HHMMSS).")
@FORCE
@SPREAD
@GIVEN
@click.option("--figures/--no-figures", default=True, show_default=True,
              help="Draw the figures into figures/ (PNG and SVG; about 10 s); 'pactsim plot DIR --out FOLDER' draws them later.")
def compare_command(base, whatifs, worlds, seed, workers, out, force, spread, given, figures) -> None:
    """Compare WHATIF scenarios with BASE on the same worlds, pair by pair.

    Prints the paired table and writes comparison.csv/.parquet, divergence.parquet, the
    figures (unless --no-figures) and each scenario's run into the output folder. With
    --given, the table and the divergence hold the matching pairs only (the runs keep
    every world).
    """
    from ..analysis.compare import compare, new_folder
    from ..analysis.printed import comparison_text
    from ..files.scenario import as_scenario

    scenarios = [as_scenario(s) for s in (base, *whatifs)]
    if out is None:
        names = "-".join(s.name for s in scenarios)
        out = Path("results") / f"compare-{names}-s{seed}-w{worlds}-{_stamp()}"
    new_folder(out, force)  # before the runs, not after
    comparison = compare(scenarios[0], scenarios[1:], worlds=worlds, seed=seed, series=True, workers=workers,
                         given=given)
    comparison.save(out, figures=figures, force=force)
    echo(comparison_text(comparison))
    if spread:
        echo(format_spread(comparison))
    echo(f"\n{worlds:,} pairs of worlds per what-if, seed {seed}. 95% intervals; see the report for "
         f"their meaning.\nWritten to {out}/ (comparison.csv, comparison.parquet, divergence.parquet, "
         f"{'figures/, ' if figures else ''}runs/)")


@click.command("plot")
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the figures (PNG and SVG).")
@FORCE
@TRUST
def plot_command(results, out, force, trust) -> None:
    """Draw every figure of one or more RESULTS folders (the first is the baseline).

    A RESULTS folder is a run (`pactsim run`) or a comparison (`pactsim compare`), whose
    runs and divergence are then all drawn.
    """

    from ..analysis.plots import plot_results
    from ..files.outputs import StoreError, check_complete, check_output, read_json
    from ..files.recorded import KEY, checked
    from ..files.store import load as load_run
    from ..files.store import read_table

    check_output(out, force, "the figures")
    runs, divergence, doubts = {}, None, []
    for folder in results:
        summary = folder / "comparison.json"
        if summary.is_file():
            check_complete(folder, "comparison folder", "run the same `pactsim compare` again into a new folder")
            written_by = read_json(summary)
            labels = [written_by.get("base"), *written_by.get("whatifs", [])]
            if not all(isinstance(label, str) and label for label in labels):
                raise StoreError(f"{summary} does not name its scenarios; run `pactsim compare` again")
            for label in labels:
                runs[_unique(label, runs)] = load_run(folder / "runs" / label, trust)
            if (folder / "divergence.parquet").is_file() or KEY in written_by:
                divergence = read_table(checked(folder, "divergence.parquet", written_by.get(KEY), summary, trust,
                                                doubts))
        else:
            run = load_run(folder, trust)
            name = (run.manifest.get("scenario") or {}).get("name") or folder.name
            runs[_unique(name, runs)] = run
    written = plot_results(runs, out, divergence=divergence, force=force, doubted=bool(doubts))
    for path in written:
        echo(str(path))
    echo(f"\n{len(written)} files written to {out}/")
    from ..analysis.plots import missing_series

    if missing_series(runs):
        echo(f"Not in the forces figure (run without --series): {', '.join(missing_series(runs))}", err=True)


def _unique(label: str, taken) -> str:
    if label not in taken:
        return label
    k = 2
    while f"{label}_{k}" in taken:
        k += 1
    return f"{label}_{k}"


@click.command("chronicle")
@click.argument("scenario")
@click.option("--world", "-k", type=click.IntRange(min=0, max=MAX_WORLDS - 1), default=None, help="Tell world K.")
@click.option("--typical", is_flag=True, help="Tell the world closest to the ensemble's centre (the default).")
@click.option("--scenario", "label", default=None,
              help="In a comparison folder, the scenario to tell (default: the baseline).")
@SEED
@click.option("--worlds", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Ensemble size used to find the typical world.")
@LANG
@TRUST
def chronicle_command(scenario, world, typical, label, seed, worlds, lang, trust) -> None:
    """Tell one world of SCENARIO in dated plain sentences, with the reasons for each decision.

    SCENARIO may also be a results folder (from `pactsim run` or `pactsim compare`): the
    world is then read from it, and nothing is simulated.
    """
    import numpy as np

    from ..analysis.chronicle import chronicle, typical_world
    from ..analysis.saved import is_results, load_comparison
    from ..ensemble import run
    from ..files.scenario import as_scenario
    from ..i18n import translator
    from ..world.model import simulate

    if world is not None and typical:
        raise click.UsageError("give either --world K or --typical, not both")
    _ = translator(lang).gettext
    if is_results(scenario):
        saved = load_comparison([scenario], trust=trust)
        label = label or saved.base
        if label not in saved.results:
            raise click.BadParameter(f"{label!r} is not in {scenario}; it holds {', '.join(saved.results)}",
                                     param_hint="--scenario")
        result, spec = saved.results[label], saved.scenarios[label]
        seed, worlds = saved.seed, len(result.worlds)
        if world is None:
            world = typical_world(result.worlds)
            how = _("the typical world of {worlds}").format(worlds=_n(worlds, lang))
        elif world not in set(result.worlds["world"]):
            raise click.BadParameter(f"world {world} is not in {scenario} (worlds {result.worlds['world'].min()}"
                                     f"-{result.worlds['world'].max()})", param_hint="--world")
        else:
            how = _("chosen")
        events = result.events
    else:
        if label is not None:
            raise click.UsageError("--scenario names a scenario inside a comparison folder")
        spec = as_scenario(scenario)
        if world is None:
            result = run(spec, worlds=worlds, seed=seed)
            world = typical_world(result.worlds)
            events = result.events
            how = _("the typical world of {worlds}").format(worlds=_n(worlds, lang))
        else:
            # A world's history does not depend on the worlds run beside it: run it alone.
            events = simulate(spec, seed, np.array([world], dtype=np.int64)).events
            how = _("chosen")
    title = _(getattr(spec, "title", spec.name))
    echo(_("{title}: world {world} ({how}), seed {seed}").format(title=title, world=world, how=how, seed=seed)
               + "\n")
    for sentence in chronicle(events, world, lang=lang):
        echo(sentence)


def _n(number: int, lang: str) -> str:
    from ..i18n import number as format_number

    return format_number(number, lang)


@click.command("report")
@click.argument("scenarios", nargs=-1, required=True)
@WORLDS
@SEED
@WORKERS
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="HTML file to write.")
@FORCE
@click.option("--sensitivity", "studies", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="A finished `pactsim sensitivity` folder to explain in the section 'What decides this what-if' (repeatable).")
@click.option("--sweep", "sweeps", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="A finished `pactsim sweep` folder to draw in the section 'How the answer moves with an assumption' (repeatable).")
@LANG
@GIVEN
@TRUST
def report_command(scenarios, worlds, seed, workers, out, force, studies, sweeps, lang, given, trust) -> None:
    """Write a self-contained HTML report of SCENARIOS (the first is the baseline).

    SCENARIOS are scenarios to run on the same worlds, or results folders to read as they
    were saved (one from `pactsim compare`, or runs from `pactsim run` with the same seed):
    then nothing is simulated, and --worlds and --seed are those of the saved runs.
    """
    from ..analysis.report import report

    clock = time.perf_counter()
    path = report(list(scenarios), out, worlds=worlds, seed=seed, workers=workers, force=force, sensitivity=studies,
                  sweeps=sweeps, lang=lang, given=given, trust=trust)
    echo(f"Report written to {path} ({path.stat().st_size / 1e6:.1f} MB, "
               f"{time.perf_counter() - clock:.1f} s)")


COMMANDS = [compare_command, plot_command, chronicle_command, report_command]
"""The seminar commands, for :mod:`sim.interface.cli` to add to its group."""
