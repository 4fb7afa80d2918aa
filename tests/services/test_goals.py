"""A mentee's goals through their service: a draft is kept as a draft."""

from __future__ import annotations

from mentorkit.domain.goals import Goal, GoalStatus
from mentorkit.domain.participants import Participant
from mentorkit.services.goals import goals_of, save_goal


def test_a_goal_saved_as_a_draft_comes_back_as_one(store, person):
    mentee = Participant.from_dict(
        person | {"id": "E1", "role": "mentee", "email": "e1@example.org",
                  "skills_offered": [], "capacity": 1}
    )  # fmt: skip
    store.add_participant(mentee)
    vague = Goal(participant_id="someone else", text="Get better at data analysis",
                 status=GoalStatus.DRAFT)  # fmt: skip
    saved = save_goal(store, mentee, vague)
    [back] = goals_of(store, mentee.id)
    assert back == saved
    assert back.status == GoalStatus.DRAFT
    assert back.participant_id == mentee.id
