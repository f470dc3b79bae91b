"""How long it takes to say which assumptions carry the spread, beside SALib's estimate.

Run from the repository root::

    python benchmarks/spread.py                 # 10,000 worlds
    python benchmarks/spread.py --worlds 2000

Runs the historical scenario and the Stalingrad what-if on the same worlds (every
judgement sampled per world), then times :mod:`sim.analysis.spread`: one split of one
outcome over every ``param:`` column, the whole section of ``pactsim run`` (every main
outcome) and of ``pactsim compare`` (every main outcome's paired effect). Where SALib
is installed, ``SALib.analyze.delta`` (its first-order index S1, the same quantity
without the bias correction) is timed on the same split, with 10 and with its default
100 bootstrap resamples. Target: the section of a 10,000-world run in under 2 s on the
2-core machine. The load average is printed, because other work on the machine counts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(func, repeat: int = 3) -> float:
    """The best of ``repeat`` runs of ``func``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worlds", type=int, default=10_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy as np

    import sim
    from sim.analysis import spread

    base = sim.run("historical", worlds=args.worlds, seed=0, progress=False).worlds
    whatif = sim.run("stalingrad_german_victory", worlds=args.worlds, seed=0, progress=False).worlds
    params, _ = spread.param_columns(whatif)
    target = spread.Target("japan_attacks_ussr", "whether")
    load = os.getloadavg()[0]
    rows = [("one split (Japan attacks the USSR, whether)", timed(lambda: spread.split(whatif, target))),
            ("pactsim run's section (every main outcome)", timed(lambda: spread.main_splits(base), 1)),
            ("pactsim compare's section (every main effect)", timed(lambda: spread.main_effect_splits(base, whatif), 1))]
    try:
        from SALib.analyze import delta
    except ImportError:
        delta = None
    if delta is not None:
        X = whatif[params].to_numpy(float)
        Y = whatif["japan_attacks_ussr"].notna().to_numpy(float)
        problem = {"num_vars": len(params), "names": params,
                   "bounds": np.column_stack([X.min(axis=0), X.max(axis=0)]).tolist()}
        for resamples in (10, 100):
            def salib(resamples=resamples):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    delta.analyze(problem, X, Y, method="sobol", num_resamples=resamples, seed=1)
            rows.append((f"SALib delta, S1 only, {resamples} resamples (one split)", timed(salib, 1)))
    print(f"{args.worlds:,} worlds x {len(params)} sampled assumptions; load average {load:.1f} before")
    print("| what | seconds |\n|---|---|")
    for what, seconds in rows:
        print(f"| {what} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
