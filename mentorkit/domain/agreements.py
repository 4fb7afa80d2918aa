"""The mentoring agreement a pair signs at the start of their relationship."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from pydantic import Field

from mentorkit.domain.participants import Channel
from mentorkit.domain.programs import Program
from mentorkit.domain.records import LongText, Record, ShortText

MIN_MONTHS, MAX_MONTHS = 6, 12  # a mentoring relationship's length (DESIGN.md)


class AgreementTerms(Record):
    """What the pair agreed: how they work together and how they can stop."""

    ground_rules: LongText = ""
    confidentiality: LongText = ""
    boundaries: LongText = ""
    meeting_every_days: int = Field(30, ge=1, le=180)
    meeting_minutes: int = Field(60, ge=10, le=480)
    channel: Channel = Channel.VIDEO
    venue: ShortText = ""
    rescheduling: LongText = ""
    duration_months: int = Field(
        6, ge=MIN_MONTHS, le=MAX_MONTHS, description="how long the relationship runs"
    )
    no_fault_exit: LongText = ""


class Agreement(Record):
    """An agreement for one match; it is in force once both sides have signed."""

    id: int | None = None
    match_id: int
    terms: AgreementTerms = Field(default_factory=AgreementTerms)
    mentor_signed_at: datetime | None = None
    mentee_signed_at: datetime | None = None
    withdrawn_terms: AgreementTerms | None = Field(
        None, description="the terms a side had signed before the other changed them"
    )
    withdrawn_side: str | None = Field(
        None, pattern="^(mentor|mentee)$", description="whose signature was withdrawn"
    )
    withdrawn_at: datetime | None = None

    @property
    def signed(self) -> bool:
        return self.mentor_signed_at is not None and self.mentee_signed_at is not None

    def signed_by(self, side: str) -> datetime | None:
        """When ``side`` ("mentor" or "mentee") signed the terms as they stand."""
        return self.mentor_signed_at if side == "mentor" else self.mentee_signed_at


TERM_NAMES = {
    "ground_rules": "Ground rules",
    "confidentiality": "Confidentiality",
    "boundaries": "Boundaries",
    "meeting_every_days": "Meet every (days)",
    "meeting_minutes": "Meetings last (minutes)",
    "channel": "How you meet",
    "venue": "Where, or the video link",
    "rescheduling": "Rescheduling",
    "duration_months": "Length of the relationship (months)",
    "no_fault_exit": "Ending early, without blame",
}


def changed_terms(
    before: AgreementTerms, after: AgreementTerms
) -> list[tuple[str, object, object]]:
    """The terms that differ, in the agreement's order: (field, before, after)."""
    return [
        (key, getattr(before, key), getattr(after, key))
        for key in AgreementTerms.model_fields
        if getattr(before, key) != getattr(after, key)
    ]


def default_terms(program: Program, texts: Mapping[str, str]) -> AgreementTerms:
    """What a new agreement proposes: the program's cadence and length, its wording.

    The relationship lasts as long as the program, kept between 6 and 12 months.
    """
    return AgreementTerms(
        **{key: texts.get(key, "") for key in AGREEMENT_TEXTS},
        meeting_every_days=program.cadence.every_days,
        meeting_minutes=program.cadence.minutes,
        duration_months=min(MAX_MONTHS, max(MIN_MONTHS, round(program.months))),
    )


AGREEMENT_TEXTS = ("ground_rules", "confidentiality", "boundaries", "rescheduling",
                   "no_fault_exit")  # fmt: skip
