"""``pactsim calibrate`` and ``pactsim whatifs``: the model's two generated tables.

Both print Markdown with ``--markdown``; the README's calibration and what-if tables are
that output, and tests keep them equal.
"""

from __future__ import annotations

import click
import numpy as np
import pandas as pd

from ..analysis.calibration import calibration_markdown, run_calibration
from ..files.scenario import bundled_dir, load_scenario
from ..text import echo
from ..world.model import simulate

WHATIFS = ("historical", "stalingrad_german_victory", "moscow_falls_1941", "no_oil_embargo", "sorge_disbelieved",
           "japan_strikes_north_1941", "no_pact", "no_barbarossa", "no_yalta", "germany_surrenders_1944")
"""The bundled scenarios of the what-if table, history first."""

COLUMNS = {
    "south by Jan 1942": lambda w: (w["japan_strikes_south"] < pd.Timestamp("1942-02-01")).mean(),
    "Japan attacks USSR before 1944": lambda w: (w["japan_attacks_ussr"] < pd.Timestamp("1944-01-01")).mean(),
    "Japan attacks USSR": lambda w: w["japan_attacks_ussr"].notna().mean(),
    "Soviet divisions west 1941 (median)": lambda w: w["soviet_divisions_west_1941"].median(),
    "Moscow falls": lambda w: w["moscow_falls"].mean(),
    "pact denounced": lambda w: w["pact_denounced"].notna().mean(),
    "USSR attacks Japan": lambda w: w["ussr_attacks_japan"].notna().mean(),
    "Germany surrenders": lambda w: w["germany_surrenders"].notna().mean(),
    "Japan surrenders": lambda w: w["japan_surrenders"].notna().mean(),
    "USSR holds Manchuria": lambda w: w["ussr_gains_manchuria"].mean(),
    "armistice": lambda w: w["soviet_japanese_armistice"].mean(),
}


SPLIT = ("japan.w_german_success", "japan.german_saturation", "japan.w_us_war", "us.burden_per_loss")
"""The assumptions the Stalingrad answer is split by (lower against upper half of the range)."""


def _cell(name: str, value: float) -> str:
    if "median" in name:
        return f"{value:.0f}"
    text = f"{100 * value:.0f}%"
    return f"**{text}**" if value > 0.95 or value < 0.05 else text


def whatif_table(worlds: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Each bundled what-if's outcome shares on ``worlds`` paired worlds."""
    rows = {}
    for name in WHATIFS:
        w = simulate(load_scenario(bundled_dir() / f"{name}.yaml"), seed, np.arange(worlds)).worlds
        rows[name] = {column: float(f(w)) for column, f in COLUMNS.items()}
        if name == "stalingrad_german_victory":
            early = w["japan_attacks_ussr"] < pd.Timestamp("1944-01-01")
            for param in SPLIT:
                low = w[f"param:{param}"] < w[f"param:{param}"].median()
                rows[name][param] = (float(early[low].mean()), float(early[~low].mean()))
    return pd.DataFrame(rows).T


def whatifs_markdown(table: pd.DataFrame, worlds: int, seed: int) -> str:
    lines = ["| scenario | " + " | ".join(COLUMNS) + " |", "|---|" + "---|" * len(COLUMNS)]
    for name, row in table.iterrows():
        lines.append(f"| `{name}` | " + " | ".join(_cell(c, row[c]) for c in COLUMNS) + " |")
    lines += ["", f"{worlds:,} worlds each, seed {seed}, judgement parameters sampled per world; a share in bold is "
              "above 95% or below 5%.", "",
              "After a German victory at Stalingrad, Japan attacks the USSR before 1944 in this share of worlds, "
              "by the half of each assumption's plausible range the world drew:", "",
              "| assumption | lower half | upper half |", "|---|---|---|"]
    for param in SPLIT:
        low, high = table.loc["stalingrad_german_victory", param]
        lines.append(f"| `{param}` | {100 * low:.0f}% | {100 * high:.0f}% |")
    return "\n".join(lines)


@click.command()
@click.option("--worlds", "-n", type=click.IntRange(min=10), default=2000, show_default=True)
@click.option("--seeds", default="1,2,3", show_default=True, help="Comma-separated root seeds; every target must hold on each.")
@click.option("--markdown", is_flag=True, help="Print the README's Markdown table.")
def calibrate(worlds, seeds, markdown) -> None:
    """Check the historical scenario against the calibration targets from the record."""
    try:
        seed_list = [int(s) for s in seeds.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter(f"expected comma-separated whole numbers, got {seeds!r}", param_hint="--seeds") from None
    tables = {s: run_calibration(worlds=worlds, seed=s) for s in seed_list}
    if markdown:
        echo(calibration_markdown(tables, worlds))
        return
    for s, table in tables.items():
        echo(f"seed {s}")
        echo(table[["target", "value", "range", "verdict"]].to_string(index=False))
        misses = int((~table["ok"]).sum())
        echo(f"{worlds} worlds, seed {s}: {len(table) - misses} of {len(table)} targets met.\n")


@click.command()
@click.option("--worlds", "-n", type=click.IntRange(min=10), default=2000, show_default=True)
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--markdown", is_flag=True, help="Print the README's Markdown table.")
def whatifs(worlds, seed, markdown) -> None:
    """Run every bundled what-if on paired worlds and print its outcome shares."""
    table = whatif_table(worlds, seed)
    if markdown:
        echo(whatifs_markdown(table, worlds, seed))
    else:
        echo(table[list(COLUMNS)].to_string(float_format=lambda v: f"{v:.3f}"))


COMMANDS = [calibrate, whatifs]
