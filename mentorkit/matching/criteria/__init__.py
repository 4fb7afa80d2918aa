"""The criteria a pair's score is made of: one module each, listed once here.

Each module defines one :class:`CriterionDef` (default points, what it measures,
its share of the points for every pair, its words in an explanation). Scoring,
explanations, the settings file's template and the README's table all come from
:data:`CRITERIA`, so a new criterion is one new module and one line below (and its
key in :class:`Criterion`).
"""

from mentorkit.matching.criteria import (
    availability,
    channel_language,
    department,
    development_fit,
    goal_alignment,
    seniority,
    timezone,
    wishes,
)
from mentorkit.matching.criteria._base import (
    Criterion,
    CriterionDef,
    DepartmentPreference,
    PairView,
    Sides,
)

CRITERIA: tuple[CriterionDef, ...] = (
    development_fit.CRITERION,
    goal_alignment.CRITERION,
    availability.CRITERION,
    timezone.CRITERION,
    channel_language.CRITERION,
    seniority.CRITERION,
    department.CRITERION,
    wishes.CRITERION,
)
DEFAULT_WEIGHTS: dict[Criterion, float] = {c.key: c.weight for c in CRITERIA}

__all__ = [
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "Criterion",
    "CriterionDef",
    "DepartmentPreference",
    "PairView",
    "Sides",
]
