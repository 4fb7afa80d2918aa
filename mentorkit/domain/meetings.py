"""Meetings of a pair and the reflections each side writes afterwards.

Reflections are private to their author unless the author shares them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import Field, field_validator

from mentorkit.domain.participants import Channel
from mentorkit.domain.records import (
    LongText,
    PlausibleDate,
    Record,
    ShortText,
    Tags,
    in_utc,
)


class Meeting(Record):
    """One meeting of a matched pair."""

    id: int | None = None
    match_id: int
    held_on: PlausibleDate
    minutes: int = Field(60, ge=5, le=600)
    channel: Channel = Channel.VIDEO
    topics: Tags = Field(default_factory=list)


class ActionItem(Record):
    text: ShortText = Field(min_length=1)
    owner_id: str | None = Field(None, max_length=64)
    due_date: PlausibleDate | None = None
    done: bool = False


class Reflection(Record):
    """What one side of a pair took from a meeting, with a pulse rating."""

    id: int | None = None
    meeting_id: int
    author_id: str = Field(min_length=1)
    discussed: LongText = ""
    learned: LongText = ""
    went_well: LongText = ""
    to_change: LongText = ""
    action_items: list[ActionItem] = Field(default_factory=list, max_length=30)
    goal_progress: dict[int, Annotated[int, Field(ge=0, le=100)]] = Field(
        default_factory=dict, description="goal id -> percent reached", max_length=50
    )
    pulse: int = Field(ge=1, le=5, description="how the relationship is going, 1-5")
    shared: bool = Field(False, description="visible to the partner when True")


class PlannedMeeting(Record):
    """A pair's next meeting, as their calendars hold it: one UID for its whole life,
    a sequence raised by every change, ``cancelled`` once called off."""

    id: int | None = None
    match_id: int
    uid: str = Field(min_length=8, max_length=120)
    sequence: int = Field(0, ge=0, le=10_000)
    starts_at: datetime
    minutes: int = Field(60, ge=5, le=600)
    channel: Channel = Channel.VIDEO
    place: str = Field("", max_length=300, description="a room, an address or a link")
    status: Literal["planned", "cancelled"] = "planned"
    planned_by: str = Field(min_length=1, max_length=64)

    @field_validator("starts_at")
    @classmethod
    def _aware(cls, starts: datetime) -> datetime:
        """Kept in UTC; a time without a zone is UTC (as SQLite gives it back)."""
        return in_utc(starts)

    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)
