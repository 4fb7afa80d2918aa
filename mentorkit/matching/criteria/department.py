"""Departments: points for pairs across departments (or within one, as the program
prefers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mentorkit.matching.criteria._base import (
    Criterion,
    CriterionDef,
    DepartmentPreference,
    PairView,
    Sides,
)


def fraction(sides: Sides) -> np.ndarray:
    n, k = sides.shape
    departments = [sides.mentees.frame["department"], sides.mentors.frame["department"]]
    codes, _ = pd.factorize(pd.concat(departments).fillna(""))
    if sides.policy.department == DepartmentPreference.NONE:
        return np.zeros((n, k), dtype=bool)
    same = codes[:n, None] == codes[None, n:]
    return same if sides.policy.department == DepartmentPreference.SAME else ~same


def explain(pair: PairView) -> str:
    mentor, mentee = pair.teams
    return f"{mentor or 'no department'} and {mentee or 'no department'}"


CRITERION = CriterionDef(
    Criterion.DEPARTMENT, 5, "across departments, or within, as the program prefers",
    fraction, explain,
)  # fmt: skip
