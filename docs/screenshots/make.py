"""Screenshots of the seminar page for the README, in Debian's headless Chromium.

Run from the repository root (needs the ``app`` extra and the ``chromium`` package)::

    python docs/screenshots/make.py

Starts ``pactsim app historical`` on a free loopback port, opens a prepared link (a
German victory at Stalingrad) at 1280x800 and at 1920x1080, waits for every figure, and
writes ``app-1280x800.png``, ``app-1920x1080.png`` and ``app-1280x800-figures.png`` (the
page scrolled to its figures) beside this file.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LINK = "?event.stalingrad.outcome=german_victory"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "sim", "app", "historical", "--port", str(port)], cwd=ROOT)
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
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for width, height in ((1280, 800), (1920, 1080)):
                page = browser.new_page(viewport={"width": width, "height": height})
                page.set_default_timeout(120_000)
                page.goto(url + LINK)
                for name in ("dates", "forces", "divergence"):
                    page.wait_for_selector(f"img.pactsim-figure-{name}")
                page.wait_for_timeout(1500)  # let the page settle (Solara dims it while busy)
                page.screenshot(path=HERE / f"app-{width}x{height}.png")
                if width == 1280:
                    page.locator("img.pactsim-figure-dates").scroll_into_view_if_needed()
                    page.wait_for_timeout(500)
                    page.screenshot(path=HERE / f"app-{width}x{height}-figures.png")
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
