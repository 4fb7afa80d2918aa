"""The defects a participant met in Chromium, each seen fixed there: a Save that
says what is missing, plain messages, no silent change of a number, a signed
agreement changed only after a question, the share box unticked for the next
reflection, and a way home from every app that says what is waiting."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.conftest import newly_matched

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(served_apart):
    """This module's own demo: its tests sign, log and save on new pairs."""
    return served_apart


TIMEOUT_MS = 120_000


def open_app(page, served, who, app):
    page.goto(served.link(who).replace("/?", f"/voila/render/{app}.ipynb?"))
    page.locator(f".mk-app-{app}").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)


def test_the_intake_says_what_is_missing_and_never_changes_a_number(browser, served):
    with served.folder.open_store() as store:
        person = store.participants().query("role == 'mentor'").iloc[0]
        before = store.participant(person.id)
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    open_app(page, served, person.id, "intake")
    page.fill(".mk-field-name input", "")
    page.fill(".mk-field-email input", "someone@")
    page.fill(".mk-field-years_experience input", "-3")
    submit = page.locator(".mk-submit")
    expect(submit).to_be_enabled()
    expect(page.locator(".mk-summary")).to_contain_text("Your name")
    expect(page.locator(".mk-summary")).to_contain_text("E-mail")
    submit.click()
    refused = page.locator(".mk-result .mk-notice-error")
    expect(refused).to_contain_text("Not saved: 3 answers need your attention")
    expect(page.locator(".mk-error-email")).to_contain_text(
        "is not an e-mail address; write it like name@example.org"
    )
    expect(page.locator(".mk-error-years_experience")).to_contain_text("at least 0")
    expect(page.locator(".mk-field-years_experience input")).to_have_value("-3")
    expect(page.locator(".mk-field-name input")).to_be_focused()  # the first problem
    expect(page.locator(".mk-intake > .mk-result")).to_have_attribute("aria-live", "polite")
    expect(refused).to_have_attribute("role", "alert")  # read out as it appears
    assert page.locator(".mk-field-name input").get_attribute("aria-invalid") == "true"
    with served.folder.open_store() as store:
        assert store.participant(person.id) == before
    page.context.close()


def test_changing_terms_the_partner_signed_asks_first(browser, served):
    with served.folder.open_store() as store:
        match = newly_matched(store)
        store.sign_agreement(match.id, match.mentor_id, {"meeting_every_days": 14})
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_app(page, served, match.mentee_id, "agreement")
    page.fill(".mk-field-meeting_every_days input", "7")
    page.locator(".mk-sign").click()
    expect(page.locator(".mk-confirm")).to_contain_text("withdraws")
    with served.folder.open_store() as store:
        assert store.agreement(match.id).terms.meeting_every_days == 14
    page.locator(".mk-confirm-sign").click()
    expect(page.locator(".mk-agreement-status")).to_contain_text("You signed")
    open_app(page, served, match.mentor_id, "agreement")
    picker = page.locator(".mk-pair-picker select")
    if picker.count():
        with served.folder.open_store() as store:
            name = store.participant(match.mentee_id).name
        labels = [
            t.replace("\xa0", " ") for t in picker.locator("option").all_text_contents()
        ]
        picker.select_option(index=next(i for i, t in enumerate(labels) if name in t))
    changes = page.locator(".mk-agreement-changes")
    expect(changes).to_contain_text("changed the terms")
    expect(changes).to_contain_text("was: 14")
    expect(changes).to_contain_text("now: 7")
    page.context.close()


def test_the_share_box_starts_unticked_for_the_next_reflection(browser, served):
    with served.folder.open_store() as store:
        matches = store.matches()
        mentee = matches[matches["status"] == "published"].iloc[1].mentee_id
        store.drafts.discard(mentee, "reflection", str(matches.iloc[1].id))
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    open_app(page, served, mentee, "reflection")
    page.locator(".mk-field-learned textarea").fill("Ask before advising")
    chosen = page.locator(".mk-pulse button", has_text="3")
    chosen.click()
    expect(chosen).to_have_attribute("aria-pressed", "true")  # said, and seen:
    other = page.locator(".mk-pulse button", has_text="2")
    colour = "b => getComputedStyle(b).backgroundColor"
    assert chosen.evaluate(colour) != other.evaluate(colour)
    share = page.locator(".mk-share input[type=checkbox]")
    share.check()
    page.locator(".mk-save-reflection").click()
    expect(page.get_by_text("Saved your reflection")).to_be_visible(timeout=30_000)
    expect(share).not_to_be_checked()
    page.context.close()


def test_every_app_leads_home_where_what_waits_is_listed(browser, served):
    with served.folder.open_store() as store:
        match = newly_matched(store)
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    open_app(page, served, match.mentee_id, "goals")
    expect(page.locator(".mk-nav a[aria-current=page]")).to_have_text("Goals")
    page.locator(".mk-nav-home").click()
    waiting = page.locator(".mk-waiting")
    expect(waiting).to_contain_text("Waiting for you")
    expect(waiting.locator("[data-app=agreement]")).to_contain_text("Agree the terms")
    waiting.locator("[data-app=agreement]").click()
    page.locator(".mk-app-agreement").wait_for(timeout=TIMEOUT_MS)
    page.context.close()


def test_a_goals_deadline_follows_its_text_and_a_weak_goal_is_kept_as_a_draft(
    browser, served
):
    with served.folder.open_store() as store:
        match = newly_matched(store)
        mentee = match.mentee_id
        today = date.today()
        goals_before = len(store.goals(mentee))
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    open_app(page, served, mentee, "goals")
    page.locator(".mk-field-goal-picker select").select_option(label="A new goal")
    text = page.locator(".mk-goal-text textarea")
    due = page.locator(".mk-field-due input[type=date]")
    text.fill("Present the roadmap to my team by 31 March")
    march = date(today.year + (today > date(today.year, 3, 31)), 3, 31)
    expect(due).to_have_value(march.isoformat())  # the next 31 March, never a past one
    text.fill("Present the roadmap to my team by 30 April")
    april = date(today.year + (today > date(today.year, 4, 30)), 4, 30)
    expect(due).to_have_value(april.isoformat())  # it follows the text

    text.fill("Save money")
    due.fill("")
    page.locator(".mk-save-goal").click()
    question = page.locator(".mk-save-question")
    expect(question).to_contain_text("Save it as a draft")
    with served.folder.open_store() as store:
        assert len(store.goals(mentee)) == goals_before  # asked, not saved
    page.locator(".mk-save-as-draft").click()
    expect(page.locator(".mk-goal-coach .mk-result")).to_contain_text("Saved")
    with served.folder.open_store() as store:
        saved = store.goals(mentee)
    assert len(saved) == goals_before + 1
    assert saved[-1].status.value == "draft"
    page.context.close()


def test_the_goal_coach_shows_the_weighed_verdicts_as_one_types(browser, served):
    with served.folder.open_store() as store:  # one pair, no goal yet: a blank form
        matches = store.matches()
        published = matches[matches["status"] == "published"]
        once = published["mentee_id"].value_counts()
        mentee = next(m for m in published["mentee_id"]
                      if once[m] == 1 and not store.goals(m))  # fmt: skip
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    open_app(page, served, mentee, "goals")
    text = page.locator(".mk-goal-text textarea")
    coach = page.locator(".mk-goal-coach")
    text.fill("Save money")
    expect(coach.locator(".mk-smart-specific")).to_have_class(
        re.compile("mk-unmet"), timeout=30_000
    )  # the first check of a kernel reads the model's weights
    expect(coach.locator(".mk-smart-specific")).to_contain_text("What exactly will you do")
    goal = ("Decrease readmission rates to the general medicine floors by the end of the "
            "fourth quarter")  # fmt: skip
    text.fill(goal)
    expect(coach.locator(".mk-smart-specific")).to_have_class(re.compile("mk-met"))
    expect(coach.locator(".mk-smart-time_bound")).to_have_class(re.compile("mk-met"))
    expect(coach.locator(".mk-smart-time_bound")).to_contain_text("fourth quarter")
    page.screenshot(path=ARTIFACTS / "goal-coach-weighed-390.png", full_page=True)
    page.context.close()


def test_a_first_intake_takes_the_browsers_time_zone(browser, served):
    with served.folder.open_store() as store:
        person = store.participants().query("role == 'mentee'").iloc[2]
        store.update_participant(person.id, consents={}, timezone="UTC")
    context = browser.new_context(viewport={"width": 390, "height": 900},
                                  timezone_id="Asia/Tokyo")  # fmt: skip
    page = context.new_page()
    open_app(page, served, person.id, "intake")
    expect(page.locator(".mk-field-timezone input")).to_have_value("Asia/Tokyo")
    page.locator(".mk-field-goals textarea").fill("Run the onboarding of two new people")
    for kind in ("confidentiality", "data_use"):
        page.locator(f".mk-field-consents-{kind} input[type=checkbox]").check()
    page.locator(".mk-submit").click()
    page.locator(".mk-notice-saved").wait_for(timeout=30_000)
    with served.folder.open_store() as store:
        assert store.participant(person.id).timezone == "Asia/Tokyo"  # checked, kept
    context.close()
