"""A pair at work, through their personal links in Chromium: SMART goals, the
agreement, meeting logs and reflections; then the facilitator's health workbook.

The demo program has a past period; these tests take a pair matched only days ago
(no agreement, no goals, no meetings yet), so what they check is what they did.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from mentorkit.apps import free_port, workbooks_path
from tests.browser.conftest import screenshot_whole
from tests.conftest import newly_matched

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT_MS = 90_000
MENTEE_SHARED = "Shared by the mentee: we rehearsed the roadmap talk twice."
MENTOR_PRIVATE = "Private to the mentor: I should ask more and tell less."
VAGUE = "Get better at public speaking"


@pytest.fixture(scope="module")
def new_pair(served):
    """A published pair with nothing yet: no agreement, no goal, no meeting."""
    with served.folder.open_store() as store:
        match = newly_matched(store)
        return (
            match.id,
            store.participant(match.mentor_id),
            store.participant(match.mentee_id),
        )


def open_app(page: Page, served, person, app: str, partner=None) -> None:
    page.goto(
        served.link(person.id).replace("/?", f"/voila/render/{app}.ipynb?"),
        wait_until="domcontentloaded",
    )
    page.locator(f".mk-app-{app}").wait_for(timeout=TIMEOUT_MS)
    picker = page.locator(".mk-pair-picker select")
    if partner is not None and picker.count():
        picker.select_option(label=f"{partner.name}, your mentee")


def test_a_mentee_turns_a_vague_goal_into_a_smart_one(served, page, new_pair):
    _, _, mentee = new_pair
    skill = mentee.skills_sought[0]
    open_app(page, served, mentee, "goals")
    text = page.locator(".mk-field-goal-text textarea")
    text.fill(VAGUE)
    feedback = page.locator(".mk-smart-feedback")
    for criterion in ("specific", "measurable", "time_bound"):
        expect(feedback.locator(f".mk-smart-{criterion}")).to_have_class(
            re.compile("mk-unmet")
        )
    expect(feedback).to_contain_text("By when?")
    expect(feedback).to_contain_text("What exactly will you do")
    screenshot_whole(page, "goal-coach-vague.png")

    smart = (
        f"Present three {skill} case studies at our team meeting by 31 March 2027, "
        "with written feedback after each one"
    )
    text.fill(smart)
    expect(feedback.locator(".mk-smart-verdict")).to_contain_text("All five met")
    for criterion in ("specific", "measurable", "achievable", "relevant", "time_bound"):
        expect(feedback.locator(f".mk-smart-{criterion}")).to_have_class(
            re.compile("mk-met")
        )
    # The deadline found in the text fills in the timeline step.
    expect(page.locator(".mk-field-due input[type=date]")).to_have_value("2027-03-31")
    page.fill(".mk-field-measure input", "case studies presented")
    page.fill(".mk-field-baseline input", "0")
    page.fill(".mk-field-target input", "3")
    page.fill(".mk-field-strategies textarea", "Rehearse each one with my mentor first.")
    milestones = [("Pick the three case studies", "2026-12-18"),
                  ("Present the first one", "2027-01-29")]  # fmt: skip
    for n, (description, due) in enumerate(milestones):
        page.click(".mk-add-milestone")
        row = page.locator(".mk-milestone").nth(n)
        row.locator("input[type=text]").fill(description)
        row.locator("input[type=date]").fill(due)
    page.click(".mk-save-goal")
    expect(page.locator(".mk-saved")).to_contain_text(
        "with 2 milestones", timeout=TIMEOUT_MS
    )
    screenshot_whole(page, "goal-coach-smart.png")
    assert not page.script_errors

    with served.folder.open_store() as store:
        [goal] = store.goals(mentee.id)
    assert goal.text == smart
    assert goal.due_date == date(2027, 3, 31)
    assert (goal.measure, goal.baseline, goal.target) == (
        "case studies presented",
        "0",
        "3",
    )
    assert goal.strategies == "Rehearse each one with my mentor first."
    assert [(m.description, m.due_date.isoformat()) for m in goal.milestones] == milestones


def test_both_sides_sign_the_agreement(served, browser, new_pair):
    match_id, mentor, mentee = new_pair
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_app(page, served, mentee, "agreement")
    page.fill(".mk-field-venue input", "Room 4.12, or the team's video link")
    page.click(".mk-sign")
    expect(page.locator(".mk-agreement-status")).to_contain_text(
        f"waiting for {mentor.name}", timeout=TIMEOUT_MS
    )
    open_app(page, served, mentor, "agreement", partner=mentee)
    status = page.locator(".mk-agreement-status")
    expect(status).to_contain_text(f"{mentee.name} signed these terms")
    expect(page.locator(".mk-field-venue input")).to_have_value(
        "Room 4.12, or the team's video link"
    )
    page.click(".mk-sign")
    expect(status).to_contain_text("Signed by both of you", timeout=TIMEOUT_MS)
    signed = page.locator(".mk-agreement-signed")
    expect(signed).to_contain_text("Room 4.12")
    expect(page.locator(".mk-agreement-form")).to_be_hidden()

    open_app(page, served, mentee, "agreement")  # the mentee sees the signed version too
    expect(page.locator(".mk-agreement-signed")).to_contain_text("Room 4.12")
    expect(page.locator(".mk-agreement-form")).to_be_hidden()
    screenshot_whole(page, "agreement-signed.png")
    context.close()
    with served.folder.open_store() as store:
        agreement = store.agreement(match_id)
    assert agreement.signed
    assert agreement.terms.venue == "Room 4.12, or the team's video link"


def reflect(
    page: Page,
    text: str,
    pulse: str,
    share: bool,
    action: str | None = None,
    screenshot: str | None = None,
):
    form = page.locator(".mk-reflection-form")
    form.locator(".mk-field-held_on input[type=date]").fill(
        (date.today() - timedelta(days=1)).isoformat()
    )
    form.locator(".mk-field-topics input").fill("roadmap, presenting")
    form.locator(".mk-field-discussed textarea").fill(text)
    if action:
        page.click(".mk-add-action")
        page.locator(".mk-action input[type=text]").fill(action)
    form.locator(".mk-pulse button", has_text=pulse).click()
    if share:
        form.locator(".mk-share input[type=checkbox]").check()
    if screenshot:
        screenshot_whole(page, screenshot)
    page.click(".mk-save-reflection")
    expect(form).to_contain_text("Saved your reflection", timeout=TIMEOUT_MS)


def test_both_reflect_and_only_the_shared_one_reaches_the_partner(
    served, browser, new_pair, facilitator_voila
):
    match_id, mentor, mentee = new_pair
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_app(page, served, mentee, "reflection")
    reflect(
        page,
        MENTEE_SHARED,
        "4",
        share=True,
        action="Send the outline to my mentor",
        screenshot="reflection-form.png",
    )

    open_app(page, served, mentor, "reflection", partner=mentee)
    history = page.locator(".mk-history")
    expect(history).to_contain_text(MENTEE_SHARED)  # shared with the mentor
    reflect(page, MENTOR_PRIVATE, "5", share=False)
    expect(history).to_contain_text(MENTOR_PRIVATE)  # the author reads their own

    open_app(page, served, mentee, "reflection")
    history = page.locator(".mk-history")
    expect(history).to_contain_text(MENTEE_SHARED)
    expect(history).not_to_contain_text(MENTOR_PRIVATE)
    assert MENTOR_PRIVATE not in page.content()
    facilitator_sees_pulses_not_text(page, facilitator_voila, mentor, mentee)
    context.close()

    with served.folder.open_store() as store:
        [meeting] = store.meetings(match_id)
        pulses = {r.author_id: r.pulse for r in store.reflections(mentor.id)} | {
            r.author_id: r.pulse for r in store.reflections(mentee.id)
        }
    assert meeting.topics == ["roadmap", "presenting"]
    assert pulses == {mentor.id: 5, mentee.id: 4}


@pytest.fixture
def facilitator_voila(served):
    """Voila on the program-health workbook, as a facilitator's browser renders it."""
    port = free_port(8970)
    notebook = workbooks_path("facilitator") / "program_health.ipynb"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        env={**os.environ, "MENTORKIT_PROGRAM": str(served.folder.path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            break
        except OSError:
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=30)


def facilitator_sees_pulses_not_text(page: Page, url: str, mentor, mentee) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.locator(".mk-health").wait_for(timeout=TIMEOUT_MS)
    row = page.locator(".mk-health-table tr", has_text=f"{mentor.name} & {mentee.name}")
    expect(row).to_contain_text("4.5")  # both pulses of yesterday's meeting, averaged
    content = page.content()
    assert MENTEE_SHARED not in content
    assert MENTOR_PRIVATE not in content
    screenshot_whole(page, "program-health.png")


@pytest.mark.parametrize("app", ["goals", "agreement", "reflection"])
def test_the_pair_apps_fit_a_phone(served, page, new_pair, app):
    _, _, mentee = new_pair
    page.set_viewport_size({"width": 390, "height": 900})
    open_app(page, served, mentee, app)
    if app == "goals":
        page.locator(".mk-field-goal-text textarea").fill(VAGUE)
        page.click(".mk-add-milestone")
    if app == "reflection":
        page.click(".mk-add-action")
    fields = page.locator(".mk-field:visible")
    for index in range(fields.count()):
        box = fields.nth(index).bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390, f"field {index} runs off the screen"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    screenshot_whole(page, f"{app}-390.png")
