"""The end of a relationship, seen from one side of the pair: when it comes, the
closing reflection each side writes then, and completing the pairs whose sides
stayed silent (``mentorkit remind`` does it every day).

The rules that span records live here: which goals a closing reflection speaks of
(the mentee's goals of this pair), when it opens, and that each side writes only
their own. A partner's closing reflection is never handed out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from mentorkit.domain.agreements import default_terms
from mentorkit.domain.closing import (
    ClosingReflection,
    closing_opens,
    completes_on,
    relationship_end,
)
from mentorkit.domain.goals import Goal, GoalStatus
from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.participants import Consent, ParticipantStatus
from mentorkit.domain.programs import Program
from mentorkit.domain.records import in_utc, long_date
from mentorkit.errors import InvalidRecord, NotFound, Problem
from mentorkit.services._unit import with_store
from mentorkit.services.pairs import Pair, local_today
from mentorkit.store import Store


@dataclass(frozen=True)
class Ending:
    """Where one side of a pair stands with its end."""

    ends_on: date
    opens_on: date
    goals: list[Goal]  # the mentee's goals of this pair, not dropped
    mine: ClosingReflection | None
    partner_wrote: bool
    offered: bool = False  # this side (a mentor) offered their places to the next cohort

    def is_open(self, today: date) -> bool:
        return today >= self.opens_on


def started_on(match: Match) -> date | None:
    """The day the pair was made: its relationship's months count from there."""
    made = match.created_at
    if made is None:
        return None
    return in_utc(made).date()


def ends_on(
    store: Store, match: Match, today: date | None = None, program: Program | None = None
) -> date:
    """The agreed last day of ``match``: the length its agreement says once both sides
    signed it (the program's until then: one side's proposal binds no one), from the
    day the pair was made, and never past the program."""
    program = program or store.program()
    try:
        agreement = store.agreement(match.id)
    except NotFound:
        agreement = None
    months = agreement.terms.duration_months if agreement and agreement.signed else None
    return pair_end(started_on(match) or today or date.today(), months, program)


def pair_end(started: date, months: int | None, program: Program) -> date:
    """The end of a pair made on ``started`` that agreed ``months`` (None: the
    program's length)."""
    months = months or default_terms(program, {}).duration_months
    return relationship_end(started, months, program.end_date)


@with_store
def ending(store: Store, pair: Pair, *, with_goals: bool = True) -> Ending:
    """Where ``pair.me`` stands with the pair's end; ``with_goals``: with the goals
    the closing reflection asks about (the form needs them, a waiting item does not)."""
    end = ends_on(store, pair.match)
    written = store.closings(pair.id)
    return Ending(
        ends_on=end,
        opens_on=closing_opens(end),
        goals=_goals(store, pair) if with_goals else [],
        mine=next((c for c in written if c.author_id == pair.me.id), None),
        partner_wrote=any(c.author_id == pair.partner.id for c in written),
        offered=Consent.NEXT_COHORT in store.participant(pair.me.id).consents,  # now
    )


def _goals(store: Store, pair: Pair) -> list[Goal]:
    return [g for g in store.goals(pair.mentee_id, match_id=pair.id)
            if g.status in (GoalStatus.ACTIVE, GoalStatus.ACHIEVED)]  # fmt: skip


@with_store
def write_closing(
    store: Store, pair: Pair, values: Mapping[str, Any], today: date | None = None
) -> tuple[ClosingReflection, Match]:
    """``pair.me`` writes (or rewrites) their closing reflection, as themselves and for
    this pair; refused before it opens, and for goals that are not this pair's. The
    pair is completed once both sides have written theirs."""
    today = today or local_today(pair.me)
    again = values.get("mentor_again")  # a mentor's free places for the next cohort
    closing = ClosingReflection.from_dict(
        {**{k: v for k, v in values.items() if k != "mentor_again"},
         "match_id": pair.id, "author_id": pair.me.id, "written_at": None}
    )  # fmt: skip
    end = ends_on(store, pair.match, today)
    problems = []
    opens = closing_opens(end)
    if today < opens:
        problems.append(Problem(
            "match_id", f"the closing reflection opens on {long_date(opens)}, three "
            f"weeks before your mentoring's agreed end ({long_date(end)})"))  # fmt: skip
    ours = {g.id for g in store.goals(pair.mentee_id, match_id=pair.id)}  # any status:
    if set(closing.outcomes) - ours:  # a goal dropped while the page was open is fine
        problems.append(Problem("outcomes", "names a goal that is not this pair's"))
    if again is not None and (pair.my_side != "mentor" or not isinstance(again, bool)):
        problems.append(Problem("mentor_again", "only a mentor answers it, yes or no"))
    if problems:
        raise InvalidRecord("closing reflection", problems)
    # A mentor's yes offers their free places to the program's next cohort
    # (``mentorkit cohort add --carry-over-from`` brings them); a no takes it back.
    return store.save_closing(closing, offer=again)


@with_store
def complete_ended(
    store: Store, today: date | None = None, cohort: str | None = None
) -> list[Match]:
    """Complete the published pairs whose end is a while past without both closing
    reflections (or, once the program has ended, every pair: no one can write late),
    since the relationship ran its length all the same; completed as of its end.
    Left for a facilitator to close: a pair one of whose sides withdrew, and a pair
    made after the program's end (it has no length to run)."""
    today = today or date.today()
    matches = store.matches(cohort)
    published = matches[matches["status"].astype(str) == MatchStatus.PUBLISHED]
    people = store.participants(cohort=cohort).set_index("id")["status"].astype(str)
    program, done = store.program(), []
    for row in published.to_dict("records"):
        match = Match.from_dict(row)
        if ParticipantStatus.WITHDRAWN in {people.get(match.mentor_id),
                                           people.get(match.mentee_id)}:  # fmt: skip
            continue
        end = ends_on(store, match, today, program)
        started = started_on(match) or today
        over = today > program.end_date  # the links stop: no one can write late now
        if end < started or (completes_on(end) > today and not over):
            continue
        at = datetime.combine(end, datetime.min.time(), tzinfo=UTC)
        completed = store.complete_match(match.id, at=at)  # None: it ended meanwhile
        if completed is not None:
            done.append(completed)
    return done
