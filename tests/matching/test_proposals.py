"""Proposals on random small cohorts: optimal, allowed, stable, explained, repeatable."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.errors import MentorkitError
from mentorkit.matching import (
    Criterion,
    MatchPolicy,
    Objective,
    audit_stability,
    propose_matches,
    score_matrix,
)
from mentorkit.matching.stable import count_blocking_pairs, preferences
from tests.matching.conftest import cohorts, person, table

ON = date(2026, 3, 2)
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
POLICIES = st.builds(
    MatchPolicy,
    objective=st.sampled_from(list(Objective)),
    min_score=st.sampled_from([0, 30, 60]),
    max_timezone_gap=st.sampled_from([None, 3, 8]),
    candidates=st.integers(1, 3),
)


def brute_force_best(mentors, mentees, policy, previous=()) -> tuple[int, int]:
    """(pairs, total hundredths) of the best proposal, trying every assignment."""
    matrix = score_matrix(mentors, mentees, policy, previous=previous, on=ON)
    usable, total = matrix.proposable, matrix.total
    room = mentors["capacity"].to_numpy()
    choices = []
    for i, want in enumerate(mentees["capacity"]):
        candidates = np.flatnonzero(usable[i])
        choices.append(
            [
                c
                for size in range(want + 1)
                for c in itertools.combinations(candidates, size)
            ]
        )
    best = (0, 0)
    most_matched = policy.objective == Objective.MOST_MATCHED
    for combo in itertools.product(*choices):
        used = np.bincount([j for pick in combo for j in pick], minlength=len(room))
        if (used > room).any():
            continue
        value = sum(int(total[i, j]) for i, pick in enumerate(combo) for j in pick)
        count = sum(len(pick) for pick in combo)
        key = (count, value) if most_matched else (0, value)
        best = max(best, key)
    return best


@FAST
@given(
    cohorts(mentee_capacity=2),
    st.sampled_from([Objective.TOTAL_SCORE, Objective.MOST_MATCHED]),
    st.integers(1, 3),
)
def test_the_optimum_equals_brute_force(cohort, objective, candidates):
    mentors, mentees = cohort
    policy = MatchPolicy(objective=objective, candidates=candidates, max_timezone_gap=8)
    proposal = propose_matches(mentors, mentees, policy, on=ON)
    found = round(proposal.pairs["score"].sum() * 100)
    count, best = brute_force_best(mentors, mentees, policy)
    assert found == best
    if objective == Objective.MOST_MATCHED:
        assert len(proposal.pairs) == count


def manager_chain(everyone: pd.DataFrame, pid: str) -> set[str]:
    manager = dict(zip(everyone["id"], everyone["manager_id"], strict=True))
    chain, up = set(), manager.get(pid)
    while up and up not in chain and up != pid:
        chain.add(up)
        up = manager.get(up)
    return chain


def hours_apart(a: str, b: str) -> float:
    noon = datetime(ON.year, ON.month, ON.day, 12, tzinfo=UTC)
    gap = (
        abs(
            noon.astimezone(ZoneInfo(a)).utcoffset()
            - noon.astimezone(ZoneInfo(b)).utcoffset()
        ).total_seconds()
        / 3600
    )
    return min(gap, 24 - gap)


@FAST
@given(cohorts(mentee_capacity=2), POLICIES, st.data())
def test_no_proposal_breaks_a_hard_constraint_or_a_capacity(cohort, policy, data):
    mentors, mentees = cohort
    everyone = pd.concat([mentors, mentees], ignore_index=True)
    people = everyone.set_index("id")
    previous = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(list(mentors["id"])), st.sampled_from(list(mentees["id"]))
            ),
            max_size=2,
        )
    )
    if policy.objective in (Objective.STABLE_MENTEE, Objective.STABLE_MENTOR):
        mentees = mentees.assign(capacity=1)
    proposal = propose_matches(mentors, mentees, policy, previous=previous, on=ON)
    pairs = proposal.pairs
    assert not pairs.duplicated(["mentor_id", "mentee_id"]).any()
    for mentor_id, mentee_id, score in pairs[
        ["mentor_id", "mentee_id", "score"]
    ].itertuples(index=False):
        mentor, mentee = people.loc[mentor_id], people.loc[mentee_id]
        assert mentor_id != mentee_id
        assert mentor_id not in manager_chain(everyone, mentee_id)
        assert mentee_id not in manager_chain(everyone, mentor_id)
        assert mentor_id not in mentee["avoid"]
        assert mentee_id not in mentor["avoid"]
        assert (mentor_id, mentee_id) not in previous
        assert set(mentor["languages"]) & set(mentee["languages"])
        if policy.max_timezone_gap is not None:
            assert hours_apart(mentor["timezone"], mentee["timezone"]) <= (
                policy.max_timezone_gap
            )
        assert score >= policy.min_score
        assert score > 0
    taken = pairs["mentor_id"].value_counts()
    assert (taken <= people.loc[taken.index, "capacity"]).all()
    wanted = pairs["mentee_id"].value_counts()
    assert (wanted <= people.loc[wanted.index, "capacity"]).all()


@FAST
@given(
    cohorts(max_mentors=4, max_mentees=6),
    st.sampled_from([Objective.STABLE_MENTEE, Objective.STABLE_MENTOR]),
)
def test_the_stable_options_leave_no_blocking_pair(cohort, objective):
    mentors, mentees = cohort
    proposal = propose_matches(mentors, mentees, MatchPolicy(objective=objective), on=ON)
    assert audit_stability(proposal) == 0


def test_the_audit_counts_a_pair_that_would_rather_be_together():
    mentors = table(
        [
            person("M1", "mentor", skills_offered=["sql"]),
            person("M2", "mentor", skills_offered=["writing"]),
        ]
    )
    mentees = table(
        [
            person("E1", "mentee", skills_sought=["sql"]),
            person("E2", "mentee", skills_sought=["writing"]),
        ]
    )
    matrix = score_matrix(mentors, mentees, on=ON)
    wants_e, wants_m = preferences(matrix)
    rooms = np.ones(2, dtype=np.int64)
    crossed = np.array([[0, 1], [1, 0]])  # E1 with M2, E2 with M1: both would swap
    straight = np.array([[0, 0], [1, 1]])
    assert (
        count_blocking_pairs(crossed, matrix.proposable, wants_e, wants_m, rooms, rooms)
        == 2
    )
    assert (
        count_blocking_pairs(straight, matrix.proposable, wants_e, wants_m, rooms, rooms)
        == 0
    )


@FAST
@given(cohorts(mentee_capacity=2), POLICIES)
def test_every_pair_is_explained_and_every_unmatched_person_has_a_reason(cohort, policy):
    mentors, mentees = cohort
    if policy.objective in (Objective.STABLE_MENTEE, Objective.STABLE_MENTOR):
        mentees = mentees.assign(capacity=1)
    proposal = propose_matches(mentors, mentees, policy, on=ON)
    pairs = proposal.pairs
    criteria = [str(c) for c in Criterion]
    assert np.allclose(pairs[criteria].sum(axis=1), pairs["score"])
    assert (pairs["explanation"].str.len() > 0).all()
    matched = set(pairs["mentee_id"]) | set(pairs["mentor_id"])
    everyone = set(mentors["id"]) | set(mentees["id"])
    unmatched = proposal.unmatched
    assert set(unmatched["participant_id"]) == everyone - matched
    assert (
        unmatched["reason"]
        .isin(
            [
                "every candidate excluded",
                "below the minimum score",
                "no capacity left",
                "every candidate matched elsewhere",
            ]
        )
        .all()
    )


@FAST
@given(cohorts(), POLICIES)
def test_the_same_input_and_seed_give_the_same_proposal(cohort, policy):
    mentors, mentees = cohort
    first = propose_matches(mentors, mentees, policy, on=ON)
    again = propose_matches(mentors.copy(), mentees.copy(), policy, on=ON)
    pd.testing.assert_frame_equal(first.pairs, again.pairs)
    pd.testing.assert_frame_equal(first.unmatched, again.unmatched)


def test_locked_pairs_are_kept_and_use_capacity():
    mentors = table(
        [
            person("M1", "mentor", skills_offered=["sql"], capacity=1),
            person("M2", "mentor", skills_offered=["writing"]),
        ]
    )
    mentees = table(
        [
            person("E1", "mentee", skills_sought=["sql"]),
            person("E2", "mentee", skills_sought=["sql"]),
        ]
    )
    free = propose_matches(mentors, mentees, on=ON)
    locked = propose_matches(mentors, mentees, locked=[("M1", "E2")], on=ON)
    assert set(map(tuple, locked.pairs[["mentor_id", "mentee_id"]].to_numpy())) == {
        ("M1", "E2"),
        ("M2", "E1"),
    }
    assert locked.pairs.set_index("mentee_id").loc["E2", "locked"]
    assert not free.pairs["locked"].any()


def test_a_locked_pair_outside_the_cohort_is_refused():
    mentors = table([person("M1", "mentor")])
    mentees = table([person("E1", "mentee")])
    with pytest.raises(MentorkitError, match="M1 - E9"):
        propose_matches(mentors, mentees, locked=[("M1", "E9")], on=ON)


def test_unmatched_reasons_name_what_stood_in_the_way():
    mentors = table([person("M1", "mentor", skills_offered=["sql"], capacity=1)])
    mentees = table(
        [
            person("E1", "mentee", skills_sought=["sql"]),
            person("E2", "mentee", skills_sought=["sql"], goals="more sql"),
            person("E3", "mentee", languages=["Japanese"]),
            person("E4", "mentee", timezone="America/Los_Angeles"),
        ]
    )
    proposal = propose_matches(mentors, mentees, on=ON)
    reasons = proposal.unmatched.set_index("participant_id")
    assert proposal.pairs["mentee_id"].tolist() == ["E2"]
    assert reasons.loc["E1", "reason"] == "no capacity left"
    assert reasons.loc["E3", "reason"] == "every candidate excluded"
    assert reasons.loc["E3", "detail"] == "no shared language: 1"
    assert reasons.loc["E4", "detail"] == "time zones too far apart: 1"
    high = propose_matches(mentors, mentees, MatchPolicy(min_score=99), on=ON)
    assert set(high.unmatched["reason"]) >= {"below the minimum score"}
