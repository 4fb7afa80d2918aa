"""Nothing typed is lost: a closed tab or a culled kernel, and the forms come back as
they were left, to their author only."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, IDLE_MINUTES, eventually, kernels_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FORM_WITHIN = 90_000  # ms


def app_url(served, who, app):
    return served.link(who).replace("/?", f"/voila/render/{app}.ipynb?")


def open_app(page, served, who, app):
    page.goto(app_url(served, who, app))
    page.locator(f".mk-app-{app}").wait_for(timeout=FORM_WITHIN)


def type_into(page, field, text):
    page.locator(f".mk-field-{field} textarea").fill(text)
    page.locator(".mk-draft-status", has_text="kept as a draft").wait_for(timeout=15_000)


def a_mentee_in_a_pair(served):
    with served.folder.open_store() as store:
        pairs = store.matches()
        pair = pairs[pairs["status"] == "published"].iloc[0]
    return pair["mentee_id"], pair["mentor_id"]


def test_typed_answers_survive_a_closed_tab_and_a_culled_kernel(short_lived, browser):
    mentee, mentor = a_mentee_in_a_pair(short_lived)
    context = browser.new_context(viewport={"width": 390, "height": 900})
    intake = context.new_page()
    open_app(intake, short_lived, mentee, "intake")
    type_into(intake, "goals", "Run the team retrospective on my own by March")
    intake.close()  # the tab is closed: its kernel ends

    reflection = context.new_page()
    open_app(reflection, short_lived, mentee, "reflection")
    type_into(reflection, "learned", "Saying no to a meeting is allowed")
    kernel = reflection.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    # left open and idle: the kernel is culled, and the page says what happened
    eventually(lambda: kernel not in kernels_of(short_lived.process),
               IDLE_MINUTES * 60 + 40, "the idle kernel was culled")  # fmt: skip
    ended = reflection.locator(".mk-ended")
    ended.wait_for(timeout=30_000)
    assert "What you typed is kept" in ended.inner_text()
    reflection.screenshot(path=ARTIFACTS / "kernel-ended-390.png")
    ended.locator("button").click()  # "Open it again"
    reflection.locator(".mk-app-reflection").wait_for(timeout=FORM_WITHIN)
    assert (
        reflection.locator(".mk-field-learned textarea").input_value()
        == "Saying no to a meeting is allowed"
    )
    assert reflection.locator(".mk-draft-restored").count() == 1

    intake = context.new_page()
    open_app(intake, short_lived, mentee, "intake")
    assert (
        intake.locator(".mk-field-goals textarea").input_value()
        == "Run the team retrospective on my own by March"
    )
    notice = intake.locator(".mk-draft-restored")
    assert "is filled in below" in notice.inner_text()
    intake.screenshot(path=ARTIFACTS / "draft-restored-390.png")
    context.close()

    # the partner, on the same pair's reflection page, and another participant
    other = browser.new_context()
    page = other.new_page()
    open_app(page, short_lived, mentor, "reflection")
    assert "Saying no to a meeting" not in page.content()
    assert page.locator(".mk-draft-restored").count() == 0
    open_app(page, short_lived, "E0012" if mentee != "E0012" else "E0011", "intake")
    assert "Run the team retrospective" not in page.content()
    other.close()
