"""A participant fills in the intake form in Chromium; the store holds what they typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mentorkit.domain.participants import Participant
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT_MS = 90_000
ACTIVE = re.compile(r"\bmod-active\b")
NOT_ACTIVE = re.compile(r"^(?!.*\bmod-active\b).*$")

SLOTS = {("mon", "morning"), ("wed", "afternoon"), ("sat", "evening")}
EXPECTED_SLOTS = ["Mon 08:00-12:00", "Wed 12:00-17:00", "Sat 17:00-20:00"]


def open_intake(page: Page, served, participant_id: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(
        served.link(participant_id).replace("/?", "/voila/render/intake.ipynb?"),
        wait_until="domcontentloaded",
    )
    page.locator(".mk-intake").wait_for(timeout=TIMEOUT_MS)


def set_toggles(page: Page, selector: str, wanted: bool) -> None:
    toggle = page.locator(selector)
    if ("mod-active" in (toggle.get_attribute("class") or "")) != wanted:
        toggle.click()
        expect(toggle).to_have_class(ACTIVE if wanted else NOT_ACTIVE)


def set_checkbox(page: Page, selector: str, wanted: bool) -> None:
    box = page.locator(f"{selector} input[type=checkbox]")
    box.set_checked(wanted)


def fill_common(page: Page, answers: dict) -> None:
    page.fill(".mk-field-name input", answers["name"])
    page.fill(".mk-field-department input", answers["department"])
    page.select_option(".mk-field-seniority select", label=answers["seniority"].title())
    page.fill(".mk-field-years_experience input", str(answers["years_experience"]))
    page.fill(".mk-field-location input", answers["location"])
    page.fill(".mk-field-timezone input", answers["timezone"])
    page.fill(".mk-field-languages input", answers["languages"])
    page.fill(".mk-field-goals textarea", answers["goals"])
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        for block in ("morning", "afternoon", "evening"):
            set_toggles(page, f".mk-slot-{day}-{block}", (day, block) in SLOTS)
    for channel in ("video", "in_person", "phone", "chat"):
        set_checkbox(page, f".mk-channel-{channel}", channel in answers["channels"])
    for fmt in ("one_on_one", "group", "peer", "reverse", "speed"):
        set_checkbox(page, f".mk-format-{fmt}", fmt in answers["formats"])
    page.fill(".mk-field-avoid input", answers["avoid_email"])
    set_checkbox(page, ".mk-field-consents-confidentiality", True)
    set_checkbox(page, ".mk-field-consents-data_use", True)


def the_bad_email_is_caught_then_corrected(page: Page, email: str) -> None:
    page.fill(".mk-field-email input", "not-an-email")
    expect(page.locator(".mk-error-email")).to_contain_text("not an e-mail address")
    expect(page.locator(".mk-summary")).to_contain_text("E-mail")
    expect(page.locator(".mk-submit")).to_be_enabled()  # it says what is missing
    page.fill(".mk-field-email input", email)
    expect(page.locator(".mk-error-email")).to_have_text("")


def submit(page: Page) -> None:
    button = page.locator(".mk-submit")
    expect(button).to_be_enabled(timeout=TIMEOUT_MS)
    button.click()
    expect(page.locator(".mk-notice-saved")).to_be_visible(timeout=TIMEOUT_MS)


def assert_stored(served, participant_id: str, answers: dict, **own) -> Participant:
    person = served.person(participant_id)
    avoided = served.person(answers["avoid_id"])
    assert person.name == answers["name"]
    assert person.email == answers["email"]
    assert person.department == answers["department"]
    assert person.seniority == answers["seniority"]
    assert person.years_experience == answers["years_experience"]
    assert person.location == answers["location"]
    assert person.timezone == answers["timezone"]
    assert person.languages == ["English", "Portuguese"]
    assert person.goals == answers["goals"]
    assert person.availability == EXPECTED_SLOTS
    assert person.channels == answers["channels"]
    assert person.formats == answers["formats"]
    assert person.avoid == [avoided.id]
    assert set(person.consents) == {"confidentiality", "data_use"}
    for field, value in own.items():
        assert getattr(person, field) == value
    return person


def answers_for(served, role: str) -> dict:
    avoid_id = "M0005" if role == "mentee" else "E0009"
    return {
        "name": f"A {role} from the browser",
        "email": f"{role}.browser@example.org",
        "department": "Research",
        "seniority": "senior" if role == "mentor" else "junior",
        "years_experience": 12.0 if role == "mentor" else 3.0,
        "location": "Porto",
        "timezone": "Europe/Lisbon",
        "languages": "english, Portuguese",
        "goals": f"As a {role}: grow and help others grow.",
        "channels": ["video", "chat"],
        "formats": ["one_on_one", "group"],
        "avoid_email": served.person(avoid_id).email.upper(),
        "avoid_id": avoid_id,
    }


@pytest.mark.parametrize(
    ("role", "participant_id", "width"),
    [("mentee", "E0004", 390), ("mentor", "M0002", 1280)],
)
def test_fill_in_submit_and_come_back(served, page, role, participant_id, width):
    answers = answers_for(served, role)
    open_intake(page, served, participant_id, width)
    assert page.locator(f".mk-intake-{role}").count() == 1
    if role == "mentee":
        assert page.locator(".mk-field-capacity").is_hidden()
        page.fill(".mk-field-skills_sought input", "data analysis, Public Speaking")
    else:
        assert page.locator(".mk-field-skills_sought").is_hidden()
        page.fill(".mk-field-skills_offered input", "negotiation; coaching")
        page.fill(".mk-field-capacity input", "3")
    fill_common(page, answers)
    the_bad_email_is_caught_then_corrected(page, answers["email"])
    page.screenshot(path=ARTIFACTS / f"intake-{role}-{width}-filled.png", full_page=True)
    submit(page)
    own = (
        {"skills_sought": ["data analysis", "public speaking"]}
        if role == "mentee"
        else {"skills_offered": ["negotiation", "coaching"], "capacity": 3}
    )
    assert_stored(served, participant_id, answers, **own)
    assert page.script_errors == []

    # A second visit shows the saved answers, ready to edit.
    page.reload(wait_until="domcontentloaded")
    page.locator(".mk-intake").wait_for(timeout=TIMEOUT_MS)
    expect(page.locator(".mk-field-name input")).to_have_value(answers["name"])
    expect(page.locator(".mk-field-email input")).to_have_value(answers["email"])
    expect(page.locator(".mk-field-timezone input")).to_have_value("Europe/Lisbon")
    expect(page.locator(".mk-field-avoid input")).to_have_value(
        answers["avoid_email"].lower()
    )
    expect(page.locator(".mk-slot-wed-afternoon")).to_have_class(ACTIVE)
    page.screenshot(path=ARTIFACTS / f"intake-{role}-{width}-again.png", full_page=True)


@pytest.mark.parametrize(
    ("role", "participant_id"), [("mentee", "E0006"), ("mentor", "M0003")]
)
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_every_field_fits_the_screen(served, page, role, participant_id, width):
    open_intake(page, served, participant_id, width)
    page.set_viewport_size({"width": width, "height": 2600})  # the whole form at once
    fields = page.locator(".mk-field:visible")
    assert fields.count() >= 15
    for index in range(fields.count()):
        box = fields.nth(index).bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, f"field {index} runs off the screen"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.screenshot(path=ARTIFACTS / f"form-{role}-{width}.png", full_page=True)
