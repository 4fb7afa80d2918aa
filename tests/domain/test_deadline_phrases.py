"""Deadline phrases as goals are written, each with the day it was written and the
day it means: dates without a year, ordinals, numeric dates, quarters, halves,
semesters, fiscal years, horizons. A deadline already past is said to be past."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.domain.deadlines import find_deadline
from mentorkit.domain.smart import GoalContext, assess_goal

DEC_1 = date(2026, 12, 1)
MAR_15 = date(2027, 3, 15)
JUL_10 = date(2026, 7, 10)

PHRASES = [
    # dates without a year: the next such day
    ("by 31 March", DEC_1, date(2027, 3, 31)),
    ("by 15 December", DEC_1, date(2026, 12, 15)),
    ("by 1 December", DEC_1, date(2026, 12, 1)),
    ("by March 31", DEC_1, date(2027, 3, 31)),
    ("before 20 Jan", DEC_1, date(2027, 1, 20)),
    ("by the end of March", DEC_1, date(2027, 3, 31)),
    ("by June", DEC_1, date(2027, 6, 30)),
    # ordinals
    ("by December 31st", DEC_1, date(2026, 12, 31)),
    ("by the 1st of June", DEC_1, date(2027, 6, 1)),
    ("by Nov. 22nd", DEC_1, date(2027, 11, 22)),
    ("by the 3rd of February 2027", DEC_1, date(2027, 2, 3)),
    ("by 22nd November", DEC_1, date(2027, 11, 22)),
    # numeric dates
    ("by 12/31", DEC_1, date(2026, 12, 31)),
    ("by 31/12", DEC_1, date(2026, 12, 31)),
    ("by 31.12.", DEC_1, date(2026, 12, 31)),
    ("by 15.3.", DEC_1, date(2027, 3, 15)),
    ("by 31/03/2027", DEC_1, date(2027, 3, 31)),
    ("by 2027-02-28", DEC_1, date(2027, 2, 28)),
    # quarters and halves
    ("by the end of the fourth quarter", DEC_1, date(2026, 12, 31)),
    ("by the end of the second quarter", DEC_1, date(2027, 6, 30)),
    ("by the end of Q1", DEC_1, date(2027, 3, 31)),
    ("by Q3 2027", DEC_1, date(2027, 9, 30)),
    ("by the end of this quarter", MAR_15, date(2027, 3, 31)),
    ("by the end of next quarter", MAR_15, date(2027, 6, 30)),
    ("by the end of the first half of the year", MAR_15, date(2027, 6, 30)),
    ("by the end of H1", DEC_1, date(2027, 6, 30)),
    ("by H2 2027", DEC_1, date(2027, 12, 31)),
    ("in the second half of 2027", DEC_1, date(2027, 12, 31)),
    # semesters and school terms
    ("by end of the semester", DEC_1, date(2026, 12, 31)),
    ("by the end of the semester", MAR_15, date(2027, 6, 30)),
    ("by the end of the spring semester", DEC_1, date(2027, 6, 30)),
    ("by the end of the fall semester", JUL_10, date(2026, 12, 31)),
    # fiscal years (the calendar year, unless a program says otherwise)
    ("by the end of the fiscal year", DEC_1, date(2026, 12, 31)),
    ("by the end of FY2027", DEC_1, date(2027, 12, 31)),
    ("by FY27", DEC_1, date(2027, 12, 31)),
    ("by the end of next fiscal year", DEC_1, date(2027, 12, 31)),
    # months and years
    ("by the end of next month", DEC_1, date(2027, 1, 31)),
    ("by the end of the month", DEC_1, date(2026, 12, 31)),
    ("by the end of this year", MAR_15, date(2027, 12, 31)),
    ("by the end of 2027", DEC_1, date(2027, 12, 31)),
    ("in 2027", DEC_1, date(2027, 12, 31)),
    # horizons
    ("in the next 90 days", DEC_1, date(2027, 3, 1)),
    ("within 6 weeks", DEC_1, date(2027, 1, 12)),
    ("within three months", DEC_1, date(2027, 3, 1)),
    ("over the next two weeks", DEC_1, date(2026, 12, 15)),
    ("within a year", DEC_1, date(2027, 12, 1)),
    ("by next Friday", DEC_1, date(2026, 12, 11)),
    ("within 1 hour", DEC_1, date(2026, 12, 1)),
    ("within 36 hours", DEC_1, date(2026, 12, 2)),
    ("take a 10-minute walk today", DEC_1, date(2026, 12, 1)),
    ("call the clinic tomorrow", DEC_1, date(2026, 12, 2)),
    # a day and month with no word before it
    ("a follow-up appointment of Jan. 15th", DEC_1, date(2027, 1, 15)),
    ("the review on 3 March", DEC_1, date(2027, 3, 3)),
]


@pytest.mark.parametrize(("phrase", "today", "expected"), PHRASES,
                         ids=[p for p, _, _ in PHRASES])  # fmt: skip
def test_each_phrase_means_the_day_expected(phrase, today, expected):
    goal = f"Present the team's roadmap to the department {phrase}"
    found = find_deadline(goal, today)
    assert found is not None, f"no deadline found in {goal!r}"
    assert found[1] == expected


def test_the_table_covers_every_kind():
    assert len(PHRASES) >= 40


@pytest.mark.parametrize("phrase", ["by 31 March 2026", "by 12/31/2025", "by Q1 2026"])
def test_a_deadline_already_past_is_said_to_be_past(phrase):
    assessment = assess_goal(f"Publish three articles on our research {phrase}",
                             GoalContext(today=DEC_1))  # fmt: skip
    assert not assessment.time_bound.met
    assert "has passed" in assessment.time_bound.evidence


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=10_000),
    today=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    end=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2095, 12, 31)),
)
def test_the_checks_never_raise_on_any_text_or_day(text, today, end):
    assessment = assess_goal(text, GoalContext(today=today, program_end=end))
    assert assessment.time_bound.met in (True, False)
    assert 0 <= assessment.met_count <= 5


@settings(max_examples=200, deadline=None)
@given(
    phrase=st.sampled_from([p for p, _, _ in PHRASES]),
    noise=st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)),
)
def test_deadline_phrases_amid_any_text_never_raise(phrase, noise, today):
    found = find_deadline(f"{noise} {phrase} {noise}", today)
    assert found is None or found[1] is None or isinstance(found[1], date)


@pytest.mark.parametrize(
    "goal",
    ["Patient will correctly list 3 signs of hypoglycemia before discharge",
     "Cut fast food to three times a week before the next scheduled visit"],
)  # fmt: skip
def test_an_event_of_the_care_is_a_deadline_without_a_day(goal):
    assessment = assess_goal(goal, GoalContext(today=DEC_1))
    assert assessment.time_bound.met
    assert "before" in assessment.time_bound.evidence
    assert assessment.due is None
