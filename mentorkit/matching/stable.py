"""Stable matching: deferred acceptance with capacities, for the mentee- or
mentor-optimal proposal no pair would leave, and the audit that counts blocking
pairs."""

from __future__ import annotations

import numpy as np

from mentorkit.matching.scoring import (
    ScoreMatrix,
)


def preferences(matrix: ScoreMatrix) -> tuple[np.ndarray, np.ndarray]:
    """How much each mentee wants each mentor, and each mentor each mentee.

    A mentee ranks their own wishes first, in their order, then everyone else by
    score; a mentor ranks mentees with priority (carried over from an earlier
    cohort) first, then by score: so no mentee without it keeps a seat that one with
    it could have (the two would be a blocking pair).
    """
    top = int(matrix.total.max(initial=0)) + 1
    rank = matrix.wish_rank.astype(np.int64)
    wished = np.where(rank > 0, (int(rank.max(initial=0)) + 1 - rank) * top, 0)
    waited = (matrix.priority * top)[:, None]
    return matrix.total + wished, matrix.total.astype(np.int64) + waited


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
