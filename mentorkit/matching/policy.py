"""How a program wants its pairs made: criteria weights, hard limits, the objective.

``MatchPolicy()`` with no arguments is the documented default; a program stores its
own. Matching draws no random numbers: ties go to the earlier row, so the same input
always gives the same proposal. Every field is checked like any other record, so a
bad weight or limit is refused with the field named.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from mentorkit.domain.programs import Format
from mentorkit.domain.records import Record
from mentorkit.matching.criteria import DEFAULT_WEIGHTS, Criterion, DepartmentPreference

# Participant fields a fairness view may group by: none that identify a person.
GROUPABLE = ("department", "seniority", "location", "timezone", "status")


class Objective(StrEnum):
    TOTAL_SCORE = "total_score"  # the highest total score (optimal, with capacities)
    MOST_MATCHED = "most_matched"  # as many matched as possible, then the highest score
    STABLE_MENTEE = "stable_mentee"  # no pair would rather leave; best for mentees
    STABLE_MENTOR = "stable_mentor"  # no pair would rather leave; best for mentors


class MatchPolicy(Record):
    """The rules one program's matching follows."""

    format: Format = Format.ONE_ON_ONE
    objective: Objective = Objective.TOTAL_SCORE
    weights: dict[Criterion, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    min_score: float = Field(
        0, ge=0, le=1000, description="pairs scoring below this are never proposed"
    )
    max_timezone_gap: float | None = Field(
        8, ge=0, le=12, description="hours; pairs further apart are excluded (None: any)"
    )
    required_language: str | None = Field(
        None, description="both sides must speak it (None: any shared language)"
    )
    department: DepartmentPreference = DepartmentPreference.CROSS
    full_availability_hours: float = Field(
        2, gt=0, le=40, description="weekly hours in common that earn all the points"
    )
    group_size: int = Field(4, ge=2, le=12, description="mentees in a group (group format)")
    candidates: int = Field(
        30,
        ge=1,
        le=10_000,
        description="best mentors per mentee handed to the solver; the result is "
        "proven optimal over every pair all the same",
    )
    report_by: list[str] = Field(
        default_factory=lambda: ["department", "seniority"],
        description="participant fields the fairness view groups mentees by",
    )

    @field_validator("report_by")
    @classmethod
    def _groupable(cls, fields: list[str]) -> list[str]:
        unknown = [f for f in fields if f not in GROUPABLE]
        if unknown:
            raise ValueError(
                f"cannot group by {', '.join(unknown)}; choose from {', '.join(GROUPABLE)}"
            )
        return fields

    @field_validator("weights")
    @classmethod
    def _complete_weights(cls, weights: dict[Criterion, float]) -> dict[Criterion, float]:
        negative = sorted(str(c) for c, w in weights.items() if w < 0 or w > 1000)
        if negative:
            raise ValueError(
                f"weights must be between 0 and 1000; check {', '.join(negative)}"
            )
        return {**DEFAULT_WEIGHTS, **weights}

    @field_validator("required_language")
    @classmethod
    def _language_name(cls, language: str | None) -> str | None:
        return language.strip().title() if language and language.strip() else None

    @property
    def max_score(self) -> float:
        return sum(self.weights.values())
