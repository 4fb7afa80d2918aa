"""The store on SQLite and PostgreSQL: records in, the same records and frames out."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.domain.goals import Goal, Milestone
from mentorkit.domain.participants import Participant
from mentorkit.errors import InvalidRecord, NotFound
from tests.conftest import COHORT, PROGRAM


def test_program_round_trip(store):
    program = store.program()
    assert program.name == PROGRAM.name
    assert program.end_date == PROGRAM.end_date
    assert program.cadence.every_days == 30


def test_participant_round_trip_keeps_every_field(store, person):
    person |= {
        "languages": "english; French",
        "availability": ["tue 9-10:30", "Mon 14-15"],
        "consents": {"confidentiality": "2027-01-02T10:00:00+00:00"},
    }
    saved = store.add_participant(person)
    loaded = store.participant("p1")
    assert loaded == saved
    assert loaded.email == "mentor.one@example.org"
    assert loaded.languages == ["English", "French"]
    assert loaded.availability == ["Mon 14:00-15:00", "Tue 09:00-10:30"]


def test_participants_frame_has_model_fields_as_columns(store, cohort_frame):
    store.add_participants(cohort_frame.to_dict("records")[:0])  # nothing is fine
    rows = [r | {"cohort": COHORT} for r in cohort_frame.to_dict("records")]
    store.add_participants(rows)
    frame = store.participants(cohort=COHORT)
    assert list(frame.columns) == list(Participant.model_fields)
    assert len(frame) == len(cohort_frame)
    assert set(frame["id"]) == set(cohort_frame["id"])
    mentors = store.participants(role="mentor")
    assert set(mentors["role"]) == {"mentor"}
    assert len(mentors) == 15
    first = frame.set_index("id").loc["E0001"]
    assert (
        first["skills_sought"] == cohort_frame.set_index("id").loc["E0001", "skills_sought"]
    )


def test_update_participant_checks_the_whole_record(store, person):
    store.add_participant(person)
    updated = store.update_participant("p1", capacity=3, department="Data")
    assert store.participant("p1") == updated
    with pytest.raises(InvalidRecord) as refused:
        store.update_participant("p1", timezone="Atlantis/Capital")
    assert refused.value.fields == ["timezone"]
    assert store.participant("p1").timezone == "Europe/Paris"


def test_unknown_participant_is_named(store):
    with pytest.raises(NotFound, match="'nobody'"):
        store.participant("nobody")
    with pytest.raises(NotFound, match="'nobody'"):
        store.update_participant("nobody", name="x")


def test_goal_with_milestones_round_trip(store, person):
    store.add_participant(person | {"role": "mentee"})
    goal = store.add_goal(
        Goal(
            participant_id="p1",
            text="Give three talks at team meetings by June",
            measure="talks given",
            baseline="0",
            target="3",
            due_date=date(2027, 6, 30),
            milestones=[
                Milestone(description="Outline first talk", due_date=date(2027, 2, 1)),
                Milestone(description="First talk"),
            ],
        )
    )
    [loaded] = store.goals("p1")
    assert loaded == goal
    assert [m.description for m in loaded.milestones] == [
        "Outline first talk",
        "First talk",
    ]


def test_match_meeting_and_reflection(store, person):
    mentee = person | {"id": "p2", "role": "mentee", "email": "mentee@example.org"}
    store.add_participants([person, mentee])
    match = store.add_match(
        {
            "cohort": COHORT,
            "mentor_id": "p1",
            "mentee_id": "p2",
            "score": 0.8,
            "explanation": {"skills": 0.5},
        }
    )
    assert len(store.matches(COHORT)) == 1
    meeting = store.add_meeting({"match_id": match.id, "held_on": date(2027, 1, 20)})
    store.add_reflection(
        {
            "meeting_id": meeting.id,
            "author_id": "p2",
            "pulse": 4,
            "learned": "How to plan a talk",
        }
    )
    assert [r.pulse for r in store.reflections("p2")] == [4]
    with pytest.raises(InvalidRecord) as outsider:
        store.add_reflection({"meeting_id": meeting.id, "author_id": "p9", "pulse": 3})
    assert outsider.value.fields == ["author_id"]


def test_agreement_is_replaced_not_duplicated(store, person):
    mentee = person | {"id": "p2", "role": "mentee", "email": "mentee@example.org"}
    store.add_participants([person, mentee])
    match = store.add_match({"cohort": COHORT, "mentor_id": "p1", "mentee_id": "p2"})
    store.save_agreement({"match_id": match.id, "terms": {"duration_months": 9}})
    store.save_agreement({"match_id": match.id, "terms": {"duration_months": 12}})
    assert store.agreement(match.id).terms.duration_months == 12
    assert store.count("agreements") == 1
