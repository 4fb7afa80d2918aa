"""One side's unsigned proposal of a length does not end the pair."""

from datetime import timedelta

from mentorkit.domain.closing import add_months
from mentorkit.domain.matches import Match
from mentorkit.services import closing as service
from tests.store.test_closing_records import pair  # noqa: F401


def test_one_sides_unsigned_proposal_does_not_end_the_pair(store, pair):  # noqa: F811
    store.sign_agreement(pair.id, "mentor1", {"duration_months": 12})
    # the mentee alone changes the length to six months (the mentor's signature is
    # withdrawn): nothing is in force, the mentor never agreed to it
    agreement = store.sign_agreement(pair.id, "mentee1", {"duration_months": 6})
    assert not agreement.signed
    match = Match.from_dict(store.match(pair.id))
    six = add_months(service.started_on(match), 6)
    assert service.ends_on(store, match) != six
    done = service.complete_ended(store, six + timedelta(days=30))
    assert pair.id not in [m.id for m in done]  # completed by the daily run
