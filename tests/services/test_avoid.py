"""A participant names people to avoid by e-mail; the form never says who is in the
cohort, and matching keeps the avoid even for someone who joins later (issue 12)."""

from __future__ import annotations

import pytest

from mentorkit.domain.participants import Participant
from mentorkit.matching import MatchPolicy, score_pairs
from mentorkit.services.demo import create_demo
from mentorkit.services.intake import avoid_emails, save_intake


@pytest.fixture
def demo(tmp_path):
    return create_demo(tmp_path / "demo", mentors=3, mentees=4, history=False)


def answers_of(person: Participant, avoid: str) -> dict:
    answers = person.model_dump()
    answers["avoid"] = avoid
    answers["consents"] = {"confidentiality": True, "data_use": True}
    return answers


def test_any_address_is_accepted_and_only_the_participant_sees_it(demo):
    with demo.open_store() as store:
        mentee = store.participant("E0001")
        mentor = store.participant("M0001")
        # one address of the cohort, one of no one: the same answer for both
        saved = save_intake(
            store, mentee, answers_of(mentee, f"{mentor.email}, stranger@example.org")
        )
        assert saved.avoid == ["M0001"]
        assert saved.avoid_emails == ["stranger@example.org"]
        shown = avoid_emails(store, saved)
    assert shown == f"{mentor.email}, stranger@example.org"


def test_an_avoided_address_that_joins_later_is_never_proposed(demo):
    with demo.open_store() as store:
        mentee = store.participant("E0002")
        save_intake(store, mentee, answers_of(mentee, "late.joiner@example.org"))
        mentor = store.participant("M0002").model_dump()
        store.add_participant({**mentor, "id": "M0099", "email": "late.joiner@example.org",
                               "name": "A late joiner"})  # fmt: skip
        mentors = store.participants(cohort="Demo cohort", role="mentor")
        mentees = store.participants(cohort="Demo cohort", role="mentee")
    scores = score_pairs(mentors, mentees, MatchPolicy())
    pair = scores[(scores["mentee_id"] == "E0002") & (scores["mentor_id"] == "M0099")]
    assert not pair["eligible"].iloc[0]
    assert "avoid" in pair["reason"].iloc[0]
