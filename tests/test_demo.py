"""The demo cohort: realistic, valid, deterministic, and quick at any size."""

from __future__ import annotations

import pytest

from mentorkit.domain.participants import Participant
from mentorkit.services.demo import generate_cohort


def test_default_cohort_shape(cohort_frame):
    assert list(cohort_frame.columns) == list(Participant.model_fields)
    assert cohort_frame["role"].value_counts().to_dict() == {"mentee": 40, "mentor": 15}
    assert cohort_frame["id"].is_unique
    assert cohort_frame["email"].is_unique


def test_every_row_is_a_valid_participant(cohort_frame):
    people = [Participant.from_dict(row) for row in cohort_frame.to_dict("records")]
    ids = {p.id for p in people}
    assert all(set(p.avoid) <= ids and set(p.preferred) <= ids for p in people)


def test_cohort_is_varied_like_a_real_one(cohort_frame):
    mentors = cohort_frame[cohort_frame["role"] == "mentor"]
    mentees = cohort_frame[cohort_frame["role"] == "mentee"]
    assert cohort_frame["department"].nunique() >= 5
    assert cohort_frame["timezone"].nunique() >= 5
    assert cohort_frame["seniority"].nunique() >= 4
    assert (mentors["capacity"] > 1).any()
    assert (mentees["avoid"].str.len() > 0).any()
    assert (mentees["preferred"].str.len() > 0).any()
    assert (cohort_frame["languages"].str.len() > 1).any()
    assert mentors["skills_offered"].str.len().min() >= 2
    assert mentees["skills_sought"].str.len().min() >= 2
    assert (mentees["skills_offered"].str.len() == 0).all()


def test_same_seed_same_cohort_other_seed_other_cohort():
    assert generate_cohort(seed=7).equals(generate_cohort(seed=7))
    assert not generate_cohort(seed=7).equals(generate_cohort(seed=8))


def test_ten_thousand_participants():
    frame = generate_cohort(mentors=2_000, mentees=8_000, seed=3)
    assert len(frame) == 10_000
    assert frame["id"].is_unique
    assert frame["id"].iloc[-1] == "E8000"


@pytest.mark.parametrize(("mentors", "mentees"), [(0, 5), (5, 0), (0, 0)])
def test_empty_sides(mentors, mentees):
    frame = generate_cohort(mentors=mentors, mentees=mentees)
    assert len(frame) == mentors + mentees
