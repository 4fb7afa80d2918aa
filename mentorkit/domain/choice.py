"""Mentees who choose their mentor: the program's rules for it and a request's life.

A mentee asks a mentor with a seat left; the mentor accepts or declines, with an
optional message; a request not answered within the program's window expires, and
the mentee can ask the next one. Accepting makes the pair; the mentee's other open
requests are withdrawn, and a mentor whose seats are all taken declines the rest.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from mentorkit.domain.records import Record


class ChoiceMode(StrEnum):
    MATCHED = "matched"  # the program makes every pair
    CHOSEN = "chosen"  # mentees choose from the mentors open to them
    BOTH = "both"  # mentees choose first, matching pairs the rest


class ChoiceSettings(Record):
    """``[choice]`` in mentorkit.toml."""

    mode: ChoiceMode = ChoiceMode.MATCHED
    requests: int = Field(2, ge=1, le=5, description="open requests a mentee may have")
    answer_days: int = Field(
        3, ge=1, le=30, description="days a mentor has to answer before it expires"
    )

    @property
    def mentees_choose(self) -> bool:
        return self.mode != ChoiceMode.MATCHED


FULL = "All of this mentor's places are taken now; please ask another."  # not a no


class RequestStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the mentee's pair was made with another mentor
    EXPIRED = "expired"


class Request(Record):
    """A mentee's request to one mentor."""

    id: int | None = None
    cohort: str = Field(min_length=1)
    mentee_id: str = Field(min_length=1)
    mentor_id: str = Field(min_length=1)
    status: RequestStatus = RequestStatus.OPEN
    note: str = Field("", max_length=1000, description="the mentee's words to the mentor")
    answer: str = Field("", max_length=1000, description="the mentor's words back")
    asked_at: datetime | None = None
    answered_at: datetime | None = None
