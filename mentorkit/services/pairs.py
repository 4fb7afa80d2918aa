"""A participant's pairs, as their own apps see them: who the partner is, and the
pair's record.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentorkit.domain.matches import Match, MatchStatus
from mentorkit.domain.participants import Participant
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


def pairs_of(
    store: Store, person: Participant, status: MatchStatus = MatchStatus.PUBLISHED
) -> list[Pair]:
    """The pairs ``person`` is in (published ones unless ``status`` says), oldest first."""
    matches = store.matches(person.cohort)
    mine = matches[
        (matches["status"].astype(str) == status)
        & ((matches["mentor_id"] == person.id) | (matches["mentee_id"] == person.id))
    ]
    pairs = []
    for row in mine.to_dict("records"):
        match = Match.from_dict(row)
        other = match.mentee_id if match.mentor_id == person.id else match.mentor_id
        pairs.append(Pair(match, person, store.participant(other)))
    return pairs
