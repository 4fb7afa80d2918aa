"""Goal alignment: the mentor's skills and department named in the mentee's goals."""

from __future__ import annotations

import re

import numpy as np

from mentorkit.matching._arrays import indicator, vocabulary
from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides


def fraction(sides: Sides) -> np.ndarray:
    n, _ = sides.shape
    departments = sides.mentors.frame["department"]
    fields = [
        [*row, str(dept).lower()]
        for row, dept in zip(sides.offered, departments, strict=True)
    ]
    terms = vocabulary(fields)
    named = np.zeros((n, max(1, len(terms))), dtype=np.float32)
    found = [t for t in sorted(terms, key=len, reverse=True) if t]
    if found:  # one pass per goal; the longest term wins where two overlap
        pattern = re.compile("|".join(map(re.escape, found)))
        goals = sides.mentees.frame["goals"].fillna("").astype(str).str.lower()
        for i, goal in enumerate(goals):
            for hit in pattern.findall(goal):
                named[i, terms[hit]] = 1
    return np.minimum(
        (named @ indicator(fields, terms).T)
        / np.maximum(named.sum(axis=1, keepdims=True), 1),
        1,
    )


def explain(_pair: PairView) -> str:
    return "the mentee's goals name the mentor's field"


CRITERION = CriterionDef(
    Criterion.GOAL_ALIGNMENT, 15, "the mentee's goals in the mentor's field",
    fraction, explain,
)  # fmt: skip
