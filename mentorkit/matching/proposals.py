"""Proposals: who is paired with whom, why, and why someone is left unmatched.

The optimal objectives are solved as a min-cost flow (OR-Tools) over each mentee's
best candidates only, and then proven optimal over every pair: the flow's residual
graph gives node prices, any left-out pair that would improve the solution at those
prices is added back, and the flow is solved again until none would (LP duality:
when no left-out pair has a positive reduced score, the pruned optimum is the
optimum of the full graph). The stable objectives run deferred acceptance with
capacities on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from mentorkit.domain.programs import Format
from mentorkit.errors import MentorkitError
from mentorkit.matching.optimal import (
    optimal_pairs,
)
from mentorkit.matching.policy import Criterion, MatchPolicy, Objective
from mentorkit.matching.scoring import (
    HUNDREDTHS,
    REASONS,
    ScoreMatrix,
    score_matrix,
)
from mentorkit.matching.stable import (
    count_blocking_pairs,
    preferences,
    stable_pairs,
)


@dataclass(frozen=True)
class Proposal:
    """Pairs to review and the participants left unmatched, with reasons."""

    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    policy: MatchPolicy
    matrix: ScoreMatrix = field(repr=False)

    @property
    def total_score(self) -> float:
        return float(self.pairs["score"].sum())

    @property
    def match_rate(self) -> float:
        """The share of mentees with at least one mentor."""
        mentees = len(self.matrix.mentees.ids)
        return self.pairs["mentee_id"].nunique() / mentees if mentees else 0.0

    def summary(self) -> str:
        return (
            f"{len(self.pairs)} pairs, {self.match_rate:.0%} of mentees matched, "
            f"total score {self.total_score:,.2f}, {len(self.unmatched)} unmatched"
        )


def propose_matches(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    policy: MatchPolicy | None = None,
    *,
    locked: Iterable[tuple[str, str]] = (),
    previous: Iterable[tuple[str, str]] = (),
    on: date | None = None,
    matrix: ScoreMatrix | None = None,
) -> Proposal:
    """Propose pairs for ``mentors`` and ``mentees`` under ``policy``.

    ``locked`` (mentor_id, mentee_id) pairs are kept as they are and use up
    capacity; ``previous`` pairs are never proposed again. Pass a ``matrix`` from
    :func:`score_matrix` to reuse scores already computed.
    """
    policy = policy or MatchPolicy()
    matrix = matrix or score_matrix(mentors, mentees, policy, previous=previous, on=on)
    _n, _k = matrix.shape
    mentee_room = _capacities(matrix.mentees.frame)
    mentor_room = _capacities(matrix.mentors.frame)
    if policy.format == Format.GROUP:
        # Each mentor leads one group; development fit draws mentees who seek what
        # the mentor offers, so a group shares its development areas.
        mentor_room = np.full_like(mentor_room, policy.group_size)

    kept = _locked_indices(matrix, locked)
    np.subtract.at(mentee_room, kept[:, 0], 1)
    np.subtract.at(mentor_room, kept[:, 1], 1)
    if (mentor_room < 0).any():
        over = matrix.mentors.ids[mentor_room < 0][0]
        raise MentorkitError(f"Mentor {over} has more locked mentees than capacity.")
    mentee_room = np.maximum(mentee_room, 0)

    usable = matrix.proposable.copy()
    usable[kept[:, 0], kept[:, 1]] = False
    if policy.objective in (Objective.TOTAL_SCORE, Objective.MOST_MATCHED):
        bonus = _most_matched_bonus(matrix, mentee_room) * (
            policy.objective == Objective.MOST_MATCHED
        )
        chosen = optimal_pairs(
            matrix.total + _priority_bonus(matrix, mentee_room),
            usable,
            mentee_room,
            mentor_room,
            policy.candidates,
            bonus,
        )
    else:
        chosen = stable_pairs(
            matrix,
            usable,
            mentee_room,
            mentor_room,
            mentees_propose=(policy.objective == Objective.STABLE_MENTEE),
        )
    pairs = pairs_frame(
        matrix,
        np.concatenate([kept, chosen]),
        np.arange(len(kept) + len(chosen)) < len(kept),
    )
    if policy.format == Format.GROUP:
        pairs = _with_group_areas(matrix, pairs)
    return Proposal(
        pairs=pairs,
        unmatched=_unmatched(matrix, pairs, usable),
        policy=policy,
        matrix=matrix,
    )


def _with_group_areas(matrix: ScoreMatrix, pairs: pd.DataFrame) -> pd.DataFrame:
    """Add each group's shared areas: skills the mentor offers that two or more seek."""
    sought = dict(zip(matrix.mentees.ids, matrix.skills[0], strict=True))
    offered = dict(zip(matrix.mentors.ids, matrix.skills[1], strict=True))
    areas = {}
    for mentor, group in pairs.groupby("mentor_id")["mentee_id"]:
        counts = pd.Series([s for e in group for s in sought[e] if s in offered[mentor]])
        common = counts.value_counts()
        areas[mentor] = ", ".join(sorted(common[common >= 2].index)) or "(none shared)"
    return pairs.assign(
        group=pairs["mentor_id"], shared_areas=pairs["mentor_id"].map(areas)
    )


def _capacities(people: pd.DataFrame) -> np.ndarray:
    return people["capacity"].fillna(1).to_numpy(dtype=np.int64).clip(min=0)


def _locked_indices(matrix: ScoreMatrix, locked: Iterable[tuple[str, str]]) -> np.ndarray:
    row = {pid: i for i, pid in enumerate(matrix.mentees.ids)}
    col = {pid: j for j, pid in enumerate(matrix.mentors.ids)}
    found = []
    for mentor_id, mentee_id in locked:
        if mentee_id not in row or mentor_id not in col:
            raise MentorkitError(
                f"Locked pair {mentor_id} - {mentee_id}: both must be in this cohort "
                "(mentor first, then mentee)."
            )
        found.append((row[mentee_id], col[mentor_id]))
    return np.array(sorted(set(found)), dtype=np.int64).reshape(-1, 2)


def _priority_bonus(matrix: ScoreMatrix, mentee_room: np.ndarray) -> np.ndarray:
    """Points for each pair of a mentee with priority (carried over from an earlier
    cohort) that outweigh any total of scores and of pairs: while a mentee with
    priority can be matched, no mentee without it takes their place."""
    level = matrix.priority
    if not level.any():
        return np.zeros_like(matrix.total)
    unit = 2 * _most_matched_bonus(matrix, mentee_room) * int(mentee_room.sum() + 1)
    return (level * unit)[:, None] * np.ones_like(matrix.total)


def _most_matched_bonus(matrix: ScoreMatrix, mentee_room: np.ndarray) -> int:
    """Points per pair that outweigh any total score: one more pair always wins."""
    return int(mentee_room.sum() * max(1, int(matrix.total.max(initial=0))) + 1)


# -- optimal: min-cost flow over pruned candidates, proven over all pairs -------------


# -- stable: deferred acceptance with capacities ---------------------------------------


# -- what the facilitator sees ---------------------------------------------------------


def pairs_frame(matrix: ScoreMatrix, pairs: np.ndarray, locked: np.ndarray) -> pd.DataFrame:
    """The table a facilitator reviews: (mentee, mentor) index ``pairs`` with their
    score, each criterion's points, the explanation and whether they are locked."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    e, m = pairs[:, 0], pairs[:, 1]
    frame = pd.DataFrame(
        {
            "mentor_id": matrix.mentors.ids[m],
            "mentee_id": matrix.mentees.ids[e],
            "score": matrix.total[e, m] / HUNDREDTHS,
            **{str(c): matrix.points[c][e, m] / HUNDREDTHS for c in Criterion},
            "explanation": pd.Series(
                [matrix.explain(i, j) for i, j in zip(e, m, strict=True)], dtype=str
            ),
            "locked": np.asarray(locked, dtype=bool),
        }
    )
    return frame.sort_values(["mentor_id", "mentee_id"], ignore_index=True)


def _unmatched(
    matrix: ScoreMatrix, pairs: pd.DataFrame, usable: np.ndarray
) -> pd.DataFrame:
    rows = []
    matched = {"mentee": set(pairs["mentee_id"]), "mentor": set(pairs["mentor_id"])}
    for role, ids, axis in (
        ("mentee", matrix.mentees.ids, 1),
        ("mentor", matrix.mentors.ids, 0),
    ):
        allowed = matrix.allowed.any(axis=axis)
        above = matrix.proposable.any(axis=axis)
        for i, pid in enumerate(ids):
            if pid in matched[role]:
                continue
            if not allowed[i]:
                codes = matrix.reason[i] if axis == 1 else matrix.reason[:, i]
                counts = np.bincount(codes, minlength=len(REASONS))
                detail = ", ".join(
                    f"{REASONS[c]}: {counts[c]}"
                    for c in np.argsort(-counts, kind="stable")
                    if c and counts[c]
                )
                rows.append((pid, role, "every candidate excluded", detail))
            elif not above[i]:
                rows.append(
                    (
                        pid,
                        role,
                        "below the minimum score",
                        f"minimum {matrix.policy.min_score:g}",
                    )
                )
            elif role == "mentee":
                rows.append(
                    (
                        pid,
                        role,
                        "no capacity left",
                        "every suitable mentor's places went to better-scoring pairs",
                    )
                )
            else:
                rows.append(
                    (
                        pid,
                        role,
                        "every candidate matched elsewhere",
                        "the mentees who could pair with this mentor scored "
                        "higher elsewhere",
                    )
                )
    return pd.DataFrame(rows, columns=["participant_id", "role", "reason", "detail"])


def audit_stability(proposal: Proposal) -> int:
    """How many allowed pairs would both rather be together than as proposed."""
    matrix = proposal.matrix
    mentee_wants, mentor_wants = preferences(matrix)
    row = {pid: i for i, pid in enumerate(matrix.mentees.ids)}
    col = {pid: j for j, pid in enumerate(matrix.mentors.ids)}
    pairs = np.array(
        [
            (row[e], col[m])
            for m, e in zip(
                proposal.pairs["mentor_id"], proposal.pairs["mentee_id"], strict=True
            )
        ],
        dtype=np.int64,
    ).reshape(-1, 2)
    return count_blocking_pairs(
        pairs,
        matrix.proposable,
        mentee_wants,
        mentor_wants,
        _capacities(matrix.mentees.frame),
        _capacities(matrix.mentors.frame),
    )
