"""A mentor who completed one pair and saw another closed early stays counted as matched
(completed)."""

from mentorkit.reports import figures as f
from tests.conftest import COHORT
from tests.store.test_closing_records import closing, pair  # noqa: F401


def test_a_mentor_who_completed_a_pair_stays_counted_as_matched(store, pair):  # noqa: F811
    store.save_closing(closing(pair, "mentee1"))
    _, done = store.save_closing(closing(pair, "mentor1"))
    assert str(done.status) == "completed"
    other = store.matches(COHORT)
    other = int(other[other["mentee_id"] == "mentee2"]["id"].iloc[0])
    store.close_match(other, "Moved to another team")  # the second pair ends early
    status = str(store.participant("mentor1").status)
    counts = f.participation(f.people(store, COHORT))
    assert counts.loc["Mentors", "matched"] == 1, (status, counts.to_dict())
