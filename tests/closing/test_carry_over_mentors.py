"""Mentors carried over to the next cohort: a peer who is both is carried once, keeping
the mentee priority, and an offer of places reaches the next cohort only (asked anew
there)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mentorkit.domain.matches import Match
from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import Cohort

OFFERED = {
    "next_cohort": datetime(2027, 6, 1, tzinfo=UTC),
    "confidentiality": datetime(2027, 1, 1, tzinfo=UTC),
    "data_use": datetime(2027, 1, 1, tzinfo=UTC),
}


def test_a_peer_both_unmatched_as_mentee_and_offering_places(store):
    """Role 'both': never mentored-as-mentee (so left unmatched as a mentee), and
    offered their places as a mentor: carried once, not twice."""
    store.add_participants(
        [
            Participant(
                id="peer",
                cohort="Spring",
                role="both",
                name="Peer",
                email="peer@example.org",
                timezone="UTC",
                capacity=2,
                consents=OFFERED,
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
    store.add_matches([Match(cohort="Spring", mentor_id="peer", mentee_id="e1")])
    store.publish_drafts("Spring")
    store.close_cohort("Spring", date(2027, 7, 1))
    store.add_cohort(Cohort(name="Autumn"))
    carried = store.carry_over("Spring", "Autumn")
    assert [p.email for p in carried] == ["peer@example.org"]


def test_offer_is_not_carried_to_the_cohort_after_next(store):
    """A mentor who offered places to the next cohort, carried over and never matched
    there, is carried over again into the cohort after without being asked."""
    store.add_participants(
        [
            Participant(
                id="giver",
                cohort="Spring",
                role="mentor",
                name="Giver",
                email="giver@example.org",
                timezone="UTC",
                capacity=1,
                consents=OFFERED,
            ),
        ]
    )
    store.close_cohort("Spring", date(2027, 7, 1))
    store.add_cohort(Cohort(name="Autumn"))
    store.carry_over("Spring", "Autumn")
    store.close_cohort("Autumn", date(2027, 12, 1))
    store.add_cohort(Cohort(name="Winter"))
    again = store.carry_over("Autumn", "Winter")
    assert [p.email for p in again if p.role == "mentor"] == []


def test_a_peer_already_on_the_new_roster_keeps_the_mentee_priority(store):
    store.add_participants(
        [
            Participant(
                id="peer",
                cohort="Spring",
                role="both",
                name="Peer",
                email="peer@example.org",
                timezone="UTC",
                capacity=2,
                consents=OFFERED,
            ),
        ]
    )
    store.close_cohort("Spring", date(2027, 7, 1))
    store.add_cohort(Cohort(name="Autumn"))
    store.add_participants(
        [
            Participant(
                id="peer2",
                cohort="Autumn",
                role="both",
                name="Peer",
                email="peer@example.org",
                timezone="UTC",
                capacity=2,
            ),
        ]
    )
    store.carry_over("Spring", "Autumn", priority=1)
    assert store.waitlisted("Autumn")["peer2"] == (1, "Spring")
