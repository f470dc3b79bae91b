"""How fast pactsim runs as a user runs it, beside the plain per-world Mesa loop.

Run from the repository root (``make bench``)::

    python benchmarks/speed.py           # 10,000 and 100,000 worlds; 200,000 on two workers
    python benchmarks/speed.py --quick   # 10,000 worlds only

Every case is a fresh process timed from the outside, so interpreter start, imports and
writing the results folder are all included: ``pactsim run historical`` exactly as the
README shows it. Beside it, right before and after each case, the plain per-world Mesa
loop (``benchmarks/plain_mesa.py``: one ``mesa.Model`` per world, scalar agents) runs a
few hundred worlds in its own fresh process; the mean of its two costs per world, times
the case's worlds, is what the ratio compares with (the machine's speed drifts). Memory
is the peak proportional set size (PSS) of the process tree, sampled every 50 ms: shared
pages (the forkserver's imports) are counted once, as the kernel does when memory runs
short. Targets (issue 8): 10,000 worlds at least 8 times the plain loop, 100,000 in one
process at least 15 times; 200,000 on two workers at most 100 MB on disk and 1 GB of
memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PACTSIM = Path(sys.executable).with_name("pactsim")
PLAIN = ("import sys, time; sys.path.insert(0, {here!r}); from plain_mesa import run_worlds; "
         "t = time.perf_counter(); run_worlds({n}); print(time.perf_counter() - t)")


def _pss(proc: psutil.Process) -> int:
    try:
        return proc.memory_full_info().pss
    except (psutil.Error, AttributeError):  # no PSS on this platform: RSS over-counts shared pages
        return proc.memory_info().rss


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak PSS of the process tree in MB, and stdout of ``cmd``."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    proc, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, sum(_pss(p) for p in [proc, *proc.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    out = child.stdout.read()
    if child.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed with exit code {child.returncode}")
    return seconds, peak / 2**20, out


def plain_ms_per_world(n: int) -> float:
    """The plain Mesa loop's cost per world, from a fresh process, in milliseconds."""
    _, _, out = measure([sys.executable, "-c", PLAIN.format(here=str(ROOT / "benchmarks"), n=n)])
    return float(out.strip().splitlines()[-1]) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 10,000 worlds")
    parser.add_argument("--plain", type=int, default=300, help="worlds for the plain Mesa loop (default 300)")
    args = parser.parse_args()
    cases = [(10_000, 1)] if args.quick else [(10_000, 1), (100_000, 1), (200_000, 2)]

    rows = []
    with tempfile.TemporaryDirectory(prefix="pactsim-bench-") as tmp:
        for worlds, workers in cases:
            # The machine's speed drifts (other work, a shared host): the yardstick is
            # measured right before and after each case, and the ratio uses their mean.
            before = plain_ms_per_world(args.plain)
            out = Path(tmp) / f"run-{worlds}"
            cmd = [str(PACTSIM), "run", "historical", "-n", str(worlds), "-o", str(out), "--no-progress"]
            seconds, peak, _ = measure(cmd + (["--workers", str(workers)] if workers > 1 else []))
            plain = (before + plain_ms_per_world(args.plain)) / 2
            disk = sum(f.stat().st_size for f in out.iterdir()) / 2**20
            rows.append((worlds, workers, seconds, peak, disk, plain, plain * worlds / 1000 / seconds))
            shutil.rmtree(out)

    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end (other work slows every case); "
          f"the plain per-world Mesa loop runs {args.plain} worlds right before and after each case")
    print()
    print("| `pactsim run historical` | worlds | workers | seconds | worlds/s | peak MB (PSS) | on disk MB "
          "| plain Mesa (ms/world) | vs plain Mesa |")
    print("|---|---|---|---|---|---|---|---|---|")
    for worlds, workers, seconds, peak, disk, plain, ratio in rows:
        print(f"| fresh process, writing included | {worlds:,} | {workers} | {seconds:.1f} | {worlds / seconds:,.0f} "
              f"| {peak:,.0f} | {disk:,.0f} | {plain:.2f} | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
