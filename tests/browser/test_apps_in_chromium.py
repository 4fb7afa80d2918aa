"""The participant apps as a participant's browser sees them."""

from __future__ import annotations

import pytest

from mentorkit.apps import PARTICIPANT_APPS
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
APP_TIMEOUT_MS = 90_000  # a kernel may still be warming up on a busy machine


def test_home_page_lists_every_app(served, page):
    page.goto(served)
    links = page.locator("a.mk-app-link")
    assert links.count() == len(PARTICIPANT_APPS)
    for app in PARTICIPANT_APPS:
        link = page.locator(f"a.mk-app-link[data-app='{app.name}']")
        assert link.locator(".mk-app-title").inner_text() == app.title
        assert link.get_attribute("href").endswith(f"/voila/render/{app.filename}?")
    assert page.locator("h1").inner_text() == "Demo mentoring program"
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_an_app_opens_from_the_home_page_without_error(served, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served)
    page.locator("a.mk-app-link[data-app='intake']").click()
    app = page.locator(".mk-app-intake")
    app.wait_for(timeout=APP_TIMEOUT_MS)
    assert "Intake" in app.locator("h1").inner_text()
    assert page.locator(".mk-notice-error").count() == 0
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Traceback" not in page.content()
    assert "Demo mentoring program" in app.text_content()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, (
        "the page scrolls sideways"
    )
    assert page.script_errors == []
    page.screenshot(path=ARTIFACTS / f"intake-{width}.png", full_page=True)


def test_an_unknown_app_gets_a_friendly_page(served, page):
    response = page.goto(served + "voila/render/nothing-here.ipynb")
    assert response.status == 404
    assert page.locator(".mk-error-page h1").inner_text() == "This page does not exist"
    page.locator("text=See the apps of this program").click()
    assert page.locator("a.mk-app-link").count() == len(PARTICIPANT_APPS)
