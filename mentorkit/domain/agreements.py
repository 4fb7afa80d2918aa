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

    @property
    def signed(self) -> bool:
        return self.mentor_signed_at is not None and self.mentee_signed_at is not None


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
