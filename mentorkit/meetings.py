"""Meetings of a pair and the reflections each side writes afterwards.

Reflections are private to their author unless the author shares them.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from mentorkit._records import Record, Tags
from mentorkit.participants import Channel


class Meeting(Record):
    """One meeting of a matched pair."""

    id: int | None = None
    match_id: int
    held_on: date
    minutes: int = Field(60, ge=5, le=600)
    channel: Channel = Channel.VIDEO
    topics: Tags = Field(default_factory=list)


class ActionItem(Record):
    text: str = Field(min_length=1, max_length=500)
    owner_id: str | None = None
    due_date: date | None = None
    done: bool = False


class Reflection(Record):
    """What one side of a pair took from a meeting, with a pulse rating."""

    id: int | None = None
    meeting_id: int
    author_id: str = Field(min_length=1)
    discussed: str = ""
    learned: str = ""
    went_well: str = ""
    to_change: str = ""
    action_items: list[ActionItem] = Field(default_factory=list)
    goal_progress: dict[int, int] = Field(
        default_factory=dict, description="goal id -> percent reached"
    )
    pulse: int = Field(ge=1, le=5, description="how the relationship is going, 1-5")
    shared: bool = Field(False, description="visible to the partner when True")
