"""Small participant tables for the matching tests, built as the store gives them."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

SKILLS = ["python", "sql", "negotiation", "writing", "design"]
ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", "UTC"]
LEVELS = ["junior", "mid", "senior", "lead"]
SLOTS = ["Mon 09:00-11:00", "Tue 14:00-16:00", "Wed 18:00-19:00", "Thu 08:00-10:00"]


def person(pid: str, role: str, **fields) -> dict:
    row = {
        "id": pid,
        "cohort": "Test",
        "role": role,
        "name": f"Person {pid}",
        "email": f"{pid.lower()}@example.org",
        "department": "Data",
        "manager_id": None,
        "seniority": "mid",
        "years_experience": 5.0,
        "location": "",
        "timezone": "Europe/Berlin",
        "languages": ["English"],
        "skills_offered": [],
        "skills_sought": [],
        "goals": "",
        "availability": [],
        "channels": ["video"],
        "formats": ["one_on_one"],
        "capacity": 1,
        "avoid": [],
        "preferred": [],
        "consents": {},
        "status": "active",
    }
    return row | fields


def table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(person("X", "mentee")))


@st.composite
def cohorts(draw, max_mentors: int = 3, max_mentees: int = 4, mentee_capacity: int = 1):
    """A random small cohort: (mentors, mentees) tables with every field varied."""
    n_mentors = draw(st.integers(1, max_mentors))
    n_mentees = draw(st.integers(1, max_mentees))
    mentor_ids = [f"M{i}" for i in range(n_mentors)]
    mentee_ids = [f"E{i}" for i in range(n_mentees)]
    everyone = mentor_ids + mentee_ids

    def fields(pid: str) -> dict:
        others = [p for p in everyone if p != pid]
        return {
            "department": draw(st.sampled_from(["Data", "Sales", "Design"])),
            "manager_id": draw(st.none() | st.sampled_from(others)) if others else None,
            "seniority": draw(st.sampled_from(LEVELS)),
            "timezone": draw(st.sampled_from(ZONES)),
            "languages": draw(
                st.lists(
                    st.sampled_from(["English", "German", "Japanese"]),
                    min_size=1,
                    max_size=2,
                    unique=True,
                )
            ),
            "availability": draw(st.lists(st.sampled_from(SLOTS), max_size=3, unique=True)),
            "channels": draw(
                st.lists(
                    st.sampled_from(["video", "phone", "chat", "in_person"]),
                    min_size=1,
                    max_size=2,
                    unique=True,
                )
            ),
            "avoid": draw(st.lists(st.sampled_from(others), max_size=1)) if others else [],
        }

    mentors = [
        person(
            pid,
            "mentor",
            skills_offered=draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)),
            capacity=draw(st.integers(1, 3)),
            **fields(pid),
        )
        for pid in mentor_ids
    ]
    mentees = [
        person(
            pid,
            "mentee",
            skills_sought=draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)),
            goals=draw(st.sampled_from(["", "Get better at sql", "Move into Sales"])),
            preferred=draw(st.lists(st.sampled_from(mentor_ids), max_size=2, unique=True)),
            capacity=draw(st.integers(1, mentee_capacity)),
            **fields(pid),
        )
        for pid in mentee_ids
    ]
    return table(mentors), table(mentees)
