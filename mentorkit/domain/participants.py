"""Participants: mentors and mentees, with what matching and the apps need to know."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated
from uuid import uuid4

from pydantic import AfterValidator, EmailStr, Field, ValidationInfo, field_validator

from mentorkit.domain.programs import Format
from mentorkit.domain.records import (
    Ids,
    LongText,
    Names,
    OneLine,
    Record,
    Tags,
    Timezone,
    WeeklySlots,
)


class Role(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"
    BOTH = "both"  # peer programs: everyone mentors and is mentored

    def acting_as(self) -> list[Role]:
        """The roles of the people who act as this one: a mentor is a mentor or
        both; asking for both asks for both only."""
        return [self] if self == Role.BOTH else [self, Role.BOTH]


class Seniority(StrEnum):
    """An ordered career level; ``rank`` gives the order."""

    ENTRY = "entry"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    PRINCIPAL = "principal"
    EXECUTIVE = "executive"

    @property
    def rank(self) -> int:
        return list(Seniority).index(self)


class Channel(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    CHAT = "chat"  # chat or e-mail


class Consent(StrEnum):
    CONFIDENTIALITY = "confidentiality"
    DATA_USE = "data_use"
    LISTED = "listed"  # a mentor shown to mentees who choose (given in that app)
    NEXT_COHORT = "next_cohort"  # a mentor's free places offered to the next cohort


# Given in the intake, both or none (it is saved only with both): who gave them joined.
INTAKE_CONSENTS = (Consent.CONFIDENTIALITY, Consent.DATA_USE)


def joined(consents) -> bool:
    """Whether consents (a participant's, or a row's) include both of the intake's."""
    return set(consents or {}) >= set(INTAKE_CONSENTS)


class ParticipantStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    MATCHED = "matched"
    PAUSED = "paused"
    WITHDRAWN = "withdrawn"
    COMPLETED = "completed"


MAX_CAPACITY = 20


def new_participant_id() -> str:
    return uuid4().hex[:12]


def _lower(email: str) -> str:
    return email.lower()


class Participant(Record):
    """A mentor or mentee in one cohort; the one place their fields are checked."""

    id: str = Field(default_factory=new_participant_id, min_length=1, max_length=64)
    cohort: str = Field(min_length=1)
    role: Role
    name: OneLine = Field(min_length=1, max_length=200)
    email: Annotated[EmailStr, AfterValidator(_lower)]
    department: str = Field("", max_length=200)
    manager_id: str | None = Field(None, description="id of this person's manager")
    seniority: Seniority = Seniority.MID
    years_experience: float = Field(0, ge=0, le=70)
    location: str = Field("", max_length=200)
    timezone: Timezone
    languages: Names = Field(default_factory=lambda: ["English"])
    skills_offered: Tags = Field(default_factory=list)
    skills_sought: Tags = Field(default_factory=list)
    goals: LongText = ""
    availability: WeeklySlots = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=lambda: [Channel.VIDEO])
    formats: list[Format] = Field(default_factory=lambda: [Format.ONE_ON_ONE])
    capacity: int = Field(
        1, description="mentors: how many mentees they can take; mentees: mentors wanted"
    )
    avoid: Ids = Field(default_factory=list)
    avoid_emails: list[Annotated[EmailStr, AfterValidator(_lower)]] = Field(
        default_factory=list,
        max_length=20,
        description="people to avoid, by an address no one in the cohort has (yet)",
    )
    preferred: Ids = Field(default_factory=list, description="ranked wishes, best first")
    consents: dict[Consent, datetime] = Field(default_factory=dict)
    status: ParticipantStatus = ParticipantStatus.ACTIVE

    @field_validator("capacity")
    @classmethod
    def _capacity_in_range(cls, capacity: int) -> int:
        if not 1 <= capacity <= MAX_CAPACITY:
            raise ValueError(
                f"must be between 1 and {MAX_CAPACITY} "
                f"(how many mentees a mentor takes), not {capacity}"
            )
        return capacity

    @field_validator("avoid", "preferred", "manager_id")
    @classmethod
    def _not_themselves(cls, value: list[str] | str | None, info: ValidationInfo):
        own_id = info.data.get("id")
        named = value if isinstance(value, list) else [value]
        if own_id is not None and own_id in named:
            raise ValueError(f"cannot name the participant themselves ({own_id})")
        return value

    @property
    def is_mentor(self) -> bool:
        return self.role in Role.MENTOR.acting_as()
