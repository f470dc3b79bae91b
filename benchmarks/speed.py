"""How fast the ensemble runs, and how much it gains over stepping worlds one by one.

Run from the repository root::

    python benchmarks/speed.py          # 10,000 worlds in one process; 100 worlds one by one
    python benchmarks/speed.py --full   # ... and 200,000 worlds on two workers

Each case runs in a fresh Python process (so imports and caches do not leak between
cases), timed from inside, while this process samples the resident memory of that
process and all its children; "peak MB" is the highest total seen. Targets: 10,000
worlds including writing results in at most 3 s; 200,000 worlds on two workers in at
most 60 s and 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HISTORICAL = ROOT / "scenarios" / "historical.yaml"


def scenario():
    """The historical scenario: the bundled file if present, else the built-in defaults."""
    sys.path.insert(0, str(ROOT))
    if HISTORICAL.is_file():
        from sim.files.scenario import load_scenario

        return load_scenario(HISTORICAL)
    from sim.files.scenario import scenario_from_dict

    return scenario_from_dict({"name": "historical", "title": "Historical (catalogue defaults)"})


def case(kind: str, worlds: int, workers: int) -> dict:
    """Run one case in this process and return its timing."""
    import numpy as np

    s = scenario()
    if kind == "single":  # an ensemble of one, over and over
        from sim.world.model import simulate

        start = time.perf_counter()
        for k in range(worlds):
            simulate(s, 0, np.array([k]))
        return {"seconds": time.perf_counter() - start}
    from sim.ensemble import run

    with tempfile.TemporaryDirectory(prefix="pactsim-bench-") as tmp:
        start = time.perf_counter()
        run(s, worlds=worlds, seed=0, out=Path(tmp) / "run", workers=workers, progress=False)
        return {"seconds": time.perf_counter() - start}


def measure(kind: str, worlds: int, workers: int) -> dict:
    """Run a case in a child process, sampling the memory of its process tree."""
    cmd = [sys.executable, __file__, "--case", kind, "--worlds", str(worlds), "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak = None
    try:
        import psutil
    except ImportError:  # fall back to the largest single process, read after it ends
        psutil = None
    if psutil is not None:
        peak, proc = 0, psutil.Process(child.pid)
        while child.poll() is None:
            try:
                tree = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)
    out, _ = child.communicate()
    if child.returncode:
        raise SystemExit(f"case {kind} {worlds} worlds failed (exit {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"case": kind, "worlds": worlds, "workers": workers, **result, "peak_mb": peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run 200,000 worlds on two workers")
    parser.add_argument("--single", type=int, default=100, help="worlds to run one by one (default 100)")
    parser.add_argument("--case", choices=["ensemble", "single"], help=argparse.SUPPRESS)
    parser.add_argument("--worlds", type=int, default=10_000, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(args.case, args.worlds, args.workers)))
        return

    rows = [measure("ensemble", 10_000, 1), measure("single", args.single, 1)]
    if args.full:
        rows.append(measure("ensemble", 200_000, 2))
    print(f"scenario: {HISTORICAL.relative_to(ROOT) if HISTORICAL.is_file() else 'catalogue defaults'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end (other work slows the cases)")
    print(f"{'case':<9} {'worlds':>8} {'workers':>7} {'seconds':>8} {'worlds/s':>9} {'peak MB':>8}")
    for r in rows:
        print(f"{r['case']:<9} {r['worlds']:>8,} {r['workers']:>7} {r['seconds']:>8.2f} "
              f"{r['worlds'] / r['seconds']:>9,.0f} {r['peak_mb']:>8,.0f}")
    ratio = (rows[0]["worlds"] / rows[0]["seconds"]) / (rows[1]["worlds"] / rows[1]["seconds"])
    print(f"ensemble vs one world at a time: {ratio:,.0f}x faster per world")


if __name__ == "__main__":
    main()
