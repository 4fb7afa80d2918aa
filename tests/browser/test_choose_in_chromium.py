"""Mentees who choose, in Chromium: a mentee opens the choose app through their link,
sees the mentors open to them ranked with the reasons and no e-mail address, asks
two; one mentor accepts in their own app; the other request is withdrawn by itself;
the pair is then in the agreement app for both. axe finds nothing serious."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from mentorkit.domain.participants import Consent, Participant
from tests.browser.conftest import (
    Served,
    screenshot_whole,
    start_serving,
    stop_serving,
)
from tests.browser.test_wait_pages_accessible import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def chooser(tmp_path_factory):
    """The demo, in a program where mentees choose first; a new mentee with nobody
    yet, and two listed mentors with a place each."""
    from mentorkit.services.demo import create_demo

    folder = create_demo(tmp_path_factory.mktemp("choose") / "demo", mentors=5, mentees=12)
    toml = folder.path / "mentorkit.toml"
    toml.write_text(toml.read_text().replace('# mode = "matched"', 'mode = "both"'))
    with folder.open_store() as store:
        mentors = store.participants(cohort="Demo cohort", role="mentor").head(2)
        taken = store.seats_taken("Demo cohort")
        for row in mentors.itertuples():
            store.update_participant(
                row.id, capacity=taken.get(row.id, 0) + 1,
                consents={**row.consents, Consent.LISTED: datetime.now(UTC)},
            )  # fmt: skip
        newcomer = store.add_participant(Participant(
            cohort="Demo cohort", role="mentee", name="Noor Haddad",
            email="noor.haddad@example.org", timezone="Europe/London",
            skills_sought=list(mentors.iloc[0].skills_offered[:2]),
            goals="Lead my first project", consents=dict(mentors.iloc[0].consents),
        ))  # fmt: skip
    process, url = start_serving(folder.path, "--pool-size", "1")
    yield Served(url, folder), newcomer, list(mentors["id"]), list(mentors["name"])
    stop_serving(process)


def open_app(page, served, who, app):
    page.goto(served.link(who).replace("/?", f"/voila/render/{app}.ipynb?"))
    page.locator(f".mk-app-{app}").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)


def test_a_mentee_chooses_and_the_mentor_accepts(browser, chooser):
    served, mentee, mentor_ids, names = chooser
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    open_app(page, served, mentee.id, "choose")
    cards = page.locator(".mk-mentor-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Why this mentor")
    body = page.locator(".mk-choose").inner_text()
    assert "@" not in body  # no e-mail address, of anyone
    assert "department" not in body.lower()  # nor what the mentor did not agree to show
    page.locator(".mk-field-note textarea").fill("I want to run my first project well")
    page.get_by_role("button", name=f"Ask {names[0]}").click()
    expect(page.locator(".mk-choose .mk-result")).to_contain_text("Asked")
    page.get_by_role("button", name=f"Ask {names[1]}").click()
    expect(page.locator(".mk-my-requests")).to_contain_text(names[1])
    expect(page.locator(".mk-my-requests li")).to_have_count(2)
    assert serious_violations(page) == []
    screenshot_whole(page, "choose-mentee-390.png")
    page.context.close()

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_app(page, served, mentor_ids[0], "choose")
    expect(page.locator(".mk-incoming")).to_contain_text("Noor Haddad asks you")
    expect(page.locator(".mk-incoming")).to_contain_text("my first project well")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Accept Noor Haddad").click()
    expect(page.locator(".mk-choose .mk-result")).to_contain_text("Accepted")
    screenshot_whole(page, "choose-mentor-1280.png")
    page.context.close()

    with served.folder.open_store() as store:
        requests = store.requests(mentee.id).set_index("mentor_id")
        pairs = store.matches("Demo cohort")
    assert requests.loc[mentor_ids[0], "status"] == "accepted"
    assert requests.loc[mentor_ids[1], "status"] == "withdrawn"
    mine = pairs[(pairs["mentee_id"] == mentee.id) & (pairs["status"] == "published")]
    assert list(mine["mentor_id"]) == [mentor_ids[0]]

    for who, partner in ((mentee.id, names[0]), (mentor_ids[0], "Noor Haddad")):
        page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
        open_app(page, served, who, "agreement")
        expect(page.locator(".mk-app-agreement")).to_contain_text(partner)
        page.context.close()
