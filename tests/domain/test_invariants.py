"""What a record refuses by itself, whoever sends it: a widget, a crafted message,
an import, a script. Each case was accepted before (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from mentorkit.domain.agreements import AgreementTerms
from mentorkit.domain.goals import Goal
from mentorkit.domain.meetings import Meeting, Reflection
from mentorkit.domain.participants import Participant
from mentorkit.errors import InvalidRecord


def refused(model, data) -> str:
    with pytest.raises(InvalidRecord) as error:
        model.from_dict(data)
    return str(error.value)


REFLECTION = {"meeting_id": 1, "author_id": "E1", "pulse": 4}


@pytest.mark.parametrize(
    ("progress", "said"),
    [(100000, "goal_progress.7: must be at most 100"),
     (-500, "goal_progress.7: must be at least 0")],
)  # fmt: skip
def test_goal_progress_reported_in_a_reflection_is_a_percentage(progress, said):
    assert said in refused(Reflection, {**REFLECTION, "goal_progress": {7: progress}})
    Reflection.from_dict({**REFLECTION, "goal_progress": {7: 100}})


@pytest.mark.parametrize("day", ["0026-11-20", "0001-01-01", "2201-01-01"])
def test_a_meeting_on_an_impossible_date_is_refused(day):
    said = refused(Meeting, {"match_id": 1, "held_on": day})
    assert "held_on: " in said
    assert "check the year" in said


def test_a_milestone_due_after_its_goal_is_refused():
    said = refused(
        Goal,
        {"participant_id": "E1", "text": "Ship the report", "due_date": "2027-03-01",
         "milestones": [{"description": "draft", "due_date": "2027-02-01"},
                        {"description": "review", "due_date": "2027-04-01"}]},
    )  # fmt: skip
    assert "milestone 2 is due on 1 April 2027, after the goal itself" in said


@pytest.mark.parametrize(
    ("terms", "said"),
    [({"duration_months": 24}, "duration_months: must be at most 12"),
     ({"duration_months": 3}, "duration_months: must be at least 6"),
     ({"meeting_every_days": 0}, "meeting_every_days: must be at least 1"),
     ({"ground_rules": "x" * 5001}, "ground_rules: is too long: 5,000 characters")],
)  # fmt: skip
def test_agreement_terms_stay_within_the_programs_rules(terms, said):
    assert said in refused(AgreementTerms, terms)


@pytest.mark.parametrize(
    ("model", "data", "said"),
    [(Reflection, {**REFLECTION, "learned": "x" * 10**6}, "learned: is too long"),
     (Goal, {"participant_id": "E1", "text": "Ship it", "strategies": "y" * 10**6},
      "strategies: is too long"),
     (Goal, {"participant_id": "E1", "text": "Ship it", "measure": "m" * 501},
      "measure: is too long: 500"),
     (Participant, {"id": "E1", "cohort": "C", "role": "mentee", "name": "A",
                    "email": "a@example.org", "timezone": "UTC", "goals": "g" * 10**6},
      "goals: is too long"),
     (Participant, {"id": "E1", "cohort": "C", "role": "mentee", "name": "A",
                    "email": "a@example.org", "timezone": "UTC",
                    "skills_sought": ["s" * 300]}, "skills_sought: "),
     (Meeting, {"match_id": 1, "held_on": date(2026, 1, 5),
                "topics": [f"topic {n}" for n in range(80)]}, "topics: has 80 entries")],
)  # fmt: skip
def test_no_text_is_unbounded(model, data, said):
    assert said in refused(model, data)
