"""Wishes: the mentee's ranked wishes (first wish 1, second 0.75, ...)."""

from __future__ import annotations

import numpy as np

from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides


def fraction(sides: Sides) -> np.ndarray:
    rank = sides.wish_rank
    wished = np.nonzero(rank)
    share = np.zeros(rank.shape, dtype=np.float32)
    share[wished] = np.maximum(0, 1.25 - 0.25 * rank[wished])
    return share


def explain(pair: PairView) -> str:
    return f"the mentee's wish no. {pair.wish_rank}" if pair.wish_rank else ""


CRITERION = CriterionDef(
    Criterion.WISHES, 5, "the mentee's ranked wishes", fraction, explain
)
