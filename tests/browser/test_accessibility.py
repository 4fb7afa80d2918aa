"""Every participant page (mentor and mentee, phone and desktop) and every
facilitator dashboard, in Chromium: axe-core finds no critical or serious
violation, Chromium's accessibility tree has no form control without a name, and
each page is saved as a screenshot to look at (``test-artifacts/a11y-*.png``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from mentorkit.apps import FACILITATOR_WORKBOOKS, free_port
from tests.browser.conftest import screenshot_whole, stop_serving
from tests.browser.test_wait_pages_accessible import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT_MS = 120_000
WIDTHS = (390, 1280)
PAGES = ("home", "intake", "agreement", "goals", "reflection")
CONTROLS = {"textbox", "combobox", "checkbox", "slider", "button", "radio", "spinbutton",
            "listbox", "switch", "searchbox", "menulistpopup", "togglebutton"}  # fmt: skip
TOKEN = "a-facilitator-s-login"


def unnamed_controls(page) -> list[str]:
    """Form controls as Chromium exposes them to assistive technology, without a name."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    unnamed = []
    for node in nodes:
        role = node.get("role", {}).get("value", "")
        name = str(node.get("name", {}).get("value", "")).strip()
        if role in CONTROLS and not node.get("ignored") and not name:
            unnamed.append(f"{role} (backend node {node.get('backendDOMNodeId')})")
    return unnamed


SMALL = """() => [...document.querySelectorAll(
    '.mk-app input, .mk-app select, .mk-app textarea, .mk-app button, .mk-nav a')]
  .filter(el => el.offsetParent !== null && el.type !== 'hidden')
  .map(el => { const r = el.getBoundingClientRect();
    const name = el.getAttribute('aria-label') || el.textContent.trim();
    return [el.tagName + '.' + (el.type || '') + ' ' + name.slice(0, 30), r.width,
            r.height, parseFloat(getComputedStyle(el).fontSize)]; })
  .filter(([, w, h, size]) => w < 24 || h < 24 || size < 14)"""


def small_targets(page) -> list:
    """Controls a finger cannot hit on a phone (WCAG 2.5.8: 24 px) or with text too
    small to read without zooming."""
    return page.evaluate(SMALL)


@pytest.fixture(scope="module")
def pair(served):
    """A published pair of the demo, as (mentor id, mentee id)."""
    with served.folder.open_store() as store:
        matches = store.matches()
        published = matches[matches["status"] == "published"].iloc[0]
    return {"mentor": published.mentor_id, "mentee": published.mentee_id}


def open_page(page, served, who: str, name: str) -> None:
    link = served.link(who)
    if name == "home":
        page.goto(link)
        page.locator(".mk-apps").wait_for(timeout=TIMEOUT_MS)
    else:
        page.goto(link.replace("/?", f"/voila/render/{name}.ipynb?"))
        page.locator(f".mk-app-{name}").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(700)  # the page's script names what the widgets drew


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_participant_pages_are_clean_for_assistive_technology(
    browser, served, pair, side, name
):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    page = context.new_page()
    try:
        open_page(page, served, pair[side], name)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            assert serious_violations(page) == [], f"{side} {name} at {width} px"
            assert unnamed_controls(page) == [], f"{side} {name} at {width} px"
            assert page.evaluate("document.documentElement.lang") == "en"
            if width < 600:
                assert small_targets(page) == [], f"{side} {name} on a phone"
                assert page.evaluate("document.scrollingElement.scrollWidth") <= width
            screenshot_whole(page, f"a11y-{side}-{name}-{width}.png")
    finally:
        context.close()


@pytest.fixture(scope="module")
def dashboards(served):
    """``mentorkit lab --dashboards`` on the demo: the facilitator pages in Voila."""
    port = free_port(8960)
    env = {**os.environ, "JUPYTER_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mentorkit", "lab", "--program", str(served.folder.path),
         "--port", str(port), "--no-browser", "--allow-root", "--dashboards"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}api/status?token={TOKEN}", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                stop_serving(process)
                pytest.fail("mentorkit lab --dashboards did not start")
            time.sleep(0.5)
    yield base
    stop_serving(process)


def test_dashboards_open_on_the_list_of_facilitator_pages(browser, dashboards):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{dashboards}?token={TOKEN}")
        assert re.search(r"/voila/tree/workbooks", page.url)
        for workbook in FACILITATOR_WORKBOOKS:
            link = page.locator(f".mk-dashboard-link[data-app='{workbook.name}']")
            link.wait_for(timeout=30_000)
        assert serious_violations(page) == []
        screenshot_whole(page, "a11y-facilitator-pages-1280.png")
        page.locator(".mk-dashboard-link[data-app='program_health']").click()
        page.locator(".mk-app-program_health").wait_for(timeout=TIMEOUT_MS)
    finally:
        context.close()


@pytest.mark.parametrize("workbook", [w.name for w in FACILITATOR_WORKBOOKS])
def test_facilitator_dashboards_are_clean_and_show_no_code(browser, dashboards, workbook):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{dashboards}voila/render/workbooks/{workbook}.ipynb?token={TOKEN}")
        page.locator(".mk-app").first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_timeout(1000)
        assert page.locator(".jp-CodeMirrorEditor, .jp-InputPrompt").count() == 0
        assert "import" not in page.inner_text("body")  # the page, not its code
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            assert serious_violations(page) == [], f"{workbook} at {width} px"
            assert unnamed_controls(page) == [], f"{workbook} at {width} px"
            screenshot_whole(page, f"a11y-facilitator-{workbook}-{width}.png")
    finally:
        context.close()


def test_closing_a_pair_on_the_dashboard_asks_first_naming_both(
    browser, served, dashboards
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{dashboards}voila/render/workbooks/program_health.ipynb?token={TOKEN}")
        page.locator(".mk-health").wait_for(timeout=TIMEOUT_MS)
        page.locator(".mk-field-close-reason input").fill("schedules no longer fit")
        page.locator(".mk-close-pair").click()  # no pair chosen yet: nothing closes
        expect(page.locator(".mk-health .mk-result")).to_contain_text("pair")
        picker = page.locator(".mk-field-close-pair select")
        picker.select_option(index=1)
        chosen = picker.evaluate("s => s.options[s.selectedIndex].text").replace(
            "\xa0", " "
        )
        with served.folder.open_store() as store:
            before = store.matches()
        page.locator(".mk-field-close-reason input").fill("schedules no longer fit")
        page.locator(".mk-close-pair").click()
        question = page.locator(".mk-health .mk-result")
        for name in re.split(r" & | – | and ", chosen.split(" (")[0]):
            expect(question).to_contain_text(name.strip())
        expect(page.locator(".mk-confirm-close")).to_be_visible()
        with served.folder.open_store() as store:
            assert store.matches()["status"].tolist() == before["status"].tolist()
        page.locator(".mk-cancel-close").click()
        expect(page.locator(".mk-confirm-close")).to_be_hidden()
        with served.folder.open_store() as store:
            assert store.matches()["status"].tolist() == before["status"].tolist()
    finally:
        context.close()
