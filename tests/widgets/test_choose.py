"""The choose app's pages, as a mentor and a mentee use them: what a click says when
the store decides otherwise than the button asked."""

from __future__ import annotations

from datetime import UTC, datetime

import ipywidgets as w

from mentorkit.domain.choice import ChoiceMode, ChoiceSettings
from mentorkit.domain.participants import Consent, Participant
from mentorkit.widgets._choose import MentorRequests
from tests.test_widgets import walk
from tests.widgets.test_crafted_messages import click

BOTH = ChoiceSettings(mode=ChoiceMode.BOTH)
NOW = datetime(2027, 2, 1, 9, tzinfo=UTC)


def person(pid, role) -> Participant:
    joined = {Consent.CONFIDENTIALITY: NOW, Consent.DATA_USE: NOW}
    return Participant(id=pid, cohort="Spring", role=role, name=pid.title(),
                       email=f"{pid}@example.org", timezone="UTC",
                       consents=joined)  # fmt: skip


def test_accepting_a_mentee_who_left_says_so_not_accepted(program_folder):
    with program_folder.open_store() as store:
        store.add_participants([person("ana", "mentor"), person("dee", "mentee")])
        store.ask_mentor("dee", "ana", limit=2)
        mentor = store.participant("ana")
    page = MentorRequests(program_folder, mentor, BOTH)
    with program_folder.open_store() as store:
        store.update_participant("dee", status="withdrawn")  # while the page is open
    accept = next(b for b in walk(page) if isinstance(b, w.Button) and "Accept" in
                  b.description)  # fmt: skip
    click(accept)
    assert "not taking part" in page.message.value
    assert "Accepted" not in page.message.value
