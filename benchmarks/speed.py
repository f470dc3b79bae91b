"""How fast pactsim runs as a user runs it, beside the plain per-world Mesa loop.

Run from the repository root (``make bench``)::

    python benchmarks/speed.py           # 10,000 and 100,000 worlds; 200,000 on two workers
    python benchmarks/speed.py --quick   # 10,000 worlds only

Every case is a fresh process timed from the outside, so interpreter start, imports and
writing the results folder are all included: ``pactsim run historical`` exactly as the
README shows it. The machine's speed drifts from minute to minute, so each case runs
``--repeat`` times (default 3), each run between two runs of the plain per-world Mesa loop
(``benchmarks/plain_mesa.py``: one ``mesa.Model`` per world, scalar agents) on a few
hundred worlds in its own fresh process; a run's ratio compares it with the mean of the
two beside it, and the table gives the medians. Nothing watches a timed run: memory is
measured in one more run of the case, as the peak proportional set size (PSS) of the
process tree sampled every 50 ms (shared pages, the forkserver's imports, counted once,
as the kernel does when memory runs short; reading PSS walks the process's page tables,
which would slow a timed run). Targets (issue 8): 10,000 worlds at least 8 times the
plain loop, 100,000 in one process at least 15 times; 200,000 on two workers at most
100 MB on disk and 1 GB of memory.
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
from statistics import median

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


def run(cmd: list[str]) -> tuple[float, str]:
    """Wall seconds and stdout of ``cmd``, unobserved."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed with exit code {done.returncode}")
    return seconds, done.stdout


def peak_mb(cmd: list[str]) -> float:
    """Peak PSS of the process tree of ``cmd`` in MB, sampled every 50 ms."""
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    proc, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, sum(_pss(p) for p in [proc, *proc.children(recursive=True)]))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if child.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed with exit code {child.returncode}")
    return peak / 2**20


def plain_ms_per_world(n: int) -> float:
    """The plain Mesa loop's cost per world, from a fresh process, in milliseconds."""
    _, out = run([sys.executable, "-c", PLAIN.format(here=str(ROOT / "benchmarks"), n=n)])
    return float(out.strip().splitlines()[-1]) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 10,000 worlds")
    parser.add_argument("--plain", type=int, default=300, help="worlds for the plain Mesa loop (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each case (default 3)")
    args = parser.parse_args()
    cases = [(10_000, 1)] if args.quick else [(10_000, 1), (100_000, 1), (200_000, 2)]

    rows = []
    with tempfile.TemporaryDirectory(prefix="pactsim-bench-") as tmp:
        for worlds, workers in cases:
            out = Path(tmp) / f"run-{worlds}"
            cmd = [str(PACTSIM), "run", "historical", "-n", str(worlds), "-o", str(out), "--no-progress",
                   *(["--workers", str(workers)] if workers > 1 else [])]
            times, ratios, plains = [], [], [plain_ms_per_world(args.plain)]
            for _ in range(args.repeat):
                seconds, _ = run(cmd)
                shutil.rmtree(out)
                plains.append(plain_ms_per_world(args.plain))
                plain = (plains[-2] + plains[-1]) / 2
                times.append(seconds)
                ratios.append(plain * worlds / 1000 / seconds)
            peak = peak_mb(cmd)
            disk = sum(f.stat().st_size for f in out.iterdir()) / 2**20
            shutil.rmtree(out)
            rows.append((worlds, workers, median(times), peak, disk, median(plains), median(ratios)))

    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the end (other work slows every case); "
          f"the plain per-world Mesa loop runs {args.plain} worlds before and after each of "
          f"{args.repeat} timed runs of a case; medians")
    print()
    print("| `pactsim run historical` | worlds | workers | seconds | worlds/s | peak MB (PSS) | on disk MB "
          "| plain Mesa (ms/world) | vs plain Mesa |")
    print("|---|---|---|---|---|---|---|---|---|")
    for worlds, workers, seconds, peak, disk, plain, ratio in rows:
        print(f"| fresh process, writing included | {worlds:,} | {workers} | {seconds:.1f} | {worlds / seconds:,.0f} "
              f"| {peak:,.0f} | {disk:,.0f} | {plain:.2f} | {ratio:.1f}x |")


if __name__ == "__main__":
    main()
