"""Matching: scores for every candidate pair, and proposals a facilitator can review.

- ``score_pairs(mentors, mentees, policy)``: one row per candidate pair, each
  criterion's points, whether the pair is allowed and why not.
- ``propose_matches(mentors, mentees, policy)``: a :class:`Proposal` of pairs (with
  their explanations) and of unmatched participants (with their reasons).
"""

from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.matching.formats import (
    PeerPairs,
    Rotation,
    pair_peers,
    recommend,
    speed_rotation,
)
from mentorkit.matching.policy import (
    DEFAULT_WEIGHTS,
    Criterion,
    DepartmentPreference,
    MatchPolicy,
    Objective,
)
from mentorkit.matching.proposals import Proposal, audit_stability, propose_matches
from mentorkit.matching.scoring import ScoreMatrix, score_matrix, score_pairs

__all__ = [
    "DEFAULT_WEIGHTS",
    "Criterion",
    "DepartmentPreference",
    "Match",
    "MatchPolicy",
    "MatchStatus",
    "Objective",
    "PeerPairs",
    "Proposal",
    "Rotation",
    "ScoreMatrix",
    "audit_stability",
    "pair_peers",
    "propose_matches",
    "recommend",
    "score_matrix",
    "score_pairs",
    "speed_rotation",
]
