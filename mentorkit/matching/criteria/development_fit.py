"""Development fit: the share of the mentee's sought skills the mentor offers."""

from __future__ import annotations

import numpy as np

from mentorkit.matching._arrays import indicator, vocabulary
from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides


def fraction(sides: Sides) -> np.ndarray:
    skills = vocabulary(sides.sought, sides.offered)
    wanted = indicator(sides.sought, skills)
    return (wanted @ indicator(sides.offered, skills).T) / (
        np.maximum(wanted.sum(axis=1, keepdims=True), 1)
    )


def explain(pair: PairView) -> str:
    shared = pair.shared_skills
    return f"offers {len(shared)} of {len(pair.sought)} skills sought" + (
        f" ({', '.join(shared)})" if shared else ""
    )


CRITERION = CriterionDef(
    Criterion.DEVELOPMENT_FIT, 30, "the mentee's sought skills the mentor offers",
    fraction, explain,
)  # fmt: skip
