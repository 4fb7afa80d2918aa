"""Speed-mentoring rotations and top-k recommendations."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.errors import MentorkitError
from mentorkit.matching import (
    MatchPolicy,
    pair_peers,
    propose_matches,
    recommend,
    score_matrix,
    speed_rotation,
)
from mentorkit.services.demo import generate_cohort
from tests.matching.conftest import cohorts

ON = date(2026, 3, 2)


@pytest.fixture(scope="module")
def event():
    """12 mentors and 30 mentees, as at a speed-mentoring event."""
    people = generate_cohort(12, 30, seed=11)
    return people[people["role"] == "mentor"], people[people["role"] == "mentee"]


def test_a_rotation_of_six_rounds_double_books_nobody_and_repeats_no_pair(event):
    mentors, mentees = event
    policy = MatchPolicy(max_timezone_gap=None)
    matrix = score_matrix(mentors, mentees, policy, on=ON)
    rotation = speed_rotation(
        mentors,
        mentees,
        rounds=6,
        minutes=10,
        starts=datetime(2026, 3, 2, 9),
        matrix=matrix,
    )
    schedule = rotation.schedule
    assert sorted(schedule["round"].unique()) == [1, 2, 3, 4, 5, 6]
    for _, meetings in schedule.groupby("round"):
        assert meetings["mentor_id"].is_unique
        assert meetings["mentee_id"].is_unique
        assert meetings["table"].is_unique
    assert not schedule.duplicated(["mentor_id", "mentee_id"]).any()
    # Only allowed pairs meet.
    row = {pid: i for i, pid in enumerate(matrix.mentees.ids)}
    col = {pid: j for j, pid in enumerate(matrix.mentors.ids)}
    assert all(
        matrix.proposable[row[e], col[m]]
        for m, e in schedule[["mentor_id", "mentee_id"]].itertuples(index=False)
    )
    # Seats are shared out: every round fills the tables it can, and meetings per
    # mentee differ by at most one among mentees with mentors left to meet.
    per_mentee = schedule["mentee_id"].value_counts().reindex(mentees["id"], fill_value=0)
    suitable = matrix.proposable.sum(axis=1)
    open_ = per_mentee[suitable > per_mentee.to_numpy()]
    assert open_.max() - open_.min() <= 1
    # Rounds follow each other with the changeover.
    starts = schedule.groupby("round")["starts"].first()
    assert (starts.diff().dropna() == np.timedelta64(12, "m")).all()
    printed = rotation.table(dict(zip(mentors["id"], mentors["name"], strict=True)))
    assert printed.startswith("Round 1  09:00-09:10")
    assert "Round 6  10:00-10:10" in printed
    assert mentors["name"].iloc[0] in printed


def test_a_rotation_refuses_impossible_settings(event):
    mentors, mentees = event
    with pytest.raises(MentorkitError, match="rounds must be between 1 and 50"):
        speed_rotation(mentors, mentees, rounds=0)


def test_recommendations_are_each_mentees_best_allowed_mentors_in_order(event):
    mentors, mentees = event
    matrix = score_matrix(mentors, mentees, on=ON)
    shortlist = recommend(mentors, mentees, k=3, matrix=matrix)
    first = matrix.mentees.ids[0]
    mine = shortlist[shortlist["mentee_id"] == first]
    allowed = np.where(matrix.proposable[0], matrix.total[0], -1)
    expected = sorted(allowed[allowed >= 0], reverse=True)[:3]
    assert list(mine["score"] * 100) == pytest.approx(expected)
    assert list(mine["rank"]) == list(range(1, len(mine) + 1))
    assert (shortlist.groupby("mentee_id").size() <= 3).all()


def test_groups_fill_to_the_group_size_and_name_their_shared_areas(event):
    mentors, mentees = event
    policy = MatchPolicy(format="group", group_size=3, max_timezone_gap=None)
    proposal = propose_matches(mentors, mentees, policy, on=ON)
    sizes = proposal.pairs.groupby("group").size()
    assert (sizes <= 3).all()
    assert sizes.sum() == len(proposal.pairs)
    assert proposal.pairs["shared_areas"].str.len().gt(0).all()


def best_pairing(weights: np.ndarray, allowed: np.ndarray) -> int:
    """The highest total of any pairing, trying them all (small pools only)."""

    def best(free: tuple[int, ...]) -> int:
        if len(free) < 2:
            return 0
        first, rest = free[0], free[1:]
        options = [best(rest)]
        for partner in rest:
            if allowed[first, partner]:
                left = tuple(p for p in rest if p != partner)
                options.append(int(weights[first, partner]) + best(left))
        return max(options)

    return best(tuple(range(len(weights))))


@settings(max_examples=40, deadline=None)
@given(cohorts(max_mentors=3, max_mentees=4), st.integers(1, 3))
def test_peer_pairs_are_the_best_pairing_and_proven_so(cohort, candidates):
    pool = pd.concat(cohort, ignore_index=True).assign(role="both")
    policy = MatchPolicy(candidates=candidates)
    result = pair_peers(pool, policy, on=ON)
    matrix = score_matrix(pool, pool, policy.updated(format="peer"), on=ON)
    allowed = matrix.proposable & matrix.proposable.T
    both = matrix.total.astype(np.int64) + matrix.total.T
    assert round(result.total * 200) == best_pairing(both, allowed)
    assert result.proven_optimal
    people = list(result.pairs["first_id"]) + list(result.pairs["second_id"])
    assert len(people) == len(set(people))  # nobody twice
    index = {pid: i for i, pid in enumerate(matrix.mentees.ids)}
    for a, b in result.pairs[["first_id", "second_id"]].itertuples(index=False):
        assert allowed[index[a], index[b]]
