"""The record a proposed, published, closed or completed pair is kept as."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from mentorkit.domain.records import Record
from mentorkit.errors import InvalidRecord, Problem


class MatchStatus(StrEnum):
    DRAFT = "draft"  # proposed, not yet shown to the pair
    PUBLISHED = "published"
    CLOSED = "closed"  # ended early without blame; the mentee may be matched again
    COMPLETED = "completed"  # ran its agreed length to the end


ENDED = (MatchStatus.CLOSED, MatchStatus.COMPLETED)  # no longer meeting, kept whole


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


def closing_reason(match: Match, reason: str) -> str:
    """``reason`` tidied, when ``match`` may be closed with it: a pair ends without
    blame but never without a reason, and only a published pair can end. Refused as
    :class:`InvalidRecord` naming the field otherwise."""
    reason = " ".join(reason.split())
    if not reason:
        problem = Problem("close_reason", "say why the pair ends (no blame)")
    elif match.status != MatchStatus.PUBLISHED:
        problem = Problem(
            "status", f"only a published pair can be closed; this one is {match.status}"
        )
    else:
        return reason
    raise InvalidRecord(Match.record_name(match.__dict__), [problem])
