"""How long a Morris study of the Stalingrad what-if takes.

Run from the repository root::

    python benchmarks/sensitivity.py                 # 20 parameters, 10 trajectories, 500 paired worlds, 2 workers
    python benchmarks/sensitivity.py --workers 1 --worlds 100

20 parameters x 10 trajectories is 210 points; each runs the what-if and the historical
baseline on the same 500 worlds: 210,000 worlds in all. Target: at most 3 minutes on two
cores. The parameters are the catalogue's plausible ranges where it has them; the rest
of the 20 are the judgement weights of the deciding agents, varied by +-25% around their
defaults (the benchmark measures speed, not history). The machine's load average is
printed with the time: on two cores shared with other work, it decides the time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = [
    "japan.w_german_success", "japan.w_persimmon", "japan.pact_breach_cost", "japan.w_us_war",
    "japan.inertia", "japan.attack_bias", "japan.winter_cost", "japan.w_oil", "japan.w_embargo",
    "japan.pact_security", "japan.w_oil_north", "japan.ripe_ratio", "japan.soviet_division_rating",
    "ussr.w_crisis", "ussr.w_threat", "ussr.w_margin", "ussr.intelligence_trust",
    "ussr.intelligence_reliability", "germany.stalingrad_logit", "japan.oil_stock_months",
]


def ranges(n: int) -> dict:
    """``n`` parameters with a range: plausible ones first, then the weights above."""
    from sim.world.vocabulary import CATALOGUE

    chosen = {name: p.plausible for name, p in CATALOGUE.items() if p.plausible is not None}
    for name in WEIGHTS:
        if len(chosen) >= n:
            break
        if name not in chosen:
            d = CATALOGUE[name].default
            low, high = sorted((0.75 * d, 1.25 * d))
            chosen[name] = (max(low, CATALOGUE[name].low), min(high, CATALOGUE[name].high))
    return dict(list(chosen.items())[:n])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--params", type=int, default=20)
    parser.add_argument("--trajectories", type=int, default=10)
    parser.add_argument("--worlds", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sim.analysis.sensitivity import sensitivity

    chosen = ranges(args.params)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="pactsim-bench-") as tmp:
        start = time.perf_counter()
        table = sensitivity("stalingrad_german_victory", "japan_attacks_ussr<1944-01-01", baseline="historical",
                            params=list(chosen), ranges=chosen, samples=args.trajectories,
                            worlds_per_point=args.worlds, seed=0, workers=args.workers,
                            out=Path(tmp) / "study", progress=False)
        seconds = time.perf_counter() - start
    points = table["points"].iloc[0]
    worlds = points * args.worlds * 2
    load = f"{load_before:.1f} to {os.getloadavg()[0]:.1f}"
    print("| case | parameters | points | worlds | workers | seconds | worlds/s | load average |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| Morris, stalingrad_german_victory vs historical | {len(chosen)} | {points} | {worlds:,} | "
          f"{args.workers} | {seconds:.1f} | {worlds / seconds:,.0f} | {load} |")


if __name__ == "__main__":
    main()
