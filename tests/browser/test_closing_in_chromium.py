"""The closing reflection in Chromium, near the end of a pair's agreed time: the mentee
writes theirs on a phone, the mentor on a laptop; the second one completes the pair
and the mentee's page then says so. axe finds nothing serious on the form."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Served, screenshot_whole, start_serving, stop_serving
from tests.browser.test_wait_pages_accessible import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def ending(tmp_path_factory):
    """175 days into the demo: its oldest pairs' six months end within three weeks."""
    from mentorkit.services import closing
    from mentorkit.services.demo import create_demo
    from mentorkit.services.pairs import pairs_of

    folder = create_demo(tmp_path_factory.mktemp("closing") / "demo", mentors=3,
                         mentees=6, start=date.today() - timedelta(days=175))  # fmt: skip
    with folder.open_store() as store:
        pair = next(
            p
            for mentee in store.participants(role="mentee")["id"]
            for p in pairs_of(store, store.participant(mentee))
            if closing.ending(store, p).is_open(date.today())
            and closing.ending(store, p).goals
        )
    process, url = start_serving(folder.path, "--pool-size", "1")
    yield Served(url, folder), pair
    stop_serving(process)


def open_reflection(browser, served, who, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(served.link(who).replace("/?", "/voila/render/reflection.ipynb?"))
    page.locator(".mk-app-reflection").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    return page


def answer(page, rating: str, recommend: str, keep: str) -> None:
    closing = page.locator(".mk-closing")
    closing.locator(".mk-field-rating").get_by_role(
        "button", name=rating, exact=True
    ).click()
    closing.locator(".mk-field-recommend").get_by_role(
        "button", name=recommend, exact=True
    ).click()
    closing.locator(".mk-field-continue").get_by_role(
        "button", name=keep, exact=True
    ).click()
    closing.get_by_role("button", name="Save my closing reflection").click()


def test_both_sides_look_back_and_the_pair_completes(browser, ending):
    served, pair = ending
    page = open_reflection(browser, served, pair.me.id, 390)
    closing = page.locator(".mk-closing")
    expect(closing).to_contain_text("Closing reflection")
    expect(closing).to_contain_text(f"Your mentoring with {pair.partner.name}")
    closing.locator(".mk-outcome").first.get_by_role(
        "button", name="Achieved", exact=True
    ).click()
    closing.locator(".mk-field-achieved textarea").fill("Led two reviews on my own")
    answer(page, "5", "Yes", "Yes")
    expect(closing.locator(".mk-result")).to_contain_text(
        f"Once {pair.partner.name} has written theirs"
    )
    assert serious_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    screenshot_whole(page, "closing-mentee-390.png")
    page.context.close()

    page = open_reflection(browser, served, pair.partner.id, 1280)
    expect(page.locator(".mk-closing")).to_be_visible()
    # As a screen reader meets it: each question a named group of pressable buttons;
    # answered with the keyboard alone.
    rating = page.get_by_role("group", name=re.compile("How would you rate the mentoring"))
    four = rating.get_by_role("button", name="4", exact=True)
    four.focus()
    page.keyboard.press("Space")
    expect(four).to_have_attribute("aria-pressed", "true")
    for question, said in (("Would you recommend the program", "Yes"),
                           ("keep in touch informally", "No"),
                           ("Would you mentor again", "Yes")):  # fmt: skip
        group = page.get_by_role("group", name=re.compile(question))
        group.get_by_role("button", name=said, exact=True).focus()
        page.keyboard.press("Space")
    assert serious_violations(page) == []
    save = page.get_by_role("button", name="Save my closing reflection")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".mk-closing .mk-result")).to_contain_text("is complete")
    screenshot_whole(page, "closing-mentor-1280.png")
    page.context.close()

    page = open_reflection(browser, served, pair.me.id, 390)
    expect(page.locator(".mk-app-reflection")).to_contain_text(
        f"Your mentoring with {pair.partner.name} completed on"
    )
    page.context.close()
    with served.folder.open_store() as store:
        assert store.match(pair.id).status == "completed"
        ratings = sorted(c.rating for c in store.closings(pair.id))
        mentor = store.participant(pair.partner.id)
    assert ratings == [4, 5]
    assert "next_cohort" in mentor.consents  # offered their places to the next cohort
