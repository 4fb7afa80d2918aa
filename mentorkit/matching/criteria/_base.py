"""What a criterion is, and what every criterion may read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from mentorkit.matching._arrays import People, indicator, lists, vocabulary

if TYPE_CHECKING:
    from mentorkit.matching.policy import MatchPolicy
    from mentorkit.matching.scoring import ScoreMatrix


class Criterion(StrEnum):
    """What a pair's score is made of; each adds up to its weight in points."""

    DEVELOPMENT_FIT = "development_fit"
    GOAL_ALIGNMENT = "goal_alignment"
    AVAILABILITY = "availability"
    TIMEZONE = "timezone"
    CHANNEL_LANGUAGE = "channel_language"
    SENIORITY = "seniority"
    DEPARTMENT = "department"
    WISHES = "wishes"


class DepartmentPreference(StrEnum):
    CROSS = "cross"  # points for pairs from different departments
    SAME = "same"  # points for pairs from the same department
    NONE = "none"


@dataclass(frozen=True)
class Sides:
    """Both sides of a cohort as arrays, with what several criteria (and the hard
    constraints) share computed once."""

    mentees: People
    mentors: People
    policy: MatchPolicy

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentees.ids), len(self.mentors.ids)

    @cached_property
    def sought(self) -> list[list[str]]:
        return lists(self.mentees.frame["skills_sought"])

    @cached_property
    def offered(self) -> list[list[str]]:
        return lists(self.mentors.frame["skills_offered"])

    @cached_property
    def languages(self) -> dict[str, int]:
        return vocabulary(self.spoken_by_mentees, self.spoken_by_mentors)

    @cached_property
    def spoken_by_mentees(self) -> list[list[str]]:
        return lists(self.mentees.frame["languages"])

    @cached_property
    def spoken_by_mentors(self) -> list[list[str]]:
        return lists(self.mentors.frame["languages"])

    @cached_property
    def speaks(self) -> tuple[np.ndarray, np.ndarray]:
        """Who speaks which language: (mentees x languages, mentors x languages)."""
        return (
            indicator(self.spoken_by_mentees, self.languages),
            indicator(self.spoken_by_mentors, self.languages),
        )

    @cached_property
    def shared_half_hours(self) -> np.ndarray:
        """Half-hours of the week both are free, in UTC."""
        return self.mentees.free @ self.mentors.free.T

    @cached_property
    def hours_apart(self) -> np.ndarray:
        """Hours between the pair's clocks, on the clock face (0-12)."""
        hours_e = (self.mentees.offsets / 60).astype(np.float32)
        hours_m = (self.mentors.offsets / 60).astype(np.float32)
        apart = np.abs(hours_e[:, None] - hours_m[None, :])
        np.minimum(apart, 24 - apart, out=apart)
        return apart

    @cached_property
    def wish_rank(self) -> np.ndarray:
        """Where the mentee ranked the mentor among their wishes (1 first; 0 none)."""
        n, k = self.shape
        mentor_index = {mid: j for j, mid in enumerate(self.mentors.ids)}
        rank_of = np.zeros((n, k), dtype=np.int16)
        for i, wishes in enumerate(lists(self.mentees.frame["preferred"])):
            for rank, wished in enumerate(wishes, start=1):
                j = mentor_index.get(wished)
                if j is not None and not rank_of[i, j]:
                    rank_of[i, j] = rank
        return rank_of


@dataclass(frozen=True)
class PairView:
    """One pair of a scored cohort, as an explanation reads it."""

    matrix: ScoreMatrix
    mentee: int
    mentor: int

    @cached_property
    def sought(self) -> list[str]:
        return self.matrix.skills[0][self.mentee]

    @cached_property
    def shared_skills(self) -> list[str]:
        offered = self.matrix.skills[1][self.mentor]
        return [s for s in self.sought if s in offered]

    @property
    def hours_free(self) -> float:
        return self.matrix.shared_half_hours[self.mentee, self.mentor] / 2

    @property
    def hours_apart(self) -> float:
        apart = (
            abs(
                int(self.matrix.mentees.offsets[self.mentee])
                - int(self.matrix.mentors.offsets[self.mentor])
            )
            / 60
        )
        return min(apart, 24 - apart)

    @property
    def wish_rank(self) -> int:
        return int(self.matrix.wish_rank[self.mentee, self.mentor])

    @property
    def levels(self) -> tuple[str, str]:
        """(mentor's, mentee's) level."""
        return (self.matrix.levels_and_teams[1][self.mentor][0],
                self.matrix.levels_and_teams[0][self.mentee][0])  # fmt: skip

    @property
    def teams(self) -> tuple[str, str]:
        """(mentor's, mentee's) department."""
        return (self.matrix.levels_and_teams[1][self.mentor][1],
                self.matrix.levels_and_teams[0][self.mentee][1])  # fmt: skip


@dataclass(frozen=True)
class CriterionDef:
    """One criterion, whole: its default points, what it measures (for the settings
    file and the README), its share of the points for every pair, and its words."""

    key: Criterion
    weight: float
    measures: str
    fraction: Callable[[Sides], np.ndarray]  # 0..1 for every [mentee, mentor]
    explain: Callable[[PairView], str]  # "" when there is nothing to say
