"""Field types shared by the records: slots, tags, time zones, messages."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorkit.domain.participants import Participant
from mentorkit.domain.records import parse_slot
from mentorkit.errors import InvalidRecord

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 09:00-11:00", (0, time(9), time(11))),
        ("tuesday 9-10:30", (1, time(9), time(10, 30))),
        ("  WED.   14 - 15 ", (2, time(14), time(15))),
        ("Sun 0-23:59", (6, time(0), time(23, 59))),
    ],
)
def test_slots_are_read_leniently(text, expected):
    assert parse_slot(text) == expected


@pytest.mark.parametrize(
    "text", ["Mon", "Funday 9-10", "Mon 25-26", "Mon 10-9", "9-10", "Mon 10:75-11"]
)
def test_bad_slots_say_how_to_write_one(text):
    with pytest.raises(ValueError, match=r"Mon|exist|before"):
        parse_slot(text)


@given(
    day=st.sampled_from(DAYS),
    start=st.integers(0, 22),
    length=st.integers(1, 60),
    minute=st.sampled_from([0, 15, 30, 45]),
)
def test_a_normalised_slot_reads_back_the_same(day, start, length, minute):
    end_minutes = min(start * 60 + minute + length, 23 * 60 + 59)
    text = f"{day} {start}:{minute:02d}-{end_minutes // 60}:{end_minutes % 60:02d}"
    person = Participant(
        cohort="c",
        role="mentee",
        name="n",
        email="n@example.org",
        timezone="UTC",
        availability=[text],
    )
    [normal] = person.availability
    assert parse_slot(normal) == parse_slot(text)
    assert Participant.from_dict(person.model_dump()).availability == [normal]


@given(st.lists(st.text(max_size=20), max_size=8))
def test_tags_are_lower_case_unique_and_never_empty(values):
    person = Participant(
        cohort="c",
        role="mentee",
        name="n",
        email="n@example.org",
        timezone="UTC",
        skills_sought=values,
    )
    tags = person.skills_sought
    assert len(tags) == len(set(tags))
    assert all(tag and tag == tag.lower() and tag == " ".join(tag.split()) for tag in tags)
    again = Participant.from_dict(person.model_dump())
    assert again.skills_sought == tags


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidRecord) as refused:
        Participant.from_dict(
            {
                "cohort": "c",
                "role": "boss",
                "name": "",
                "email": "not-an-email",
                "timezone": "Nowhere",
            }
        )
    assert set(refused.value.fields) == {"role", "name", "email", "timezone"}
    assert "'not-an-email'" in str(refused.value)


def test_dataframe_gaps_take_the_defaults():
    person = Participant.from_dict(
        {
            "cohort": "c",
            "role": "mentee",
            "name": "n",
            "email": "n@example.org",
            "timezone": "UTC",
            "department": float("nan"),
            "manager_id": float("nan"),
        }
    )
    assert person.department == ""
    assert person.manager_id is None
