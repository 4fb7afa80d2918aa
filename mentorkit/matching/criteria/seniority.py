"""Seniority: the level gap suited to the format (the mentor senior in traditional
programs, junior in reverse ones, level with the mentee among peers)."""

from __future__ import annotations

import numpy as np

from mentorkit.domain.programs import Format
from mentorkit.matching.criteria._base import Criterion, CriterionDef, PairView, Sides

# How well a level gap (mentor's level minus mentee's, -6..6) suits each format.
_GAP = np.arange(-6, 7)
SENIOR_MENTOR = np.select(
    [_GAP < 0, _GAP == 0, _GAP == 1, _GAP == 2, _GAP == 3, _GAP == 4],
    [0.0, 0.3, 0.8, 1.0, 0.8, 0.5],
    0.3,
)
GAP_FIT = {
    Format.REVERSE: SENIOR_MENTOR[::-1].copy(),
    Format.PEER: np.select([_GAP == 0, abs(_GAP) == 1, abs(_GAP) == 2], [1.0, 0.6, 0.2], 0),
}


def fraction(sides: Sides) -> np.ndarray:
    fit = GAP_FIT.get(sides.policy.format, SENIOR_MENTOR).astype(np.float32)
    # Levels are 0-6, so the gap is -6..6 already; shifted to index the table.
    gap = sides.mentors.seniority.astype(np.int8)[None, :] + np.int8(6)
    return fit[gap - sides.mentees.seniority.astype(np.int8)[:, None]]


def explain(pair: PairView) -> str:
    mentor, mentee = pair.levels
    return f"{mentor} mentor, {mentee} mentee"


CRITERION = CriterionDef(
    Criterion.SENIORITY, 10, "the level gap suited to the format", fraction, explain
)
