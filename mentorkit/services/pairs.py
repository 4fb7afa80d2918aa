"""A participant's pairs, as their own apps see them, and what each side does in
them: log a meeting and reflect on it, read what they may read, tick an action done.
The rules that span records (who may write what, for which pair) live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.meetings import Meeting, Reflection
from mentorkit.domain.participants import Participant
from mentorkit.errors import InvalidRecord, Problem
from mentorkit.services._unit import with_store
from mentorkit.store import Store


@dataclass(frozen=True)
class Pair:
    """One of a participant's pairs, seen from their side."""

    match: Match
    me: Participant
    partner: Participant

    @property
    def id(self) -> int:
        return self.match.id

    @property
    def my_side(self) -> str:
        """``"mentor"`` or ``"mentee"``: the side ``me`` is on in this pair."""
        return "mentor" if self.match.mentor_id == self.me.id else "mentee"

    @property
    def mentee_id(self) -> str:
        return self.match.mentee_id

    @property
    def label(self) -> str:
        partner_side = "mentee" if self.my_side == "mentor" else "mentor"
        return f"{self.partner.name}, your {partner_side}"


@with_store
def pairs_of(
    store: Store,
    person: Participant,
    status: MatchStatus | tuple[MatchStatus, ...] = MatchStatus.PUBLISHED,
) -> list[Pair]:
    """The pairs ``person`` is in (published ones unless ``status`` says: one, or a
    tuple of them), oldest first."""
    statuses = status if isinstance(status, tuple) else (status,)
    matches = store.matches(person.cohort)
    mine = matches[
        (matches["status"].astype(str).isin(statuses))
        & ((matches["mentor_id"] == person.id) | (matches["mentee_id"] == person.id))
    ]
    pairs = []
    for row in mine.to_dict("records"):
        match = Match.from_dict(row)
        other = match.mentee_id if match.mentor_id == person.id else match.mentor_id
        pairs.append(Pair(match, person, store.participant(other)))
    return pairs


def local_today(person: Participant) -> date:
    """Today where the participant is: a meeting logged this evening in Tokyo is not
    in the future for a server in Europe."""
    return datetime.now(ZoneInfo(person.timezone)).date()


@with_store
def reflect(
    store: Store,
    pair: Pair,
    meeting: Mapping[str, Any],
    reflection: Mapping[str, Any],
    today: date | None = None,
) -> tuple[Meeting, Reflection]:
    """One side of ``pair`` logs a meeting and their reflection on it, as themselves
    and for this pair only; a meeting cannot be logged before it took place."""
    meeting = Meeting.from_dict({**meeting, "match_id": pair.id})
    if meeting.held_on > (today or local_today(pair.me)):
        raise InvalidRecord(
            "meeting", [Problem("held_on", "is in the future; log the meeting afterwards")]
        )
    return store.log_reflection(meeting, {**reflection, "author_id": pair.me.id})


@with_store
def history(store: Store, pair: Pair) -> list[tuple[Meeting, list[Reflection]]]:
    """The pair's meetings, each with the reflections ``pair.me`` may read on it."""
    meetings = store.meetings(pair.id)
    readable = store.pair_reflections(pair.id, pair.me.id)
    return [(m, [r for r in readable if r.meeting_id == m.id]) for m in meetings]


@with_store
def mark_action_done(store: Store, pair: Pair, reflection_id: int, item: int) -> Reflection:
    """``pair.me`` ticks an action item of their own reflection done: only a
    reflection's author changes it."""
    reflection = store.reflection(reflection_id)
    if reflection.author_id != pair.me.id or reflection.meeting_id not in {
        m.id for m in store.meetings(pair.id)
    }:
        raise InvalidRecord(
            "reflection", [Problem("author_id", "only its author changes a reflection")]
        )
    if not 0 <= item < len(reflection.action_items):
        raise InvalidRecord(
            "reflection", [Problem("action_items", f"has no item {item + 1}")]
        )
    items = [a.updated(done=True) if n == item else a
             for n, a in enumerate(reflection.action_items)]  # fmt: skip
    return store.save_reflection(reflection.updated(action_items=items))
