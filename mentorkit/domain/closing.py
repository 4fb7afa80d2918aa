"""The end of a relationship: when it comes, and the closing reflection each side
writes then.

A pair runs for the months its agreement says, from the day it was made, and never
past the program's last day (the links stop working then). The closing reflection
opens a few weeks before that end, so a pair can write it after their last meeting;
once both sides have written theirs the pair is completed, which is not the same as
closed early. A pair whose sides stay silent is completed a while after its end.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import Field

from mentorkit.domain.records import LongText, Record

OPENS_DAYS_BEFORE = 21  # the closing reflection opens this long before the end
COMPLETED_DAYS_AFTER = 30  # a pair still open this long after its end is completed


class Outcome(StrEnum):
    """What became of one goal, as one side of the pair sees it."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


OUTCOME_LABELS = {
    Outcome.ACHIEVED: "Achieved",
    Outcome.PARTLY: "Partly",
    Outcome.NOT_ACHIEVED: "Not achieved",
}


class ClosingReflection(Record):
    """One side's look back at the whole relationship, written at its end.

    The text is private to its author; reports use only the rating, the two answers
    and the goals' outcomes, as totals.
    """

    id: int | None = None
    match_id: int
    author_id: str = Field(min_length=1, max_length=64)
    outcomes: dict[int, Outcome] = Field(
        default_factory=dict, max_length=50, description="goal id -> what became of it"
    )
    achieved: LongText = Field("", description="what was achieved, in the author's words")
    rating: int = Field(ge=1, le=5, description="the mentoring as a whole, 1-5")
    recommend: bool = Field(description="would recommend the program to a colleague")
    continue_informally: bool = Field(description="the pair keeps in touch informally")
    written_at: datetime | None = None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when it is
    shorter: 31 August plus 6 months is 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def relationship_end(started: date, months: int, program_ends: date) -> date:
    """The agreed last day of a pair made on ``started`` for ``months`` months."""
    return min(add_months(started, months), program_ends)


def closing_opens(end: date) -> date:
    return end - timedelta(days=OPENS_DAYS_BEFORE)


def completes_on(end: date) -> date:
    """When a pair whose end has come is completed even without both reflections."""
    return end + timedelta(days=COMPLETED_DAYS_AFTER)
