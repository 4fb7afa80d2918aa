"""Development goals with milestones, tracked at every meeting.

``assess_goal`` checks a goal's text against the SMART criteria (see
:mod:`mentorkit.smart`); the records here are what the apps edit and the store keeps.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from mentorkit._records import Record
from mentorkit.smart import Assessment, Check, GoalContext, assess_goal

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
    description: str = Field(min_length=1, max_length=500)
    due_date: date | None = None
    done_on: date | None = None


class Goal(Record):
    """A mentee's goal: what, how it is measured, from where to where, by when."""

    id: int | None = None
    participant_id: str = Field(min_length=1)
    match_id: int | None = None
    text: str = Field(min_length=3, max_length=2000)
    measure: str = ""
    baseline: str = ""
    target: str = ""
    strategies: str = Field("", description="how the mentee will get there")
    due_date: date | None = None
    status: GoalStatus = GoalStatus.DRAFT
    progress: int = Field(0, ge=0, le=100, description="percent of the way to target")
    milestones: list[Milestone] = Field(default_factory=list)
