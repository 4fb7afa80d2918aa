"""What a cohort looks like at a glance: who is in it, and where supply meets demand."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mentorkit.domain.participants import Seniority
from mentorkit.services._unit import with_store
from mentorkit.store import Store


@dataclass(frozen=True)
class CohortSummary:
    """Counts a facilitator reads before matching or reviewing a cohort."""

    mentors: int
    mentees: int
    mentor_seats: int  # the sum of mentors' capacities
    by_department: pd.DataFrame  # department x role counts
    by_seniority: pd.DataFrame  # seniority x role counts, in level order
    by_timezone: pd.DataFrame  # timezone x role counts
    skills: pd.DataFrame  # skill, sought, offered, gap (sought minus offered)

    @property
    def seats_left(self) -> int:
        return self.mentor_seats - self.mentees


def summarize_cohort(participants: pd.DataFrame) -> CohortSummary:
    """Summarise a participants DataFrame as the store or ``generate_cohort`` gives it."""
    mentors = participants[participants["role"].isin(["mentor", "both"])]
    mentees = participants[participants["role"].isin(["mentee", "both"])]
    return CohortSummary(
        mentors=len(mentors),
        mentees=len(mentees),
        mentor_seats=int(mentors["capacity"].sum()),
        by_department=_crosstab(participants, "department"),
        by_seniority=_crosstab(participants, "seniority")
        .reindex([s.value for s in Seniority], fill_value=0)
        .loc[lambda d: d.sum(axis=1) > 0],
        by_timezone=_crosstab(participants, "timezone"),
        skills=_skill_balance(mentors, mentees),
    )


def _crosstab(participants: pd.DataFrame, column: str) -> pd.DataFrame:
    table = pd.crosstab(participants[column], participants["role"])
    table = table.reindex(columns=["mentor", "mentee", "both"], fill_value=0)
    table = table.loc[:, (table.sum() > 0) | table.columns.isin(["mentor", "mentee"])]
    table.columns.name = None
    table.index.name = column
    return table.sort_values(list(table.columns)[:1], ascending=False, kind="stable")


def _skill_balance(mentors: pd.DataFrame, mentees: pd.DataFrame) -> pd.DataFrame:
    sought = mentees["skills_sought"].explode().dropna().value_counts()
    offered = mentors["skills_offered"].explode().dropna().value_counts()
    table = pd.DataFrame({"sought": sought, "offered": offered}).fillna(0).astype(int)
    table["gap"] = table["sought"] - table["offered"]
    table.index.name = "skill"
    return table.sort_values(["gap", "sought"], ascending=False).reset_index()


@with_store
def cohort_overviews(
    store: Store, cohort: str | None = None
) -> tuple[list[tuple[str, CohortSummary]], int]:
    """Each cohort's summary (or the one named), and how many matches are stored."""
    names = [store.cohort(cohort).name] if cohort else store.cohort_names()
    summaries = [
        (name, summarize_cohort(store.participants(cohort=name))) for name in names
    ]
    return summaries, len(store.matches())
