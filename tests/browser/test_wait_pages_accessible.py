"""The pages a visitor may meet before an app (the queue, a refused link) work for a
screen-reader user and on a phone: axe-core finds nothing serious, and what changes
is announced."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.conftest import require

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:
    require(AXE.exists(), f"axe-core is not installed at {AXE} (npm install axe-core)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "axe.run().then(r => r.violations.map(v => [v.id, v.impact, v.nodes.length]))"
    )
    return [f"{rule} ({impact}, {nodes})" for rule, impact, nodes in found
            if impact in ("critical", "serious")]  # fmt: skip


def test_the_queue_page_is_clean_and_announces_the_place(short_lived, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    # goals keeps no warm kernel here: its first visitor waits while one starts
    page.goto(short_lived.link("E0006").replace("/?", "/voila/render/goals.ipynb?"))
    queue = page.locator(".mk-queue")
    queue.wait_for(timeout=5_000)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[role=status]").inner_text().startswith("You are next.")
    assert serious_violations(page) == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.locator(".mk-app-goals").wait_for(timeout=90_000)  # and then it goes on
    context.close()


def test_the_refusal_page_is_clean_and_says_it_as_an_alert(short_lived, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(short_lived.url + "voila/render/intake.ipynb?token=not-a-token")
    refused = page.locator(".mk-refused[role=alert]")
    assert "not valid" in refused.inner_text()
    assert serious_violations(page) == []
    page.screenshot(path=ARTIFACTS / "refused-390.png")
    context.close()
