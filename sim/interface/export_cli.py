"""``pactsim export``: results as CSV files or an Excel workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ..text import echo
from .summary_cli import TRUST


@click.command("export")
@click.argument("results", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "to", type=click.Choice(["csv", "xlsx"]), required=True, help="CSV files or an Excel workbook.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="Folder of the CSV files (default RESULTS-csv) or the workbook (default RESULTS.xlsx).")
@click.option("--events", is_flag=True, help="Also the events (and the series, if kept); they are large.")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
@TRUST
def export_command(results, to, out, events, force, trust) -> None:
    """Write the tables of a RESULTS folder (a run or a comparison) as CSV or Excel."""
    from ..analysis.export import export

    for path in export(results, to, out=out, events=events, force=force, trust=trust):
        echo(str(path))
