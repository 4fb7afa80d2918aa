"""Scores for every mentor-mentee pair, computed as whole arrays over the cohort.

Each person's answers become rows of small matrices (skills, languages, weekly
hours in UTC, channels); each criterion is then one array operation over all
mentee x mentor pairs, never a Python loop over pairs. Points are kept in whole
hundredths, so a pair's criteria add up to its score exactly and the solvers work
on the same integers the explanations show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from mentorkit.matching._arrays import People, lists
from mentorkit.matching.criteria import CRITERIA, Criterion, PairView, Sides
from mentorkit.matching.policy import MatchPolicy

HUNDREDTHS = 100
# Why a pair may not be proposed, in the order they are checked; 0 means allowed.
REASONS = (
    "",
    "the same person",
    "reporting line",
    "declared avoid",
    "previous partners",
    "no shared language",
    "required language missing",
    "time zones too far apart",
)
ALLOWED, SELF, REPORTING, AVOID, PREVIOUS, NO_LANGUAGE, REQUIRED_LANGUAGE, TIMEZONES = (
    range(len(REASONS))
)


def _reporting_lines(everyone: pd.DataFrame) -> dict[str, set[str]]:
    """Each person's managers, all the way up (through people the frames hold)."""
    manager = {
        str(i): str(m)
        for i, m in zip(everyone["id"], everyone["manager_id"], strict=True)
        if isinstance(m, str) and m
    }
    chains = {}
    for person in manager:
        chain, up = set(), manager.get(person)
        while up is not None and up not in chain and up != person:
            chain.add(up)
            up = manager.get(up)
        chains[person] = chain
    return chains


@dataclass(frozen=True)
class ScoreMatrix:
    """Every mentee x mentor pair: each criterion's points, the total, and why not.

    Arrays are indexed ``[mentee, mentor]`` in the order of ``mentees.ids`` and
    ``mentors.ids``; points are whole hundredths of a point.
    """

    mentees: People
    mentors: People
    policy: MatchPolicy
    points: dict[Criterion, np.ndarray]
    total: np.ndarray
    reason: np.ndarray
    shared_half_hours: np.ndarray
    wish_rank: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.total.shape

    @cached_property
    def allowed(self) -> np.ndarray:
        return self.reason == ALLOWED

    @cached_property
    def proposable(self) -> np.ndarray:
        """Allowed and scoring above nothing and at least the policy's minimum."""
        floor = max(1, round(self.policy.min_score * HUNDREDTHS))
        return self.allowed & (self.total >= floor)

    def explain(self, mentee: int, mentor: int) -> str:
        """Why this pair scores what it does, in words, strongest criterion first."""
        pair = PairView(self, mentee, mentor)
        said = {c.key: c.explain(pair) for c in CRITERIA}
        parts = sorted(
            ((int(self.points[c][mentee, mentor]), c) for c in Criterion), reverse=True
        )
        return "; ".join(
            f"{said[c]} (+{p / HUNDREDTHS:g})" for p, c in parts if p > 0 and said[c]
        )

    @cached_property
    def priority(self) -> np.ndarray:
        """Each mentee's priority, 0-9: above 0 for those carried over from an earlier
        cohort, whom every objective pairs before any mentee without it."""
        frame = self.mentees.frame
        if "priority" not in frame:
            return np.zeros(len(frame), dtype=np.int64)
        return frame["priority"].fillna(0).to_numpy(dtype=np.int64).clip(0, 9)

    @cached_property
    def skills(self) -> tuple[list[list[str]], list[set[str]]]:
        """Each mentee's skills sought (in their order), each mentor's skills offered."""
        return (
            lists(self.mentees.frame["skills_sought"]),
            [set(row) for row in lists(self.mentors.frame["skills_offered"])],
        )

    @cached_property
    def levels_and_teams(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        def read(frame: pd.DataFrame) -> list[tuple[str, str]]:
            teams = frame["department"].fillna("").astype(str)
            return list(zip(frame["seniority"].astype(str), teams, strict=True))

        return read(self.mentees.frame), read(self.mentors.frame)


def score_matrix(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    policy: MatchPolicy | None = None,
    previous: Iterable[tuple[str, str]] = (),
    on: date | None = None,
) -> ScoreMatrix:
    """Score every mentee x mentor pair of two participant tables.

    ``previous`` names (mentor_id, mentee_id) pairs that were partners before;
    ``on`` is the date whose time-zone offsets are used (today by default).
    """
    policy = policy or MatchPolicy()
    on = on or date.today()
    sides = Sides(People.read(mentees, on), People.read(mentors, on), policy)
    n, k = sides.shape
    points = {c.key: _points(c.fraction(sides), policy.weights[c.key]) for c in CRITERIA}
    total = np.zeros((n, k), dtype=np.int32)
    for value in points.values():
        total += value
    return ScoreMatrix(
        mentees=sides.mentees,
        mentors=sides.mentors,
        policy=policy,
        points=points,
        total=total.astype(np.int32),
        reason=_exclusions(sides, previous),
        shared_half_hours=sides.shared_half_hours.astype(np.int16),
        wish_rank=sides.wish_rank,
    )


def _points(fraction: np.ndarray, weight: float) -> np.ndarray:
    """A criterion's share (0-1) of its weight, in whole hundredths of a point."""
    scaled = np.multiply(fraction, np.float32(weight * HUNDREDTHS), dtype=np.float32)
    small = weight * HUNDREDTHS <= np.iinfo(np.int16).max  # half the memory, as usual
    return np.rint(scaled, out=scaled).astype(np.int16 if small else np.int32)


def _exclusions(sides: Sides, previous: Iterable[tuple[str, str]]) -> np.ndarray:
    """The first hard constraint each pair breaks (0 for none), as one uint8 array."""
    mentees, mentors, policy = sides.mentees, sides.mentors, sides.policy
    speaks_e, speaks_m = sides.speaks
    n, k = sides.shape
    reason = np.zeros((n, k), dtype=np.uint8)

    def mark(where: np.ndarray, code: int) -> None:
        reason[where & (reason == ALLOWED)] = code

    def pairs(found: Iterable[tuple[str, str]]) -> np.ndarray:
        """A mask of (mentee id, mentor id) pairs."""
        mask = np.zeros((n, k), dtype=bool)
        row = {pid: i for i, pid in enumerate(mentees.ids)}
        col = {pid: j for j, pid in enumerate(mentors.ids)}
        hits = [(row[a], col[b]) for a, b in found if a in row and b in col]
        if hits:
            mask[tuple(np.array(hits).T)] = True
        return mask

    both = set(mentees.ids) & set(mentors.ids)
    mark(pairs((pid, pid) for pid in both), SELF)

    everyone = pd.concat([mentees.frame, mentors.frame], ignore_index=True)
    chains = _reporting_lines(everyone)
    lines = [(a, b) for a, ups in chains.items() for b in ups]
    mark(pairs(lines) | pairs((b, a) for a, b in lines), REPORTING)

    avoid_e = zip(mentees.ids, _avoided(mentees.frame, mentors.frame), strict=True)
    avoid_m = zip(mentors.ids, _avoided(mentors.frame, mentees.frame), strict=True)
    mark(
        pairs((a, b) for a, row in avoid_e for b in row)
        | pairs((b, a) for a, row in avoid_m for b in row),
        AVOID,
    )

    previous = list(previous)
    mark(pairs((b, a) for a, b in previous) | pairs(previous), PREVIOUS)

    mark((speaks_e @ speaks_m.T) == 0, NO_LANGUAGE)
    if policy.required_language:
        column = sides.languages.get(policy.required_language)
        if column is None:
            mark(np.ones((n, k), dtype=bool), REQUIRED_LANGUAGE)
        else:
            mark(
                ~(speaks_e[:, column, None] > 0) | ~(speaks_m[None, :, column] > 0),
                REQUIRED_LANGUAGE,
            )
    if policy.max_timezone_gap is not None:
        mark(sides.hours_apart > policy.max_timezone_gap, TIMEZONES)
    return reason


def score_pairs(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    policy: MatchPolicy | None = None,
    previous: Iterable[tuple[str, str]] = (),
    on: date | None = None,
) -> pd.DataFrame:
    """One row per candidate pair: ids, score, each criterion's points, and why not.

    Columns: ``mentor_id``, ``mentee_id``, ``score``, one column per criterion (its
    points; they add up to ``score``), ``eligible`` and ``reason`` (empty when
    eligible). Rows come mentee by mentee, mentors in the order given.
    """
    matrix = score_matrix(mentors, mentees, policy, previous=previous, on=on)
    return matrix_to_frame(matrix)


def matrix_to_frame(matrix: ScoreMatrix) -> pd.DataFrame:
    n, k = matrix.shape
    return pd.DataFrame(
        {
            "mentor_id": np.tile(matrix.mentors.ids, n),
            "mentee_id": np.repeat(matrix.mentees.ids, k),
            "score": matrix.total.ravel() / HUNDREDTHS,
            **{
                str(criterion): matrix.points[criterion].ravel() / HUNDREDTHS
                for criterion in Criterion
            },
            "eligible": matrix.allowed.ravel(),
            "reason": pd.Categorical.from_codes(matrix.reason.ravel(), REASONS),
        }
    )


def _avoided(people: pd.DataFrame, others: pd.DataFrame) -> list[list[str]]:
    """Whom each person avoids: by id, and by an address given before its owner was in
    the cohort (``avoid_emails``), resolved against the other side's e-mails."""
    by_id = lists(people["avoid"])
    if "avoid_emails" not in people or "email" not in others:
        return by_id
    ids_of = dict(zip(others["email"], others["id"], strict=False))
    return [
        [*ids, *(ids_of[e] for e in emails if e in ids_of)]
        for ids, emails in zip(by_id, lists(people["avoid_emails"]), strict=True)
    ]
