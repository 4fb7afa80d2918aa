"""The optimal assignment under capacities: a min-cost flow over each mentee's best
candidates, then proven optimal over every pair (node prices from the residual graph;
any left-out pair that would improve the total is added and the flow solved again)."""

from __future__ import annotations

import numpy as np

from mentorkit.errors import MentorkitError


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
