"""Messages as people see them, in Chromium: the invitation's and a reminder's HTML
part (screenshots to look at), and the link in a reminder that stops reminders."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from mentorkit.services.mailing import send_invitations
from mentorkit.services.reminders import send_reminders
from tests.browser.conftest import ARTIFACTS
from tests.mail.conftest import with_mail

pytestmark = [pytest.mark.browser, pytest.mark.slow]
COHORT = "Demo cohort"


@pytest.fixture(scope="module")
def served(served_apart):
    """This module's own demo: it stops someone's reminders."""
    return served_apart


def messages_in(folder) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted(folder.glob("*.eml"))]  # fmt: skip


def test_the_messages_read_well_and_a_reminder_stops_reminders(browser, served, tmp_path):
    folder = with_mail(served.folder, sender="Demo mentoring <mentoring@example.org>")
    send_invitations(folder, COHORT, served.url, dry_run=tmp_path / "invitations")
    send_reminders(folder, served.url, dry_run=tmp_path / "reminders")
    invitation = messages_in(tmp_path / "invitations")[0]

    def items(message) -> int:
        return message.get_body(("plain",)).get_content().count("\n- ")

    reminder = max(messages_in(tmp_path / "reminders"), key=items)
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    for name, message in (("invitation", invitation), ("reminder", reminder)):
        page.set_content(message.get_body(("html",)).get_content())
        page.screenshot(path=ARTIFACTS / f"mail-{name}-390.png", full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    plain = reminder.get_body(("plain",)).get_content()
    stop = re.search(r"https?://\S+/mentorkit/reminders\?token=\S+", plain).group(0)
    address = reminder["To"].addresses[0].addr_spec
    with folder.open_store() as store:
        person = store.participants().set_index("email").loc[address]
    page.goto(stop)
    state = page.locator(".mk-reminders-state")
    expect(state).to_contain_text("the program reminds you")
    with folder.open_store() as store:  # opening the link changed nothing
        assert person.id not in store.messages.reminders_stopped()
    page.get_by_role("button", name="Stop reminders").click()
    expect(state).to_contain_text("you get no reminders")
    with folder.open_store() as store:
        assert person.id in store.messages.reminders_stopped()
    page.get_by_role("link", name="Back to your apps").click()
    expect(page.locator(".mk-reminders-choice")).to_contain_text("Reminders by e-mail: off")

    # a form posted from elsewhere (no _xsrf of this page), or with another token
    forged = page.request.post(stop, form={"choice": "start"})
    assert forged.status == 403
    tampered = page.request.get(stop[:-3] + "xyz")
    assert tampered.status == 403
    with folder.open_store() as store:
        assert person.id in store.messages.reminders_stopped()

    again = send_reminders(folder, served.url, dry_run=tmp_path / "after")
    assert person.id not in again.reminded
    page.goto(stop)
    page.get_by_role("button", name="Send me reminders again").click()
    expect(state).to_contain_text("the program reminds you")
    page.context.close()


def test_the_next_meeting_is_planned_on_the_meeting_log_and_offered_as_ics(browser, served):
    import base64
    from datetime import date, timedelta

    from icalendar import Calendar

    with served.folder.open_store() as store:
        match = store.matches().query("status == 'published'").iloc[-1]
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    page.goto(served.link(match.mentee_id).replace("/?", "/voila/render/reflection.ipynb?"))
    page.locator(".mk-planner").wait_for(timeout=120_000)
    day = date.today() + timedelta(days=6)
    page.locator(".mk-field-next-day input[type=date]").fill(day.isoformat())
    page.locator(".mk-field-next-time input[type=time]").fill("18:30")
    page.locator(".mk-field-next-place input").fill("Room 4.12")
    page.locator(".mk-plan-meeting").click()
    planned = page.locator(".mk-planned")
    expect(planned).to_contain_text("Planned:")
    expect(planned).to_contain_text("at 18:30")
    link = planned.locator("a.mk-ics")
    assert link.get_attribute("download") == "mentoring.ics"
    data = base64.b64decode(link.get_attribute("href").split("base64,", 1)[1])
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert event.decoded("dtstart").date() == day
    assert str(event["location"]) == "Room 4.12"
    with served.folder.open_store() as store:
        assert store.planned_meeting(int(match.id)).uid == str(event["uid"])
    page.screenshot(path=ARTIFACTS / "planner-390.png", full_page=True)
    page.context.close()
