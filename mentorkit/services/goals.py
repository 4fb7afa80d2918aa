"""A mentee's goals: read, and saved as theirs (a goal never changes owner)."""

from __future__ import annotations

from mentorkit.domain.goals import Goal
from mentorkit.domain.participants import Participant
from mentorkit.services._unit import with_store
from mentorkit.services.pairs import Pair
from mentorkit.store import Store


@with_store
def goals_of(store: Store, participant_id: str, match_id: int | None = None) -> list[Goal]:
    """One participant's goals (within one pair when ``match_id`` is given)."""
    return store.goals(participant_id, match_id=match_id)


@with_store
def save_goal(store: Store, mentee: Participant, goal: Goal) -> Goal:
    """Save ``goal`` as ``mentee``'s, whatever owner the caller put in it."""
    return store.save_goal(goal.updated(participant_id=mentee.id))


@with_store
def reported_goals(store: Store, pair: Pair) -> list[Goal]:
    """The goals ``pair.me`` reports progress on after a meeting: a mentee's own goals
    of this pair (a mentor reports on none)."""
    if pair.my_side != "mentee":
        return []
    return store.goals(pair.me.id, match_id=pair.id)
