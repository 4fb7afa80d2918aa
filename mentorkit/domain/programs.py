"""Programs and their cohorts: the frame every relationship runs inside."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from mentorkit.domain.records import OneLine, Record


class Format(StrEnum):
    """How mentors and mentees meet (DESIGN.md, "Formats")."""

    ONE_ON_ONE = "one_on_one"
    GROUP = "group"
    PEER = "peer"
    REVERSE = "reverse"
    SPEED = "speed"
    RESOURCE = "resource"


class CadenceRule(Record):
    """How often a pair should meet: often at first, then as the pair needs."""

    every_days: int = Field(30, ge=1, le=365, description="days between meetings")
    minutes: int = Field(60, ge=10, le=480, description="length of a meeting")
    intensive_months: int = Field(
        6, ge=0, le=36, description="months at the start that follow the cadence"
    )


class Program(Record):
    """A mentoring program: its objectives, format, dates and meeting cadence."""

    id: int | None = None
    name: OneLine = Field(min_length=1, max_length=200)
    objectives: list[str] = Field(default_factory=list)
    format: Format = Format.ONE_ON_ONE
    start_date: date
    end_date: date
    cadence: CadenceRule = Field(default_factory=CadenceRule)
    min_report_group: int = Field(
        5, ge=1, le=100, description="reports hide any group smaller than this"
    )

    @field_validator("end_date")
    @classmethod
    def _ends_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start_date")
        if start is not None and end <= start:
            raise ValueError(f"must come after start_date ({start})")
        return end

    @property
    def months(self) -> float:
        return (self.end_date - self.start_date).days / 30.44


class Cohort(Record):
    """One intake of a program; participants and matches belong to a cohort."""

    id: int | None = None
    name: str = Field(min_length=1, max_length=120)
    starts_on: date | None = None
    ends_on: date | None = None
    closed_on: date | None = Field(None, description="closed: no more imports or runs")

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("starts_on")
        if start is not None and end is not None and end <= start:
            raise ValueError(f"must come after starts_on ({start})")
        return end
