"""SMART analysis: the labelled set, deadlines resolved against today, the questions."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.domain.goals import GoalContext, assess_goal
from mentorkit.domain.smart import read_goal

TODAY = date(2026, 11, 22)
LABELS = Path(__file__).parent / "data" / "smart_goals.csv"


def test_the_labelled_set_is_big_and_varied():
    rows = list(csv.DictReader(LABELS.open()))
    assert len(rows) >= 150
    assert len({r["domain"] for r in rows}) >= 10
    vague = [r for r in rows if r["specific"] == r["measurable"] == r["time_bound"] == "0"]
    smart = [r for r in rows if r["specific"] == r["measurable"] == r["time_bound"] == "1"]
    assert len(vague) >= 40
    assert len(smart) >= 40


@pytest.mark.parametrize("criterion", ["specific", "measurable", "time_bound"])
def test_precision_and_recall_of_the_rules_on_the_set_that_shaped_them(criterion):
    """The rules alone (the model is judged by benchmarks/bench_smart.py on the corpus)."""
    rows = list(csv.DictReader(LABELS.open()))
    said = [bool(read_goal(r["text"], TODAY).checks[criterion].met) for r in rows]
    truth = [r[criterion] == "1" for r in rows]
    tp = sum(s and t for s, t in zip(said, truth, strict=True))
    precision = tp / max(1, sum(said))
    recall = tp / max(1, sum(truth))
    assert precision >= 0.9
    assert recall >= 0.9


@pytest.mark.parametrize(
    ("text", "specific", "measurable", "time_bound"),
    [  # phrasings that are not in the labelled set
        ("Organise 4 team offsites before 1 Sept 2027.", True, True, True),
        ("I'd like to be a stronger communicator.", False, False, False),
        ("Publish one article a month until the end of the year.", True, True, True),
        ("Get better at stakeholder management by March.", False, False, True),
        (
            "Lower the home page's load time from 3 s to 1 s in the next 10 weeks.",
            True,
            True,
            True,
        ),
        ("Understand how our pricing works.", False, False, False),
        (
            "Run a 2-day hackathon for the data team by the end of next quarter.",
            True,
            True,
            True,
        ),
    ],
)
def test_new_phrasings(text, specific, measurable, time_bound):
    result = assess_goal(text, GoalContext(TODAY))
    assert (result.specific.met, result.measurable.met, result.time_bound.met) == (
        specific,
        measurable,
        time_bound,
    ), result


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by the end of Q2", date(2027, 6, 30)),
        ("by the end of Q4", date(2026, 12, 31)),
        ("within 3 months", date(2027, 2, 22)),
        ("in the next 6 weeks", date(2027, 1, 3)),
        ("by 30/06/2027", date(2027, 6, 30)),
        ("by 15 May 2027", date(2027, 5, 15)),
        ("before December 2027", date(2027, 12, 31)),
        ("by March", date(2027, 3, 31)),
        ("by the end of this quarter", date(2026, 12, 31)),
        ("by the end of next month", date(2026, 12, 31)),
        ("by the end of the year", date(2026, 12, 31)),
        ("in 2027", date(2027, 12, 31)),
    ],
)
def test_deadlines_resolve_against_today(phrase, due):
    result = assess_goal(f"Write 3 design documents {phrase}.", GoalContext(TODAY))
    assert result.time_bound.met
    assert result.due == due, result.time_bound.evidence


def test_numbers_in_the_deadline_are_not_measures():
    result = assess_goal("Write the onboarding guide by 30/06/2027.", GoalContext(TODAY))
    assert result.time_bound.met
    assert (
        not read_goal("Write the onboarding guide by 30/06/2027.", TODAY)
        .checks["measurable"]
        .met
    )
    assert not {"30", "06", "2027"} & set(re.findall(r"\d+", result.measurable.evidence))


def test_a_vague_goal_gets_a_question_for_each_missing_criterion():
    result = assess_goal("I want to get better at public speaking.")
    assert not result.is_smart
    assert set(result.unmet()) == {"specific", "measurable", "time_bound"}
    for criterion in result.unmet():
        assert "?" in getattr(result, criterion).question


def test_without_context_achievable_and_relevant_say_what_they_need():
    result = assess_goal("Give 3 talks at team meetings within 4 months.")
    assert result.achievable.met is None
    assert "program's end date" in result.achievable.evidence
    assert result.relevant.met is None
    assert "skills sought" in result.relevant.evidence
    assert result.is_smart


def test_context_sharpens_achievable_and_relevant():
    context = GoalContext(
        today=TODAY,
        program_end=date(2027, 6, 30),
        skills_sought=("public speaking",),
        goals="Lead the team's public speaking at conferences",
    )
    inside = assess_goal("Give 3 public speaking talks within 4 months.", context)
    assert inside.achievable.met
    assert inside.relevant.met
    assert "public speaking" in inside.relevant.evidence
    assert inside.is_smart
    after = assess_goal("Write 2 design documents by the end of 2028.", context)
    assert after.achievable.met is False
    assert "after the program ends" in after.achievable.evidence
    assert after.relevant.met is False


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_an_answer(text):
    result = assess_goal(text, GoalContext(TODAY, program_end=date(2027, 6, 30)))
    assert isinstance(result.is_smart, bool)


DECEMBER_FIRST = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by 31 March", date(2027, 3, 31)),
        ("by 15 December", date(2026, 12, 15)),
        ("by 1 December", date(2026, 12, 1)),  # today is not past
        ("by 30 November", date(2027, 11, 30)),
        ("by March 31", date(2027, 3, 31)),
        ("by 31st of March", date(2027, 3, 31)),
        ("by the 1st of June", date(2027, 6, 1)),
        ("by Nov. 22nd", date(2027, 11, 22)),
        ("by 22nd Nov.", date(2027, 11, 22)),
        ("before 5 Jan", date(2027, 1, 5)),
        ("by 29 February", date(2028, 2, 29)),  # the next year that has one
        ("by 31 March 2026", date(2026, 3, 31)),  # a year written is kept
        ("by March 31, 2026", date(2026, 3, 31)),
        ("by 31/03/2026", date(2026, 3, 31)),
        ("by 15 December 2027", date(2027, 12, 15)),
    ],
)
def test_a_day_without_a_year_is_the_next_one(phrase, due):
    result = assess_goal(f"Write 3 design documents {phrase}.", GoalContext(DECEMBER_FIRST))
    assert result.due == due, result.time_bound.evidence


@settings(max_examples=300, deadline=None)
@given(
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),
    form=st.sampled_from(["{d} {B}", "{B} {d}", "{d}th of {B}", "the {d} {b}",
                          "{b}. {d}"]),
)  # fmt: skip
def test_a_day_without_a_year_is_never_in_the_past(today, day, form):
    phrase = form.format(d=day.day, B=f"{day:%B}", b=f"{day:%b}")
    due = assess_goal(f"Write 3 reports by {phrase}", GoalContext(today)).due
    assert (due.month, due.day) == (day.month, day.day), phrase
    assert today <= due, phrase
    assert (due - today).days < (4 * 366 if (day.month, day.day) == (2, 29) else 366)


def test_the_checks_count_only_what_is_met():
    vague = assess_goal("I want to get better at public speaking.")  # no context
    assert vague.met_count == 0  # achievable and relevant unknown: not counted
    assert not vague.ready_to_pursue
    context = GoalContext(
        today=DECEMBER_FIRST, program_end=date(2027, 6, 29), skills_sought=("sql",)
    )
    one = assess_goal("Get better at sql", context)  # relevant only
    assert one.met_count == 1
    assert not one.ready_to_pursue
    three = assess_goal("Run 3 sql workshops by 31 March", context)
    assert three.met_count == 5
    assert three.ready_to_pursue


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("by 6 December", "due 6 December 2026, in 5 days; 30 weeks left in the program"),
        ("by 14 December", "due 14 December 2026, in 13 days; 30 weeks left"),
        ("by 15 December", "due 15 December 2026, in 2 weeks; 30 weeks left"),
        ("by 1 December", "due 1 December 2026, today; 30 weeks left"),
        ("by 2 December", "due 2 December 2026, in 1 day; 30 weeks left"),
        ("by 31 March", "due 31 March 2027, in 17 weeks; 30 weeks left"),
    ],
)
def test_the_achievable_check_reads_naturally(phrase, said):
    context = GoalContext(today=DECEMBER_FIRST, program_end=date(2027, 6, 29))
    result = assess_goal(f"Write 3 design documents {phrase}.", context)
    assert result.achievable.met
    assert said in result.achievable.evidence


def test_the_checks_show_dates_as_a_participant_writes_them():
    context = GoalContext(today=DECEMBER_FIRST, program_end=date(2027, 6, 9))
    soon = assess_goal("Write 3 design documents by 6 December.", context)
    assert soon.time_bound.evidence == "'by 6 December' = 6 December 2026"
    passed = assess_goal("Write 3 design documents by 1 March 2026.", context)
    assert passed.achievable.evidence == "1 March 2026 has passed"
    late = assess_goal("Write 3 design documents by 31 December 2027.", context)
    assert late.achievable.evidence == (
        "due 31 December 2027, after the program ends (9 June 2027)"
    )
    short = GoalContext(today=DECEMBER_FIRST, program_end=date(2026, 12, 11))
    undated = assess_goal("Write 3 design documents.", short)
    assert undated.achievable.evidence == (
        "no date to weigh against 10 days left in the program"
    )
