"""The participant apps as a participant's browser sees them."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.apps import PARTICIPANT_APPS
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
APP_TIMEOUT_MS = 90_000  # a kernel may still be warming up on a busy machine


def test_home_page_lists_every_app_and_keeps_the_token(served, page):
    link = served.link("E0001")
    page.goto(link)
    links = page.locator("a.mk-app-link")
    assert links.count() == len(PARTICIPANT_APPS)
    token = link.split("?", 1)[1]
    for app in PARTICIPANT_APPS:
        item = page.locator(f"a.mk-app-link[data-app='{app.name}']")
        assert item.locator(".mk-app-title").inner_text() == app.title
        assert item.get_attribute("href").endswith(f"/voila/render/{app.filename}?{token}")
    assert page.locator("h1").inner_text() == "Demo mentoring program"
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_an_app_opens_from_a_personal_link(served, page, width):
    mentee = served.person("E0002")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served.link(mentee.id))
    page.locator("a.mk-app-link[data-app='intake']").click()
    app = page.locator(".mk-app-intake")
    app.wait_for(timeout=APP_TIMEOUT_MS)
    assert "Intake" in app.locator("h1").inner_text()
    assert f"Welcome, {mentee.name}" in app.text_content()
    assert "Demo mentoring program" in app.text_content()
    assert page.locator(".mk-notice-error").count() == 0
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert "Traceback" not in page.content()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width, (
        "the page scrolls sideways"
    )
    assert page.script_errors == []
    page.screenshot(path=ARTIFACTS / f"intake-{width}.png", full_page=True)


@pytest.mark.parametrize("kind", ["tampered", "expired", "missing"])
def test_a_bad_link_gets_the_refusal_page_and_no_data(served, page, kind):
    mentee = served.person("E0003")
    link = served.link(
        mentee.id, expires=date(2020, 1, 1) if kind == "expired" else date(2099, 1, 1)
    )
    if kind == "tampered":  # someone edits the token, hoping to see another's records
        link = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    query = "" if kind == "missing" else link.split("?", 1)[1]
    page.goto(f"{served.url}voila/render/intake.ipynb?{query}")
    refused = page.locator(".mk-refused")
    refused.wait_for(timeout=APP_TIMEOUT_MS)
    assert refused.locator("h1").inner_text() == "This link cannot be used"
    expected = {"tampered": "not valid", "expired": "has expired", "missing": "has none"}[
        kind
    ]
    assert expected in refused.inner_text()
    content = page.content()
    for private in (mentee.name, mentee.email, "Demo mentoring program"):
        assert private not in content
    page.screenshot(path=ARTIFACTS / f"refused-{kind}.png", full_page=True)


def test_an_unknown_app_gets_a_friendly_page(served, page):
    response = page.goto(served.url + "voila/render/nothing-here.ipynb")
    assert response.status == 404
    assert page.locator(".mk-error-page h1").inner_text() == "This page does not exist"
    page.locator("text=See the apps of this program").click()
    assert page.locator("a.mk-app-link").count() == len(PARTICIPANT_APPS)
