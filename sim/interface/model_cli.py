"""``pactsim calibrate`` and ``pactsim whatifs``: the model's two generated tables.

Both print Markdown with ``--markdown``; the README's calibration and what-if tables are
that output, and tests keep them equal.
"""

from __future__ import annotations

import secrets

import click

from ..analysis.calibration import calibration_markdown, run_calibration
from ..analysis.given import parse_given
from ..analysis.whatifs import split_rows, whatif_rows, whatifs_markdown, whatifs_text
from ..ensemble import run as run_ensemble
from ..files.scenario import BUNDLED, bundled_dir, load_scenario
from ..text import echo


def whatif_runs(worlds: int = 2000, seed: int = 0) -> dict:
    """Each bundled what-if's scenario and worlds on ``worlds`` paired worlds."""
    runs = {}
    for name in BUNDLED:
        scenario = load_scenario(bundled_dir() / f"{name}.yaml")
        runs[name] = scenario, run_ensemble(scenario, worlds=worlds, seed=seed, progress=False).worlds
    return runs


def _given(text: str | None):
    if text is None:
        return None
    history = load_scenario(bundled_dir() / f"{BUNDLED[0]}.yaml")
    return parse_given(text, history.start, history.end)


@click.command()
@click.option("--worlds", "-n", type=click.IntRange(min=10), default=2000, show_default=True)
@click.option("--seeds", default="1,2,3", show_default=True, help="Comma-separated root seeds; every target must hold on each.")
@click.option("--random-seeds", type=click.IntRange(min=0), default=2, show_default=True,
              help="Also this many seeds drawn at random (and printed), so that the targets are not met "
                   "only on the seeds they were checked on.")
@click.option("--markdown", is_flag=True, help="Print the README's Markdown table.")
def calibrate(worlds, seeds, random_seeds, markdown) -> None:
    """Check the historical scenario against the calibration targets from the record."""
    try:
        seed_list = [int(s) for s in seeds.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter(f"expected comma-separated whole numbers, got {seeds!r}", param_hint="--seeds") from None
    drawn = [secrets.randbelow(1_000_000) for _ in range(random_seeds)]
    if drawn:
        again = ",".join(map(str, [*seed_list, *drawn]))
        echo(f"seeds drawn at random: {', '.join(map(str, drawn))} (to repeat: --seeds {again} --random-seeds 0)",
             err=True)
    tables = {s: run_calibration(worlds=worlds, seed=s) for s in dict.fromkeys([*seed_list, *drawn])}
    if markdown:
        echo(calibration_markdown(tables, worlds))
        return
    for s, table in tables.items():
        echo(f"seed {s}")
        echo(table[["target", "kind", "value", "range", "verdict"]].to_string(index=False))
        misses = int((~table["ok"]).sum())
        echo(f"{worlds} worlds, seed {s}: {len(table) - misses} of {len(table)} targets met.\n")


@click.command()
@click.option("--worlds", "-n", type=click.IntRange(min=10), default=2000, show_default=True)
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--markdown", is_flag=True, help="Print the README's Markdown table.")
@click.option("--given", default=None, metavar="CONDITION",
              help="Read only the pairs whose historical twin meets CONDITION (as in `pactsim compare --given`).")
def whatifs(worlds, seed, markdown, given) -> None:
    """Run every bundled what-if on paired worlds and print its outcome shares."""
    condition = _given(given)  # before the runs
    runs = whatif_runs(worlds, seed)
    table = whatif_rows(runs, condition)
    if markdown:
        echo(whatifs_markdown(table, split_rows(runs), worlds, seed))
    else:
        echo(whatifs_text(table, worlds, seed))


COMMANDS = [calibrate, whatifs]
