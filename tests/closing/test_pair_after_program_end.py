"""A pair made after the program's end is not completed the next day."""

from datetime import UTC, date, datetime

from mentorkit.domain.matches import Match
from mentorkit.services import closing as service
from tests.conftest import COHORT
from tests.store.test_closing_records import person


def test_a_pair_made_after_the_program_end_is_not_completed_the_next_day(store):
    store.add_participants([person("mentor1", "mentor"), person("mentee1", "mentee")])
    store.add_match(
        Match(
            cohort=COHORT,
            mentor_id="mentor1",
            mentee_id="mentee1",
            created_at=datetime(2027, 11, 1, 9, tzinfo=UTC),
        )
    )
    store.publish_drafts(COHORT)  # program ends 1 October 2027: nothing refuses this
    done = service.complete_ended(store, date(2027, 11, 2))
    assert not done, [(m.created_at, m.closed_at) for m in done]
