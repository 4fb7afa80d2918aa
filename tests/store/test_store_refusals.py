"""Bad input is refused whole, naming the field, and nothing is written."""

from __future__ import annotations

import pytest

from mentorkit.errors import InvalidRecord, NotFound
from tests.conftest import COHORT


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"email": None}, "email", "required"),
        ({"email": ""}, "email", "email"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "not a time zone"),
        ({"capacity": 0}, "capacity", "between 1 and"),
        ({"capacity": -2}, "capacity", "between 1 and"),
        ({"avoid": ["p404"]}, "avoid", "no participant 'p404'"),
        ({"preferred": ["p404"]}, "preferred", "no participant 'p404'"),
        ({"avoid": ["p1"]}, "avoid", "themselves"),
        ({"cohort": "Autumn"}, "cohort", "no cohort named 'Autumn'"),
        ({"role": "sponsor"}, "role", "mentor"),
        ({"availability": ["someday 9-10"]}, "availability", "Mon 09:00-11:00"),
        ({"availability": ["Mon 11-9"]}, "availability", "ends before it starts"),
    ],
)
def test_bad_participant_is_refused_naming_the_field(store, person, change, field, says):
    record = {k: v for k, v in (person | change).items() if v is not None}
    with pytest.raises(InvalidRecord) as refused:
        store.add_participant(record)
    assert field in refused.value.fields
    assert says in str(refused.value)
    assert "nothing was saved" in str(refused.value)
    assert store.count("participants") == 0


def test_a_batch_with_one_bad_row_writes_nothing(store, person):
    good = [person | {"id": f"p{i}", "email": f"p{i}@example.org"} for i in range(1, 6)]
    bad = person | {"id": "p6", "email": "p6@example.org", "avoid": ["ghost"]}
    with pytest.raises(InvalidRecord, match="avoid"):
        store.add_participants([*good, bad])
    assert store.count("participants") == 0
    store.add_participants(good)
    assert store.count("participants") == 5


def test_duplicate_email_in_cohort_is_refused(store, person):
    store.add_participant(person)
    with pytest.raises(InvalidRecord) as refused:
        store.add_participant(person | {"id": "p2", "email": "MENTOR.ONE@example.org"})
    assert refused.value.fields == ["email"]
    assert store.count("participants") == 1


def test_match_with_an_id_that_does_not_exist_is_refused(store, person):
    store.add_participant(person)
    with pytest.raises(InvalidRecord) as refused:
        store.add_match({"cohort": COHORT, "mentor_id": "p1", "mentee_id": "p404"})
    assert refused.value.fields == ["mentee_id"]
    assert "p404" in str(refused.value)
    assert store.count("matches") == 0


def test_match_sides_must_have_the_right_roles(store, person):
    store.add_participants([person, person | {"id": "p2", "email": "two@example.org"}])
    with pytest.raises(InvalidRecord) as refused:
        store.add_match({"cohort": COHORT, "mentor_id": "p1", "mentee_id": "p2"})
    assert refused.value.fields == ["mentee_id"]
    assert "is a mentor" in str(refused.value)


def test_goal_for_unknown_participant_is_refused(store):
    with pytest.raises(InvalidRecord) as refused:
        store.add_goal({"participant_id": "p404", "text": "Run a workshop by May"})
    assert refused.value.fields == ["participant_id"]
    assert store.count("goals") == 0


@pytest.mark.parametrize(
    "read", ["participants", "matches", "pulse_log", "goal_progress", "signed_agreements",
             "digest"],
)  # fmt: skip
def test_reading_an_unknown_cohort_names_the_known_ones(store, read):
    with pytest.raises(NotFound, match=r"No cohort 'Autumn'\. Known cohorts: Spring"):
        getattr(store, read)(cohort="Autumn") if read != "digest" else store.digest(
            "Autumn"
        )
