"""Availability: weekly hours both are free, in UTC, up to what earns all the points."""

from __future__ import annotations

import numpy as np

from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides


def fraction(sides: Sides) -> np.ndarray:
    return np.minimum(
        sides.shared_half_hours / (2 * sides.policy.full_availability_hours), 1
    )


def explain(pair: PairView) -> str:
    return f"{pair.hours_free:g} h a week free at the same time"


CRITERION = CriterionDef(
    Criterion.AVAILABILITY, 15, "weekly hours both are free, in UTC", fraction, explain
)
