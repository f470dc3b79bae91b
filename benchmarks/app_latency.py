"""How long the seminar page takes from a lever release to its updated figures.

Run from the repository root (needs the ``app`` extra; the browser columns also need
Debian's ``chromium``)::

    python benchmarks/app_latency.py                 # 1,000, 2,000 and 5,000 paired worlds
    python benchmarks/app_latency.py --worlds 5000 --no-browser   # one size, in process only (make bench)

For each number of paired worlds, with the page's switch "only the worlds that lived our
history" off and on (``--given``, by default ``record@divergence``), each figure the
median of three different levers (no oil embargo, no Barbarossa, no Yalta), with the
baseline already run and kept, as it is on the page after its first answer:

* **in process**: :func:`sim.interface.answer.answer` alone: the what-if run, the paired
  statistics, the tables and chronicle ("numbers"), then the three figures;
* **in the browser**: ``pactsim app`` on a loopback port and Chromium driven by
  Playwright, from the click on a lever's switch until every figure on the screen is the
  new one.

A second table breaks the browser's time down into the server's stages (which the page
reports with its answer) and the rest: Solara's rendering, the websocket and the
browser ("Solara and the browser"). The figures are drawn in two processes side by
side while the server writes the tables, so the drawing rows overlap the others.

Target: at most 1.5 s from release to figures for 1,000 paired worlds on the 2-core
machine. The load average is printed, because other work on the machine counts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["event.oil_embargo.on=off", "event.barbarossa.on=off", "event.yalta.on=off"]
SWITCHES = ["Oil embargo", "Barbarossa", "Yalta"]
"""The same three levers, as URL state (in process) and as the switches clicked (in the browser)."""
FIGURES = ("dates", "forces", "divergence")
STAGES = ["baseline", "what-if run", "paired statistics", "data: dates", "data: forces", "data: divergence",
          "tables and chronicle", "numbers", "draw: dates", "draw: forces", "draw: divergence", "figures", "total"]
"""The server's stages, as :func:`sim.interface.answer.answers` names them, in order."""
NOTES = {"baseline": "kept from the first answer", "numbers": "sum of the rows above",
         "draw: dates": "in a drawing process", "draw: forces": "in the other drawing process",
         "draw: divergence": "in whichever is free first",
         "figures": "from the numbers to the last figure (wall)", "total": "the server's whole answer"}
FIGURES_NEW = """([query, names, before]) => {
    const marker = document.querySelector('.pactsim-answer.pactsim-figures-3 [data-query]');
    if (!marker || marker.getAttribute('data-query') !== query) return false;
    return names.every((name, i) => {
        const img = document.querySelector('img.pactsim-figure-' + name + ':not(.pactsim-stale)');
        return img && img.complete && img.getAttribute('src') !== before[i];
    });
}"""
"""In the browser: the page answers ``query`` and every figure differs from ``before``."""


def in_process(worlds: int, given: str | None = None) -> list[dict]:
    """The stages of each lever's answer, in seconds (``given``: also read on the matching pairs)."""
    sys.path.insert(0, str(ROOT))
    import matplotlib

    matplotlib.use("Agg")
    from sim.files.scenario import bundled_dir, load_scenario
    from sim.interface import answer, levers

    base = load_scenario(bundled_dir() / "historical.yaml")
    answer.warm(base, worlds)
    return [dict(answer.answer(base, levers.whatif(base, levers.parse_query(base, query)), worlds, 0,
                               given=given).seconds) for query in QUERIES]


def in_browser(worlds: int, given: str | None = None) -> list[dict] | None:
    """For each lever: the server's stages and the seconds from the click to the last new
    figure on the screen ("browser"); None without Chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    from sim.interface.app import with_given
    from sim.interface.app_process import served

    measured = []
    with served("historical", worlds) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(120_000)
        for label, query in zip(SWITCHES, QUERIES):
            start_query, query = with_given("", given), with_given(query, given)
            page.goto(f"{url}?{start_query}")  # the baseline's page (its answer kept), then one switch turned off
            page.wait_for_selector(f'.pactsim-answer.pactsim-figures-3 [data-query="{start_query}"]', state="attached")
            before = [page.get_attribute(f"img.pactsim-figure-{name}", "src") for name in FIGURES]
            start = time.perf_counter()
            page.get_by_label(label, exact=True).click(force=True)
            page.wait_for_function(FIGURES_NEW, arg=[query, list(FIGURES), before], polling="raf")
            seconds = time.perf_counter() - start
            stages = json.loads(page.get_attribute(".pactsim-answer [data-query]", "data-seconds"))
            measured.append(stages | {"browser": seconds})
        browser.close()
    return measured


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r.get(key, float("nan")) for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worlds", type=int, nargs="*", default=[1000, 2000, 5000])
    parser.add_argument("--no-browser", action="store_true", help="Only the in-process measurement.")
    parser.add_argument("--given", default="record@divergence",
                        help="What the page's switch reads, measured on: the pairs whose baseline twin meets it.")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    ends, stages = [], {}
    for worlds in args.worlds:
        for given in (None, args.given):
            # Each case in a fresh process, so that kept baselines and warm caches do not leak.
            out = subprocess.run([sys.executable, __file__, "--_case", str(worlds), *([given] if given else [])],
                                 capture_output=True, text=True, cwd=ROOT, check=True).stdout
            runs = json.loads(out.splitlines()[-1])
            browser = None if args.no_browser else in_browser(worlds, given)
            shown = "—" if browser is None else f"{median(browser, 'browser'):.2f}"
            load = os.getloadavg()[0]
            ends.append(f"| {worlds:,} | {'on' if given else 'off'} | {median(runs, 'numbers'):.2f} "
                        f"| {median(runs, 'total'):.2f} | {shown} | {load:.1f} |")
            stages[f"{worlds:,} worlds" + (", switch on" if given else "")] = browser or runs
            print(f"measured {worlds:,} paired worlds, switch {'on' if given else 'off'} (load average {load:.1f})",
                  file=sys.stderr)
    print(f"\n| paired worlds | switch ({args.given}) | in process: numbers (s) | in process: numbers and figures (s) "
          "| in the browser: release to figures (s) | load average |")
    print("|---|---|---|---|---|---|")
    print("\n".join(ends))
    where = "in the browser" if not args.no_browser and shutil.which("chromium") else "in process"
    print(f"\nStages of the server's answer, {where} (median seconds of three levers):\n")
    print("| stage | " + " | ".join(stages) + " | |")
    print("|---|" + "---|" * len(stages) + "---|")
    for stage in STAGES:
        print(f"| {stage} | " + " | ".join(f"{median(r, stage):.2f}" for r in stages.values())
              + f" | {NOTES.get(stage, '')} |")
    if where == "in the browser":
        print("| Solara and the browser | " + " | ".join(
            f"{statistics.median(r['browser'] - r['total'] for r in runs):.2f}" for runs in stages.values())
            + " | click to figures on screen, less the server's answer |")
        print("| **release to figures** | " + " | ".join(f"**{median(r, 'browser'):.2f}**" for r in stages.values())
              + " | |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) in (3, 4) and sys.argv[1] == "--_case":
        print(json.dumps(in_process(int(sys.argv[2]), *sys.argv[3:])))
    else:
        main()
