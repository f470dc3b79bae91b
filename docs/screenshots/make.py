"""Screenshots of the seminar page and of the report for the README, in Debian's headless
Chromium.

Run from the repository root (needs the ``app`` extra and the ``chromium`` package)::

    python docs/screenshots/make.py            # the page and the reports
    python docs/screenshots/make.py page       # only the page
    python docs/screenshots/make.py reports    # only the reports

**The page**: ``pactsim app historical`` on a free loopback port, a prepared link (a German
victory at Stalingrad) opened at 1280x800 and at 1920x1080, every figure waited for:
``app-1280x800.png``, ``app-1920x1080.png`` and ``app-1280x800-figures.png`` (the page
scrolled to its figures).

**The reports**: the historical course against a German victory at Stalingrad and no
pact, 1,000 worlds, seed 1, in English, Italian, Dutch and Arabic: ``report-LANG.png``
(the top of each) and ``report-ar-comparison.png`` (the Arabic paired table). Each
scenario's file is named as the repository names it (``scenarios/historical.yaml``), so
that no path of the machine that made the screenshots shows in them.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LINK = "?event.stalingrad.outcome=german_victory"
WHATIFS = ("stalingrad_german_victory", "no_pact")
LANGS = ("en", "it", "nl", "ar")


def page_shots(browser) -> None:
    from sim.interface.app_process import served

    with served("historical") as url:
        for width, height in ((1280, 800), (1920, 1080)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(120_000)
            page.goto(url + LINK)
            page.wait_for_selector(f'.pactsim-answer.pactsim-figures-3 [data-query="{LINK[1:]}"]', state="attached")
            page.wait_for_timeout(1500)  # let the page settle (Solara dims it while busy)
            page.screenshot(path=HERE / f"app-{width}x{height}.png")
            if width == 1280:
                page.locator("img.pactsim-figure-dates").scroll_into_view_if_needed()
                page.wait_for_timeout(500)
                page.screenshot(path=HERE / f"app-{width}x{height}-figures.png")
            page.close()


def report_shots(browser) -> None:
    from sim.analysis.compare import compare
    from sim.analysis.report import render
    from sim.files.scenario import load_scenario, locate

    def as_in_repository(name: str):
        scenario = load_scenario(locate(name))
        return dataclasses.replace(scenario, path=os.path.relpath(scenario.path, ROOT))

    comparison = compare(as_in_repository("historical"), [as_in_repository(w) for w in WHATIFS], worlds=1000, seed=1,
                         series=True)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in LANGS:
            html = Path(tmp) / f"report-{lang}.html"
            html.write_text(render(comparison, lang), encoding="utf-8")
            page = browser.new_page(viewport={"width": 1100, "height": 1700})
            page.goto(html.as_uri())
            page.screenshot(path=HERE / f"report-{lang}.png")
            if lang == "ar":
                page.set_viewport_size({"width": 1100, "height": 2000})
                page.goto(html.as_uri() + "#comparison")
                page.wait_for_timeout(300)
                page.screenshot(path=HERE / "report-ar-comparison.png")
            page.close()


def main(which: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            if not which or "page" in which:
                page_shots(browser)
            if not which or "reports" in which:
                report_shots(browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
