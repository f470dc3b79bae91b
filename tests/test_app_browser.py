"""The seminar page in a real browser: Playwright driving Debian's headless Chromium.

``make test`` installs Chromium with apt (never a browser download of Playwright's own).
A server runs ``pactsim app`` on a free loopback port with a few worlds, so that each
what-if takes well under a second; every wait is bounded.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sim
from sim.interface.app_process import served

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WORLDS = 200
WAIT = 60_000  # ms: the longest any step may take
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``pactsim app historical`` on loopback; its URL."""
    with (tmp_path_factory.mktemp("app") / "server.log").open("w") as log, served("historical", WORLDS, log=log) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it with apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


STILL = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { animation: none !important; transition: none !important; }";
  document.head.appendChild(style);
});"""
"""A page without animations. Ten pages in one Chromium, each drawing its running progress bar
in software, took about 1.4 of the two cores the server also needs; in a seminar each student's
browser has a machine of its own."""


class Session:
    """A page in its own browser context, with the console errors it has seen."""

    def __init__(self, browser, width=1280, height=800, downloads=False, still=False):
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=downloads)
        if still:
            self.context.add_init_script(STILL)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, url: str) -> None:
        self.page.goto(url)

    def answered(self, timeout: float = WAIT) -> None:
        """Wait for the numbers and every figure of the levers in the URL."""
        query = self.page.url.split("?", 1)[1] if "?" in self.page.url else ""
        self.page.wait_for_selector(f'.pactsim-answer.pactsim-figures-3 [data-query="{query}"]', timeout=timeout,
                                    state="attached")
        for name in ("dates", "forces", "divergence"):
            self.page.wait_for_selector(f"img.pactsim-figure-{name}", timeout=timeout)

    def cell(self, outcome: str) -> str:
        return self.page.locator(f'.pactsim-shares tr[data-outcome="{outcome}"] td.whatif').inner_text()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser):
    s = Session(browser)
    yield s
    s.close()


def test_move_a_lever_and_the_numbers_and_figures_follow(server, session):
    session.open(server)
    session.answered()
    before, figure = session.cell("japan_strikes_south"), session.page.locator("img.pactsim-figure-dates").get_attribute("src")
    session.page.get_by_label("Oil embargo", exact=True).click(force=True)
    session.page.wait_for_url(re.compile(r"event\.oil_embargo\.on=off"))
    session.page.wait_for_function(
        "before => document.querySelector('.pactsim-shares tr[data-outcome=\"japan_strikes_south\"] td.whatif')"
        ".innerText !== before", arg=before)
    session.answered()
    assert session.cell("japan_strikes_south") != before
    session.page.wait_for_function(
        "src => document.querySelector('img.pactsim-figure-dates').getAttribute('src') !== src", arg=figure)
    assert "Oil embargo: off (was on)" in session.page.locator(".pactsim-changes").inner_text()
    # A slider moved with the keyboard reports on release, and the URL follows.
    assert session.page.locator(".pactsim-slider", has_text="Oil embargo: date").count() == 0  # off: no date
    session.page.locator(".pactsim-slider", has_text="Stalingrad: date").locator("[role=slider]").focus()
    session.page.keyboard.press("PageUp")
    session.page.wait_for_url(re.compile(r"event\.oil_embargo\.on=off&event\.stalingrad\.date=19"))
    session.answered()
    assert session.errors == []


def test_a_prepared_link_gives_the_same_page_after_a_reload(server, browser):
    url = server + "?event.stalingrad.outcome=german_victory&seed=3"
    first, second = Session(browser), Session(browser, 1920, 1080)
    try:
        first.open(url)
        first.answered()
        assert first.cell("stalingrad_german_victory").startswith("100.0%")
        second.open(url)
        second.answered()
        second.page.reload()
        second.answered()
        for outcome in ("japan_attacks_ussr", "ussr_attacks_japan", "pact_denounced"):
            assert first.cell(outcome) == second.cell(outcome)
        assert "seed 3" in second.page.locator(".pactsim-main").inner_text()
        assert first.errors == second.errors == []
    finally:
        first.close()
        second.close()


def test_saved_scenario_is_checked_and_run_to_the_page_s_numbers(server, browser, tmp_path):
    s = Session(browser, downloads=True)
    try:
        s.open(server + "?pact.on=off&param.ussr.intelligence_trust=0.55&seed=2")
        s.answered()
        shown = s.cell("japan_attacks_ussr")
        with s.page.expect_download() as download:
            s.page.get_by_text("Save as scenario").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "whatif-historical.yaml"
        assert s.errors == []
    finally:
        s.close()
    check = subprocess.run([sys.executable, "-m", "sim", "check", str(saved)], capture_output=True, text=True, cwd=ROOT)
    assert check.returncode == 0 and "ok  whatif" in check.stdout
    result = sim.run(saved, worlds=WORLDS, seed=2)
    share = result.worlds["japan_attacks_ussr"].notna().mean()
    assert shown.startswith(f"{100 * share:.1f}%")


@pytest.mark.parametrize("query, message", [
    ("?seed=abc", "lever 'seed': 'abc' is not valid"),
    ("?param.ussr.intelligence_trust=7", "is out of range; expected a value in [0, 1]"),
    ("?pact.notice_years=9", "notice_years must not exceed term_years"),
    ("?extends=/etc/passwd", "unknown lever 'extends'"),
])
def test_bad_link_gives_a_message_and_computes_nothing(server, session, query, message):
    session.open(server + query)
    error = session.page.wait_for_selector(".pactsim-error")
    assert message in error.inner_text()
    assert "Traceback (most recent call last)" not in session.page.locator("body").inner_text()
    assert session.page.locator(".pactsim-shares").count() == 0
    assert session.errors == []


def test_ten_sessions_at_once_all_get_their_answer(server, browser):
    """Ten students, each with a lever of their own, at the same moment."""
    sessions = [Session(browser, still=True) for _ in range(10)]
    try:
        for i, s in enumerate(sessions):
            s.page.goto(f"{server}?param.ussr.intelligence_trust=0.5{i}", wait_until="commit")
        started = time.monotonic()
        for s in sessions:
            # A hang guard, not a speed target: alone on a quiet 2-core machine the ten answers
            # take about 220 s (ten pages in one Chromium and the server share the two cores);
            # CI took 281 and 322 s beside the other tests, against the 300 s this guard had.
            s.answered(timeout=max(1000.0, 600_000 - 1000 * (time.monotonic() - started)))
        assert len({s.cell("moscow_falls") + s.cell("japan_attacks_ussr") for s in sessions}) > 1
        assert [s.errors for s in sessions] == [[]] * 10
    finally:
        for s in sessions:
            s.close()


def test_the_record_switch_shows_both_answers_and_lives_in_the_url(server, browser, tmp_path):
    s = Session(browser, width=1920, height=1080)
    try:
        s.open(server + "?event.stalingrad.outcome=german_victory&given=record@divergence")
        s.answered()
        both = s.page.locator(".pactsim-given-answer").inner_text()
        assert "worlds that lived our history" in both and f"of {WORLDS:,} pairs match" in both
        assert "19 November 1942" in both
        width = s.page.locator("img.pactsim-figure-dates").bounding_box()["width"]
        assert width > 1100  # the figure fills the page on a projector (it stayed at 800 px)
        s.page.screenshot(path=str(tmp_path / "given.png"), full_page=False)
        s.page.locator(".pactsim-given .v-input--selection-controls__ripple").click()  # off: the condition leaves the URL
        s.page.wait_for_url(re.compile(r"\?event\.stalingrad\.outcome=german_victory$"))
        s.answered()
        assert s.page.locator(".pactsim-given-answer").count() == 0
        assert not s.errors, s.errors
    finally:
        s.close()
