"""The record a proposed, published or closed pair is kept as."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from mentorkit.domain.records import Record


class MatchStatus(StrEnum):
    DRAFT = "draft"  # proposed, not yet shown to the pair
    PUBLISHED = "published"
    CLOSED = "closed"  # ended without blame; the mentee may be matched again


class Match(Record):
    """A mentor and a mentee paired in one cohort, with why they were paired."""

    id: int | None = None
    cohort: str = Field(min_length=1)
    mentor_id: str = Field(min_length=1)
    mentee_id: str = Field(min_length=1)
    status: MatchStatus = MatchStatus.DRAFT
    score: float | None = None
    explanation: dict[str, Any] = Field(default_factory=dict)
    locked: bool = False
    created_at: datetime | None = None
    closed_at: datetime | None = None
    close_reason: str = ""

    @field_validator("mentee_id")
    @classmethod
    def _two_people(cls, mentee_id: str, info: ValidationInfo) -> str:
        if mentee_id == info.data.get("mentor_id"):
            raise ValueError("a participant cannot be paired with themselves")
        return mentee_id
