"""A pair whose side withdrew is not completed by the daily run; one who completed and
comes back stays completed."""

from mentorkit.domain.closing import completes_on
from mentorkit.domain.matches import Match
from mentorkit.reports import figures as f
from mentorkit.reports.endings import endings
from mentorkit.services import access
from mentorkit.services import closing as service
from tests.conftest import COHORT
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_a_pair_whose_mentee_withdrew_is_not_counted_as_run_to_its_end(store, pair):  # noqa: F811
    access.withdraw(store, "mentee1")  # left the program in month two
    end = service.ends_on(store, Match.from_dict(store.match(pair.id)))
    service.complete_ended(store, completes_on(end))
    ends = endings(store, COHORT, 5)
    assert str(store.match(pair.id).status) != "completed", (
        ends.completed,
        ends.completion,
    )


def test_a_participant_who_completed_and_comes_back_is_still_counted(store, pair):  # noqa: F811
    store.save_closing(closing(pair, "mentee1"))
    store.save_closing(closing(pair, "mentor1"))
    assert str(store.participant("mentee1").status) == "completed"
    access.withdraw(store, "mentee1")
    back = access.reinstate(store, "mentee1")  # withdrawn by mistake: undone
    counts = f.participation(f.people(store, COHORT))
    assert str(back.status) == "completed", (back.status, counts.loc["Mentees"].to_dict())
