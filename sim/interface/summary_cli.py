"""``pactsim summary``: a saved run's (or comparison's) summary, and which assumptions
carry its spread (:mod:`sim.analysis.spread`).

``pactsim run`` and ``pactsim compare`` print the same section after their tables
(``--no-spread`` leaves it out); this command reads a results folder as it was saved,
simulates nothing, and can split any outcome (``--outcome``) with intervals.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..text import echo

SPREAD = click.option("--spread/--no-spread", default=True, show_default=True,
                      help="Say which assumptions carry the spread of the main outcomes.")


def format_spread(comparison, top: int = 5, intervals: bool = False, outcomes=()) -> str:
    """The spread section of each what-if of ``comparison`` (its effect, pair by pair),
    or of the baseline alone when there is no what-if; of ``outcomes`` (measures as
    text) instead of the main outcomes where given."""
    from ..analysis.spread import format_splits, split, split_effect, targets

    chosen = [t for text in outcomes for t in targets(text)]
    base = comparison.results[comparison.base].worlds
    if not comparison.whatifs:
        splits = [split(base, t, top) for t in chosen] if chosen else comparison.spread(top)[comparison.base]
        return "\n" + format_splits(splits, top, intervals)
    spreads = None if chosen else comparison.spread(top)
    parts = []
    for w in comparison.whatifs:
        splits = ([split_effect(*comparison.pair(w), t, top) for t in chosen] if chosen else spreads[w])
        parts.append(f"\n{w} against {comparison.base}:\n" + format_splits(splits, top, intervals, effect=True))
    return "\n".join(parts)


TRUST = click.option("--trust", is_flag=True,
                     help="Read folders whose tables fail their checks (other rows or bytes than recorded), "
                          "saying so on stderr and in what is written.")


@click.command("summary")
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--outcome", "outcomes", multiple=True,
              help='Split this outcome instead of the main ones: a column (a date gives whether and when) or a '
                   'measure, e.g. "japan_attacks_ussr<1944-01-01" (repeatable).')
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="Assumptions shown per outcome.")
@click.option("--intervals", is_flag=True, help="Give each third's 95% interval and number of worlds.")
@click.option("--given", default=None, metavar="CONDITION",
              help="Read only the pairs whose baseline twin meets CONDITION (as in `pactsim compare --given`).")
@TRUST
def summary_command(results, outcomes, top, intervals, given, trust) -> None:
    """Summarise RESULTS (a run folder, runs with the same seed, or a comparison folder)
    and say which assumptions carry the spread; nothing is simulated.

    For a comparison (or several runs: the first is the baseline), the spread of each
    what-if's effect, what-if minus baseline on the same worlds.
    """
    from ..analysis.saved import load_comparison
    from ..analysis.summary import format_summary

    comparison = load_comparison(list(results), given, trust)
    for label, matched in comparison.matches.items():
        echo(matched.line(label))
    for label, whatif, worlds in comparison.readings():
        title = getattr(comparison.scenarios[label], "title", label)
        if whatif is not None and label == comparison.base:  # which what-if's pairs: each has its own
            title += f", the twins of {whatif}'s matching pairs"
        echo(format_summary(worlds, title) + "\n")
    echo(format_spread(comparison, top, intervals, outcomes).lstrip("\n"))
