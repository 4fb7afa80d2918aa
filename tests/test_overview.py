"""The cohort summary facilitators read before matching."""

from __future__ import annotations

import pandas as pd

from mentorkit.services.overview import summarize_cohort


def _people():
    return pd.DataFrame(
        [
            {
                "role": "mentor",
                "capacity": 2,
                "department": "Data",
                "seniority": "lead",
                "timezone": "UTC",
                "skills_offered": ["sql", "python"],
                "skills_sought": [],
            },
            {
                "role": "mentor",
                "capacity": 1,
                "department": "Sales",
                "seniority": "senior",
                "timezone": "UTC",
                "skills_offered": ["negotiation"],
                "skills_sought": [],
            },
            {
                "role": "mentee",
                "capacity": 1,
                "department": "Data",
                "seniority": "junior",
                "timezone": "Asia/Tokyo",
                "skills_offered": [],
                "skills_sought": ["sql", "writing"],
            },
            {
                "role": "mentee",
                "capacity": 1,
                "department": "Data",
                "seniority": "junior",
                "timezone": "UTC",
                "skills_offered": [],
                "skills_sought": ["sql"],
            },
        ]
    )


def test_counts_and_seats():
    summary = summarize_cohort(_people())
    assert (summary.mentors, summary.mentees, summary.mentor_seats) == (2, 2, 3)
    assert summary.seats_left == 1
    assert summary.by_department.loc["Data"].to_dict() == {"mentor": 1, "mentee": 2}


def test_levels_keep_their_order_and_skip_empty_ones():
    assert list(summarize_cohort(_people()).by_seniority.index) == [
        "junior",
        "senior",
        "lead",
    ]


def test_skill_gap_puts_unmet_demand_first():
    skills = summarize_cohort(_people()).skills.set_index("skill")
    assert skills.loc["sql"].to_dict() == {"sought": 2, "offered": 1, "gap": 1}
    assert skills.loc["negotiation", "gap"] == -1
    assert skills.index[0] in {"sql", "writing"}
