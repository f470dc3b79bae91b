"""``pactsim record``: the record's facts, with their sources and the share of simulated
worlds that lived each of them (:mod:`sim.analysis.record`)."""

from __future__ import annotations

import click

from .seminar_cli import SEED, WORKERS


@click.command("record")
@click.argument("scenario", default="historical")
@click.option("--worlds", "-n", type=click.IntRange(min=1), default=2000, show_default=True, help="Worlds to run.")
@SEED
@WORKERS
def record_command(scenario, worlds, seed, workers) -> None:
    """Print the record (each outcome's historical window, with its source) and the share
    of SCENARIO's worlds (default: historical) that meet each fact and every fact up to it.

    These are the worlds `--given record@DATE` keeps on compare, summary and whatifs.
    """
    from ..analysis.record import format_record, record_table
    from ..ensemble import run
    from ..files.scenario import as_scenario
    from ..world.vocabulary import OUTCOMES

    spec = as_scenario(scenario)
    result = run(spec, worlds=worlds, seed=seed, workers=workers)
    click.echo(format_record(record_table(result.read("worlds", ["world", *OUTCOMES])), spec.name, seed))


COMMANDS = [record_command]
"""The record's commands, for ``sim.cli`` to add to its group."""
