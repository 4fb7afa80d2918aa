"""Development goals with milestones, tracked at every meeting.

``assess_goal`` checks a goal's text against the SMART criteria (see
:mod:`mentorkit.domain.smart`); the records here are what the apps edit and the store keeps.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, ValidationInfo, field_validator

from mentorkit.domain.records import (
    LongText,
    PlausibleDate,
    Record,
    ShortText,
    long_date,
)
from mentorkit.domain.smart import Assessment, Check, GoalContext, assess_goal

__all__ = ["Assessment", "Check", "Goal", "GoalContext", "GoalStatus", "Milestone",
           "assess_goal"]  # fmt: skip


class GoalStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class Milestone(Record):
    """A benchmark on the way to a goal."""

    id: int | None = None
    description: ShortText = Field(min_length=1)
    due_date: PlausibleDate | None = None
    done_on: PlausibleDate | None = None


class Goal(Record):
    """A mentee's goal: what, how it is measured, from where to where, by when."""

    id: int | None = None
    participant_id: str = Field(min_length=1)
    match_id: int | None = None
    text: str = Field(min_length=3, max_length=2000)
    measure: ShortText = ""
    baseline: ShortText = ""
    target: ShortText = ""
    strategies: LongText = Field("", description="how the mentee will get there")
    due_date: PlausibleDate | None = None
    status: GoalStatus = GoalStatus.DRAFT
    progress: int = Field(0, ge=0, le=100, description="percent of the way to target")
    milestones: list[Milestone] = Field(default_factory=list, max_length=30)

    @field_validator("milestones")
    @classmethod
    def _milestones_come_first(cls, milestones: list[Milestone], info: ValidationInfo):
        goal_due = info.data.get("due_date")
        for number, milestone in enumerate(milestones, 1):
            if goal_due and milestone.due_date and milestone.due_date > goal_due:
                raise ValueError(
                    f"milestone {number} is due on {long_date(milestone.due_date)}, "
                    f"after the goal itself ({long_date(goal_due)}); move it before the "
                    "goal's date or move the goal's date"
                )
        return milestones
