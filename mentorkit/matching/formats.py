"""Formats beyond one-on-one: speed-mentoring rotations and top-k recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from mentorkit.domain.programs import Format
from mentorkit.errors import MentorkitError
from mentorkit.matching.policy import MatchPolicy
from mentorkit.matching.scoring import HUNDREDTHS, ScoreMatrix, score_matrix


@dataclass(frozen=True)
class Rotation:
    """A speed-mentoring schedule: one row per meeting, and who sits out each round."""

    schedule: pd.DataFrame  # round, starts, ends, table, mentor_id, mentee_id, score
    resting: pd.DataFrame  # round, participant_id, role

    def table(self, names: dict[str, str] | None = None) -> str:
        """The schedule as plain text, one block per round, ready to print."""
        names = names or {}
        blocks = []
        for number, meetings in self.schedule.groupby("round", sort=True):
            first = meetings.iloc[0]
            shown = pd.DataFrame(
                {
                    "Table": meetings["table"],
                    "Mentor": [names.get(p, p) for p in meetings["mentor_id"]],
                    "Mentee": [names.get(p, p) for p in meetings["mentee_id"]],
                }
            )
            out = self.resting[self.resting["round"] == number]["participant_id"]
            blocks.append(
                f"Round {number}  {first['starts']:%H:%M}-{first['ends']:%H:%M}\n"
                + shown.to_string(index=False)
                + (
                    f"\nBreak: {', '.join(names.get(p, p) for p in out)}"
                    if len(out)
                    else ""
                )
            )
        return "\n\n".join(blocks)


def speed_rotation(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    rounds: int,
    minutes: int = 10,
    starts: datetime | time = time(9, 0),
    changeover: int = 2,
    policy: MatchPolicy | None = None,
    matrix: ScoreMatrix | None = None,
) -> Rotation:
    """Rounds of short meetings: mentors keep their table, mentees move.

    Each round is an optimal assignment (scipy's Hungarian solver) that first gives
    a seat to the mentees who have met the fewest mentors so far, then prefers
    better-scoring pairs; a pair never meets twice and only allowed pairs meet, so
    nobody is double-booked and each mentee meets as many distinct suitable mentors
    as the rounds allow.
    """
    from scipy.optimize import linear_sum_assignment

    if not 1 <= rounds <= 50:
        raise MentorkitError(f"rounds must be between 1 and 50, not {rounds}.")
    if not 1 <= minutes <= 120:
        raise MentorkitError(f"minutes must be between 1 and 120, not {minutes}.")
    matrix = matrix or score_matrix(mentors, mentees, policy)
    n, _k = matrix.shape
    allowed = matrix.proposable.copy()
    met = np.zeros(n, dtype=np.int64)
    # Fewer meetings so far always outweighs score; scores stay below one step.
    step = int(matrix.total.max(initial=0)) + 1
    if isinstance(starts, time):
        starts = datetime.combine(datetime.today().date(), starts)
    meetings, resting = [], []
    for number in range(1, rounds + 1):
        weight = np.where(
            allowed, (rounds - met)[:, None] * step + matrix.total, -1
        ).astype(np.int64)
        rows, cols = linear_sum_assignment(weight, maximize=True)
        keep = allowed[rows, cols]
        rows, cols = rows[keep], cols[keep]
        begin = starts + timedelta(minutes=(number - 1) * (minutes + changeover))
        for i, j in sorted(zip(rows, cols, strict=True), key=lambda pair: pair[1]):
            meetings.append(
                (
                    number,
                    begin,
                    begin + timedelta(minutes=minutes),
                    j + 1,
                    matrix.mentors.ids[j],
                    matrix.mentees.ids[i],
                    matrix.total[i, j] / HUNDREDTHS,
                )
            )
        allowed[rows, cols] = False  # never the same pair again
        met[rows] += 1
        seated = {("mentor", j) for j in cols} | {("mentee", i) for i in rows}
        resting += [
            (number, pid, role)
            for role, ids in (
                ("mentor", matrix.mentors.ids),
                ("mentee", matrix.mentees.ids),
            )
            for index, pid in enumerate(ids)
            if (role, index) not in seated
        ]
    return Rotation(
        schedule=pd.DataFrame(
            meetings,
            columns=["round", "starts", "ends", "table", "mentor_id", "mentee_id", "score"],
        ),
        resting=pd.DataFrame(resting, columns=["round", "participant_id", "role"]),
    )


def recommend(
    mentors: pd.DataFrame,
    mentees: pd.DataFrame,
    k: int = 5,
    policy: MatchPolicy | None = None,
    matrix: ScoreMatrix | None = None,
) -> pd.DataFrame:
    """Each mentee's ``k`` best allowed mentors, for mentees who choose for themselves.

    Columns: mentee_id, rank (1 = best), mentor_id, score, explanation.
    """
    if k < 1:
        raise MentorkitError(f"k must be at least 1, not {k}.")
    matrix = matrix or score_matrix(mentors, mentees, policy)
    n, m = matrix.shape
    k = min(k, m)
    masked = np.where(matrix.proposable, matrix.total, -1)
    best = (
        np.argpartition(-masked, k - 1, axis=1)[:, :k]
        if k < m
        else np.tile(np.arange(m), (n, 1))
    )
    # Order each mentee's picks by score, then by mentor order, for a stable list.
    picked = np.take_along_axis(masked, best, axis=1)
    order = np.lexsort((best, -picked), axis=1)
    best = np.take_along_axis(best, order, axis=1)
    rows = []
    for i in range(n):
        rank = 0
        for j in best[i]:
            if masked[i, j] < 0:
                continue
            rank += 1
            rows.append(
                (
                    matrix.mentees.ids[i],
                    rank,
                    matrix.mentors.ids[j],
                    matrix.total[i, j] / HUNDREDTHS,
                    matrix.explain(i, j),
                )
            )
    return pd.DataFrame(
        rows, columns=["mentee_id", "rank", "mentor_id", "score", "explanation"]
    )


@dataclass(frozen=True)
class PeerPairs:
    """Peer pairs from one pool, and the bound that proves them best."""

    pairs: pd.DataFrame  # first_id, second_id, score, explanation
    unmatched: pd.DataFrame  # participant_id, reason
    total: float
    bound: float  # no pairing of this pool can score more (LP relaxation)

    @property
    def proven_optimal(self) -> bool:
        return self.total >= self.bound - 1e-9


def pair_peers(
    people: pd.DataFrame,
    policy: MatchPolicy | None = None,
    previous=(),
    on=None,
) -> PeerPairs:
    """Pair people of one pool with each other, for the highest total score.

    A pair's score is the mean of its two directions (each mentors the other). The
    pairing is solved exactly (networkx's blossom algorithm) on each person's best
    candidates; the bipartite relaxation over every pair (the same certified
    min-cost flow as one-on-one matching) bounds any pairing from above, and a
    pairing that reaches the bound is the best there is.
    """
    import networkx as nx

    from mentorkit.matching.optimal import optimal_pairs

    policy = (policy or MatchPolicy()).updated(format=Format.PEER)
    matrix = score_matrix(people, people, policy, previous=previous, on=on)
    allowed = matrix.proposable & matrix.proposable.T
    both = (matrix.total.astype(np.int64) + matrix.total.T).astype(np.int64)
    n = len(matrix.mentees.ids)
    ones = np.ones(n, dtype=np.int64)

    # Upper bound: each person once on each side of the double cover.
    cover = optimal_pairs(both, allowed, ones, ones, policy.candidates)
    bound = int(both[cover[:, 0], cover[:, 1]].sum()) / 2

    graph = nx.Graph()
    masked = np.where(allowed, both, -1)
    keep = min(policy.candidates, max(n - 1, 1))
    best = (
        np.argpartition(-masked, keep - 1, axis=1)[:, :keep]
        if keep < n
        else (np.tile(np.arange(n), (n, 1)))
    )
    for i in range(n):
        for j in best[i]:
            if masked[i, j] > 0 and i != j:
                graph.add_edge(int(min(i, j)), int(max(i, j)), weight=int(masked[i, j]))
    chosen = sorted(tuple(sorted(edge)) for edge in nx.max_weight_matching(graph))
    total = sum(int(both[i, j]) for i, j in chosen)
    if total < bound:
        # The pruned graph missed something, or the bound is not tight: solve whole.
        graph = nx.Graph()
        rows, cols = np.nonzero(np.triu(allowed, 1))
        graph.add_weighted_edges_from(
            (int(i), int(j), int(both[i, j])) for i, j in zip(rows, cols, strict=True)
        )
        chosen = sorted(tuple(sorted(edge)) for edge in nx.max_weight_matching(graph))
        total = sum(int(both[i, j]) for i, j in chosen)
        bound = float(total)  # exact on the whole graph
    ids = matrix.mentees.ids
    pairs = pd.DataFrame(
        [
            (ids[i], ids[j], both[i, j] / 2 / HUNDREDTHS, matrix.explain(i, j))
            for i, j in chosen
        ],
        columns=["first_id", "second_id", "score", "explanation"],
    )
    paired = set(pairs["first_id"]) | set(pairs["second_id"])
    unmatched = pd.DataFrame(
        [
            (
                pid,
                "every candidate excluded" if not allowed[i].any() else "no partner left",
            )
            for i, pid in enumerate(ids)
            if pid not in paired
        ],
        columns=["participant_id", "reason"],
    )
    return PeerPairs(pairs, unmatched, total / 2 / HUNDREDTHS, bound / 2 / HUNDREDTHS)
