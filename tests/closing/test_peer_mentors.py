"""A peer (both mentor and mentee) whose own mentoring as a mentee completed can still
mentor."""

from __future__ import annotations

from mentorkit.domain.matches import Match
from mentorkit.domain.participants import Participant
from mentorkit.services.matching_runs import cohort_sides


def test_a_peer_whose_mentee_pair_completed_can_still_mentor(store):
    store.add_participants(
        [
            Participant(
                id="m",
                cohort="Spring",
                role="mentor",
                name="M",
                email="m@example.org",
                timezone="UTC",
                capacity=1,
            ),
            Participant(
                id="peer",
                cohort="Spring",
                role="both",
                name="Peer",
                email="peer@example.org",
                timezone="UTC",
                capacity=2,
            ),
            Participant(
                id="e1",
                cohort="Spring",
                role="mentee",
                name="E1",
                email="e1@example.org",
                timezone="UTC",
            ),
        ]
    )
    (pair,) = store.add_matches([Match(cohort="Spring", mentor_id="m", mentee_id="peer")])
    store.publish_drafts("Spring")
    store.complete_match(pair.id)
    assert str(store.participant("m").status) == "active"
    mentors, _ = cohort_sides(store, "Spring")
    assert "peer" in set(mentors["id"]), str(store.participant("peer").status)
