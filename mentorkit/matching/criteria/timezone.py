"""Time zones: the fewer hours apart on the clock face, the more points."""

from __future__ import annotations

import numpy as np

from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides


def fraction(sides: Sides) -> np.ndarray:
    return 1 - sides.hours_apart / np.float32(12)


def explain(pair: PairView) -> str:
    return f"{pair.hours_apart:g} h apart"


CRITERION = CriterionDef(Criterion.TIMEZONE, 10, "hours apart", fraction, explain)
