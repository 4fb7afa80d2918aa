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
from mentorkit.matching.policy import Criterion, MatchPolicy, Objective
from mentorkit.matching.scoring import (
    HUNDREDTHS,
    REASONS,
    ScoreMatrix,
    score_matrix,
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
            matrix.total, usable, mentee_room, mentor_room, policy.candidates, bonus
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


def _most_matched_bonus(matrix: ScoreMatrix, mentee_room: np.ndarray) -> int:
    """Points per pair that outweigh any total score: one more pair always wins."""
    return int(mentee_room.sum() * max(1, int(matrix.total.max(initial=0))) + 1)


# -- optimal: min-cost flow over pruned candidates, proven over all pairs -------------


def optimal_pairs(
    score: np.ndarray,
    usable: np.ndarray,
    mentee_room: np.ndarray,
    mentor_room: np.ndarray,
    candidates: int,
    bonus: int = 0,
) -> np.ndarray:
    """(mentee, mentor) index pairs that maximise the total of ``score + bonus``.

    Only ``usable`` pairs are considered; each side takes at most its room.
    """
    n, k = score.shape
    in_graph = _best_candidates(score, usable, candidates)
    for _ in range(50):
        rows, cols = np.nonzero(in_graph)
        value = score[rows, cols].astype(np.int64) + bonus
        chosen, prices = _solve_flow(n, k, rows, cols, value, mentee_room, mentor_room)
        # A left-out pair would improve the flow iff its value beats the prices.
        better = usable & ~in_graph
        better &= score > (prices[:n, None] - prices[None, n : n + k] - bonus)
        if not better.any():
            return chosen
        in_graph |= better
    raise MentorkitError("The matching solver did not settle; please report this cohort.")


def _best_candidates(score: np.ndarray, usable: np.ndarray, candidates: int) -> np.ndarray:
    """A mask of each mentee's ``candidates`` best usable mentors."""
    _n, k = score.shape
    if candidates >= k:
        return usable.copy()
    masked = np.where(usable, score, -1)
    best = np.argpartition(-masked, candidates - 1, axis=1)[:, :candidates]
    mask = np.zeros_like(usable)
    np.put_along_axis(mask, best, True, axis=1)
    return mask & usable


def _solve_flow(
    n: int,
    k: int,
    rows: np.ndarray,
    cols: np.ndarray,
    value: np.ndarray,
    mentee_room: np.ndarray,
    mentor_room: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Solve one flow; return the chosen pairs and each node's price.

    Nodes: mentees 0..n-1, mentors n..n+k-1, source n+k, sink n+k+1. Every unit
    leaves the source through a mentee and reaches the sink either through a mentor
    (a pair, worth its value) or straight away (that place stays empty).
    """
    from ortools.graph.python import min_cost_flow

    source, sink = n + k, n + k + 1
    mentees, mentors = np.arange(n), np.arange(n, n + k)
    tails = np.concatenate([np.full(n, source), rows, mentors, mentees])
    heads = np.concatenate([mentees, cols + n, np.full(k, sink), np.full(n, sink)])
    capacity = np.concatenate(
        [mentee_room, np.ones(len(rows), np.int64), mentor_room, mentee_room]
    )
    cost = np.concatenate([np.zeros(n, np.int64), -value, np.zeros(k + n, np.int64)])

    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    total = int(mentee_room.sum())
    flow.set_nodes_supplies(np.array([source, sink]), np.array([total, -total]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise MentorkitError(f"The matching solver stopped without a solution ({status}).")
    used = flow.flows(arcs)

    pair_flow = used[n : n + len(rows)]
    chosen = np.column_stack([rows[pair_flow > 0], cols[pair_flow > 0]])
    # The residual graph: arcs with room left forwards, arcs carrying flow backwards.
    forward, backward = used < capacity, used > 0
    prices = _distances(
        n + k + 2,
        np.concatenate([tails[forward], heads[backward]]),
        np.concatenate([heads[forward], tails[backward]]),
        np.concatenate([cost[forward], -cost[backward]]),
    )
    return chosen, prices


def _distances(nodes: int, tails: np.ndarray, heads: np.ndarray, cost: np.ndarray):
    """Shortest distances from a root joined to every node at no cost.

    Bellman-Ford, one vectorised round at a time over the arcs leaving nodes whose
    distance changed; an optimal flow's residual graph has no negative cycle, so
    it settles. The distances are prices under which no residual arc has a
    negative reduced cost.
    """
    distance = np.zeros(nodes, dtype=np.int64)
    changed = np.ones(nodes, dtype=bool)
    for _ in range(nodes + 1):
        live = changed[tails]
        reach = distance[tails[live]] + cost[live]
        improved = distance.copy()
        np.minimum.at(improved, heads[live], reach)
        changed = improved < distance
        if not changed.any():
            return distance
        distance = improved
    raise MentorkitError("The matching solver's result has a negative cycle.")


# -- stable: deferred acceptance with capacities ---------------------------------------


def preferences(matrix: ScoreMatrix) -> tuple[np.ndarray, np.ndarray]:
    """How much each mentee wants each mentor, and each mentor each mentee.

    A mentee ranks their own wishes first, in their order, then everyone else by
    score; a mentor ranks mentees by score.
    """
    top = int(matrix.total.max(initial=0)) + 1
    rank = matrix.wish_rank.astype(np.int64)
    wished = np.where(rank > 0, (int(rank.max(initial=0)) + 1 - rank) * top, 0)
    return matrix.total + wished, matrix.total.astype(np.int64)


def stable_pairs(
    matrix: ScoreMatrix,
    usable: np.ndarray,
    mentee_room: np.ndarray,
    mentor_room: np.ndarray,
    mentees_propose: bool = True,
) -> np.ndarray:
    mentee_wants, mentor_wants = preferences(matrix)
    if mentees_propose:
        return deferred_acceptance(
            mentee_wants, mentor_wants, usable, mentee_room, mentor_room
        )
    flipped = deferred_acceptance(
        mentor_wants.T, mentee_wants.T, usable.T, mentor_room, mentee_room
    )
    return flipped[:, ::-1]


def deferred_acceptance(
    proposer_wants: np.ndarray,
    receiver_wants: np.ndarray,
    usable: np.ndarray,
    proposer_room: np.ndarray,
    receiver_room: np.ndarray,
) -> np.ndarray:
    """Proposer-optimal stable pairs, both sides with capacities.

    Each round every proposer with room proposes to their next best receivers; each
    receiver holds the best proposals up to their room and rejects the rest. Ties
    go to the lower index. Returns (proposer, receiver) index pairs.
    """
    p, _r = usable.shape
    order = np.argsort(
        np.where(usable, -proposer_wants, np.iinfo(np.int64).max), axis=1, kind="stable"
    )
    options = usable.sum(axis=1)
    cursor = np.zeros(p, dtype=np.int64)
    held = np.empty((0, 2), dtype=np.int64)
    while True:
        holding = np.bincount(held[:, 0], minlength=p)
        ask = np.minimum(proposer_room - holding, options - cursor).clip(min=0)
        if not ask.any():
            return held
        who = np.repeat(np.arange(p), ask)
        step = np.arange(ask.sum()) - np.repeat(np.cumsum(ask) - ask, ask)
        asked = order[who, cursor[who] + step]
        cursor += ask
        offers = np.concatenate([held, np.column_stack([who, asked])])
        ranked = offers[
            np.lexsort(
                (offers[:, 0], -receiver_wants[offers[:, 0], offers[:, 1]], offers[:, 1])
            )
        ]
        first = np.searchsorted(ranked[:, 1], ranked[:, 1], side="left")
        place = np.arange(len(ranked)) - first
        held = ranked[place < receiver_room[ranked[:, 1]]]


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


def count_blocking_pairs(
    pairs: np.ndarray,
    usable: np.ndarray,
    mentee_wants: np.ndarray,
    mentor_wants: np.ndarray,
    mentee_room: np.ndarray,
    mentor_room: np.ndarray,
) -> int:
    """Pairs not together who each have room, or would each drop their worst partner."""
    n, k = usable.shape
    lowest = np.iinfo(np.int64).min
    together = np.zeros((n, k), dtype=bool)
    together[pairs[:, 0], pairs[:, 1]] = True

    def worst(wants: np.ndarray, owner: np.ndarray, room: np.ndarray, size: int):
        """Each person's least wanted partner's value; lowest while they have room."""
        values = np.full(size, np.iinfo(np.int64).max)
        np.minimum.at(values, owner, wants)
        count = np.bincount(owner, minlength=size)
        return np.where(count < room, lowest, values)

    mentee_floor = worst(
        mentee_wants[pairs[:, 0], pairs[:, 1]], pairs[:, 0], mentee_room, n
    )
    mentor_floor = worst(
        mentor_wants[pairs[:, 0], pairs[:, 1]], pairs[:, 1], mentor_room, k
    )
    blocking = usable & ~together
    blocking &= mentee_wants > mentee_floor[:, None]
    blocking &= mentor_wants > mentor_floor[None, :]
    return int(blocking.sum())


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
