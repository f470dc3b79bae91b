"""How long the seminar page takes from a lever release to its updated figures.

Run from the repository root (needs the ``app`` extra; the browser column also needs
Debian's ``chromium``)::

    python benchmarks/app_latency.py                 # 250, 500, 1,000 and 2,000 paired worlds
    python benchmarks/app_latency.py --worlds 1000   # one size

For each number of paired worlds, two measurements, each the median of three different
levers (no oil embargo, no Barbarossa, no Yalta), with the baseline already run and
kept, as it is on the page after its first answer:

* **in process**: :func:`sim.interface.answer.answer`: the what-if run, the paired
  statistics and the chronicle ("numbers"), then the three figures;
* **in the browser**: ``pactsim app`` on a loopback port and Chromium driven by
  Playwright, from the click on a lever's switch to the last new figure on the screen.

Target: at most 1.5 s from release to figures for 1,000 paired worlds on the 2-core
machine. The load average is printed, because other work on the machine counts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["event.oil_embargo.on=off", "event.barbarossa.on=off", "event.yalta.on=off"]
SWITCHES = ["Oil embargo", "Barbarossa", "Yalta"]
"""The same three levers, as URL state (in process) and as the switches clicked (in the browser)."""


def in_process(worlds: int) -> tuple[float, float]:
    """Median seconds to the numbers and to the last figure."""
    sys.path.insert(0, str(ROOT))
    import matplotlib

    matplotlib.use("Agg")
    from sim.files.scenario import bundled_dir, load_scenario
    from sim.interface import answer, levers

    base = load_scenario(bundled_dir() / "historical.yaml")
    answer.warm(base, worlds)
    numbers, total = [], []
    for query in QUERIES:
        a = answer.answer(base, levers.whatif(base, levers.parse_query(base, query)), worlds, 0)
        numbers.append(a.seconds["numbers"])
        total.append(a.seconds["total"])
    return statistics.median(numbers), statistics.median(total)


def in_browser(worlds: int) -> float | None:
    """Median seconds from a click on a lever to the last new figure, or None without Chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "sim", "app", "historical", "--port", str(port),
                               "--worlds", str(worlds)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300  # a busy machine starts Solara slowly
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"pactsim app did not answer at {url}") from None
                time.sleep(0.5)
        seconds = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(120_000)
            for label, query in zip(SWITCHES, QUERIES):
                page.goto(url)  # the baseline's page (its answer kept), then one switch turned off
                page.wait_for_selector('.pactsim-answer.pactsim-figures-3 [data-query=""]', state="attached")
                start = time.perf_counter()
                page.get_by_label(label, exact=True).click(force=True)
                page.wait_for_selector(f'.pactsim-answer.pactsim-figures-3 [data-query="{query}"]', state="attached")
                seconds.append(time.perf_counter() - start)
            browser.close()
        return statistics.median(seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worlds", type=int, nargs="*", default=[250, 500, 1000, 2000])
    parser.add_argument("--no-browser", action="store_true", help="Only the in-process measurement.")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    print("| paired worlds | in process: numbers (s) | in process: numbers and figures (s) "
          "| in the browser: release to figures (s) |")
    print("|---|---|---|---|")
    for worlds in args.worlds:
        # Each size in a fresh process, so that kept baselines and warm caches do not leak.
        out = subprocess.run([sys.executable, __file__, "--_case", str(worlds)], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout.split()
        numbers, total = float(out[-2]), float(out[-1])
        browser = None if args.no_browser else in_browser(worlds)
        shown = "—" if browser is None else f"{browser:.2f}"
        print(f"| {worlds:,} | {numbers:.2f} | {total:.2f} | {shown} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_case":
        print(*in_process(int(sys.argv[2])))
    else:
        main()
