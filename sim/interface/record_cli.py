"""``pactsim record``: the record's facts, with their sources and the share of simulated
worlds that lived each of them (:mod:`sim.analysis.record`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..text import echo
from .seminar_cli import SEED, WORKERS


@click.command("record")
@click.argument("scenario", default="historical")
@click.option("--worlds", "-n", type=click.IntRange(min=1), default=2000, show_default=True, help="Worlds to run.")
@SEED
@WORKERS
@click.option("--whatif", default=None, help="Read this what-if on all worlds and on those meeting each --given.")
@click.option("--outcome", "outcomes", multiple=True, help="With --whatif: an outcome to read (repeatable).")
@click.option("--given", "conditions", multiple=True, help="With --whatif: a condition (repeatable).")
@click.option("--markdown", is_flag=True, help="With --whatif: print the README's Markdown table.")
@click.option("--assumptions", is_flag=True,
              help="Rank the judgements by how far the worlds meeting --given (default: record) differ from all.")
@click.option("--figure", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --assumptions: draw the ranked judgements' histograms into this PNG file.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="With --assumptions: judgements listed (and drawn, up to 12).")
def record_command(scenario, worlds, seed, workers, whatif, outcomes, conditions, markdown, assumptions,
                   figure, top) -> None:
    """Print the record (each outcome's historical window, with its source) and the share
    of SCENARIO's worlds (default: historical) that meet each fact and every fact up to it.

    These are the worlds `--given record@DATE` keeps on compare, summary and whatifs. With
    --whatif, the what-if's --outcome values on all pairs and on those whose SCENARIO twin
    meets each --given, beside the same worlds' history.
    """
    from ..analysis.given import MIN_MATCHING, few_pairs
    from ..analysis.record import format_record, given_markdown, given_rows, record_table
    from ..analysis.whatifs import heading
    from ..ensemble import run
    from ..files.scenario import as_scenario
    from ..world.vocabulary import OUTCOMES

    spec = as_scenario(scenario)
    if assumptions:
        _assumptions(spec, worlds, seed, workers, conditions, figure, top)
        return
    if whatif is None:
        if outcomes or conditions or markdown:
            raise click.UsageError("--outcome, --given and --markdown go with --whatif")
        result = run(spec, worlds=worlds, seed=seed, workers=workers)
        echo(format_record(record_table(result.read("worlds", ["world", *OUTCOMES])), spec.name, seed))
        return
    if not outcomes:
        raise click.UsageError("--whatif needs at least one --outcome")
    other = as_scenario(whatif)
    for text in outcomes:
        heading(text, spec.end)  # a bad outcome fails before the runs
    columns = ["world", *OUTCOMES]
    base, answer = (run(s, worlds=worlds, seed=seed, workers=workers).read("worlds", columns) for s in (spec, other))
    table = given_rows(spec, other, base, answer, list(outcomes), [None, *conditions])
    if markdown:
        echo(given_markdown(table, other, list(outcomes), worlds, seed))
        return
    for r in table.to_dict("records"):
        echo(f"{r['condition'] if r['given'] else 'all worlds'} ({r['pairs']:,} of {r['of']:,} pairs)")
        for text in outcomes:
            echo(f"  {heading(text, other.end)}: {100 * r[text]:.1f}% (history {100 * r[f'history:{text}']:.1f}%)")
        if r["pairs"] < MIN_MATCHING:
            echo(f"  {few_pairs(r['pairs'], r['of'])}")


def _assumptions(spec, worlds, seed, workers, conditions, figure, top) -> None:
    from ..analysis.assumptions import assumption_table, format_assumptions, plot_assumptions
    from ..analysis.given import condition, match, parse_given
    from ..ensemble import run
    from ..files.outputs import check_file, write_file_atomic

    if len(conditions) > 1:
        raise click.UsageError("--assumptions reads one --given")
    if figure is not None:
        check_file(figure, False, "the figure")
    given = parse_given(conditions[0] if conditions else "record", spec.start, spec.end)
    table_worlds = run(spec, worlds=worlds, seed=seed, workers=workers).worlds
    cond = condition(given, spec)
    matched = table_worlds["world"].isin(match(cond, table_worlds).worlds).to_numpy()
    table = assumption_table(table_worlds, matched)
    echo(format_assumptions(table, f"{cond.words} (--given {given.text})", top))
    if figure is not None:
        fig = plot_assumptions(table, table_worlds, matched, min(top, 12))
        write_file_atomic(figure, lambda path: fig.savefig(path, format="png", dpi=100, metadata={"Software": None}))
        echo(f"\nFigure written to {figure}")


COMMANDS = [record_command]
"""The record's commands, for ``sim.cli`` to add to its group."""
