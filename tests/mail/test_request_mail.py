"""In a program where mentees choose, the people a request concerns hear of it at
once, in their inbox (a real SMTP server here): the mentor that they were asked, the
mentee the answer, with the mentor's words and the app to go on in; the next daily
reminders do not say it again; a mailbox that refuses never undoes the answer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentorkit.domain.participants import Consent, Participant
from mentorkit.services.reminders import send_reminders
from mentorkit.widgets._choose import MenteeChoice, MentorRequests, choose_view
from tests.mail.conftest import mailing

BASE = "https://mentoring.example.org/mk/"
COHORT = "Demo cohort"


@pytest.fixture
def choosing(demo, smtp):
    """Mentees choose first; two listed mentors with a place each; a new mentee."""
    folder = mailing(demo, smtp.port)
    toml = folder.path / "mentorkit.toml"
    toml.write_text(toml.read_text().replace('# mode = "matched"', 'mode = "both"'))
    with folder.open_store() as store:
        mentors = store.participants(cohort=COHORT, role="mentor").head(2)
        taken = store.seats_taken(COHORT)
        for row in mentors.itertuples():
            store.update_participant(
                row.id, capacity=taken.get(row.id, 0) + 1,
                consents={**row.consents, Consent.LISTED: datetime.now(UTC)},
            )  # fmt: skip
        newcomer = store.add_participant(Participant(
            cohort=COHORT, role="mentee", name="Noor Haddad", email="noor@example.org",
            timezone="Europe/London", skills_sought=list(mentors.iloc[0].skills_offered),
            consents=dict(mentors.iloc[0].consents),
        ))  # fmt: skip
        people = [store.participant(i) for i in mentors["id"]]
    return type(folder).open(folder.path), newcomer, people


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_the_mentor_and_the_mentee_are_told_at_once(choosing, smtp):
    folder, mentee, (first, second) = choosing
    page = choose_view(folder, mentee)
    assert isinstance(page, MenteeChoice)
    page.note.value = "I want to run my first project well"
    page._ask(first.id)
    page._ask(second.id)
    [asked] = smtp.to(first.email)
    assert (
        asked["Subject"]
        == "Noor Haddad asks you to be their mentor in Demo mentoring program"
    )
    assert "I want to run my first project well" in body(asked)
    assert "voila/render/choose.ipynb?token=" in body(asked)
    assert mentee.email not in body(asked)  # never the mentee's address

    report = send_reminders(folder, BASE)  # the next morning: not said twice
    assert "requests" not in report.reminded.get(first.id, [])

    mentor_page = choose_view(folder, first)
    assert isinstance(mentor_page, MentorRequests)
    request_id = int(folder.open_store().requests(first.id)["id"].iloc[0])
    mentor_page.answer.value = "My places suit finance best"
    mentor_page._answer(request_id, False)
    assert "Noor Haddad has been e-mailed" in mentor_page.message.value
    [declined] = smtp.to(mentee.email)
    assert first.name in declined["Subject"]
    assert "Their words: My places suit finance best" in body(declined)
    assert "voila/render/choose.ipynb?token=" in body(declined)

    other = choose_view(folder, second)
    request_id = int(folder.open_store().requests(second.id)["id"].iloc[0])
    other._answer(request_id, True)
    accepted = smtp.to(mentee.email)[-1]
    assert accepted["Subject"].strip().startswith(f"{second.name} accepted")
    assert "voila/render/agreement.ipynb?token=" in body(accepted)


def test_a_refused_mailbox_does_not_undo_the_answer(choosing, smtp):
    folder, mentee, (first, _) = choosing
    smtp.refuse.add(mentee.email)
    choose_view(folder, mentee)._ask(first.id)
    mentor_page = choose_view(folder, first)
    with folder.open_store() as store:
        request_id = int(store.requests(first.id)["id"].iloc[0])
    mentor_page._answer(request_id, True)
    assert "could not be sent; the app shows it to them" in mentor_page.message.value
    with folder.open_store() as store:
        assert str(store.request(request_id).status) == "accepted"


def test_mentees_who_lose_the_last_place_are_told(choosing, smtp):
    """Two mentees ask the same mentor, who has one place; accepting one declines the
    other at once: that mentee hears it in their inbox, once."""
    folder, mentee, (first, _) = choosing
    with folder.open_store() as store:
        other = store.add_participant(mentee.updated(
            id="sam-okoro", name="Sam Okoro", email="sam@example.org"))  # fmt: skip
    for who in (mentee, other):
        choose_view(folder, who)._ask(first.id)
    mentor_page = choose_view(folder, first)
    with folder.open_store() as store:
        asked = store.requests(first.id).set_index("mentee_id")["id"]
    mentor_page._answer(int(asked[mentee.id]), True)
    [told] = smtp.to(other.email)
    assert "All of this mentor's places are taken now" in body(told)
    mentor_page._answer(int(asked[mentee.id]), True)  # a second click changes nothing
    assert len(smtp.to(other.email)) == 1
